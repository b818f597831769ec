package org.chillflow.core.persistence;

import java.util.List;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceException;

/**
 * The JPA entities of ChillFlow's own tables (every table of the Flyway schema but the job repositories, which belong
 * to Liberty and JBeret), and the check that they agree with the migrated schema. The persistence units of
 * {@code META-INF/persistence.xml} list the same classes (PersistenceXmlTest compares them); the command line builds its
 * unit from this list.
 */
public final class Entities {

    public static final List<Class<?>> ALL = List.of(ZoneEntity.class, CompleteTripEntity.class,
            ZoneHourlyKpiEntity.class, DqReportEntity.class, DqChunkEntity.class, RejectedRecordEntity.class,
            KpiRunEntity.class, KpiStateEntity.class, ScheduleEntity.class, StopRequestEntity.class);

    private Entities() {
    }

    /**
     * Checks every mapped table and column against the database (Hibernate's schema validation: a missing table or
     * column, or a column of another type, fails). Run after Flyway: the server refuses to start on a drifted schema,
     * instead of failing the first request that reads the column.
     *
     * @throws PersistenceException naming the table and column that disagree
     */
    public static void validate(EntityManagerFactory factory) {
        try {
            factory.unwrap(org.hibernate.SessionFactory.class).getSchemaManager().validateMappedObjects();
        } catch (org.hibernate.tool.schema.spi.SchemaManagementException e) {
            throw new PersistenceException("the JPA mapping does not match the database schema: " + e.getMessage(), e);
        }
    }
}
