package org.chillflow.core.stream.kafka;

/** Where the assembler's results go: completed trips to {@code trips-completed}, refused records to the dead letters. */
public interface StreamOutput extends DeadLetters {

    /**
     * @param pickupZone the record key
     * @param zoneEvent the trip as a zone event ({@code ZoneEventCodec.encodeTrip}), for the zone windows
     */
    void completed(int pickupZone, String tripKey, String zoneEvent, long eventTimestampMillis);
}
