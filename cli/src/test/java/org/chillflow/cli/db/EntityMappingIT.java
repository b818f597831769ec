package org.chillflow.cli.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Id;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.Table;

import org.chillflow.core.migration.SchemaMigrator;
import org.chillflow.core.persistence.CompleteTripEntity;
import org.chillflow.core.persistence.Entities;
import org.chillflow.core.persistence.ResourceLocalTransactions;
import org.chillflow.core.persistence.Transactions;
import org.chillflow.core.trip.CompleteTripTable;
import org.junit.jupiter.api.Test;

/**
 * The JPA mapping against the Flyway schema on the real database: the entities match it; a mapping that disagrees
 * with it (what a column renamed or retyped outside Flyway gives) fails the check that the server runs at its start,
 * naming the table and the column; a trip written and read through JPA is the row the bulk writers would write.
 */
class EntityMappingIT {

    /** A zone-hourly KPI row as a drifted schema would have it: a column that does not exist, one of another type. */
    @Entity
    @Table(schema = "mart", name = "zone_hourly_kpis")
    public static class DriftedKpi {
        @Id
        @Column(name = "zone_id")
        private int zoneId;

        @Column(name = "avg_tip_usd")
        private BigDecimal avgTip;
    }

    /** The same table with the trip count as text. */
    @Entity
    @Table(schema = "mart", name = "zone_hourly_kpis")
    public static class RetypedKpi {
        @Id
        @Column(name = "zone_id")
        private int zoneId;

        @Column(name = "trips")
        private LocalDateTime trips;
    }

    @Test
    void theEntitiesMatchTheMigratedSchema() {
        SchemaMigrator.migrate(CliDatabase.dataSource());
        Entities.validate(CliDatabase.entityManagerFactory());
    }

    @Test
    void aMissingColumnFailsTheCheckNamingTableAndColumn() {
        SchemaMigrator.migrate(CliDatabase.dataSource());
        try (EntityManagerFactory drifted = factoryOf(DriftedKpi.class)) {
            assertThatThrownBy(() -> Entities.validate(drifted)).isInstanceOf(PersistenceException.class)
                    .hasMessageContaining("does not match the database schema").hasMessageContaining("avg_tip_usd")
                    .hasMessageContaining("zone_hourly_kpis");
        }
    }

    @Test
    void aColumnOfAnotherTypeFailsTheCheckNamingIt() {
        SchemaMigrator.migrate(CliDatabase.dataSource());
        try (EntityManagerFactory retyped = factoryOf(RetypedKpi.class)) {
            assertThatThrownBy(() -> Entities.validate(retyped)).isInstanceOf(PersistenceException.class)
                    .hasMessageContaining("[trips]").hasMessageContaining("zone_hourly_kpis");
        }
    }

    @Test
    void aTripWrittenThroughJpaIsReadBackAndCounted() {
        SchemaMigrator.migrate(CliDatabase.dataSource());
        Transactions transactions = new ResourceLocalTransactions(CliDatabase.entityManagerFactory());
        String key = "jpa-it-" + System.nanoTime();
        transactions.inTransaction(em -> {
            em.createQuery("delete from CompleteTripEntity t where t.source = 'jpa-it'").executeUpdate();
            return null;
        });
        CompleteTripEntity trip = new CompleteTripEntity(key, 2, LocalDateTime.of(2025, 2, 3, 8, 15),
                LocalDateTime.of(2025, 2, 3, 8, 40), 161, 236, "0123456789abcdef", "jpa-it");
        trip.setPassengerCount(1);
        trip.setTripDistance(3.1);
        trip.setFareAmount(new BigDecimal("17.70"));
        trip.setTotalAmount(new BigDecimal("26.04"));
        trip.setDistanceKm(4.99);
        trip.setDurationMin(25.0);
        transactions.inTransaction(em -> {
            em.persist(trip);
            return null;
        });
        CompleteTripEntity read = transactions.inTransaction(em -> em.find(CompleteTripEntity.class, key));
        assertThat(read.getVendorId()).isEqualTo(2);
        assertThat(read.getPickupTs()).isEqualTo(LocalDateTime.of(2025, 2, 3, 8, 15));
        assertThat(read.getPuZoneId()).isEqualTo(161);
        assertThat(read.getDoZoneId()).isEqualTo(236);
        assertThat(read.getFareAmount()).isEqualByComparingTo("17.70");
        assertThat(read.getTotalAmount()).isEqualByComparingTo("26.04");
        assertThat(read.getTipAmount()).isNull();
        assertThat(read.getCreatedAt()).as("set by the database").isNotNull();
        assertThat(CompleteTripTable.count(transactions, "jpa-it")).isEqualTo(1);
        transactions.inTransaction(em -> em.createQuery("delete from CompleteTripEntity t where t.source = 'jpa-it'")
                .executeUpdate());
        assertThat(CompleteTripTable.count(transactions, "jpa-it")).isZero();
    }

    private static EntityManagerFactory factoryOf(Class<?> entity) {
        org.hibernate.cfg.Configuration configuration = new org.hibernate.cfg.Configuration();
        configuration.addAnnotatedClass(entity);
        configuration.getProperties().put(org.hibernate.cfg.AvailableSettings.DATASOURCE, CliDatabase.dataSource());
        configuration.setProperty(org.hibernate.cfg.AvailableSettings.HBM2DDL_AUTO, "none");
        return configuration.buildSessionFactory();
    }
}
