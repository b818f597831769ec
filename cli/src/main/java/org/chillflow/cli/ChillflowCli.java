package org.chillflow.cli;

import org.chillflow.cli.datagen.DatagenCommand;
import org.chillflow.cli.db.DbCommand;
import org.chillflow.cli.job.JobCommand;
import org.chillflow.cli.verbs.CurateCommand;
import org.chillflow.cli.verbs.ProcessCommand;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code chillflow} command. Settings come from MicroProfile Config (CHILLFLOW_DB_URL, ...). */
@Command(name = "chillflow", mixinStandardHelpOptions = true, version = "chillflow 0.1",
        description = "ChillFlow command line: batch jobs without a server, database utilities",
        subcommands = { JobCommand.class, CurateCommand.class, ProcessCommand.class, DbCommand.class, DatagenCommand.class, CommandLine.HelpCommand.class })
public class ChillflowCli {

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new ChillflowCli());
        // bad input (a path outside the data directory, a wrong parameter) is a message, not a stack trace
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                cmd.getErr().println("chillflow: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        int code = commandLine.execute(args);
        // JBeret SE and Weld keep non-daemon threads: leave explicitly with the command's status.
        System.exit(code);
    }
}
