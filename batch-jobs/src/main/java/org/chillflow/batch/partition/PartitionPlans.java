package org.chillflow.batch.partition;

import java.util.Properties;

import jakarta.batch.api.partition.PartitionPlan;
import jakarta.batch.api.partition.PartitionPlanImpl;

/** What the partition mappers share: the {@code partitions} parameter and a plan of index ranges. */
public final class PartitionPlans {

    private PartitionPlans() {
    }

    /** The job parameter {@code partitions}: empty = 1; less than 1 is refused with its value. */
    public static int wanted(String partitions) {
        int wanted = partitions == null || partitions.isBlank() ? 1 : Integer.parseInt(partitions.trim());
        if (wanted < 1) {
            throw new IllegalArgumentException("job parameter 'partitions' must be at least 1, was " + wanted);
        }
        return wanted;
    }

    /**
     * One partition (and thread) per range {@code [bounds[i], bounds[i+1])}, given to its artifacts as the
     * properties {@code fromKey} and {@code toKey}. Not overridden on restart: the same ranges come back, and
     * each partition resumes from its own checkpoint.
     */
    public static PartitionPlan ranges(int[] bounds, String fromKey, String toKey) {
        int count = bounds.length - 1;
        PartitionPlanImpl plan = new PartitionPlanImpl();
        plan.setPartitions(count);
        plan.setThreads(count);
        plan.setPartitionsOverride(false);
        Properties[] properties = new Properties[count];
        for (int p = 0; p < count; p++) {
            properties[p] = new Properties();
            properties[p].setProperty(fromKey, Integer.toString(bounds[p]));
            properties[p].setProperty(toKey, Integer.toString(bounds[p + 1]));
        }
        plan.setPartitionProperties(properties);
        return plan;
    }
}
