package org.chillflow.batch.curation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RowGroupPartitionMapperTest {

    @Test
    void equalGroupsAreSharedEvenly() {
        assertThat(RowGroupPartitionMapper.split(new long[] {10, 10, 10, 10}, 2)).containsExactly(0, 2, 4);
        assertThat(RowGroupPartitionMapper.split(new long[] {10, 10, 10}, 3)).containsExactly(0, 1, 2, 3);
    }

    @Test
    void partitionsAreCappedByTheRowGroups() {
        assertThat(RowGroupPartitionMapper.split(new long[] {5000}, 2)).containsExactly(0, 1);
        assertThat(RowGroupPartitionMapper.split(new long[] {10, 10}, 8)).containsExactly(0, 1, 2);
    }

    @Test
    void unevenGroupsStillGiveEveryRangeAtLeastOneGroup() {
        assertThat(RowGroupPartitionMapper.split(new long[] {1, 1, 100}, 3)).containsExactly(0, 1, 2, 3);
        assertThat(RowGroupPartitionMapper.split(new long[] {100, 1, 1}, 2)).containsExactly(0, 1, 3);
        assertThat(RowGroupPartitionMapper.split(new long[] {40, 30, 20, 10}, 2)).containsExactly(0, 2, 4);
    }

    @Test
    void aFileWithoutRowGroupsIsOnePartition() {
        assertThat(RowGroupPartitionMapper.split(new long[0], 4)).containsExactly(0, 0);
    }
}
