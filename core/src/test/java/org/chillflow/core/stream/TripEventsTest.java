package org.chillflow.core.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import jakarta.json.bind.Jsonb;

import org.chillflow.core.trip.RawTrip;
import org.junit.jupiter.api.Test;

class TripEventsTest {

    private static RawTrip trip(LocalDateTime pickup, LocalDateTime dropoff) {
        return new RawTrip(7, 2, pickup, dropoff, 1, 3.2, 1, "N", 236, 161, 1, 17.0, 1.0, 0.5, 4.4, 0.0, 1.0, 26.65,
                2.5, null, 0.75);
    }

    @Test
    void aTripIsFiveEventsInTheReferencesOrderWithInstantsFromNewYorkTime() {
        RawTrip trip = trip(LocalDateTime.of(2025, 2, 3, 8, 15), LocalDateTime.of(2025, 2, 3, 8, 40, 30));
        List<TripEvent> events = TripEvents.split("key-1", "veh_abc", trip);
        assertThat(events).extracting(e -> e.eventType).containsExactly("trip_started", "zone_entered", "trip_ended",
                "zone_exited", "payment_processed");
        // EST in February: New York 08:15 is 13:15 UTC
        assertThat(events).extracting(e -> e.timestamp).containsExactly("2025-02-03T13:15:00Z", "2025-02-03T13:15:30Z",
                "2025-02-03T13:40:30Z", "2025-02-03T13:41:00Z", "2025-02-03T13:41:30Z");
        assertThat(events.get(2).tripDurationMinutes).isEqualTo(25.5);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.tripKey).isEqualTo("key-1");
            assertThat(e.vehicleIdH).isEqualTo("veh_abc");
            assertThat(e.vendorId).isEqualTo(2);
        });
        assertThat(events).extracting(e -> e.eventId).doesNotHaveDuplicates();
        // deterministic: a replay gives the same ids
        assertThat(TripEvents.split("key-1", "veh_abc", trip)).extracting(e -> e.eventId)
                .isEqualTo(events.stream().map(e -> e.eventId).toList());
        // summer time: New York 08:15 is 12:15 UTC
        assertThat(TripEvents.instant(LocalDateTime.of(2025, 7, 1, 8, 15))).isEqualTo("2025-07-01T12:15:00Z");
    }

    @Test
    void everyRealTripOfTheSampleComesBackFromItsEventsThroughJson() throws Exception {
        int trips = 0;
        try (Jsonb jsonb = TripEventJson.create()) {
            for (RawTrip trip : SampleTrips.splittable()) {
                String key = SampleTrips.key(trip);
                Map<TripEventType, TripEvent> received = new EnumMap<>(TripEventType.class);
                for (TripEvent event : TripEvents.split(key, "veh_x", trip)) {
                    TripEvent back = jsonb.fromJson(jsonb.toJson(event), TripEvent.class);
                    received.put(TripEventType.fromWire(back.eventType).orElseThrow(), back);
                }
                RawTrip assembled = TripEvents.assemble(received);
                assertThat(assembled).usingRecursiveComparison().ignoringFields("sourceRow").isEqualTo(trip);
                trips++;
            }
        }
        assertThat(trips).isGreaterThan(4_900);
    }

    @Test
    void theJsonIsVersionedSnakeCaseAndWritesNulls() throws Exception {
        RawTrip trip = trip(LocalDateTime.of(2025, 2, 3, 8, 15), LocalDateTime.of(2025, 2, 3, 8, 40));
        TripEvent paid = TripEvents.split("k", "veh_abc", trip).get(4);
        try (Jsonb jsonb = TripEventJson.create()) {
            String json = jsonb.toJson(paid);
            assertThat(json).startsWith("{\"schema_version\":1,\"event_id\":\"")
                    .contains("\"event_type\":\"payment_processed\"", "\"airport_fee\":null", "\"total_amount\":26.65",
                            "\"source\":\"stream\"");
        }
    }

    @Test
    void anIncompleteTripOrABadInstantIsRefusedByName() {
        assertThatThrownBy(() -> TripEvents.assemble(Map.of())).hasMessage("trip incomplete: no trip_started event");
        assertThatThrownBy(() -> TripEvents.localTime("2025-02-03 08:15")).hasMessageContaining("ISO-8601 instant");
        assertThat(TripEventType.fromWire("tip_added")).isEmpty();
        assertThat(TripEventType.TRIP_STARTED.mask() | TripEventType.TRIP_ENDED.mask()
                | TripEventType.PAYMENT_PROCESSED.mask()).isEqualTo(TripEventType.REQUIRED_MASK);
    }
}
