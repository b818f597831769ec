package org.chillflow.web.api;

import org.chillflow.web.security.Roles;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.chillflow.web.persistence.ApiTransactions;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/zones")
@RequestScoped
@RolesAllowed(Roles.VIEWER)
@Produces(MediaType.APPLICATION_JSON)
public class ZonesResource {

    /** One TLC zone as the API shows it. */
    public record ZoneView(int zoneId, String borough, String zoneName, String serviceZone) {
    }

    @Inject
    ApiTransactions transactions;

    @GET
    @Operation(summary = "All TLC taxi zones of dim.zone, by zone id")
    public List<ZoneView> list() {
        return transactions.inTransaction(em -> em.createQuery("select new org.chillflow.web.api.ZonesResource$ZoneView("
                + "z.zoneId, z.borough, z.zoneName, z.serviceZone) from ZoneEntity z order by z.zoneId", ZoneView.class)
                .getResultList());
    }
}
