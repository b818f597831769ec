package org.chillflow.web.stream;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.chillflow.core.stream.FeedPacer;
import org.chillflow.core.stream.TripEvent;
import org.chillflow.core.stream.TripEventJson;
import org.chillflow.core.stream.TripEventPublisher;
import org.chillflow.core.stream.TripEventSource;
import org.chillflow.core.stream.kafka.StreamHeaders;
import org.chillflow.core.trip.TripKeys;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Replays of a month through the stream ({@code POST /api/stream/replay}): the trips of {@code stg.complete_trip}
 * picked up in the month, or of a curated directory in the data directory, split into events, interleaved by
 * event time and sent to {@code trip-events} (keyed by trip key) through stream-ejb's TripEventProducer on a
 * managed thread, as fast as possible or paced by event time. One replay at a time per server; the last ones are kept for {@code GET}.
 */
@ApplicationScoped
public class StreamReplays {

    private static final Logger LOG = Logger.getLogger(StreamReplays.class.getName());

    /** A replay as the API shows it. */
    public record Replay(long id, String state, String month, String input, Double speed, String requestedBy,
            Instant startedAt, Instant finishedAt, long trips, long eventsSent, String error) {
    }

    @Resource(lookup = "jdbc/chillflow")
    DataSource dataSource;

    @Resource
    ManagedExecutorService executor;

    /** stream-ejb's TripEventProducer (Reactive Messaging). */
    @EJB
    TripEventPublisher publisher;

    private static final int WINDOW = 2_000;
    private static final long SEND_TIMEOUT_SECONDS = 120;

    @Inject
    @ConfigProperty(name = "chillflow.hash.salt")
    String salt;

    @Inject
    @ConfigProperty(name = "chillflow.hash.fleet-size", defaultValue = "" + TripKeys.DEFAULT_FLEET_SIZE)
    int fleetSize;

    /** A curated replay is sorted in memory: at most this many trips (5 events each). */
    @Inject
    @ConfigProperty(name = "chillflow.stream.replay.max-curated-trips", defaultValue = "200000")
    long maxCuratedTrips;

    /** Finished replays kept for GET; older ones are forgotten. */
    static final int KEPT = 50;

    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Replay> replays = new ConcurrentHashMap<>();
    private final Map<Long, java.util.concurrent.Future<?>> running = new ConcurrentHashMap<>();

    /**
     * Starts a replay.
     *
     * @param curated a curated directory or part file already resolved inside the data directory, or null for
     *        the database
     * @throws IllegalStateException when a replay is running
     */
    public synchronized Replay start(YearMonth month, Path curated, Double speed, String user) {
        if (replays.values().stream().anyMatch(r -> r.state().equals("RUNNING"))) {
            throw new IllegalStateException("a replay is running; wait for it to finish");
        }
        if (curated != null && !Files.exists(curated)) {
            throw new IllegalArgumentException("input '" + curated.getFileName() + "' does not exist in the data directory");
        }
        prune();
        long id = ids.incrementAndGet();
        Replay replay = new Replay(id, "RUNNING", month == null ? null : month.toString(),
                curated == null ? null : curated.getFileName().toString(), speed, user, Instant.now(), null, 0, 0, null);
        replays.put(id, replay);
        running.put(id, executor.submit(() -> run(replay, curated)));
        return replay;
    }

    /** Keeps the {@value #KEPT} newest finished replays. */
    private void prune() {
        List<Long> finished = replays.values().stream().filter(r -> !r.state().equals("RUNNING")).map(Replay::id)
                .sorted(java.util.Comparator.reverseOrder()).toList();
        finished.stream().skip(KEPT - 1).forEach(replays::remove);
    }

    /** Stops a running replay (what it sent stays sent); returns it, or empty when there is no such replay. */
    public Optional<Replay> stop(long id) {
        java.util.concurrent.Future<?> future = running.get(id);
        if (future != null) {
            future.cancel(true);
            try {
                future.get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception ended) {
                // cancelled: run() has recorded the state, or will in a moment
            }
        }
        return get(id);
    }

    public Optional<Replay> get(long id) {
        return Optional.ofNullable(replays.get(id));
    }

    public List<Replay> all() {
        List<Replay> all = new ArrayList<>(replays.values());
        all.sort((a, b) -> Long.compare(b.id(), a.id()));
        return all;
    }

    private void run(Replay replay, Path curated) {
        long sent = 0;
        long trips = 0;
        long[] counts = new long[1]; // events sent, kept by the sink
        try {
            FeedPacer pacer = new FeedPacer(replay.speed(), null);
            // a window of sends in flight: the broker's acknowledgements pace the loop
            Deque<CompletableFuture<Void>> window = new ArrayDeque<>();
            // the replay's own event-time watermark in the zone windows (header chillflow-replay)
            String source = StreamHeaders.newReplayId("trips-" + replay.id());
            TripEventSource.EventSink send = event -> {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException();
                }
                pacer.await(event);
                window.add(publisher.publish(source, event.tripKey, TripEventJson.write(event)).toCompletableFuture());
                if (window.size() >= WINDOW) {
                    window.poll().get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                }
                if (++counts[0] % 10_000 == 0) {
                    update(replay, "RUNNING", counts[0] / 5, counts[0], null);
                }
            };
            if (curated != null) {
                // curated parts are in source-row order: sorting needs them whole, so their size is bounded
                long rows = TripEventSource.curatedRows(curated);
                if (rows > maxCuratedTrips) {
                    throw new IllegalArgumentException("the curated input has " + rows + " trips, more than a curated"
                            + " replay holds (" + maxCuratedTrips + "): load it (load-trips) and replay its month");
                }
                List<TripEvent> feed = TripEventSource.arrange(TripEventSource.fromCurated(curated, salt, fleetSize),
                        false, null);
                trips = feed.size() / 5;
                for (TripEvent event : feed) {
                    send.accept(event);
                }
            } else {
                // the month streams from a cursor in event-time order: bounded memory whatever its size
                trips = TripEventSource.streamFromDatabase(dataSource, YearMonth.parse(replay.month()), send);
            }
            sent = counts[0];
            for (CompletableFuture<Void> pending : window) {
                pending.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            // every event acknowledged: the end of the replay, so that its last windows become final at once
            publisher.endReplay(source).toCompletableFuture().get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            update(replay, "COMPLETED", trips, sent, null);
            long total = sent;
            LOG.info(() -> "stream replay " + replay.id() + ": " + total + " events sent to trip-events");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            update(replay, "STOPPED", Math.max(trips, counts[0] / 5), counts[0], "stopped by an operator or the server stopping");
        } catch (Throwable e) { // whatever ends it, the replay must not stay RUNNING
            LOG.log(Level.WARNING, "stream replay " + replay.id() + " failed", e);
            update(replay, "FAILED", Math.max(trips, counts[0] / 5), counts[0], e.getMessage() != null
                    && e instanceof IllegalArgumentException ? e.getMessage() : e.getClass().getSimpleName()
                    + " (details in the server log)");
        }
    }

    private void update(Replay r, String state, long trips, long sent, String error) {
        if (!state.equals("RUNNING")) {
            running.remove(r.id());
        }
        replays.put(r.id(), new Replay(r.id(), state, r.month(), r.input(), r.speed(), r.requestedBy(), r.startedAt(),
                state.equals("RUNNING") ? null : Instant.now(), trips, sent, error));
    }
}
