package org.chillflow.batch.load;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.partition.PartitionMapper;
import jakarta.batch.api.partition.PartitionPlan;
import jakarta.batch.api.partition.PartitionPlanImpl;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.chillflow.batch.curation.StepProgress;

/**
 * Splits a curated month's part files into {@code partitions} contiguous runs (in file-name order), each
 * loaded on its own thread and database connection: the Java side (decoding, hashing) of one partition
 * overlaps the database side (COPY, upsert) of the other. Partitions touch disjoint trip keys, so their
 * upserts never conflict. The plan depends only on the files and the count, so a restart maps the same runs.
 */
@Named
@Dependent
public class CuratedPartsPartitionMapper implements PartitionMapper {

    @Inject
    @BatchProperty
    String input;

    @Inject
    @BatchProperty
    String partitions;

    @Inject
    StepContext stepContext;

    @Override
    public PartitionPlan mapPartitions() throws Exception {
        int wanted = partitions == null || partitions.isBlank() ? 1 : Integer.parseInt(partitions.trim());
        if (wanted < 1) {
            throw new IllegalArgumentException("job parameter 'partitions' must be at least 1, was " + wanted);
        }
        List<Path> parts = CuratedParts.list(input);
        // known before reading (Parquet footers): the API and the CLI turn it into a percentage
        stepContext.setPersistentUserData(new StepProgress(CuratedParts.rows(parts)));
        int count = Math.min(wanted, parts.size());
        PartitionPlanImpl plan = new PartitionPlanImpl();
        plan.setPartitions(count);
        plan.setThreads(count);
        plan.setPartitionsOverride(false);
        Properties[] properties = new Properties[count];
        for (int p = 0; p < count; p++) {
            properties[p] = new Properties();
            properties[p].setProperty("partFrom", Integer.toString(p * parts.size() / count));
            properties[p].setProperty("partTo", Integer.toString((p + 1) * parts.size() / count));
        }
        plan.setPartitionProperties(properties);
        return plan;
    }
}
