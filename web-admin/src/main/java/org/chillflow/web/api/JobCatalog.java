package org.chillflow.web.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The jobs the API can start (their XMLs are in batch-jobs under META-INF/batch-jobs) and the
 * parameters each accepts. Unknown parameters are refused with 400 rather than silently ignored.
 */
public final class JobCatalog {

    public record Parameter(String name, String description, boolean required) {
    }

    public record JobDefinition(String name, String description, List<Parameter> parameters) {

        Set<String> parameterNames() {
            return parameters.stream().map(Parameter::name).collect(Collectors.toSet());
        }
    }

    private static final List<JobDefinition> JOBS = List.of(
            new JobDefinition("seed-zones",
                    "TLC zone lookup CSV -> dim.zone (upsert); malformed lines are skipped, counted and kept"
                            + " in ops.rejected_record",
                    List.of(new Parameter("zonesFile", "path of a lookup CSV on the server; empty = the bundled"
                                    + " TLC lookup (265 zones)", false),
                            new Parameter("skipLimit", "malformed lines tolerated before the job fails (default 100)",
                                    false),
                            new Parameter("failAtLine", "test hook: fail when this data line is read", false))));

    private JobCatalog() {
    }

    public static List<JobDefinition> all() {
        return JOBS;
    }

    public static Optional<JobDefinition> find(String name) {
        return JOBS.stream().filter(j -> j.name().equals(name)).findFirst();
    }

    /** @throws IllegalArgumentException naming the parameters the job does not know or misses */
    public static void validate(JobDefinition job, Map<String, String> parameters) {
        Set<String> unknown = parameters.keySet().stream()
                .filter(p -> !job.parameterNames().contains(p))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("job " + job.name() + " has no parameter(s) " + unknown
                    + "; known: " + new java.util.TreeSet<>(job.parameterNames()));
        }
        List<String> missing = job.parameters().stream()
                .filter(p -> p.required() && (parameters.get(p.name()) == null || parameters.get(p.name()).isBlank()))
                .map(Parameter::name)
                .toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("job " + job.name() + " needs parameter(s) " + missing);
        }
    }
}
