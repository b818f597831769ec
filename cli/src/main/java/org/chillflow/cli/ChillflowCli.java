package org.chillflow.cli;

import org.chillflow.cli.datagen.DatagenCommand;
import org.chillflow.cli.db.DbCommand;
import org.chillflow.cli.job.JobCommand;
import org.chillflow.cli.kpi.AggregateCommand;
import org.chillflow.cli.kpi.ReportCommand;
import org.chillflow.cli.kpi.ScheduleCommand;
import org.chillflow.cli.stream.StreamCommand;
import org.chillflow.cli.verbs.CurateCommand;
import org.chillflow.cli.verbs.ProcessCommand;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code chillflow} command. Settings come from MicroProfile Config (CHILLFLOW_DB_URL, ...). */
@Command(name = "chillflow", mixinStandardHelpOptions = true, versionProvider = ChillflowCli.Version.class,
        description = "ChillFlow command line: batch jobs without a server, KPI reports, database utilities",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = { "0:done (a job: COMPLETED)", "1:a job that did not complete, or a command that failed",
            "2:bad input (an unknown job or parameter, a value out of range, a wrong option)" },
        subcommands = { JobCommand.class, CurateCommand.class, ProcessCommand.class, AggregateCommand.class, ScheduleCommand.class, StreamCommand.class,
            org.chillflow.cli.stream.ReplayCommand.class,
            ReportCommand.class, DbCommand.class, DatagenCommand.class, org.chillflow.cli.download.DownloadCommand.class, CommandLine.HelpCommand.class,
            picocli.AutoComplete.GenerateCompletion.class })
public class ChillflowCli {

    /** The build's version (a resource Maven fills in), and the Java it runs on. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws Exception {
            java.util.Properties build = new java.util.Properties();
            try (java.io.InputStream in = ChillflowCli.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    build.load(in);
                }
            }
            return new String[] { "chillflow " + build.getProperty("version", "(development build)"),
                "Java " + System.getProperty("java.version") };
        }
    }

    /** Kafka's clients log every connection step at INFO; the command's own output says what happened. */
    private static final java.util.logging.Logger KAFKA_LOG = java.util.logging.Logger.getLogger("org.apache.kafka");
    /** Hibernate's start-up banner and dialect notes are not the command's output. */
    private static final java.util.logging.Logger HIBERNATE_LOG = java.util.logging.Logger.getLogger("org.hibernate");

    public static void main(String[] args) {
        KAFKA_LOG.setLevel(java.util.logging.Level.WARNING);
        HIBERNATE_LOG.setLevel(java.util.logging.Level.WARNING);
        int code = commandLine().execute(args);
        // JBeret SE and Weld keep non-daemon threads: leave explicitly with the command's status.
        System.exit(code);
    }

    /** The command line, with bad input (a path outside the data directory, a wrong parameter) as a message. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new ChillflowCli());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                cmd.getErr().println("chillflow: " + e.getMessage());
                return 2;
            }
            if (e instanceof org.chillflow.cli.errors.CommandFailure) {
                cmd.getErr().println("chillflow: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return commandLine;
    }
}
