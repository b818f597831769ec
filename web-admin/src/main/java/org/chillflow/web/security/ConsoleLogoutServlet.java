package org.chillflow.web.security;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Logout: the SSO cookie and the session go; back to the login form. */
@WebServlet("/auth/logout")
public class ConsoleLogoutServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        if (!SameOrigin.allows(request)) {
            // another site's page must not sign a visitor out either
            response.sendError(HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        request.logout();
        if (request.getSession(false) != null) {
            request.getSession(false).invalidate();
        }
        response.sendRedirect(request.getContextPath() + "/login.html?logged-out");
    }
}
