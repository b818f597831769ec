package org.chillflow.web.security;

import java.io.IOException;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.chillflow.web.problem.Problem;

/**
 * Authentication of {@code /api/*}: the console's session (Liberty's SSO cookie) or HTTP basic credentials, checked
 * here rather than by a container security constraint so that failed basic sign-ins are counted and throttled
 * ({@link LoginThrottle}) before the password is even looked at — the container would answer 401 before any filter
 * ran. The roles are still the container's ({@code @RolesAllowed} on every resource, the registry's groups).
 */

public class ApiAuthenticationFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Inject
    LoginThrottle throttle;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String authorization = request.getHeader("Authorization");
        BasicCredentials basic = BasicCredentials.of(authorization);
        String address = request.getRemoteAddr();
        if (basic != null) {
            long wait = throttle.retryAfterSeconds(basic.user(), address);
            if (wait > 0) {
                tooManyAttempts(request, response, wait);
                return;
            }
            if (request.getUserPrincipal() == null) {
                // Liberty tried the header for this unprotected URL and found it wrong (or did not try): check it here
                try {
                    request.login(basic.user(), basic.password());
                } catch (ServletException refused) {
                    wait = throttle.failed(basic.user(), address, "basic");
                    if (wait > 0) {
                        tooManyAttempts(request, response, wait);
                    } else {
                        unauthorized(request, response);
                    }
                    return;
                }
            }
            throttle.succeeded(basic.user(), address);
        }
        if (request.getUserPrincipal() == null) {
            unauthorized(request, response);
            return;
        }
        chain.doFilter(request, response);
    }

    static void unauthorized(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // the console's own calls get no Basic challenge, or the browser would open its password dialog instead of
        // letting the page go back to the login form
        response.setHeader("WWW-Authenticate", request.getHeader("X-Requested-With") != null
                ? "ChillFlowConsole realm=\"ChillFlow\"" : "Basic realm=\"ChillFlow\"");
        write(response, 401, "Unauthorized", "authentication required: send HTTP basic credentials of a ChillFlow user",
                request.getRequestURI());
    }

    static void tooManyAttempts(HttpServletRequest request, HttpServletResponse response, long seconds) throws IOException {
        response.setHeader("Retry-After", Long.toString(seconds));
        write(response, 429, "Too Many Requests", "too many failed sign-ins for this user or address: try again in "
                + seconds + " s", request.getRequestURI());
    }

    private static void write(HttpServletResponse response, int status, String title, String detail, String instance)
            throws IOException {
        response.setStatus(status);
        response.setContentType(Problem.MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(Problem.json(status, title, detail, instance));
    }
}
