package org.chillflow.web.api;

import org.chillflow.web.security.Roles;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.chillflow.core.schedule.ScheduleStore;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The job schedules: list them with their next fire time, enable or disable one at run time. */
@Path("/schedules")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SchedulesResource {

    /** The body of PUT /api/schedules/{name}. */
    public record ScheduleChange(Boolean enabled) {
    }

    @Resource(lookup = "jdbc/chillflow-api") // the API pool: statements time out, batch and stream keep theirs
    DataSource dataSource;

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "Every schedule: job, parameters, period, enabled, next and last fire time (UTC)")
    public List<ScheduleStore.ScheduleState> list() throws SQLException {
        return new ScheduleStore(dataSource).list();
    }

    @GET
    @Path("/{name}")
    @RolesAllowed(Roles.VIEWER)
    public ScheduleStore.ScheduleState get(@PathParam("name") String name) throws SQLException {
        return new ScheduleStore(dataSource).find(name).orElseThrow(() -> new NotFoundException("no schedule '" + name + "'"));
    }

    @PUT
    @Path("/{name}")
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Enable or disable a schedule: {\"enabled\": true|false}")
    public ScheduleStore.ScheduleState change(@PathParam("name") String name, ScheduleChange change) throws SQLException {
        if (change == null || change.enabled() == null) {
            throw new IllegalArgumentException("body must be {\"enabled\": true} or {\"enabled\": false}");
        }
        return new ScheduleStore(dataSource).setEnabled(name, change.enabled(), LocalDateTime.now(ZoneOffset.UTC))
                .orElseThrow(() -> new NotFoundException("no schedule '" + name + "'"));
    }
}
