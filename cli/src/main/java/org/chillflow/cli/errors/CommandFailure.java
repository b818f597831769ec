package org.chillflow.cli.errors;

/** A command that could not do its work for a reason its user can act on: printed as one line, exit code 1. */
public class CommandFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CommandFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
