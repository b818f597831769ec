package org.chillflow.batch.load;

import java.nio.file.Path;
import java.util.List;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.partition.PartitionMapper;
import jakarta.batch.api.partition.PartitionPlan;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.chillflow.batch.curation.StepProgress;
import org.chillflow.batch.partition.PartitionPlans;

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
        int wanted = PartitionPlans.wanted(partitions);
        List<Path> parts = CuratedParts.list(input);
        // known before reading (Parquet footers): the API and the CLI turn it into a percentage
        stepContext.setPersistentUserData(new StepProgress(CuratedParts.rows(parts)));
        int count = Math.min(wanted, parts.size());
        int[] bounds = new int[count + 1];
        for (int p = 0; p <= count; p++) {
            bounds[p] = p * parts.size() / count;
        }
        return PartitionPlans.ranges(bounds, "partFrom", "partTo");
    }
}
