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
import jakarta.json.bind.Jsonb;

import org.chillflow.core.stream.FeedPacer;
import org.chillflow.core.stream.TripEvent;
import org.chillflow.core.stream.TripEventJson;
import org.chillflow.core.stream.TripEventPublisher;
import org.chillflow.core.stream.TripEventSource;
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
        long id = ids.incrementAndGet();
        Replay replay = new Replay(id, "RUNNING", month == null ? null : month.toString(),
                curated == null ? null : curated.getFileName().toString(), speed, user, Instant.now(), null, 0, 0, null);
        replays.put(id, replay);
        running.put(id, executor.submit(() -> run(replay, curated)));
        return replay;
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
        try {
            List<TripEvent> events = curated != null ? TripEventSource.fromCurated(curated, salt, fleetSize)
                    : TripEventSource.fromDatabase(dataSource, YearMonth.parse(replay.month()));
            trips = events.size() / 5;
            List<TripEvent> feed = TripEventSource.arrange(events, false, null);
            FeedPacer pacer = new FeedPacer(replay.speed(), null);
            // a window of sends in flight: the broker's acknowledgements pace the loop
            Deque<CompletableFuture<Void>> window = new ArrayDeque<>();
            try (Jsonb jsonb = TripEventJson.create()) {
                for (TripEvent event : feed) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new InterruptedException();
                    }
                    pacer.await(event);
                    window.add(publisher.publish(event.tripKey, jsonb.toJson(event)).toCompletableFuture());
                    if (window.size() >= WINDOW) {
                        window.poll().get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    }
                    if (++sent % 10_000 == 0) {
                        update(replay, "RUNNING", trips, sent, null);
                    }
                }
                for (CompletableFuture<Void> send : window) {
                    send.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                }
            }
            update(replay, "COMPLETED", trips, sent, null);
            long total = sent;
            LOG.info(() -> "stream replay " + replay.id() + ": " + total + " events sent to trip-events");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            update(replay, "STOPPED", trips, sent, "stopped by an operator or the server stopping");
        } catch (Throwable e) { // whatever ends it, the replay must not stay RUNNING
            LOG.log(Level.WARNING, "stream replay " + replay.id() + " failed", e);
            update(replay, "FAILED", trips, sent, e.toString());
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
