package org.chillflow.batch.contract;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.chillflow.core.config.DataDirectory;
import org.chillflow.core.config.ParameterValues;

/**
 * The job contracts — which jobs there are, their parameters, defaults and checks — in one catalogue that the API,
 * the command line and a test over the job XMLs (JobXmlContractTest) all use: the jobs the API can start (their XMLs
 * are in batch-jobs under META-INF/batch-jobs) and the parameters each accepts. Unknown parameters are refused with
 * 400 rather than silently ignored.
 */
public final class JobCatalog {

    /** What a parameter's value must be; checked when a job is submitted through the API (400 naming it). */
    public enum Kind {
        TEXT, FILE, COUNT, MONTH, MODE, TIME, TRIP_TYPE
    }

    /**
     * @param file true when the value names an input file: through the API it is a path relative to the
     *             data directory ({@code chillflow.data.dir}), never an arbitrary server path
     * @param kind what the value must be; a COUNT lies in [min, max]
     */
    public record Parameter(String name, String description, boolean required, boolean file, Kind kind, long min,
            long max) {

        Parameter(String name, String description, boolean required, boolean file) {
            this(name, description, required, file, file ? Kind.FILE : Kind.TEXT, 0, 0);
        }

        Parameter(String name, String description, boolean required) {
            this(name, description, required, false);
        }

        static Parameter count(String name, String description, long min, long max) {
            return new Parameter(name, description, false, false, Kind.COUNT, min, max);
        }

        static Parameter of(String name, String description, Kind kind) {
            return new Parameter(name, description, false, false, kind, 0, 0);
        }

        /** @throws IllegalArgumentException naming the parameter when the value is not of its kind */
        public void check(String value) {
            if (value == null || value.isBlank()) {
                return;
            }
            switch (kind) {
                case COUNT -> ParameterValues.integer(name, value, min, max);
                case MONTH -> ParameterValues.month(name, value, false);
                case TIME -> ParameterValues.time(name, value);
                case TRIP_TYPE -> org.chillflow.core.trip.download.TlcMonthDownload.TripType.parse(value);
                case MODE -> {
                    if (!KPI_MODES.contains(value.trim())) {
                        throw new IllegalArgumentException(name + " must be one of " + KPI_MODES + ", was '"
                                + ParameterValues.shown(value) + "'");
                    }
                }
                default -> {
                    // TEXT and FILE (files are checked against the data directory by resolveFiles)
                }
            }
        }
    }

    static final List<String> KPI_MODES = List.of("incremental", "full", "backfill");

    /** Test hooks take a row or line number; 0 = never. */
    private static final long MAX_ROW = 1_000_000_000L;

    public record JobDefinition(String name, String description, List<Parameter> parameters) {

        public Set<String> parameterNames() {
            return parameters.stream().map(Parameter::name).collect(Collectors.toSet());
        }
    }

    private static final List<JobDefinition> JOBS = List.of(
            new JobDefinition("seed-zones",
                    "TLC zone lookup CSV -> dim.zone (upsert); malformed lines are skipped, counted and kept"
                            + " in ops.rejected_record",
                    List.of(new Parameter("zonesFile", "lookup CSV, relative to the data directory; empty = the"
                                    + " bundled TLC lookup (265 zones)", false, true),
                            Parameter.count("skipLimit", "malformed lines tolerated before the job fails (default 100)", 0,
                                    100_000),
                            Parameter.count("failAtLine", "test hook: fail when this data line is read", 0, MAX_ROW))),
            new JobDefinition("curate-month",
                    "TLC month (Parquet or CSV) -> curated Parquet parts, rejects CSV parts and the DQ report"
                            + " (ops.dq_report, dq-report.json)",
                    List.of(new Parameter("input", "the TLC file, relative to the data directory", true, true),
                            Parameter.of("month", "YYYY-MM; pickups outside it are rejected", Kind.MONTH),
                            new Parameter("output", "output directory, relative to the data directory"
                                    + " (default: input + '.curated')", false, true),
                            Parameter.count("chunkSize", "rows per chunk and per part file (default 25000)", 100, 1_000_000),
                            Parameter.count("partitions", "Parquet row-group partitions read in parallel (default 2)", 1, 16),
                            Parameter.count("failAtRow", "test hook: fail when this row is read", 0, MAX_ROW),
                            Parameter.count("failProcessAtRow", "test hook: fail when this row is processed", 0, MAX_ROW),
                            Parameter.count("failWriteAtRow", "test hook: fail the chunk writing this row", 0, MAX_ROW))),
            new JobDefinition("ingest-month",
                    "the monthly job: seed zones if dim.zone is empty -> curate-month -> load-trips, one execution",
                    List.of(new Parameter("input", "the TLC file, relative to the data directory", true, true),
                            Parameter.of("month", "YYYY-MM; pickups outside it are rejected", Kind.MONTH),
                            new Parameter("output", "curated directory, relative to the data directory"
                                    + " (default: input + '.curated')", false, true),
                            Parameter.count("chunkSize", "rows per chunk (default: 25000 to curate, 10000 to load)", 100,
                                    1_000_000),
                            Parameter.count("partitions", "threads of the curate and load steps (Parquet row groups,"
                                    + " runs of part files; default 2)", 1, 16),
                            Parameter.count("monthPartitionMinRows", "a month of at least this many curated trips, none"
                                    + " loaded yet, is COPYed into its own partition and attached when complete (default"
                                    + " 1000000)", 0, MAX_ROW),
                            Parameter.count("failLoadAtRow", "test hook: fail the load when this row is read", 0, MAX_ROW))),
            new JobDefinition("aggregate-kpis",
                    "stg.complete_trip -> mart.zone_hourly_kpis (set-based SQL); incremental by default",
                    List.of(Parameter.of("mode", "incremental (default), full or backfill", Kind.MODE),
                            Parameter.of("from", "backfill: first day YYYY-MM-DD (or YYYY-MM-DDTHH:MM)", Kind.TIME),
                            Parameter.of("to", "backfill: last day YYYY-MM-DD (included) or YYYY-MM-DDTHH:MM"
                                    + " (excluded)", Kind.TIME))),
            new JobDefinition("download-month",
                    "a TLC month from chillflow.download.base-url -> <data dir>/inbox (resumable, verified); the"
                            + " inbox schedule or ingest-month takes it from there",
                    List.of(new Parameter("month", "YYYY-MM, the month to fetch", true, false, Kind.MONTH, 0, 0),
                            Parameter.of("type", "yellow (default), green, fhv or fhvhv; ChillFlow curates yellow",
                                    Kind.TRIP_TYPE))),
            new JobDefinition("load-trips",
                    "curated parts of a month -> stg.complete_trip (COPY; a large new month into its own partition, attached when"
                            + " loaded; into staging + upsert by trip key where trips are there already)",
                    List.of(new Parameter("input", "the curated directory, relative to the data directory", true, true),
                            Parameter.count("chunkSize", "rows per chunk (default 10000)", 100, 1_000_000),
                            Parameter.count("partitions", "runs of part files loaded in parallel (default 2)", 1, 16),
                            Parameter.count("monthPartitionMinRows", "a month of at least this many curated trips, none"
                                    + " loaded yet, is COPYed into its own partition and attached when complete (default"
                                    + " 1000000)", 0, MAX_ROW),
                            Parameter.count("failAtRow", "test hook: fail when this row is about to be read", 0, MAX_ROW))));

    private JobCatalog() {
    }

    public static List<JobDefinition> all() {
        return JOBS;
    }

    public static Optional<JobDefinition> find(String name) {
        return JOBS.stream().filter(j -> j.name().equals(name)).findFirst();
    }

    /**
     * Checks the file parameters inside the data directory ({@link DataDirectory}: real paths, symbolic links
     * followed), so that a request is refused at once with a 400 rather than as a job that starts and fails; the
     * batch artifacts check again where they open the files, whatever started the job.
     *
     * @return the parameters with file names replaced by absolute paths inside {@code dataDir}
     * @throws IllegalArgumentException naming the parameter when it leaves the data directory or is missing
     */
    public static Map<String, String> resolveFiles(JobDefinition job, Map<String, String> parameters,
            java.nio.file.Path dataDir) {
        Map<String, String> resolved = new java.util.LinkedHashMap<>(parameters);
        DataDirectory data = new DataDirectory(dataDir, true);
        for (Parameter parameter : job.parameters()) {
            String value = parameters.get(parameter.name());
            if (!parameter.file() || value == null || value.isBlank()) {
                continue;
            }
            java.nio.file.Path path;
            try {
                path = switch (parameter.name()) {
                    // load-trips reads a curated directory; curate-month and ingest-month a TLC file
                    case "input" -> "load-trips".equals(job.name()) ? data.readDirectory("input", value)
                            : data.readFile("input", value);
                    case "zonesFile" -> data.readFile("zonesFile", value);
                    default -> data.writable(parameter.name(), value);
                };
            } catch (java.nio.file.NoSuchFileException missing) {
                throw new IllegalArgumentException(parameter.name() + " '" + value.trim()
                        + "' does not exist in the data directory");
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException(parameter.name() + " cannot be read in the data directory");
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
        for (Parameter parameter : job.parameters()) {
            parameter.check(parameters.get(parameter.name()));
            if (TestHooks.isHook(parameter.name())) {
                TestHooks.value(parameter.name(), parameters.get(parameter.name())); // refused where hooks are off
            }
        }
    }
}
