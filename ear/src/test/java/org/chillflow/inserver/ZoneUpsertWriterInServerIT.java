package org.chillflow.inserver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import javax.naming.InitialContext;
import javax.sql.DataSource;

import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;

import org.chillflow.batch.zones.ZoneUpsertWriter;
import org.chillflow.core.domain.Zone;
import org.chillflow.core.domain.ZoneId;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * In the server, through CDI: the batch writer's JDBC work belongs to the container's JTA transaction,
 * as it does in a chunk. If it committed on its own (the SE path), a rolled-back chunk would leave rows
 * behind and a restart would write them twice.
 */
@ExtendWith(ArquillianExtension.class)
class ZoneUpsertWriterInServerIT {

    /** Not a TLC zone id: the test's own row, removed after each test. */
    private static final int TEST_ZONE = 9_901;

    @Deployment
    static WebArchive deployment() {
        return ShrinkWrap.create(WebArchive.class, "zone-writer-inserver.war")
                .addPackages(true, "org.chillflow.batch", "org.chillflow.core.domain", "org.chillflow.core.jdbc",
                        "org.chillflow.core.reference", "org.apache.commons.csv")
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
    }

    @Inject
    ZoneUpsertWriter writer;

    @Test
    void writeRollsBackWithTheContainerTransaction() throws Exception {
        UserTransaction tx = userTransaction();
        tx.begin();
        writer.writeItems(List.of(testZone("Rolled Back")));
        assertEquals(1, rows(), "visible inside the transaction");
        tx.rollback();
        assertEquals(0, rows(), "gone with the rollback");
    }

    @Test
    void writeCommitsWithTheContainerTransactionAndUpserts() throws Exception {
        UserTransaction tx = userTransaction();
        tx.begin();
        writer.writeItems(List.of(testZone("First")));
        tx.commit();
        tx.begin();
        writer.writeItems(List.of(testZone("Second")));
        tx.commit();
        assertEquals(1, rows());
        assertEquals("Second", zoneName());
    }

    @AfterEach
    void removeTestZone() throws Exception {
        try (Connection connection = dataSource().getConnection();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM dim.zone WHERE zone_id = ?")) {
            delete.setInt(1, TEST_ZONE);
            delete.executeUpdate();
        }
    }

    private static Zone testZone(String name) {
        return new Zone(ZoneId.of(TEST_ZONE), "Test", name, "Test Zone");
    }

    private static UserTransaction userTransaction() throws Exception {
        return (UserTransaction) new InitialContext().lookup("java:comp/UserTransaction");
    }

    private static DataSource dataSource() throws Exception {
        return (DataSource) new InitialContext().lookup("jdbc/chillflow");
    }

    private static long rows() throws Exception {
        try (Connection connection = dataSource().getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM dim.zone WHERE zone_id = ?")) {
            query.setInt(1, TEST_ZONE);
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private static String zoneName() throws SQLException, Exception {
        try (Connection connection = dataSource().getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT zone_name FROM dim.zone WHERE zone_id = ?")) {
            query.setInt(1, TEST_ZONE);
            try (ResultSet result = query.executeQuery()) {
                return result.next() ? result.getString(1) : null;
            }
        }
    }
}
