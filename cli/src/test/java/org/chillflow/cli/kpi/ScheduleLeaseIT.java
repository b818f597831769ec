package org.chillflow.cli.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.chillflow.cli.db.CliDatabase;
import org.chillflow.core.migration.SchemaMigrator;
import org.chillflow.core.schedule.ScheduleDefinition;
import org.chillflow.core.schedule.ScheduleStore;
import org.junit.jupiter.api.Test;

/** The schedule lease on the real database: two "servers" claiming the same due schedule at once. */
class ScheduleLeaseIT {

    @Test
    void aDueScheduleIsClaimedByExactlyOneOfTwoServersEveryTime() throws Exception {
        SchemaMigrator.migrate(CliDatabase.dataSource());
        sql("DELETE FROM ops.schedule WHERE name = 'lease-it'");
        ScheduleStore store = new ScheduleStore(CliDatabase.transactions());
        ScheduleDefinition hourly = new ScheduleDefinition("lease-it", "aggregate-kpis", Map.of("mode", "full"),
                Duration.ofHours(1), Duration.ZERO, true);
        LocalDateTime now = LocalDateTime.of(2026, 11, 24, 7, 30);
        store.register(List.of(hourly), now.minusHours(2));
        ExecutorService servers = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                sql("UPDATE ops.schedule SET next_fire_at = '2026-11-24 07:00' WHERE name = 'lease-it'");
                CountDownLatch go = new CountDownLatch(1);
                List<Future<List<ScheduleStore.Claim>>> claims = new ArrayList<>();
                for (String owner : List.of("server-a", "server-b")) {
                    claims.add(servers.submit(() -> {
                        go.await();
                        return store.claim(owner, now).stream().filter(c -> c.name().equals("lease-it")).toList();
                    }));
                }
                go.countDown();
                int won = 0;
                for (Future<List<ScheduleStore.Claim>> claim : claims) {
                    won += claim.get().size();
                }
                assertThat(won).as("claims in round %d", round).isEqualTo(1);
                ScheduleStore.ScheduleState state = store.find("lease-it").orElseThrow();
                assertThat(state.nextFireAt()).isEqualTo(LocalDateTime.of(2026, 11, 24, 8, 0));
                assertThat(state.lastFiredBy()).isIn("server-a", "server-b");
            }
        } finally {
            servers.shutdownNow();
        }
        // a disabled schedule is never claimed, however late it is
        store.setEnabled("lease-it", false, now);
        sql("UPDATE ops.schedule SET next_fire_at = '2026-11-24 07:00' WHERE name = 'lease-it'");
        assertThat(store.claim("server-a", now)).noneMatch(c -> c.name().equals("lease-it"));
        // enabling it again moves its next fire time to the next slot
        assertThat(store.setEnabled("lease-it", true, now).orElseThrow().nextFireAt())
                .isEqualTo(LocalDateTime.of(2026, 11, 24, 8, 0));
        sql("DELETE FROM ops.schedule WHERE name = 'lease-it'");
    }

    private static void sql(String statement) throws Exception {
        try (Connection connection = CliDatabase.dataSource().getConnection();
                Statement s = connection.createStatement()) {
            s.executeUpdate(statement);
        }
    }
}
