package org.chillflow.cli.batch;

import javax.sql.DataSource;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;

import org.chillflow.batch.infrastructure.ChillflowDatabase;
import org.chillflow.cli.db.CliDatabase;

/**
 * Outside the server there is no JNDI: this alternative replaces the batch module's JNDI producer, so the
 * same batch artifacts write to the database named by {@code chillflow.db.url}.
 */
@Alternative
@Priority(1000)
@ApplicationScoped
public class CliDataSourceProducer {

    private final DataSource dataSource = CliDatabase.dataSource();

    @Produces
    @ChillflowDatabase
    public DataSource dataSource() {
        return dataSource;
    }
}
