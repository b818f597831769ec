package org.chillflow.web.startup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Production refuses development credentials. In the {@code dev} profile the well-known logins
 * (admin/admin, operator/operator, viewer/viewer) are allowed; in any other profile every user needs a
 * password that is set, not the development default, and at least {@value #MIN_LENGTH} characters.
 */
public final class CredentialPolicy {

    public static final String DEV_PROFILE = "dev";
    public static final int MIN_LENGTH = 12;
    public static final List<String> USERS = List.of("admin", "operator", "viewer", "scheduler");

    private CredentialPolicy() {
    }

    /** @return the problems found; empty when the configuration may start */
    public static List<String> violations(String profile, Map<String, String> passwordsByUser) {
        List<String> problems = new ArrayList<>();
        if (DEV_PROFILE.equals(profile)) {
            return problems;
        }
        for (String user : USERS) {
            String password = passwordsByUser.get(user);
            String variable = "CHILLFLOW_" + user.toUpperCase(java.util.Locale.ROOT) + "_PASSWORD";
            if (password == null || password.isBlank() || password.startsWith("${")) {
                problems.add(variable + " is not set");
            } else if (password.equals(user)) {
                problems.add(variable + " is the development default");
            } else if (password.length() < MIN_LENGTH) {
                problems.add(variable + " is shorter than " + MIN_LENGTH + " characters");
            }
        }
        return problems;
    }
}
