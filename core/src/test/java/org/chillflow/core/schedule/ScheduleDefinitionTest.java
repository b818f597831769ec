package org.chillflow.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ScheduleDefinitionTest {

    private static ScheduleDefinition every(String every, String offset) {
        return new ScheduleDefinition("s", "aggregate-kpis", Map.of(), Duration.parse(every), Duration.parse(offset), true);
    }

    @Test
    void fireTimesAreMidnightPlusOffsetPlusMultiplesOfThePeriod() {
        LocalDateTime now = LocalDateTime.of(2026, 11, 24, 7, 5, 30);
        assertThat(every("PT1H", "PT0S").nextAfter(now)).isEqualTo(LocalDateTime.of(2026, 11, 24, 8, 0));
        assertThat(every("P1D", "PT2H").nextAfter(now)).isEqualTo(LocalDateTime.of(2026, 11, 25, 2, 0));
        assertThat(every("P1D", "PT8H").nextAfter(now)).isEqualTo(LocalDateTime.of(2026, 11, 24, 8, 0));
        assertThat(every("PT15M", "PT0S").nextAfter(LocalDateTime.of(2026, 11, 24, 7, 15))).isEqualTo(
                LocalDateTime.of(2026, 11, 24, 7, 30));
        assertThat(every("PT2S", "PT0S").nextAfter(LocalDateTime.of(2026, 11, 24, 0, 0, 1, 500))).isEqualTo(
                LocalDateTime.of(2026, 11, 24, 0, 0, 2));
    }

    @Test
    void definitionsComeFromConfigurationKeys() {
        Map<String, String> config = Map.of(
                "chillflow.schedule.kpi-hourly.job", "aggregate-kpis",
                "chillflow.schedule.kpi-hourly.every", "PT1H",
                "chillflow.schedule.kpi-hourly.parameters", "mode=incremental",
                "chillflow.schedule.nightly.job", "aggregate-kpis",
                "chillflow.schedule.nightly.every", "P1D",
                "chillflow.schedule.nightly.offset", "PT2H",
                "chillflow.schedule.nightly.enabled", "false",
                "chillflow.data.dir", "data");
        var schedules = ScheduleDefinition.fromConfig(config.keySet(), k -> Optional.ofNullable(config.get(k)));
        assertThat(schedules).extracting(ScheduleDefinition::name).containsExactly("kpi-hourly", "nightly");
        assertThat(schedules.get(0).parameters()).containsExactly(Map.entry("mode", "incremental"));
        assertThat(schedules.get(1).enabled()).isFalse();
        assertThat(schedules.get(1).offset()).isEqualTo(Duration.ofHours(2));
        assertThat(ScheduleDefinition.text(schedules.get(0).parameters())).isEqualTo("mode=incremental");
    }

    @Test
    void schedulesCanBeDefinedByEnvironmentVariables() {
        Map<String, String> env = Map.of("CHILLFLOW_SCHEDULE_IT_ZONES_JOB", "seed-zones");
        Map<String, String> lookups = Map.of("chillflow.schedule.it-zones.job", "seed-zones",
                "chillflow.schedule.it-zones.every", "PT2S");
        var schedules = ScheduleDefinition.fromConfig(env.keySet(), k -> Optional.ofNullable(lookups.get(k)));
        assertThat(schedules).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("it-zones");
            assertThat(s.every()).isEqualTo(Duration.ofSeconds(2));
        });
    }

    @Test
    void aScheduleWithoutAPeriodIsRefusedByName() {
        Map<String, String> config = Map.of("chillflow.schedule.broken.job", "aggregate-kpis");
        assertThatThrownBy(() -> ScheduleDefinition.fromConfig(config.keySet(), k -> Optional.ofNullable(config.get(k))))
                .hasMessage("schedule broken needs chillflow.schedule.broken.every");
    }
}
