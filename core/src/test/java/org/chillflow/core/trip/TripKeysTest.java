package org.chillflow.core.trip;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;

import org.junit.jupiter.api.Test;

/** The test vectors of docs/GLOSSARY.md */
class TripKeysTest {

    private static final LocalDateTime PICKUP = LocalDateTime.of(2025, 1, 1, 0, 18, 38);

    @Test
    void tripKeyVectors() {
        assertThat(TripKeys.tripKey("test-salt", 1, PICKUP, 229, 0))
                .isEqualTo("be4729f0c03bc98f9f7895efbd4795dfa536cde280dec689cd5cc6fd2d88d250");
        assertThat(TripKeys.tripKey("chillflow-dev-salt-2025", 1, PICKUP, 229, 0))
                .isEqualTo("20e99d90cace89a246fe334179422c9410c300f84cb02719bd7b0d86e96dca48");
    }

    @Test
    void vehicleIdVectorsAndFleetReuse() {
        assertThat(TripKeys.vehicleId("test-salt", 1, 0, 5000)).isEqualTo("veh_a0bb0acb8514");
        assertThat(TripKeys.vehicleId("test-salt", 1, 5000, 5000)).isEqualTo("veh_a0bb0acb8514");
        assertThat(TripKeys.vehicleId("test-salt", 2, 1, 5000)).isEqualTo("veh_3f2b9bbfc15f");
        assertThat(TripKeys.vehicleId("chillflow-dev-salt-2025", 1, 0, 5000)).isEqualTo("veh_ac2f1ae375e9");
        assertThat(TripKeys.vehicleId("chillflow-dev-salt-2025", 2, 1, 5000)).isEqualTo("veh_18ca83901a7c");
        assertThat(TripKeys.vehicleId("s", 1, 0, 100)).isEqualTo(TripKeys.vehicleId("s", 1, 100, 100));
    }

    @Test
    void pickupTextIsPythonIsoformat() {
        // LocalDateTime.toString() would drop ":00" seconds; the original pipeline always writes them
        assertThat(TripKeys.isoformat(LocalDateTime.of(2025, 2, 1, 10, 0))).isEqualTo("2025-02-01T10:00:00");
        assertThat(TripKeys.isoformat(LocalDateTime.of(2025, 2, 1, 10, 0, 5, 120_000_000)))
                .isEqualTo("2025-02-01T10:00:05.120000");
    }

    @Test
    void keysDifferByVendorZoneAndOffsetWithoutCollisions() {
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (int offset = 0; offset < 10_000; offset++) {
            keys.add(TripKeys.tripKey("s", 1, PICKUP, 229, offset));
        }
        assertThat(keys).hasSize(10_000);
        assertThat(TripKeys.tripKey("s", 2, PICKUP, 229, 0)).isNotEqualTo(TripKeys.tripKey("s", 1, PICKUP, 229, 0));
        assertThat(TripKeys.tripKey("s", 1, PICKUP, 230, 0)).isNotEqualTo(TripKeys.tripKey("s", 1, PICKUP, 229, 0));
    }
}
