package org.chillflow.web.security;

import java.io.IOException;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.chillflow.web.problem.Problem;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every response of the web module: a Content-Security-Policy the console satisfies (its scripts, styles and Chart.js
 * come from this origin; no inline code) and no caching of API answers. The headers every response of the server
 * carries — no MIME sniffing, no framing, no referrer to other sites, HSTS over HTTPS — are server.xml's
 * {@code <headers>}, Liberty's own endpoints included. Outside the development profile ({@code chillflow.https.only}) the console and the API are
 * HTTPS only: a GET over HTTP is redirected, anything else refused (the SSO and session cookies are {@code Secure}
 * there, so they would not come back over HTTP anyway).
 */

public class SecurityHeadersFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none';"
            + " form-action 'self'; frame-ancestors 'none'";

    private static final Set<String> SAFE = Set.of("GET", "HEAD");

    @Inject
    @ConfigProperty(name = "chillflow.https.only", defaultValue = "true")
    boolean httpsOnly;

    @Inject
    @ConfigProperty(name = "https.port", defaultValue = "9443")
    int httpsPort;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        // nosniff, frame and referrer rules and HSTS come from server.xml's <headers>, on every endpoint response
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/api/") || path.startsWith("/auth/")) {
            response.setHeader("Cache-Control", "no-store");
        }
        if (httpsOnly && !request.isSecure()) {
            if (SAFE.contains(request.getMethod())) {
                String query = request.getQueryString();
                response.setStatus(HttpServletResponse.SC_MOVED_PERMANENTLY);
                response.setHeader("Location", "https://" + request.getServerName() + (httpsPort == 443 ? "" : ":" + httpsPort)
                        + request.getRequestURI() + (query == null ? "" : "?" + query));
            } else {
                response.setStatus(HttpServletResponse.SC_FORBIDDEN);
                response.setContentType(Problem.MEDIA_TYPE);
                response.getWriter().write(Problem.json(403, "Forbidden", "HTTPS required: this server serves the console"
                        + " and the API over HTTPS only", request.getRequestURI()));
            }
            return;
        }
        chain.doFilter(request, response);
    }
}
