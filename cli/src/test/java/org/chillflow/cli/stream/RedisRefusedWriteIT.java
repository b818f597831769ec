package org.chillflow.cli.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.chillflow.core.stream.assembly.PartialTripStore;
import org.junit.jupiter.api.Test;

import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * A write that the test Redis (6380) refuses makes the assembler's pipelines throw, so that the batch is not
 * acknowledged and runs again. Jedis's pipeline {@code sync()} alone does not throw for an error reply; here Redis
 * refuses every write that may take memory (maxmemory below what it already uses, the default noeviction policy)
 * for the few milliseconds of the calls, then gets its limit back.
 */
class RedisRefusedWriteIT {

    @Test
    void aSettleOrAPartialWriteThatRedisRefusesThrowsAndLeavesNothingBehind() {
        String trip = "refused-" + UUID.randomUUID();
        try (RedisClient redis = RedisClient.builder().hostAndPort(new HostAndPort("127.0.0.1", 6380)).build()) {
            PartialTripStore store = new PartialTripStore(redis, 3600, 3600);
            String limit = redis.configGet("maxmemory").get("maxmemory");
            String policy = redis.configGet("maxmemory-policy").get("maxmemory-policy");
            assertThat(policy).as("the test Redis refuses writes at its limit").isEqualTo("noeviction");
            redis.configSet("maxmemory", "1");
            try {
                assertThatThrownBy(() -> store.settle(List.of(trip), List.of(), Map.of(), System.currentTimeMillis()))
                        .isInstanceOf(JedisDataException.class).hasMessageContaining("OOM");
                assertThatThrownBy(() -> store.writePartials(Map.of(trip, new PartialTripStore.PartialWrite(
                        Map.of("trip_start", "{}"), 1)), System.currentTimeMillis()))
                        .isInstanceOf(JedisDataException.class).hasMessageContaining("OOM");
            } finally {
                redis.configSet("maxmemory", limit);
            }
            assertThat(redis.exists(PartialTripStore.doneKey(trip))).isFalse();
            assertThat(redis.exists(PartialTripStore.tripKey(trip))).isFalse();
        }
    }
}
