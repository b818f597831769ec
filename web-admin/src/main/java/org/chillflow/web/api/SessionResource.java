package org.chillflow.web.api;

import org.chillflow.web.security.Roles;
import java.util.List;
import java.util.stream.Stream;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

import org.chillflow.web.security.CsrfTokens;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Who is calling, with which roles, and the CSRF token of their session (the console reads it once). */
@Path("/session")
@RequestScoped
@RolesAllowed(Roles.VIEWER)
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    public record Session(String user, List<String> roles, String csrfToken, String csrfHeader) {
    }

    @Context
    SecurityContext security;

    @Context
    HttpServletRequest request;

    @GET
    @Operation(summary = "The caller, their roles (viewer, operator, admin) and their session's CSRF token")
    public Session session() {
        List<String> roles = Stream.of(Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN).filter(security::isUserInRole).toList();
        return new Session(security.getUserPrincipal().getName(), roles, CsrfTokens.of(request.getSession(true)),
                CsrfTokens.HEADER);
    }
}
