package org.chillflow.cli.db;

import javax.sql.DataSource;

import org.chillflow.core.config.ConfigKeys;
import org.chillflow.core.persistence.Entities;
import org.chillflow.core.persistence.ResourceLocalTransactions;
import org.chillflow.core.persistence.Transactions;
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

    /**
     * A pooled DataSource whose unqualified names resolve in {@code schema} (JBeret's tables), one pool per
     * schema for the life of the process. Pooled because a job opens a connection per chunk (its writer's
     * transaction) and JBeret one per repository update: unpooled, each paid a TCP connect and a SCRAM
     * handshake (measured: a fifth of curate-month's time under JBeret SE).
     */
    public static DataSource dataSource(String schema) {
        return POOLS.computeIfAbsent(schema == null ? "" : schema, CliDatabase::pool);
    }

    private static final java.util.Map<String, com.zaxxer.hikari.HikariDataSource> POOLS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static com.zaxxer.hikari.HikariDataSource pool(String schema) {
        Config config = ConfigProvider.getConfig();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url());
        ds.setUser(config.getValue(ConfigKeys.DB_USER, String.class));
        ds.setPassword(config.getValue(ConfigKeys.DB_PASSWORD, String.class));
        ds.setApplicationName("chillflow-cli");
        if (!schema.isEmpty()) {
            ds.setCurrentSchema(schema);
        }
        com.zaxxer.hikari.HikariConfig hikari = new com.zaxxer.hikari.HikariConfig();
        hikari.setDataSource(ds);
        hikari.setPoolName("chillflow-cli" + (schema.isEmpty() ? "" : "-" + schema));
        hikari.setMaximumPoolSize(config.getOptionalValue("chillflow.cli.db.pool.max", Integer.class).orElse(8));
        hikari.setMinimumIdle(0);
        return new com.zaxxer.hikari.HikariDataSource(hikari);
    }

    private static jakarta.persistence.EntityManagerFactory jpa;

    /**
     * JPA on the application's database: the server's entities ({@link Entities#ALL}) in a resource-local unit on the
     * pooled DataSource, built once per process (Hibernate's start-up, about a second, is paid by the commands that
     * read or write through it). Not validated here: the server validates at its start, and {@code chillflow db
     * migrate} on request.
     */
    public static synchronized jakarta.persistence.EntityManagerFactory entityManagerFactory() {
        if (jpa == null) {
            org.hibernate.cfg.Configuration configuration = new org.hibernate.cfg.Configuration();
            Entities.ALL.forEach(configuration::addAnnotatedClass);
            configuration.getProperties().put(org.hibernate.cfg.AvailableSettings.DATASOURCE, dataSource());
            configuration.setProperty(org.hibernate.cfg.AvailableSettings.HBM2DDL_AUTO, "none");
            jpa = configuration.buildSessionFactory();
        }
        return jpa;
    }

    /** Units of work on {@link #entityManagerFactory()}, each in its own transaction. */
    public static Transactions transactions() {
        return new ResourceLocalTransactions(entityManagerFactory());
    }
}
