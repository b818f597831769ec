package org.chillflow.cli.db;

import javax.sql.DataSource;

import org.chillflow.core.config.ConfigKeys;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.postgresql.ds.PGSimpleDataSource;

/** The database as the CLI sees it, from MicroProfile Config (env vars override the defaults). */
public final class CliDatabase {

    private CliDatabase() {
    }

    public static String url() {
        return ConfigProvider.getConfig().getValue(ConfigKeys.DB_URL, String.class);
    }

    /** A DataSource on the application's database (schema-qualified SQL, default search path). */
    public static DataSource dataSource() {
        return dataSource(null);
    }

    /** A DataSource whose unqualified names resolve in {@code schema} (JBeret's tables). */
    public static DataSource dataSource(String schema) {
        Config config = ConfigProvider.getConfig();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url());
        ds.setUser(config.getValue(ConfigKeys.DB_USER, String.class));
        ds.setPassword(config.getValue(ConfigKeys.DB_PASSWORD, String.class));
        ds.setApplicationName("chillflow-cli");
        if (schema != null) {
            ds.setCurrentSchema(schema);
        }
        return ds;
    }
}
