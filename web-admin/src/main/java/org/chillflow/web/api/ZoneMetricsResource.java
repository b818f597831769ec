package org.chillflow.web.api;

import org.chillflow.core.config.ServerClients;
import org.chillflow.web.security.Roles;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.chillflow.core.stream.window.WindowSize;
import org.chillflow.core.stream.ZoneEventCodec;
import org.chillflow.core.stream.window.ZoneWindow;
import org.chillflow.core.stream.window.ZoneWindowStore;

import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The StreamPulse API, built: zone (region) metrics per event-time window, read from Redis through the per-zone
 * indexes (no SCAN). "Latest" is the highest window start in event time, as in StreamPulse; {@code final} says
 * whether the window can still change. While Redis is away the reads fail, each after the client's connect timeout;
 * MicroProfile Fault Tolerance's circuit breaker then answers 503 at once (half the last four reads failed: open for
 * 5 s, then one trial read), so a dashboard polling a stopped Redis does not hold the API's threads.
 */
@Path("/metrics")
@ApplicationScoped
@RolesAllowed(Roles.VIEWER)
@Produces(MediaType.APPLICATION_JSON)
public class ZoneMetricsResource {

    public record Top(String window, Instant windowStart, Instant windowEnd, String metric, boolean allFinal,
            List<ZoneWindow> regions) {
    }

    public record Timeline(int regionId, String window, Instant from, Instant to, List<ZoneWindow> windows) {
    }

    @Inject
    ServerClients clients;

    @Inject
    @ConfigProperty(name = "chillflow.windows.sizes")
    String sizes;

    private volatile ZoneWindowStore store;

    /** Made once: the window sizes are configuration, the client is shared (reads only: no TTL). */
    private ZoneWindowStore store() {
        ZoneWindowStore made = store;
        if (made == null) {
            made = new ZoneWindowStore(clients.windowsRedis(), WindowSize.parseList(sizes), 0);
            store = made;
        }
        return made;
    }

    @GET
    @Path("/region/{id}")
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            failOn = {JedisConnectionException.class, JedisClusterOperationException.class})
    @Operation(summary = "A zone's latest window (highest start in event time) of the given size: trip count,"
            + " average fare, total distance (km), average/p50/p95 duration (s), and whether it is final;"
            + " 400 for an unsupported window, 404 when the zone has no window")
    public ZoneWindow region(@PathParam("id") String id, @QueryParam("window") @DefaultValue("1m") String window) {
        int zone = zone(id);
        ZoneWindowStore store = store();
        WindowSize size = size(store, window);
        long start = store.latestStart(zone, size).orElseThrow(() -> noData(zone, size));
        return store.window(zone, size, start).orElseThrow(() -> noData(zone, size));
    }

    @GET
    @Path("/regions/top")
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            failOn = {JedisConnectionException.class, JedisClusterOperationException.class})
    @Operation(summary = "Zones ranked by trip_count, avg_fare or total_distance in one window (the latest of the"
            + " size, or the one holding 'at'); 404 when there is none")
    public Top top(@QueryParam("window") @DefaultValue("1m") String window,
            @QueryParam("metric") @DefaultValue("trip_count") String metric,
            @QueryParam("limit") @DefaultValue("10") int limit, @QueryParam("at") String at) {
        ZoneWindowStore store = store();
        WindowSize size = size(store, window);
        if (!List.of("trip_count", "avg_fare", "total_distance").contains(metric)) {
            throw new IllegalArgumentException("metric must be trip_count, avg_fare or total_distance, was '" + metric + "'");
        }
        if (limit < 1 || limit > ZoneEventCodec.MAX_ZONE) {
            throw new IllegalArgumentException("limit must be 1.." + ZoneEventCodec.MAX_ZONE + ", was " + limit);
        }
        long start;
        if (at == null) {
            start = store.latestStart(size).orElseThrow(() -> new NotFoundException("no " + size.label() + " windows yet"));
        } else {
            start = size.start(instant("at", at)).getEpochSecond();
        }
        List<ZoneWindow> regions = store.top(size, start, metric, limit);
        if (regions.isEmpty()) {
            throw new NotFoundException("no " + size.label() + " window starting " + Instant.ofEpochSecond(start));
        }
        Instant windowStart = Instant.ofEpochSecond(start);
        return new Top(size.label(), windowStart, windowStart.plusMillis(size.millis()), metric,
                regions.stream().allMatch(ZoneWindow::finalWindow), regions);
    }

    @GET
    @Path("/timeline/{id}")
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            failOn = {JedisConnectionException.class, JedisClusterOperationException.class})
    @Operation(summary = "A zone's windows of the given size over the last 'hours' of event time, up to its latest"
            + " window, oldest first; 404 when the zone has no window")
    public Timeline timeline(@PathParam("id") String id, @QueryParam("hours") @DefaultValue("1") int hours,
            @QueryParam("window") @DefaultValue("1m") String window) {
        int zone = zone(id);
        if (hours < 1 || hours > 168) {
            throw new IllegalArgumentException("hours must be 1..168, was " + hours);
        }
        ZoneWindowStore store = store();
        WindowSize size = size(store, window);
        long latest = store.latestStart(zone, size).orElseThrow(() -> noData(zone, size));
        long to = latest + size.millis() / 1000;
        long from = to - hours * 3600L;
        return new Timeline(zone, size.label(), Instant.ofEpochSecond(from), Instant.ofEpochSecond(to),
                store.timeline(zone, size, from, latest));
    }

    private static int zone(String id) {
        try {
            int zone = Integer.parseInt(id);
            if (zone >= 1 && zone <= ZoneEventCodec.MAX_ZONE) {
                return zone;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("a region is a TLC zone id 1.." + ZoneEventCodec.MAX_ZONE + ", was '" + id + "'");
    }

    private static WindowSize size(ZoneWindowStore store, String window) {
        return store.size(window).orElseThrow(() -> new IllegalArgumentException("unsupported window '" + window
                + "'; supported: " + store.sizes().stream().map(WindowSize::label).collect(Collectors.joining(", "))));
    }

    private static Instant instant(String name, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 instant such as 2025-09-01T11:40:00Z, was '" + value + "'");
        }
    }

    private static NotFoundException noData(int zone, WindowSize size) {
        return new NotFoundException("no " + size.label() + " metrics for region " + zone);
    }
}
