package org.chillflow.web.security;

/**
 * Values a client chose (a user name, an address header) made safe for one log line: control characters (a CR/LF
 * would forge a line) replaced, length bounded, quoted.
 */
public final class LogSafe {

    private LogSafe() {
    }

    /** Quoted, control characters replaced, at most 64 characters and an ellipsis (core's SafeText). */
    public static String user(String value) {
        return value == null ? "(none)" : "'" + org.chillflow.core.logging.SafeText.of(value, 65) + "'";
    }
}
