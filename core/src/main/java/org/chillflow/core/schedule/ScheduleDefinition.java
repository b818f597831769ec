package org.chillflow.core.schedule;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;


/**
 * A schedule as configured: {@code chillflow.schedule.<name>.job}, {@code .every} (ISO duration),
 * {@code .offset} (into the UTC day, default PT0S), {@code .enabled} (initial state) and {@code .parameters}
 * ({@code k=v,k=v}). Fire times are midnight UTC + offset + k x every, so "every P1D, offset PT2H" is daily
 * at 02:00 and "every PT1H" is on the hour.
 */
public record ScheduleDefinition(String name, String job, Map<String, String> parameters, Duration every,
        Duration offset, boolean enabled) {

    public ScheduleDefinition {
        if (every.isZero() || every.isNegative()) {
            throw new IllegalArgumentException("schedule " + name + ": every must be positive, was " + every);
        }
    }

    /** The first fire time strictly after {@code now}. */
    public LocalDateTime nextAfter(LocalDateTime now) {
        LocalDateTime base = now.toLocalDate().atStartOfDay().plus(offset);
        if (base.isAfter(now)) {
            base = base.minusDays(1);
        }
        long elapsed = Duration.between(base, now).toNanos();
        long steps = elapsed / every.toNanos() + 1;
        return base.plus(every.multipliedBy(steps));
    }

    /**
     * Every schedule named in the configuration ({@code chillflow.schedule.<name>.job} present), from its
     * property names and a lookup (MicroProfile Config's, in the server; core does not depend on it).
     */
    public static List<ScheduleDefinition> fromConfig(Iterable<String> propertyNames,
            Function<String, Optional<String>> lookup) {
        TreeSet<String> names = new TreeSet<>();
        for (String key : propertyNames) {
            if (key.startsWith("chillflow.schedule.") && key.endsWith(".job")) {
                names.add(key.substring("chillflow.schedule.".length(), key.length() - ".job".length()));
            } else if (key.startsWith("CHILLFLOW_SCHEDULE_") && key.endsWith("_JOB")) {
                // defined by environment variables: CHILLFLOW_SCHEDULE_NIGHTLY_KPIS_JOB is schedule nightly-kpis,
                // and its other keys are looked up as chillflow.schedule.nightly-kpis.*, which MicroProfile
                // Config maps back to the same variables
                names.add(key.substring("CHILLFLOW_SCHEDULE_".length(), key.length() - "_JOB".length())
                        .toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            }
        }
        List<ScheduleDefinition> schedules = new ArrayList<>();
        for (String name : names) {
            String prefix = "chillflow.schedule." + name + ".";
            Function<String, String> required = key -> lookup.apply(prefix + key).orElseThrow(
                    () -> new IllegalArgumentException("schedule " + name + " needs " + prefix + key));
            schedules.add(new ScheduleDefinition(name, required.apply("job"),
                    parameters(lookup.apply(prefix + "parameters").orElse("")),
                    Duration.parse(required.apply("every")),
                    Duration.parse(lookup.apply(prefix + "offset").orElse("PT0S")),
                    Boolean.parseBoolean(lookup.apply(prefix + "enabled").orElse("true"))));
        }
        return schedules;
    }

    /** {@code k=v,k=v} (commas inside values are not supported: none of the jobs' parameters need them). */
    public static String text(Map<String, String> parameters) {
        return String.join(",", parameters.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    /** The inverse of {@link #text}. */
    public static Map<String, String> parameters(String text) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("schedule parameters are k=v pairs separated by commas, was '"
                        + text + "'");
            }
            parameters.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return parameters;
    }
}
