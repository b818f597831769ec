package org.chillflow.batch.contract;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The failure-injection parameters ({@code failAtRow}, {@code failAtLine}, …) that the restart tests use. They make a
 * job fail on purpose, so a production server refuses them whatever started the job: only where
 * {@code chillflow.batch.test-hooks} is true (the development profile's %dev. key, the command line) do they act.
 */
public final class TestHooks {

    public static final String ENABLED_KEY = "chillflow.batch.test-hooks";

    private TestHooks() {
    }

    public static boolean enabled() {
        return ConfigProvider.getConfig().getOptionalValue(ENABLED_KEY, Boolean.class).orElse(false);
    }

    /** Whether a job parameter is a test hook (they are all named fail…). */
    public static boolean isHook(String parameter) {
        return parameter.startsWith("fail");
    }

    /**
     * The hook's row or line number, 0 when unset.
     *
     * @throws IllegalArgumentException naming the parameter when it is set where hooks are off, or not a number
     */
    public static long value(String parameter, String raw) {
        if (raw == null || raw.isBlank() || raw.trim().equals("0")) {
            return 0;
        }
        if (!enabled()) {
            throw new IllegalArgumentException(parameter + " is a test hook, refused outside the development profile ("
                    + ENABLED_KEY + ")");
        }
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(parameter + " must be a whole number");
        }
    }
}
