package org.chillflow.web.security;

/**
 * Values a client chose (a user name, an address header) made safe for one log line: control characters (a CR/LF
 * would forge a line) replaced, length bounded, quoted.
 */
public final class LogSafe {

    private static final int MAX = 64;

    private LogSafe() {
    }

    public static String user(String value) {
        if (value == null) {
            return "(none)";
        }
        StringBuilder safe = new StringBuilder(Math.min(value.length(), MAX) + 2).append('\'');
        value.codePoints().limit(MAX).forEach(c -> safe.appendCodePoint(Character.isISOControl(c)
                || Character.getType(c) == Character.LINE_SEPARATOR || Character.getType(c) == Character.PARAGRAPH_SEPARATOR
                ? '?' : c));
        if (value.codePointCount(0, value.length()) > MAX) {
            safe.append('…');
        }
        return safe.append('\'').toString();
    }
}
