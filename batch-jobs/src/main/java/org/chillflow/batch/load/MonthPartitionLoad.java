package org.chillflow.batch.load;

import java.time.YearMonth;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.partition.AbstractPartitionReducer;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.chillflow.batch.infrastructure.ChillflowDatabase;
import org.chillflow.core.jdbc.JdbcTransactions;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The load step's choice of path for a large month, and its publication (see {@link MonthPartition}). Before the
 * partitions start: when the curated directory is for one month, holds at least {@code minRows} trips (job parameter
 * {@code monthPartitionMinRows}, else {@code chillflow.load.month-partition-min-rows}, default 1,000,000) and no trip of
 * that month is in {@code stg.complete_trip}, the month's own table is created and the writers COPY into it, without
 * indexes. After every partition completed, the table gets its key and indexes and becomes the month's partition: the
 * month appears whole, at once. Smaller or already populated months take the writers' ordinary path (rows visible as
 * their chunks commit). A restart finds the table again and continues; a restarted or rerun publication is idempotent.
 */
@Named
@Dependent
public class MonthPartitionLoad extends AbstractPartitionReducer {

    private static final Logger LOG = Logger.getLogger(MonthPartitionLoad.class.getName());

    static final long DEFAULT_MIN_ROWS = 1_000_000;

    @Inject
    @BatchProperty
    String input;

    @Inject
    @BatchProperty
    String minRows;

    @Inject
    @ChillflowDatabase
    DataSource dataSource;

    @Override
    public void beginPartitionedStep() throws Exception {
        long minRows = minRows(); // checked whatever started the job, before anything else
        YearMonth month = CuratedParts.month(input);
        if (month == null) {
            return;
        }
        MonthPartition partition = MonthPartition.of(month);
        long rows = CuratedParts.rows(CuratedParts.list(input));
        if (rows < minRows) {
            return;
        }
        boolean own = JdbcTransactions.inTransaction(dataSource, partition::prepare);
        LOG.info(() -> "load of " + month + " (" + rows + " trips): " + (own ? "into " + partition.table
                + ", attached when loaded" : "into stg.complete_trip (the month holds trips already)"));
    }

    @Override
    public void afterPartitionedStepCompletion(PartitionStatus status) throws Exception {
        if (status != PartitionStatus.COMMIT) {
            return; // a restart continues into the same table
        }
        YearMonth month = CuratedParts.month(input);
        if (month == null) {
            return;
        }
        MonthPartition partition = MonthPartition.of(month);
        long published = JdbcTransactions.inTransaction(dataSource, partition::publish);
        if (published >= 0) {
            LOG.info(() -> partition.table + ": " + published + " trips published as the partition of " + month);
        }
    }

    private long minRows() {
        if (minRows != null && !minRows.isBlank()) {
            try {
                long value = Long.parseLong(minRows.trim());
                if (value >= 0) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("job parameter monthPartitionMinRows must be a whole number >= 0");
        }
        return ConfigProvider.getConfig().getOptionalValue("chillflow.load.month-partition-min-rows", Long.class)
                .orElse(DEFAULT_MIN_ROWS);
    }
}
