package org.chillflow.core.stream.kafka;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The Kafka headers the stream's producers and consumers agree on beside the dead-letter ones.
 *
 * <ul>
 * <li>{@value #REPLAY}: the replay a record belongs to — one id per run of a producer that replays recorded data
 * ({@code chillflow stream produce}, {@code POST /api/stream/replay}, {@code chillflow replay streampulse}). Its
 * events have an event-time watermark of their own in the zone windows, so replaying an older month after a newer
 * one fills its windows instead of arriving behind the newer one's watermark. The assembler passes the completing
 * event's replay on to the trip it completes.</li>
 * <li>{@value #WATERMARK}: on a {@code trips-completed} record without a value, an assembler lane's progress: {@code
 * <lane>:<epoch millis>} = "lane (a trip-events partition) will publish no more completed trips of this replay that
 * ended before this time". Each lane sends it to every partition of {@code trips-completed} after the trips of a
 * batch, so the windows' watermark for completed trips is the lowest over every lane and every partition, whatever
 * the order in which the lanes and the partitions are consumed.</li>
 * <li>{@value #WATERMARK} = {@value #END}, on a {@code trip-events} record without a value: the end of a replay, sent
 * by its producer to every partition after the replay's last event ({@link #endOfReplay}). A lane passes it on as a
 * mark at the end of time, so a replay's last windows become final at once instead of after
 * {@code chillflow.windows.source-idle}, and a lane that had none of the replay's trips stops holding its windows
 * back.</li>
 * </ul>
 */
public final class StreamHeaders {

    public static final String REPLAY = "chillflow-replay";
    public static final String WATERMARK = "chillflow-watermark";
    public static final String END = "end";

    private StreamHeaders() {
    }

    /** A new replay id: the prefix and 12 random hex digits. */
    public static String newReplayId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** The header's last value as text, or null. */
    public static String text(Headers headers, String name) {
        Header header = headers == null ? null : headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    public static void add(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** The end-of-replay record for one partition of a topic (no key, no value). */
    public static org.apache.kafka.clients.producer.ProducerRecord<String, String> endOfReplay(String topic, int partition,
            String replay) {
        var record = new org.apache.kafka.clients.producer.ProducerRecord<String, String>(topic, partition, null, "");
        add(record.headers(), REPLAY, replay);
        add(record.headers(), WATERMARK, END);
        return record;
    }

    /** A lane's progress mark as sent: lane and time. */
    public record Mark(int lane, long millis) {

        public String wire() {
            return lane + ":" + millis;
        }

        /** The mark a header value names, or null when it is not one. */
        public static Mark parse(String value) {
            if (value == null) {
                return null;
            }
            int colon = value.indexOf(':');
            try {
                return colon < 0 ? null : new Mark(Integer.parseInt(value.substring(0, colon)),
                        Long.parseLong(value.substring(colon + 1)));
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
