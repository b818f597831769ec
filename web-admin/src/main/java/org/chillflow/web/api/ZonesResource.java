package org.chillflow.web.api;

import org.chillflow.web.security.Roles;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.chillflow.core.persistence.ZoneEntity;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/zones")
@RequestScoped
@RolesAllowed(Roles.VIEWER)
@Produces(MediaType.APPLICATION_JSON)
public class ZonesResource {

    /** One TLC zone as the API shows it. */
    public record ZoneView(int zoneId, String borough, String zoneName, String serviceZone) {
    }

    @PersistenceContext(unitName = "chillflow")
    EntityManager em;

    @GET
    @Transactional
    @Operation(summary = "All TLC taxi zones of dim.zone, by zone id")
    public List<ZoneView> list() {
        return em.createQuery("select z from ZoneEntity z order by z.zoneId", ZoneEntity.class)
                .getResultStream()
                .map(z -> new ZoneView(z.getZoneId(), z.getBorough(), z.getZoneName(), z.getServiceZone()))
                .toList();
    }
}
