package org.chillflow.core.stream.window;

import org.chillflow.core.stream.ZoneEvent;
import org.chillflow.core.stream.ZoneEventCodec;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * A StreamPulse CSV file ({@code trip_id,region_id,event_time,fare,duration,distance}) made ready to replay. Each
 * row becomes a JSON object the same way in both modes: a numeric cell becomes a number, an empty one null, any
 * other text a string; {@code trip_id} and {@code event_time} stay strings. Validated, the rows go through
 * {@link ZoneEventCodec} (the consumer's own rules): the valid ones, sorted by event time (stable, as the
 * reference producer sorts), in their canonical form; the rest are counted by reason, and the run goes on. Raw, every
 * row is sent as it is, in file order, so the server's dead-letter path can be exercised.
 */
public final class StreamPulseFile {

    private static final JsonProvider JSON = JsonProvider.provider();
    static final String[] COLUMNS = { "trip_id", "region_id", "event_time", "fare", "duration", "distance" };

    /** One record to send: key = region (partitioning by region, as StreamPulse), value = the JSON. */
    public record Outgoing(long line, String key, String json, ZoneEvent event) {
    }

    /** A refused row: its line (1 = header) and why. */
    public record Rejected(long line, String reason, String detail) {
    }

    public record Prepared(int rows, List<Outgoing> events, List<Rejected> rejected) {
        public Map<String, Long> rejectedByReason() {
            Map<String, Long> counts = new TreeMap<>();
            rejected.forEach(r -> counts.merge(r.reason(), 1L, Long::sum));
            return counts;
        }
    }

    private StreamPulseFile() {
    }

    public static Prepared read(Path file, boolean raw) throws IOException {
        List<Outgoing> events = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        int rows = 0;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Iterable<CSVRecord> records = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(reader);
            for (CSVRecord record : records) {
                rows++;
                JsonObject json = json(record);
                long line = record.getRecordNumber() + 1;
                String key = record.isMapped("region_id") && record.isSet("region_id") && !record.get("region_id").isBlank()
                        ? record.get("region_id").trim() : null;
                if (raw) {
                    events.add(new Outgoing(line, key, json.toString(), null));
                    continue;
                }
                ZoneEventCodec.Decoded decoded = ZoneEventCodec.decode(json);
                if (decoded.valid()) {
                    ZoneEvent event = decoded.event();
                    events.add(new Outgoing(line, Integer.toString(event.regionId()), ZoneEventCodec.encode(event), event));
                } else {
                    rejected.add(new Rejected(line, decoded.invalid().reason(), decoded.invalid().detail()));
                }
            }
        }
        if (!raw) {
            events.sort(Comparator.comparing(o -> o.event().eventTime()));
        }
        return new Prepared(rows, List.copyOf(events), List.copyOf(rejected));
    }

    static JsonObject json(CSVRecord record) {
        JsonObjectBuilder b = JSON.createObjectBuilder();
        for (String column : COLUMNS) {
            String cell = record.isMapped(column) && record.isSet(column) ? record.get(column).trim() : "";
            if (cell.isEmpty()) {
                b.addNull(column);
            } else if (column.equals("trip_id") || column.equals("event_time")) {
                b.add(column, cell);
            } else {
                BigDecimal number = number(cell);
                if (number == null) {
                    b.add(column, cell);
                } else {
                    b.add(column, number);
                }
            }
        }
        return b.build();
    }

    private static BigDecimal number(String cell) {
        try {
            return new BigDecimal(cell);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
