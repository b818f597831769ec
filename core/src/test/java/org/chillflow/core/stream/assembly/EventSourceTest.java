package org.chillflow.core.stream.assembly;

import org.chillflow.core.stream.kafka.Inbound;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** An event kept in Redis keeps the record it came in, for a dead letter written later. */
class EventSourceTest {

    @Test
    void anEventStoredWithItsSourceComesBackWithIt() {
        Inbound record = new Inbound("{\"a\":\"x|y\"}", "trip-events", 2, 1234, 99);
        String stored = PartialTripStore.stored(TripAssemblyEngine.source(record), record.payload());
        Map<String, String> events = new HashMap<>();
        Map<String, String> sources = new HashMap<>();
        PartialTripStore.decode("trip_started", stored, events, sources);
        assertThat(events).containsEntry("trip_started", "{\"a\":\"x|y\"}");
        assertThat(sources).containsEntry("trip_started", "trip-events/2@1234");
        Inbound back = TripAssemblyEngine.inbound(events.get("trip_started"), sources.get("trip_started"));
        assertThat(back.topic()).isEqualTo("trip-events");
        assertThat(back.partition()).isEqualTo(2);
        assertThat(back.offset()).isEqualTo(1234);
        assertThat(back.payload()).isEqualTo(record.payload());
    }

    @Test
    void anEventWithoutASourceOrFromBeforeSourcesWereKeptHasNone() {
        Map<String, String> events = new HashMap<>();
        Map<String, String> sources = new HashMap<>();
        PartialTripStore.decode("trip_ended", PartialTripStore.stored(null, "{\"b\":1}"), events, sources);
        PartialTripStore.decode("payment_processed", "{\"c\":\"p|q\"}", events, sources); // the old format
        assertThat(events).containsEntry("trip_ended", "{\"b\":1}").containsEntry("payment_processed", "{\"c\":\"p|q\"}");
        assertThat(sources).isEmpty();
        assertThat(TripAssemblyEngine.inbound("{}", null)).isNull();
        assertThat(TripAssemblyEngine.source(new Inbound("{}", "trip-events", -1, -1, 0))).isNull();
    }
}
