package org.chillflow.web.security;

import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import org.chillflow.web.problem.Problem;

/** Refuses a state-changing API call without its CSRF token (see {@link CsrfTokens}): 403, problem+json. */
@Provider
@Priority(Priorities.AUTHORIZATION + 10) // after authentication and the role check: 401 and 403 come first
public class CsrfFilter implements ContainerRequestFilter {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    @Context
    HttpServletRequest request;

    @Override
    public void filter(ContainerRequestContext context) {
        if (SAFE.contains(context.getMethod())) {
            return;
        }
        String authorization = context.getHeaderString("Authorization");
        boolean basic = authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
        String refusal = CsrfTokens.refusal(context.getHeaderString(CsrfTokens.HEADER), basic, request.getSession(false));
        if (refusal != null) {
            context.abortWith(Problem.response(Response.Status.FORBIDDEN, refusal, context.getUriInfo().getRequestUri().getPath()));
        }
    }
}
