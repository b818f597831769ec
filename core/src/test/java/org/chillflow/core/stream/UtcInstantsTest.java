package org.chillflow.core.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The formatter-free reading gives what {@link Instant#parse} gives, or leaves the decision to it. */
class UtcInstantsTest {

    @Test
    void readsWhatInstantToStringWritesAsInstantParseDoes() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            // 1970 to 2100, with no fraction, millis, micros or nanos (Instant.toString writes 0, 3, 6 or 9 digits)
            long seconds = (long) (random.nextDouble() * 4_102_444_800L);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            String text = Instant.ofEpochSecond(seconds, nanos).toString();
            assertThat(UtcInstants.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
        assertThat(UtcInstants.parse("2025-02-28T23:59:59.5Z")).isEqualTo(Instant.parse("2025-02-28T23:59:59.5Z"));
        assertThat(UtcInstants.parse("2024-02-29T00:00:00Z")).isEqualTo(Instant.parse("2024-02-29T00:00:00Z"));
    }

    @Test
    void anyOtherFormIsLeftToTheFormatters() {
        for (String other : new String[] {"2025-02-29T00:00:00Z", "2025-13-01T00:00:00Z", "2025-01-01T24:00:00Z",
                "2025-06-30T23:59:60Z", "2025-01-01T00:00:00+01:00", "2025-01-01T00:00:00", "2025-01-01 00:00:00Z",
                "2025-01-01T00:00:00.Z", "2025-01-01T00:00:00.1234567890Z", "2025-01-0xT00:00:00Z", "", "Z",
                "+12025-01-01T00:00:00Z"}) {
            assertThat(UtcInstants.parse(other)).as(other).isNull();
        }
    }

    @Test
    void tripEventsReadAnEventTimeAsBeforeAndRefuseWhatTheyRefusedBefore() {
        assertThat(TripEvents.epochMillis("2025-02-01T05:06:07.089Z")).isEqualTo(Instant.parse("2025-02-01T05:06:07.089Z").toEpochMilli());
        assertThat(TripEvents.epochMillis("2025-02-01T05:06:07+01:00"))
                .isEqualTo(Instant.parse("2025-02-01T04:06:07Z").toEpochMilli()); // an offset: the formatter reads it
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TripEvents.epochMillis("2025-02-30T00:00:00Z"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ISO-8601");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TripEvents.epochMillis(null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
