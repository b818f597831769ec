package org.chillflow.batch.zones;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import javax.sql.DataSource;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.chillflow.batch.infrastructure.ChillflowDatabase;

/**
 * Exit status {@code EMPTY} when dim.zone has no row (ingest-month then seeds it first), else
 * {@code PRESENT}. A step rather than a decider: JSR-352 does not allow a job to start with a decision.
 */
@Named
@Dependent
public class ZonesPresentCheck extends AbstractBatchlet {

    @Inject
    @ChillflowDatabase
    DataSource dataSource;

    @Override
    public String process() throws Exception {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM dim.zone)")) {
            rows.next();
            return rows.getBoolean(1) ? "PRESENT" : "EMPTY";
        }
    }
}
