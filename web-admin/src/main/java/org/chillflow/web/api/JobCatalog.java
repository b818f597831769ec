package org.chillflow.web.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.chillflow.core.config.DataDirectory;

/**
 * The jobs the API can start (their XMLs are in batch-jobs under META-INF/batch-jobs) and the
 * parameters each accepts. Unknown parameters are refused with 400 rather than silently ignored.
 */
public final class JobCatalog {

    /**
     * @param file true when the value names an input file: through the API it is a path relative to the
     *             data directory ({@code chillflow.data.dir}), never an arbitrary server path
     */
    public record Parameter(String name, String description, boolean required, boolean file) {

        Parameter(String name, String description, boolean required) {
            this(name, description, required, false);
        }
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
                    List.of(new Parameter("zonesFile", "lookup CSV, relative to the data directory; empty = the"
                                    + " bundled TLC lookup (265 zones)", false, true),
                            new Parameter("skipLimit", "malformed lines tolerated before the job fails (default 100)",
                                    false),
                            new Parameter("failAtLine", "test hook: fail when this data line is read", false))),
            new JobDefinition("curate-month",
                    "TLC month (Parquet or CSV) -> curated Parquet parts, rejects CSV parts and the DQ report"
                            + " (ops.dq_report, dq-report.json)",
                    List.of(new Parameter("input", "the TLC file, relative to the data directory", true, true),
                            new Parameter("month", "YYYY-MM; pickups outside it are rejected", false),
                            new Parameter("output", "output directory, relative to the data directory"
                                    + " (default: input + '.curated')", false, true),
                            new Parameter("chunkSize", "rows per chunk and per part file (default 25000)", false),
                            new Parameter("partitions", "Parquet row-group partitions read in parallel (default 2)",
                                    false),
                            new Parameter("failAtRow", "test hook: fail when this row is read", false),
                            new Parameter("failProcessAtRow", "test hook: fail when this row is processed", false),
                            new Parameter("failWriteAtRow", "test hook: fail the chunk writing this row", false))),
            new JobDefinition("ingest-month",
                    "the monthly job: seed zones if dim.zone is empty -> curate-month -> load-trips, one execution",
                    List.of(new Parameter("input", "the TLC file, relative to the data directory", true, true),
                            new Parameter("month", "YYYY-MM; pickups outside it are rejected", false),
                            new Parameter("output", "curated directory, relative to the data directory"
                                    + " (default: input + '.curated')", false, true),
                            new Parameter("chunkSize", "rows per chunk (default: 25000 to curate, 10000 to load)", false),
                            new Parameter("partitions", "threads of the curate and load steps (Parquet row groups,"
                                    + " runs of part files; default 2)", false),
                            new Parameter("failLoadAtRow", "test hook: fail the load when this row is read", false))),
            new JobDefinition("aggregate-kpis",
                    "stg.complete_trip -> mart.zone_hourly_kpis (set-based SQL); incremental by default",
                    List.of(new Parameter("mode", "incremental (default), full or backfill", false),
                            new Parameter("from", "backfill: first day YYYY-MM-DD (or YYYY-MM-DDTHH:MM)", false),
                            new Parameter("to", "backfill: last day YYYY-MM-DD (included) or YYYY-MM-DDTHH:MM"
                                    + " (excluded)", false))),
            new JobDefinition("load-trips",
                    "curated parts of a month -> stg.complete_trip (COPY into staging + upsert by trip key)",
                    List.of(new Parameter("input", "the curated directory, relative to the data directory", true, true),
                            new Parameter("chunkSize", "rows per chunk (default 10000)", false),
                            new Parameter("partitions", "runs of part files loaded in parallel (default 2)", false),
                            new Parameter("failAtRow", "test hook: fail when this row is about to be read", false))));

    private JobCatalog() {
    }

    public static List<JobDefinition> all() {
        return JOBS;
    }

    public static Optional<JobDefinition> find(String name) {
        return JOBS.stream().filter(j -> j.name().equals(name)).findFirst();
    }

    /** File parameters a job reads, which must exist (the others, like output, are written by the job). */
    private static final Set<String> READ_PARAMETERS = Set.of("input", "zonesFile");

    /**
     * Resolves the file parameters inside the data directory ({@link DataDirectory}), so that an operator
     * cannot make a job read or write any file the server can; a file to read must exist.
     *
     * @return the parameters with file names replaced by absolute paths inside {@code dataDir}
     * @throws IllegalArgumentException naming the parameter when it leaves the data directory or is missing
     */

    public static Map<String, String> resolveFiles(JobDefinition job, Map<String, String> parameters,
            java.nio.file.Path dataDir) {
        Map<String, String> resolved = new java.util.LinkedHashMap<>(parameters);
        java.nio.file.Path root = dataDir.toAbsolutePath().normalize();
        for (Parameter parameter : job.parameters()) {
            String value = parameters.get(parameter.name());
            if (!parameter.file() || value == null || value.isBlank()) {
                continue;
            }
            java.nio.file.Path path = DataDirectory.resolve(root, parameter.name(), value);
            if (READ_PARAMETERS.contains(parameter.name()) && !java.nio.file.Files.exists(path)) {
                // refused at once with a 400, rather than a job that starts and fails
                throw new IllegalArgumentException(parameter.name() + " '" + value + "' does not exist in the data"
                        + " directory (" + root + ")");
            }
            resolved.put(parameter.name(), path.toString());
        }
        return resolved;
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
