package org.chillflow.batch.infrastructure;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The job repository this process's job instances come from: {@code liberty} in the server,
 * {@code jberet-se} in the CLI ({@code chillflow.batch.runtime}). Both share the database and count
 * instances from 1, so every ops row keyed by an instance id is also keyed by this.
 */
public final class BatchRuntimeName {

    private BatchRuntimeName() {
    }

    public static String current() {
        return ConfigProvider.getConfig().getOptionalValue("chillflow.batch.runtime", String.class).orElse("liberty");
    }
}
