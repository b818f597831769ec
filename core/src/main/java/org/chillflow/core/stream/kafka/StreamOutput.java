package org.chillflow.core.stream.kafka;

/** Where the assembler's results go: completed trips to {@code trips-completed}, refused records to the dead letters. */
public interface StreamOutput extends DeadLetters {

    /**
     * @param pickupZone the record key
     * @param zoneEvent the trip as a zone event ({@code ZoneEventCodec.encodeTrip}), for the zone windows
     * @param replay the replay of the event that completed the trip, or null
     */
    void completed(int pickupZone, String tripKey, String zoneEvent, long eventTimestampMillis, String replay);

    /**
     * A lane's progress for one replay (null: live traffic), to every partition of {@code trips-completed}, after
     * the trips it covers ({@link StreamHeaders#WATERMARK}).
     */
    void progress(String replay, int lane, long markMillis);
}
