package org.chillflow.web.api;

import org.chillflow.core.config.ServerClients;
import org.chillflow.web.security.Roles;
import java.sql.SQLException;
import java.net.URI;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.chillflow.core.config.DataDirectory;
import org.chillflow.core.stream.ConsumerLag;
import org.chillflow.core.stream.assembly.PartialTripStore;
import org.chillflow.web.problem.Problem;
import org.chillflow.web.stream.StreamReplays;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;


/**
 * The stream's state (consumer lag per partition, partial trips held, trips completed, dead letters by reason) and
 * replays of a month through it.
 */
@Path("/stream")
@RequestScoped
@RolesAllowed(Roles.VIEWER)
@Produces(MediaType.APPLICATION_JSON)
public class StreamResource {

    /** The fastest replay pace asked for (×event time); past this it is "as fast as possible" anyway. */
    static final double MAX_SPEED = 1_000_000;


    public record StreamStatus(String consumerGroup, List<ConsumerLag.PartitionLag> lag, long totalLag, long partialTrips,
            long tripsCompleted, double tripsCompletedPerSecond, long streamRowsInTable,
            Map<String, Long> deadLettersByReason) {
    }

    @Inject
    @ConfigProperty(name = "chillflow.kafka.group-prefix")
    String groupPrefix;

    @Resource(lookup = "jdbc/chillflow-api") // the API pool: statements time out, batch and stream keep theirs
    DataSource dataSource;

    @jakarta.inject.Inject
    org.chillflow.web.persistence.ApiTransactions transactions;


    @Inject
    ServerClients clients;

    /** The body of {@code POST /api/stream/replay}. */
    public static class ReplayRequest {
        /** YYYY-MM: the trips of stg.complete_trip picked up in this month (New York time). */
        public String month;
        /** Instead of the database: a curated directory or part file, relative to the data directory. */
        public String input;
        /** Paced by event time, this many times faster than real time; absent: as fast as possible. */
        public Double speed;
    }

    @Inject
    StreamReplays replays;

    @Inject
    @ConfigProperty(name = "chillflow.data.dir")
    String dataDir;

    @Context
    UriInfo uriInfo;

    @Context
    SecurityContext security;

    @POST
    @Path("/replay")
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replay a month through the stream: the trips of stg.complete_trip picked up in 'month', or"
            + " a curated 'input' in the data directory, as events on trip-events (optionally paced: 'speed');"
            + " 202 with the replay, 409 while another runs")
    public Response replay(ReplayRequest request) {
        if (request == null || (request.month == null) == (request.input == null)) {
            throw new IllegalArgumentException("give either 'month' (YYYY-MM, trips from stg.complete_trip) or 'input'"
                    + " (a curated directory in the data directory)");
        }
        if (request.speed != null && !(request.speed > 0 && request.speed <= MAX_SPEED)) {
            throw new IllegalArgumentException("speed must be a factor in (0, " + (long) MAX_SPEED + "], was " + request.speed);
        }
        YearMonth month = KpisResource.month("month", request.month, false);
        java.nio.file.Path input;
        try {
            input = request.input == null ? null
                    : new DataDirectory(java.nio.file.Path.of(dataDir), true).readDirectory("input", request.input);
        } catch (java.io.IOException missing) {
            throw new IllegalArgumentException("input '" + request.input.trim() + "' is not a directory in the data directory");
        }
        StreamReplays.Replay started;
        try {
            started = replays.start(month, input, request.speed, security.getUserPrincipal().getName());
        } catch (IllegalStateException running) {
            throw new WebApplicationException(Problem.response(Response.Status.CONFLICT, running.getMessage()));
        }
        URI location = uriInfo.getBaseUriBuilder().path(StreamResource.class).path("replays/{id}").build(started.id());
        return Response.accepted(started).location(location).build();
    }

    @GET
    @Path("/replays")
    @Operation(summary = "Replays since the server started, newest first")
    public List<StreamReplays.Replay> replays() {
        return replays.all();
    }

    @GET
    @Path("/replays/{id}")
    @Operation(summary = "One replay: state, trips, events sent")
    public StreamReplays.Replay replay(@PathParam("id") long id) {
        return replays.get(id).orElseThrow(() -> new NotFoundException("no replay " + id));
    }

    @DELETE
    @Path("/replays/{id}")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Stop a running replay (the events it sent stay on the topic)")
    public StreamReplays.Replay stopReplay(@PathParam("id") long id) {
        return replays.stop(id).orElseThrow(() -> new NotFoundException("no replay " + id));
    }

    @GET
    @Path("/status")
    @Operation(summary = "Consumer lag per partition of trip-events, partial trips in Redis, trips completed (in all"
            + " and per second over the last whole minute), dead letters by reason")
    public StreamStatus status() throws Exception {
        String group = groupPrefix + "-trip-assembler";
        List<ConsumerLag.PartitionLag> lag = ConsumerLag.of(clients.kafkaAdmin(), group, "trip-events", clients.kafkaTimeoutMs());
        // read only: the TTLs matter to writers alone
        PartialTripStore store = new PartialTripStore(clients.redis(), 0, 0);
        return new StreamStatus(group, lag, ConsumerLag.total(lag), store.partialCount(), store.completedCount(),
                store.completedPerSecond(System.currentTimeMillis()), streamRows(), store.deadLetterCounts());
    }

    private long streamRows() throws SQLException {
        return org.chillflow.core.trip.CompleteTripTable.count(transactions, "stream");
    }
}
