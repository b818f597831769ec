package org.chillflow.web.security;

import java.io.IOException;
import java.util.logging.Logger;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The console's form login ({@code login.html} posts here): the user registry checks the password
 * ({@code request.login}); Liberty's SSO cookie then authenticates the browser's API calls, and the new session
 * holds the CSRF token. A failure goes back to the form; the reason is not told (no user enumeration).
 */
@WebServlet("/auth/login")
public class ConsoleLoginServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(ConsoleLoginServlet.class.getName());

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String user = request.getParameter("username");
        String password = request.getParameter("password");
        if (request.getSession(false) != null) {
            request.getSession(false).invalidate(); // a fresh session per login (no fixation)
        }
        try {
            if (user == null || password == null) {
                throw new ServletException("username and password are required");
            }
            request.login(user, password);
        } catch (ServletException refused) {
            LOG.info(() -> "console login refused for '" + user + "'");
            response.sendRedirect(request.getContextPath() + "/login.html?failed");
            return;
        }
        CsrfTokens.of(request.getSession(true));
        response.sendRedirect(request.getContextPath() + "/");
    }
}
