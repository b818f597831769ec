package org.chillflow.web.api;

import org.chillflow.web.security.Roles;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.chillflow.core.schedule.ScheduleStore;
import org.chillflow.web.persistence.ApiTransactions;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The job schedules: list them with their next fire time, enable or disable one at run time. */
@Path("/schedules")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SchedulesResource {

    /** The body of PUT /api/schedules/{name}. */
    public record ScheduleChange(Boolean enabled) {
    }

    @Inject
    ApiTransactions transactions;

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "Every schedule: job, parameters, period, enabled, next and last fire time (UTC)")
    public List<ScheduleStore.ScheduleState> list() {
        return new ScheduleStore(transactions).list();
    }

    @GET
    @Path("/{name}")
    @RolesAllowed(Roles.VIEWER)
    public ScheduleStore.ScheduleState get(@PathParam("name") String name) {
        return new ScheduleStore(transactions).find(name).orElseThrow(() -> new NotFoundException("no schedule '" + name + "'"));
    }

    @PUT
    @Path("/{name}")
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Enable or disable a schedule: {\"enabled\": true|false}")
    public ScheduleStore.ScheduleState change(@PathParam("name") String name, ScheduleChange change) {
        if (change == null || change.enabled() == null) {
            throw new IllegalArgumentException("body must be {\"enabled\": true} or {\"enabled\": false}");
        }
        return new ScheduleStore(transactions).setEnabled(name, change.enabled(), LocalDateTime.now(ZoneOffset.UTC))
                .orElseThrow(() -> new NotFoundException("no schedule '" + name + "'"));
    }
}
