package org.chillflow.core.stream.assembly;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.chillflow.core.stream.TripEvent;
import org.chillflow.core.stream.TripEventType;
import org.chillflow.core.stream.kafka.Inbound;

/**
 * The partial trips of one assembler lane (one {@code trip-events} partition) in the lane's memory, with Redis as
 * their durable copy: the pattern of Kafka Streams' local state store and its changelog. Kafka keys trip-events by
 * trip key, so the lane that owns a partition sees every event of its trips; it merges them here instead of one
 * Redis script call per event, reads Redis only for a trip it does not know yet (a trip it has never seen, or one
 * another assembler worked on before this lane got the partition), and writes each trip that is still partial after
 * the batch back to Redis in the layout {@link PartialTripStore} reads (one pipelined round trip). A trip that
 * completes in the batch is not written: the engine settles it at the end of the batch. Beside an event's JSON it keeps
 * the event as the engine read it when it came, for those the trip's row is made of: the completion does not read them
 * again (an event loaded from Redis is read from its JSON).
 *
 * <p>The copy here is only trusted while nothing else can have changed Redis under it; it is dropped, and Redis read
 * again, when
 * <ul>
 * <li>the batch does not continue the offsets of the lane's last batch on its partition (a rebalance moved the
 * partition away and back, or records come again after a failure or a Kafka restart: another assembler may have
 * completed their trips meanwhile);</li>
 * <li>Redis's state epoch changed: {@link PartialTripStore#epoch()} is a key written once, so a flushed or replaced
 * Redis (FLUSHALL, a node that lost its data) is noticed at the next batch;</li>
 * <li>a batch failed (whatever it wrote, the retry reads Redis);</li>
 * <li>a trip's copy is older than {@code trustFor}: the partial-trip sweep (another lane, or another server) may have
 * dead-lettered and dropped it, so it is read again from Redis.</li>
 * </ul>
 * Trips the lane settled are remembered (at most {@link #DONE_REMEMBERED}) so that their duplicates are dropped
 * without a round trip; others are found settled in Redis, as before. Not thread-safe: one lane uses it.
 */
final class LaneTripState {

    /** Settled trips remembered per lane (their duplicates are recognised without Redis). */
    static final int DONE_REMEMBERED = 100_000;
    /** Partial trips held per lane; beyond this the copy is dropped (Redis has them all). */
    static final int PARTIALS_HELD = 500_000;

    /** A trip's events as the lane knows them. */
    private static final class Trip {
        final Map<String, String> events = new LinkedHashMap<>();
        final Map<String, String> sources = new LinkedHashMap<>();
        /** The events this lane read itself, by type (those loaded from Redis are read from their JSON when needed). */
        final Map<String, TripEvent> parsed = new HashMap<>();
        int mask;
        long loadedAtMillis;
        /** The event types this batch added (written back to Redis when the trip stays partial). */
        Set<String> added = new LinkedHashSet<>();
    }

    private final PartialTripStore store;
    private final long trustForMillis;
    private final Map<String, Trip> trips = new HashMap<>();
    private final Map<String, Boolean> done = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > DONE_REMEMBERED;
        }
    };
    /** Per partition: the offset the next batch must start at for the copy to be trusted. */
    private final Map<Integer, Long> nextOffset = new HashMap<>();
    private String epoch;
    private long prunedAtMillis;

    LaneTripState(PartialTripStore store, java.time.Duration trustFor) {
        this.store = store;
        this.trustForMillis = trustFor.toMillis();
    }

    /**
     * Whether the batch can use the lane's copy: its records come from Kafka partitions and continue the lane's last
     * batch on each. Drops the copy when they do not.
     */
    boolean continues(List<Inbound> batch) {
        Map<Integer, Long> first = new HashMap<>();
        for (Inbound in : batch) {
            if (in.partition() < 0) {
                clear();
                return false;
            }
            first.putIfAbsent(in.partition(), in.offset());
        }
        for (Map.Entry<Integer, Long> e : first.entrySet()) {
            Long expected = nextOffset.get(e.getKey());
            if (expected != null && !expected.equals(e.getValue())) {
                clear();
                return true; // a fresh copy, read from Redis, is trusted from here
            }
        }
        return true;
    }

    /** Adds the batch's events in order; the outcomes are those {@link PartialTripStore#addAll} gives. */
    List<PartialTripStore.Outcome> addAll(List<PartialTripStore.Add> adds, long nowMillis) {
        String current = store.epoch();
        if (!current.equals(epoch)) {
            clear();
            epoch = current;
        }
        if (nowMillis - prunedAtMillis > trustForMillis / 4 || trips.size() > PARTIALS_HELD) {
            // trips no event came for lately (they wait for the sweep in Redis) leave the lane's memory
            trips.values().removeIf(trip -> nowMillis - trip.loadedAtMillis > trustForMillis);
            if (trips.size() > PARTIALS_HELD) {
                trips.clear();
            }
            prunedAtMillis = nowMillis;
        }
        Set<String> unknown = new LinkedHashSet<>();
        for (PartialTripStore.Add add : adds) {
            String key = add.tripKey();
            Trip trip = trips.get(key);
            if (trip != null && nowMillis - trip.loadedAtMillis > trustForMillis) {
                trips.remove(key);
                trip = null;
            }
            if (trip == null && !done.containsKey(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            store.load(unknown).forEach((key, loaded) -> {
                if (loaded.done()) {
                    done.put(key, Boolean.TRUE);
                } else {
                    Trip trip = new Trip();
                    trip.loadedAtMillis = nowMillis;
                    loaded.stored().forEach((type, value) -> {
                        if (type.equals("_mask")) {
                            trip.mask = Integer.parseInt(value);
                        } else if (!type.startsWith("_")) {
                            PartialTripStore.decode(type, value, trip.events, trip.sources);
                        }
                    });
                    trips.put(key, trip);
                }
            });
        }
        List<PartialTripStore.Outcome> outcomes = new ArrayList<>(adds.size());
        Map<String, Trip> touched = new LinkedHashMap<>();
        for (PartialTripStore.Add add : adds) {
            String key = add.tripKey();
            if (done.containsKey(key)) {
                outcomes.add(new PartialTripStore.Outcome("done", Map.of(), Map.of()));
                continue;
            }
            Trip trip = trips.get(key);
            trip.events.put(add.type(), add.json());
            if (add.parsed() != null) {
                trip.parsed.put(add.type(), add.parsed());
            } else {
                trip.parsed.remove(add.type());
            }
            if (add.source() != null) {
                trip.sources.put(add.type(), add.source());
            } else {
                trip.sources.remove(add.type());
            }
            trip.mask |= add.bit();
            trip.added.add(add.type());
            touched.put(key, trip);
            if ((trip.mask & TripEventType.REQUIRED_MASK) == TripEventType.REQUIRED_MASK) {
                outcomes.add(new PartialTripStore.Outcome("complete", new LinkedHashMap<>(trip.events),
                        new LinkedHashMap<>(trip.sources), new HashMap<>(trip.parsed)));
            } else {
                outcomes.add(new PartialTripStore.Outcome("partial", Map.of(), Map.of()));
            }
        }
        Map<String, PartialTripStore.PartialWrite> writes = new LinkedHashMap<>();
        touched.forEach((key, trip) -> {
            if ((trip.mask & TripEventType.REQUIRED_MASK) != TripEventType.REQUIRED_MASK) {
                Map<String, String> fields = new LinkedHashMap<>();
                for (String type : trip.added) {
                    fields.put(type, PartialTripStore.stored(trip.sources.get(type), trip.events.get(type)));
                }
                writes.put(key, new PartialTripStore.PartialWrite(fields, trip.mask));
            }
            trip.added = new LinkedHashSet<>();
        });
        store.writePartials(writes, nowMillis);
        return outcomes;
    }

    /** After the batch is through (settled): its trips are done, its offsets the ones the next batch continues. */
    void settled(Iterable<String> written, Iterable<String> rejected, List<Inbound> batch) {
        for (Iterable<String> keys : List.of(written, rejected)) {
            for (String key : keys) {
                trips.remove(key);
                done.put(key, Boolean.TRUE);
            }
        }
        for (Inbound in : batch) {
            nextOffset.merge(in.partition(), in.offset() + 1, Math::max);
        }
    }

    /** Forgets everything: the next batch reads its trips from Redis. */
    void clear() {
        trips.clear();
        done.clear();
        nextOffset.clear();
        epoch = null;
    }
}
