package org.chillflow.core.stream.assembly;

import org.chillflow.core.stream.kafka.StreamOutput;
import org.chillflow.core.stream.kafka.Inbound;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.chillflow.core.stream.TripEvent;
import org.chillflow.core.stream.TripEventJson;
import org.chillflow.core.stream.TripEventType;
import org.chillflow.core.stream.TripEvents;
import org.chillflow.core.stream.ZoneEventCodec;
import org.chillflow.core.trip.RawTrip;
import org.chillflow.core.trip.quality.DqVerdict;

/**
 * Reassembles trips from a batch of {@code trip-events} records, the same way inside Liberty (TripAssembler)
 * and on the command line ({@code chillflow stream assemble}): every event goes into its trip's partial state
 * in Redis (one pipelined round trip for the batch; a server's lane, which owns a partition, merges them in its
 * memory and writes the trips still partial back to Redis instead: {@link LaneTripState}); the trips the batch
 * completes are upserted into {@code stg.complete_trip} in one transaction, published to {@code trips-completed}
 * with the batch's dead letters (the producer flushed), and only then marked settled in Redis. The caller acknowledges the records after
 * {@link #process} returns. Every step is idempotent, so a batch that fails half way is simply processed
 * again: a redelivered or duplicated event finds its trip settled and is dropped, a failure before the mark
 * replays into the same upsert and publishes the trip again (the windows count a trip id once). Settling last
 * matters: a settle that fails half way (a Redis node lost mid-pipeline) leaves some trips marked, and a trip
 * marked before it was published would never reach the windows or the dead-letter topic.
 */
public final class TripAssemblyEngine {

    /** Counts for metrics; the default does nothing. */
    public interface Observer {
        default void event(String type, String outcome) {
        }

        /** From the completing event's record timestamp (its produce time) to the committed row. */
        default void latencyMillis(long millis) {
        }

        /** Time a batch spent in one stage: parse, redis, write, settle, publish. */
        default void stage(String stage, long nanos) {
        }
    }

    /** What a batch gave. */
    public record Result(int events, int partial, int duplicates, int completed, int deadLetters) {
    }

    private record Parsed(Inbound inbound, TripEvent event, TripEventType type, long eventMillis) {
    }

    /** How far behind a lane's latest event a trip it completes may have ended (chillflow.windows.bound's default). */
    public static final java.time.Duration DEFAULT_COMPLETION_BOUND = java.time.Duration.ofMinutes(5);

    private record DeadLetter(String payload, Inbound source, String tripKey, String reason, String detail) {
    }

    private final PartialTripStore partials;
    private final StreamTripWriter writer;
    private final StreamOutput output;
    private final Observer observer;
    private final long completionBoundMillis;
    /** Per replay ("" = live traffic) and lane (trip-events partition): the latest event time seen. */
    private final Map<String, Map<Integer, Long>> progress = new java.util.HashMap<>();
    /** The lane's partial trips in memory, or null (every event through Redis). */
    private final LaneTripState local;

    public TripAssemblyEngine(PartialTripStore partials, StreamTripWriter writer, StreamOutput output, Observer observer) {
        this(partials, writer, output, observer, DEFAULT_COMPLETION_BOUND);
    }

    /**
     * @param completionBound how far out of event-time order a lane's events may arrive ({@code chillflow.windows.bound}):
     *        after a batch, the lane promises the zone windows no more completed trips that ended before its latest
     *        event time minus this. A trip completes with its payment, a minute after its drop-off; events more out
     *        of order than the bound make their trip late in the windows (dead-lettered there as {@code late_event}).
     */
    public TripAssemblyEngine(PartialTripStore partials, StreamTripWriter writer, StreamOutput output, Observer observer,
            java.time.Duration completionBound) {
        this(partials, writer, output, observer, completionBound, java.time.Duration.ZERO);
    }

    /**
     * @param localStateFor for an engine that owns one Kafka partition (a server's lane): keep the partition's partial
     *        trips in memory ({@link LaneTripState}) and trust a trip's copy this long before reading it from Redis
     *        again (less than the partial-trip timeout: the sweep may drop a trip that waited that long); zero: every
     *        event goes through Redis's add-event script
     */
    public TripAssemblyEngine(PartialTripStore partials, StreamTripWriter writer, StreamOutput output, Observer observer,
            java.time.Duration completionBound, java.time.Duration localStateFor) {
        this.partials = partials;
        this.writer = writer;
        this.output = output;
        this.observer = observer;
        this.completionBoundMillis = completionBound.toMillis();
        this.local = localStateFor.isZero() ? null : new LaneTripState(partials, localStateFor);
    }

    /**
     * Processes a batch. Throws when Redis, PostgreSQL or Kafka fails; nothing is then acknowledged and the
     * batch may be processed again as it is.
     */
    public Result process(List<Inbound> batch) throws SQLException {
        try {
            return processBatch(batch);
        } catch (SQLException | RuntimeException e) {
            if (local != null) {
                local.clear(); // whatever the batch wrote, its retry reads the trips from Redis
            }
            throw e;
        }
    }

    private Result processBatch(List<Inbound> batch) throws SQLException {
        long t0 = System.nanoTime();
        boolean inMemory = local != null && local.continues(batch);
        List<DeadLetter> deadLetters = new ArrayList<>();
        List<Parsed> parsed = new ArrayList<>(batch.size());
        List<Inbound> ends = new ArrayList<>();
        for (Inbound inbound : batch) {
            if (inbound.endOfReplay()) {
                ends.add(inbound);
                continue;
            }
            try {
                parsed.add(parse(inbound));
            } catch (BadEvent e) {
                deadLetters.add(new DeadLetter(inbound.payload(), inbound, e.tripKey, e.reason, e.getMessage()));
            }
        }
        List<PartialTripStore.Add> adds = new ArrayList<>(parsed.size());
        for (Parsed p : parsed) {
            // the event read here goes along when the trip's row needs it, so that a lane holding the trip in memory
            // does not read its JSON again at completion (a third of the parsing, in the stream benchmark's profile)
            boolean forTheRow = (p.type.mask() & TripEventType.REQUIRED_MASK) != 0;
            adds.add(new PartialTripStore.Add(p.event.tripKey, p.type.wire(), p.type.mask(), p.inbound.payload(),
                    source(p.inbound), forTheRow ? p.event : null));
        }
        long t1 = System.nanoTime();
        observer.stage("parse", t1 - t0);
        List<PartialTripStore.Outcome> outcomes = inMemory ? local.addAll(adds, System.currentTimeMillis())
                : partials.addAll(adds, System.currentTimeMillis());
        long t2 = System.nanoTime();
        observer.stage("redis", t2 - t1);

        Map<String, StreamTripWriter.Completed> completed = new LinkedHashMap<>();
        Map<String, Parsed> completing = new LinkedHashMap<>();
        Map<String, PartialTripStore.Outcome> completingOutcomes = new LinkedHashMap<>();
        List<String> rejected = new ArrayList<>();
        int partial = 0;
        int duplicates = 0;
        for (int i = 0; i < parsed.size(); i++) {
            Parsed p = parsed.get(i);
            PartialTripStore.Outcome outcome = outcomes.get(i);
            String key = p.event.tripKey;
            if (outcome.done() || outcome.complete() && (completed.containsKey(key) || rejected.contains(key))) {
                duplicates++;
                observer.event(p.type.wire(), "duplicate");
            } else if (!outcome.complete()) {
                partial++;
                observer.event(p.type.wire(), "partial");
            } else {
                try {
                    completed.put(key, new StreamTripWriter.Completed(key, p.event.vehicleIdH, assemble(key, outcome, p)));
                    completing.put(key, p);
                    completingOutcomes.put(key, outcome);
                } catch (BadEvent e) {
                    rejected.add(key);
                    refuse(deadLetters, p, outcome, e.reason, e.getMessage());
                }
            }
        }
        long t3 = System.nanoTime();
        observer.stage("assemble", t3 - t2);
        Set<String> unknownZones = writer.upsertAll(new ArrayList<>(completed.values()));
        long t4 = System.nanoTime();
        observer.stage("write", t4 - t3);
        for (String key : unknownZones) {
            StreamTripWriter.Completed c = completed.remove(key);
            rejected.add(key);
            refuse(deadLetters, completing.get(key), completingOutcomes.get(key), "zone_not_in_dim_zone",
                    "zone ids " + c.trip().puZoneId() + "/" + c.trip().doZoneId() + " are not in dim.zone");
        }
        long t5 = System.nanoTime();
        long committedAt = System.currentTimeMillis();
        for (StreamTripWriter.Completed c : completed.values()) {
            Parsed p = completing.get(c.tripKey());
            output.completed(c.trip().puZoneId(), c.tripKey(), ZoneEventCodec.encodeTrip(c.tripKey(), c.trip()),
                    p.inbound.timestampMillis(), p.inbound.replay());
            observer.event(p.type.wire(), "completed");
            observer.latencyMillis(Math.max(0, committedAt - p.inbound.timestampMillis()));
        }
        for (DeadLetter d : deadLetters) {
            output.deadLetter(d.payload, d.source, d.tripKey, d.reason, d.detail);
            observer.event("any", "dead_letter_" + d.reason);
        }
        markProgress(parsed, ends);
        output.flush();
        long t6 = System.nanoTime();
        observer.stage("publish", t6 - t5);

        Map<String, Long> byReason = new TreeMap<>();
        deadLetters.forEach(d -> byReason.merge(d.reason, 1L, Long::sum));
        partials.settle(completed.keySet(), rejected, byReason, System.currentTimeMillis());
        if (inMemory) {
            local.settled(completed.keySet(), rejected, batch);
        }
        observer.stage("settle", System.nanoTime() - t6);
        return new Result(batch.size() - ends.size(), partial, duplicates, completed.size(), deadLetters.size());
    }

    /**
     * After the batch's trips: each lane (partition) and replay the batch moved forward tells the windows how far it
     * got. The marks go out even when the batch completed nothing, so a lane without trips of a zone does not hold
     * the windows back.
     */
    private void markProgress(List<Parsed> parsed, List<Inbound> ends) {
        Map<String, Map<Integer, Long>> moved = new java.util.HashMap<>();
        // a lane's batch is one partition's records, nearly always of one replay (or live traffic): the latest event
        // time of each run of the same replay and partition, then one lookup a run instead of one an event (the maps'
        // lookups were about 2 % of the server's samples in the stream benchmark's profile)
        String runReplay = null;
        int runPartition = -1;
        long runLatest = Long.MIN_VALUE;
        for (Parsed p : parsed) {
            int partition = p.inbound.partition();
            if (partition < 0) {
                continue; // a record without a partition (not from Kafka) is no lane
            }
            String replay = p.inbound.replay() == null ? "" : p.inbound.replay();
            if (runReplay != null && partition == runPartition && replay.equals(runReplay)) {
                runLatest = Math.max(runLatest, p.eventMillis);
                continue;
            }
            if (runReplay != null) {
                advance(moved, runReplay, runPartition, runLatest);
            }
            runReplay = replay;
            runPartition = partition;
            runLatest = p.eventMillis;
        }
        if (runReplay != null) {
            advance(moved, runReplay, runPartition, runLatest);
        }
        moved.forEach((replay, lanes) -> lanes.forEach((lane, latest) ->
                output.progress(replay.isEmpty() ? null : replay, lane, latest - completionBoundMillis)));
        for (Inbound end : ends) {
            // the replay's producer sent its last event to this partition before this record: the lane has
            // completed every trip of the replay it will complete (an incomplete one is swept as partial_expired)
            if (end.partition() >= 0 && end.replay() != null) {
                output.progress(end.replay(), end.partition(), Long.MAX_VALUE);
                progress.remove(end.replay());
            }
        }
        if (progress.size() > 1_000) {
            progress.keySet().retainAll(moved.keySet()); // replays long over: forgotten (a mark only ever moves up)
        }
    }

    /** The lane's latest event time of a replay ("" = live traffic), when the batch moved it forward. */
    private void advance(Map<String, Map<Integer, Long>> moved, String replay, int partition, long latest) {
        Map<Integer, Long> lanes = progress.computeIfAbsent(replay, r -> new java.util.HashMap<>());
        Long before = lanes.get(partition);
        if (before == null || latest > before) {
            lanes.put(partition, latest);
            moved.computeIfAbsent(replay, r -> new java.util.HashMap<>()).put(partition, latest);
        }
    }

    /**
     * Dead-letters every event of the partial trips whose last event is older than the timeout (reason
     * {@code partial_expired}), then drops them unless an event arrived meanwhile; returns the trips swept.
     * Not to be called while {@link #process} runs on another thread (they share the output).
     */
    public int sweepExpired(java.time.Duration timeout) {
        int swept = 0;
        long cutoff = System.currentTimeMillis() - timeout.toMillis();
        for (PartialTripStore.Expired trip : partials.expiredBefore(cutoff, 1_000)) {
            String detail = "trip incomplete " + timeout + " after its last event; events held: "
                    + trip.eventsByType().keySet();
            trip.eventsByType().forEach((type, json) -> output.deadLetter(json,
                    inbound(json, trip.sourcesByType().get(type)), trip.tripKey(), "partial_expired", detail));
            output.flush();
            if (partials.removeExpired(trip)) {
                partials.countDeadLetters(Map.of("partial_expired", (long) trip.eventsByType().size()));
                trip.eventsByType().keySet().forEach(type -> observer.event(type, "dead_letter_partial_expired"));
                swept++;
            }
        }
        return swept;
    }

    /** A complete trip that cannot be written: every one of its events goes to the dead-letter topic. */
    private static void refuse(List<DeadLetter> deadLetters, Parsed completing, PartialTripStore.Outcome outcome,
            String reason, String detail) {
        String key = completing.event.tripKey;
        deadLetters.add(new DeadLetter(completing.inbound.payload(), completing.inbound, key, reason, detail));
        outcome.eventsByType().forEach((wire, json) -> {
            if (!wire.equals(completing.type.wire())) {
                deadLetters.add(new DeadLetter(json, inbound(json, outcome.sourcesByType().get(wire)), key, reason, detail));
            }
        });
    }

    /** {@code topic/partition@offset} of a record, or null when it is not known. */
    static String source(Inbound inbound) {
        return inbound.partition() < 0 ? null : inbound.topic() + "/" + inbound.partition() + "@" + inbound.offset();
    }

    /** The record an event stored in Redis came in, as far as its source says (null when it does not). */
    static Inbound inbound(String json, String source) {
        if (source == null) {
            return null;
        }
        int slash = source.lastIndexOf('/');
        int at = source.lastIndexOf('@');
        try {
            return new Inbound(json, source.substring(0, slash), Integer.parseInt(source.substring(slash + 1, at)),
                    Long.parseLong(source.substring(at + 1)), 0);
        } catch (RuntimeException malformed) {
            return null;
        }
    }

    private Parsed parse(Inbound inbound) throws BadEvent {
        TripEvent event;
        try {
            event = TripEventJson.read(inbound.payload());
        } catch (TripEventJson.Malformed e) {
            throw new BadEvent(null, "malformed_json", e.getMessage());
        }
        String key = event.tripKey;
        TripEventType type = TripEventType.fromWire(event.eventType)
                .orElseThrow(() -> new BadEvent(key, "unknown_event_type", "event_type '" + event.eventType + "'"));
        require(key, "trip_key", event.tripKey);
        require(key, "timestamp", event.timestamp);
        require(key, "vendor_id", event.vendorId);
        require(key, "vehicle_id_h", event.vehicleIdH);
        long eventMillis;
        try {
            eventMillis = TripEvents.epochMillis(event.timestamp);
        } catch (IllegalArgumentException e) {
            throw new BadEvent(key, "bad_timestamp", e.getMessage());
        }
        return new Parsed(inbound, event, type, eventMillis);
    }

    /** Binds only the events the trip's columns come from; the completing one is bound already. */
    private RawTrip assemble(String key, PartialTripStore.Outcome outcome, Parsed completing) throws BadEvent {
        Map<TripEventType, TripEvent> events = new EnumMap<>(TripEventType.class);
        events.put(completing.type, completing.event);
        for (Map.Entry<String, String> stored : outcome.eventsByType().entrySet()) {
            TripEventType type = TripEventType.fromWire(stored.getKey()).orElse(null);
            if (type != null && (type.mask() & TripEventType.REQUIRED_MASK) != 0 && type != completing.type) {
                TripEvent read = outcome.parsedByType().get(stored.getKey()); // the lane's, read when it came
                try {
                    events.put(type, read != null ? read : TripEventJson.read(stored.getValue()));
                } catch (TripEventJson.Malformed e) { // read once already when it came; a stored copy that no longer reads
                    throw new BadEvent(key, "malformed_json", "stored " + type.wire() + " event: " + e.getMessage());
                }
            }
        }
        RawTrip trip;
        try {
            trip = TripEvents.assemble(events);
        } catch (IllegalArgumentException e) {
            throw new BadEvent(key, "unassemblable", e.getMessage());
        }
        if (trip.pickup() == null || trip.dropoff() == null || trip.puZoneId() == null || trip.doZoneId() == null) {
            throw new BadEvent(key, "missing_field", "trip " + key + " lacks a time or a zone");
        }
        // the batch curation's rules, so that the stream and the batch agree on what a trip in stg.complete_trip
        // (and in the zone windows) is; no month check (a stream has no month)
        DqVerdict verdict = DqVerdict.evaluate(trip, null);
        if (!verdict.kept()) {
            throw new BadEvent(key, verdict.rejectedBy().code(), verdict.reason());
        }
        return trip;
    }

    private static void require(String key, String field, Object value) throws BadEvent {
        if (value == null || value instanceof String s && s.isBlank()) {
            throw new BadEvent(key, "missing_field", field + " is missing");
        }
    }

    /** An event that cannot be used: it goes to the dead-letter topic with its reason. */
    static final class BadEvent extends Exception {
        final String tripKey;
        final String reason;

        BadEvent(String tripKey, String reason, String message) {
            super(message);
            this.tripKey = tripKey;
            this.reason = reason;
        }
    }
}
