package org.chillflow.web.security;

import java.io.IOException;
import java.util.logging.Logger;

import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.chillflow.web.problem.Problem;

/**
 * The console's form login ({@code login.html} posts here): the user registry checks the password
 * ({@code request.login}); Liberty's SSO cookie then authenticates the browser's API calls, and the new session
 * holds the CSRF token. A failure goes back to the form; the reason is not told (no user enumeration). A post from
 * another site's page is refused ({@link SameOrigin}: login CSRF), and repeated failures are throttled
 * ({@link LoginThrottle}): 429 with {@code Retry-After}, or back to the form with the wait for a browser.
 */
@WebServlet("/auth/login")
public class ConsoleLoginServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(ConsoleLoginServlet.class.getName());

    @Inject
    LoginThrottle throttle;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!SameOrigin.allows(request)) {
            LOG.warning(() -> "console login refused: posted from another site (" + LogSafe.user(request.getHeader("Origin"))
                    + ")");
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            response.setContentType(Problem.MEDIA_TYPE);
            response.getWriter().write(Problem.json(403, "Forbidden", "sign-in refused: the form was posted from another site",
                    request.getRequestURI()));
            return;
        }
        String user = request.getParameter("username");
        String password = request.getParameter("password");
        String address = request.getRemoteAddr();
        long wait = throttle.retryAfterSeconds(user, address);
        if (wait > 0) {
            throttled(request, response, wait);
            return;
        }
        if (request.getSession(false) != null) {
            request.getSession(false).invalidate(); // a fresh session per login (no fixation)
        }
        try {
            if (user == null || password == null) {
                throw new ServletException("username and password are required");
            }
            request.login(user, password);
        } catch (ServletException refused) {
            LOG.info(() -> "console login refused for " + LogSafe.user(user));
            wait = throttle.failed(user, address, "form");
            if (wait > 0) {
                throttled(request, response, wait);
            } else {
                response.sendRedirect(request.getContextPath() + "/login.html?failed");
            }
            return;
        }
        throttle.succeeded(user, address);
        CsrfTokens.of(request.getSession(true));
        response.sendRedirect(request.getContextPath() + "/");
    }

    /** A browser goes back to the form, which says how long to wait; any other client gets 429. */
    private static void throttled(HttpServletRequest request, HttpServletResponse response, long seconds) throws IOException {
        String accept = request.getHeader("Accept");
        if (accept != null && accept.contains("text/html")) {
            response.setHeader("Retry-After", Long.toString(seconds));
            response.sendRedirect(request.getContextPath() + "/login.html?throttled=" + seconds);
        } else {
            ApiAuthenticationFilter.tooManyAttempts(request, response, seconds);
        }
    }
}
