package org.chillflow.core.logging;

/**
 * A value a caller chose (a parameter, a path, a user name), made fit to repeat in one message or log line: control
 * characters (a CR/LF would forge a line) replaced by {@code ?}, length bounded.
 */
public final class SafeText {

    private SafeText() {
    }

    public static String of(String value, int max) {
        if (value == null) {
            return "(none)";
        }
        String safe = value.replaceAll("\\p{Cntrl}|[\\u2028\\u2029]", "?");
        return safe.length() <= max ? safe : safe.substring(0, max - 1) + "…";
    }
}
