package org.chillflow.batch.curation;

import java.nio.file.Path;
import java.util.Locale;
import java.util.logging.Logger;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.partition.PartitionMapper;
import jakarta.batch.api.partition.PartitionPlan;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.chillflow.batch.partition.PartitionPlans;
import org.chillflow.core.config.DataDirectory;
import org.chillflow.core.trip.source.TlcColumns;
import org.chillflow.core.trip.source.TlcParquetReader;

/**
 * Splits a TLC Parquet month into {@code partitions} runs of whole row groups with about the same number of
 * rows each (each partition reads, curates and checkpoints on its own thread). A CSV file, or a Parquet
 * file with a single row group, is one partition. The plan depends only on the file and the partition
 * count, so a restart maps the same ranges and each partition resumes from its own checkpoint.
 */
@Named
@Dependent
public class RowGroupPartitionMapper implements PartitionMapper {

    private static final Logger LOG = Logger.getLogger(RowGroupPartitionMapper.class.getName());

    @Inject
    @BatchProperty
    String input;

    /** The output directory: checked here, on the step's own thread, so that a refusal names its cause. */
    @Inject
    @BatchProperty
    String output;

    /** Wanted partition count (threads); capped by the row groups. */
    @Inject
    @BatchProperty
    String partitions;

    @Inject
    StepContext stepContext;

    @Override
    public PartitionPlan mapPartitions() throws Exception {
        if (input == null || input.isBlank()) {
            throw new IllegalArgumentException("job parameter 'input' (the TLC file to curate) is required");
        }
        int wanted = PartitionPlans.wanted(partitions);
        DataDirectory data = DataDirectory.configured();
        Path path = data.readFile("input", input);
        if (output != null && !output.isBlank()) {
            data.writable("output", output);
        }
        long[] groups;
        if (path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet")) {
            try (TlcParquetReader parquet = TlcParquetReader.open(path)) {
                groups = parquet.rowGroupRowCounts();
                // known before reading (Parquet footer): the API and the CLI turn it into a percentage
                stepContext.setPersistentUserData(new StepProgress(parquet.rowCount()));
            } catch (TlcColumns.UnmappableColumnsException e) {
                throw new IllegalArgumentException("input: " + data.display(path) + ": " + e.getMessage(), e);
            }
        } else {
            groups = new long[0]; // CSV: read sequentially, one partition
        }
        int[] bounds = split(groups, wanted);
        if (groups.length == 0) {
            bounds[1] = -1; // CSV: "to the end of the file"
        }
        LOG.fine(() -> input + ": " + groups.length + " row groups in " + (bounds.length - 1) + " partitions");
        return PartitionPlans.ranges(bounds, "rowGroupFrom", "rowGroupTo");
    }

    /**
     * Boundaries (row-group indexes, first 0, last = groups) of at most {@code wanted} contiguous ranges of
     * about equal rows; a file without row groups gives the single range [0, 0].
     */
    public static int[] split(long[] groupRows, int wanted) {
        int count = Math.max(1, Math.min(wanted, groupRows.length));
        if (groupRows.length == 0) {
            return new int[] {0, 0};
        }
        long total = 0;
        for (long rows : groupRows) {
            total += rows;
        }
        int[] bounds = new int[count + 1];
        long seen = 0;
        int next = 1;
        for (int g = 0; g < groupRows.length && next < count; g++) {
            seen += groupRows[g];
            // close a range once it holds its share, leaving at least one group per range still to come
            if (seen * count >= total * next && groupRows.length - (g + 1) >= count - next) {
                bounds[next++] = g + 1;
            }
        }
        while (next < count) { // fewer big groups than ranges: fill with the remaining single groups
            bounds[next] = bounds[next - 1] + 1;
            next++;
        }
        bounds[count] = groupRows.length;
        return bounds;
    }
}
