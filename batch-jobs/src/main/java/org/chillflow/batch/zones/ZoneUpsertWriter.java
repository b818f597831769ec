package org.chillflow.batch.zones;

import java.sql.PreparedStatement;
import java.util.List;

import javax.sql.DataSource;

import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.chillflow.batch.infrastructure.ChillflowDatabase;
import org.chillflow.core.domain.Zone;
import org.chillflow.core.jdbc.JdbcTransactions;

/**
 * Upserts a chunk of zones in one JDBC batch. Re-running the job changes nothing: a row is only
 * rewritten (and its updated_at moved) when one of its values differs.
 */
@Named
@Dependent
public class ZoneUpsertWriter extends AbstractItemWriter {

    static final String UPSERT = "INSERT INTO dim.zone (zone_id, borough, zone_name, service_zone)"
            + " VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (zone_id) DO UPDATE SET borough = EXCLUDED.borough, zone_name = EXCLUDED.zone_name,"
            + " service_zone = EXCLUDED.service_zone, updated_at = CURRENT_TIMESTAMP"
            + " WHERE (dim.zone.borough, dim.zone.zone_name, dim.zone.service_zone)"
            + " IS DISTINCT FROM (EXCLUDED.borough, EXCLUDED.zone_name, EXCLUDED.service_zone)";

    @Inject
    @ChillflowDatabase
    DataSource dataSource;

    @Override
    public void writeItems(List<Object> items) throws Exception {
        JdbcTransactions.inTransaction(dataSource, connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
                for (Object item : items) {
                    Zone zone = (Zone) item;
                    upsert.setInt(1, zone.id().value());
                    upsert.setString(2, zone.borough());
                    upsert.setString(3, zone.zoneName());
                    upsert.setString(4, zone.serviceZone());
                    upsert.addBatch();
                }
                return upsert.executeBatch();
            }
        });
    }
}
