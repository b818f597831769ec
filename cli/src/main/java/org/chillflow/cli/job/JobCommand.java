package org.chillflow.cli.job;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.Metric;
import jakarta.batch.runtime.StepExecution;

import org.chillflow.batch.contract.JobCatalog;
import org.chillflow.cli.batch.LocalJobs;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(mixinStandardHelpOptions = true, name = "job", description = "Batch jobs: in this JVM (JBeret SE, job repository in"
        + " PostgreSQL), or on a running server with --server URL (its API: the console and batchManager see them)",
        subcommands = { JobCommand.Start.class, JobCommand.Restart.class, JobCommand.Status.class, JobCommand.Stop.class,
            JobCommand.Logs.class })
public class JobCommand {

    @Command(mixinStandardHelpOptions = true, name = "start", description = "Start a job, e.g. `chillflow job start seed-zones --wait`")
    static class Start implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "JOB", description = "job XML name, e.g. seed-zones")
        String job;

        @Option(names = { "-p", "--param" }, paramLabel = "NAME=VALUE", description = "job parameter (repeatable)")
        Map<String, String> parameters = new LinkedHashMap<>();

        @Option(names = "--wait", description = "wait for the end and print the step metrics; exit 1 unless COMPLETED")
        boolean wait;

        @Option(names = "--timeout", defaultValue = "PT30M", description = "how long --wait waits (ISO-8601, default ${DEFAULT-VALUE})")
        Duration timeout;

        @Option(names = "--input", description = "the job's input file (parameter 'input'), inside the data directory")
        String input;

        @Option(names = "--output", description = "the job's output directory (parameter 'output'), inside the data directory")
        String output;

        @Option(names = "--month", description = "YYYY-MM (parameter 'month')")
        java.time.YearMonth month;

        @Option(names = "--server", paramLabel = "URL", description = "start it on this server (e.g. https://host:9443)"
                + " through its API, as CHILLFLOW_USER / CHILLFLOW_PASSWORD; file names are then inside the server's data"
                + " directory")
        String server;

        @Override
        public Integer call() throws Exception {
            if (server != null) {
                return remote();
            }
            if (input != null) {
                parameters.put("input", dataPath("--input", input));
            }
            if (output != null) {
                parameters.put("output", dataPath("--output", output));
            }
            if (month != null) {
                parameters.put("month", month.toString());
            }
            return run(job, parameters, wait, timeout);
        }

        private int remote() throws Exception {
            putIfGiven("input", input);
            putIfGiven("output", output);
            putIfGiven("month", month == null ? null : month.toString());
            JobCatalog.validate(JobCatalog.find(job).orElseThrow(() -> new IllegalArgumentException("no job named '"
                    + job + "'")), parameters);
            RemoteJobs remote = RemoteJobs.connect(server);
            long id = remote.start(job, parameters);
            System.out.printf("started %s on %s: execution %d%n", job, server, id);
            return wait ? RemoteJobs.report(remote.await(id, timeout)) : 0;
        }

        private void putIfGiven(String name, String value) {
            if (value != null) {
                parameters.put(name, value);
            }
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "stop", description = "Ask an execution on a server to stop (a local job"
            + " runs inside the command that started it: Ctrl-C there)")
    static class Stop implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "EXECUTION_ID")
        long executionId;

        @Option(names = "--server", paramLabel = "URL", required = true, description = "the server (its API)")
        String server;

        @Override
        public Integer call() throws Exception {
            jakarta.json.JsonObject execution = RemoteJobs.connect(server).stop(executionId);
            System.out.printf("execution %d: %s%n", executionId, execution.getString("batchStatus"));
            return 0;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "logs", description = "The tail of an execution's job log on a server")
    static class Logs implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "EXECUTION_ID")
        long executionId;

        @Option(names = "--server", paramLabel = "URL", required = true, description = "the server (its API)")
        String server;

        @Option(names = "--lines", defaultValue = "200", description = "lines from the end (default ${DEFAULT-VALUE})")
        int lines;

        @Override
        public Integer call() throws Exception {
            System.out.print(RemoteJobs.connect(server).log(executionId, lines));
            return 0;
        }
    }

    /** Starts a job in this JVM, optionally waits with a progress line, and reports its steps. */
    public static int run(String job, Map<String, String> parameters, boolean wait, Duration timeout) throws Exception {
        // the same contract as the API's: the job exists, its parameters are known and of their kind (not the
        // data-directory confinement: the command line runs with its user's own rights)
        JobCatalog.validate(JobCatalog.find(job).orElseThrow(() -> new IllegalArgumentException("no job named '" + job
                + "'; known: " + JobCatalog.all().stream().map(JobCatalog.JobDefinition::name).toList())), parameters);
        LocalJobs jobs = new LocalJobs();
        Properties properties = new Properties();
        properties.putAll(parameters);
        long id = jobs.start(job, properties);
        System.out.printf("started %s: execution %d%n", job, id);
        return wait ? report(jobs, jobs.await(id, timeout, progress -> System.err.print("\r" + progress))) : 0;
    }

    /** A path given on the command line, resolved inside {@code chillflow.data.dir}. */
    public static String dataPath(String option, String value) {
        java.nio.file.Path dataDir = java.nio.file.Path.of(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("chillflow.data.dir", String.class));
        return org.chillflow.core.config.DataDirectory.resolve(dataDir, option, value).toString();
    }

    @Command(mixinStandardHelpOptions = true, name = "restart", description = "Restart a failed or stopped execution (its parameters, overridable)")
    static class Restart implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "EXECUTION_ID")
        long executionId;

        @Option(names = { "-p", "--param" }, paramLabel = "NAME=VALUE", description = "override a job parameter")
        Map<String, String> parameters = new LinkedHashMap<>();

        @Option(names = "--wait", description = "wait for the end and print the step metrics")
        boolean wait;

        @Option(names = "--timeout", defaultValue = "PT30M")
        Duration timeout;

        @Option(names = "--server", paramLabel = "URL", description = "restart it on this server (with its parameters as"
                + " they were; -p is not taken there)")
        String server;

        @Override
        public Integer call() throws Exception {
            if (server != null) {
                if (!parameters.isEmpty()) {
                    throw new IllegalArgumentException("-p: a server restarts an execution with its own parameters");
                }
                RemoteJobs remote = RemoteJobs.connect(server);
                long id = remote.restart(executionId);
                System.out.printf("restarted execution %d as %d on %s%n", executionId, id, server);
                return wait ? RemoteJobs.report(remote.await(id, timeout)) : 0;
            }
            LocalJobs jobs = new LocalJobs();
            Properties properties = new Properties();
            Properties original = jobs.operator().getParameters(executionId);
            if (original != null) {
                properties.putAll(original);
            }
            properties.putAll(parameters);
            long id = jobs.restart(executionId, properties);
            System.out.printf("restarted execution %d as %d%n", executionId, id);
            return wait ? report(jobs, jobs.await(id, timeout)) : 0;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "status", description = "Show an execution (of the CLI's job repository,"
            + " or of a server with --server)")
    static class Status implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "EXECUTION_ID")
        long executionId;

        @Option(names = "--server", paramLabel = "URL", description = "the server (its API)")
        String server;

        @Override
        public Integer call() throws Exception {
            if (server != null) {
                return RemoteJobs.report(RemoteJobs.connect(server).execution(executionId));
            }
            LocalJobs jobs = new LocalJobs();
            return report(jobs, jobs.operator().getJobExecution(executionId));
        }
    }

    static int report(LocalJobs jobs, JobExecution execution) {
        System.out.printf("execution %d of %s: %s (exit status %s)%n", execution.getExecutionId(),
                execution.getJobName(), execution.getBatchStatus(), execution.getExitStatus());
        for (StepExecution step : jobs.operator().getStepExecutions(execution.getExecutionId())) {
            StringBuilder line = new StringBuilder("  step ").append(step.getStepName()).append(": ")
                    .append(step.getBatchStatus());
            for (Metric metric : step.getMetrics()) {
                line.append(", ").append(metric.getType().name().toLowerCase(java.util.Locale.ROOT))
                        .append('=').append(metric.getValue());
            }
            System.out.println(line);
        }
        return execution.getBatchStatus() == BatchStatus.COMPLETED ? 0 : 1;
    }
}
