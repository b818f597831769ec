package org.chillflow.core.stream.window;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tumbling window length, written as in the API ({@code 1m}, {@code 5m}, {@code 15m}, {@code 1h}, {@code 30s});
 * windows are aligned to the epoch, so their starts are whole UTC minutes or hours.
 */
public record WindowSize(String label, long millis) {

    private static final Pattern FORM = Pattern.compile("(\\d+)([smh])");

    public WindowSize {
        if (millis < 1000 || millis % 1000 != 0 || Duration.ofDays(1).toMillis() % millis != 0) {
            throw new IllegalArgumentException("a window must be whole seconds that divide a day, was " + label);
        }
    }

    public static WindowSize parse(String label) {
        Matcher m = FORM.matcher(label.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("a window is a number and s, m or h (1m, 15m, 1h), was '" + label + "'");
        }
        long n = Long.parseLong(m.group(1));
        long unit = switch (m.group(2)) {
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            default -> 3_600_000L;
        };
        return new WindowSize(m.group(1) + m.group(2), n * unit);
    }

    /**
     * A comma-separated list, smallest first (the smallest decides lateness: see ZoneWindowEngine). Each size is a
     * whole number of the smallest: a larger window is made of whole smallest windows, whose trips' durations it reads
     * for its percentiles (ZoneWindowStore).
     */
    public static List<WindowSize> parseList(String labels) {
        List<WindowSize> sizes = new ArrayList<>();
        for (String label : labels.split(",")) {
            if (!label.isBlank()) {
                WindowSize size = parse(label);
                if (sizes.stream().noneMatch(s -> s.millis == size.millis)) {
                    sizes.add(size);
                }
            }
        }
        if (sizes.isEmpty()) {
            throw new IllegalArgumentException("no window sizes in '" + labels + "'");
        }
        sizes.sort(Comparator.comparingLong(WindowSize::millis));
        WindowSize smallest = sizes.get(0);
        for (WindowSize size : sizes) {
            if (size.millis % smallest.millis != 0) {
                throw new IllegalArgumentException("each window must be a whole number of the smallest (" + smallest.label
                        + "), was " + size.label);
            }
        }
        return List.copyOf(sizes);
    }

    /** The start (epoch millis) of the window holding this instant. */
    public long startOf(long epochMillis) {
        return Math.floorDiv(epochMillis, millis) * millis;
    }

    public Instant start(Instant at) {
        return Instant.ofEpochMilli(startOf(at.toEpochMilli()));
    }
}
