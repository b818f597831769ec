package org.chillflow.web.problem;

import java.io.IOException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Error page (web.xml) for errors the container produces before JAX-RS runs, such as 401 from BASIC
 * authentication or 403 from a security constraint: API clients get problem+json there too.
 */
@WebServlet("/error-problem")
public class ContainerErrorServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : response.getStatus();
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String title = switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
        String detail = switch (status) {
            case 401 -> "authentication required: send HTTP basic credentials of a ChillFlow user";
            case 403 -> "your role does not allow this request";
            default -> null;
        };
        if (status == 401 && request.getHeader("X-Requested-With") != null) {
            // the console's own calls: no Basic challenge, or the browser would open its password dialog
            // instead of letting the page go back to the login form
            response.setHeader("WWW-Authenticate", "ChillFlowConsole realm=\"ChillFlow\"");
        }
        response.setStatus(status);
        response.setContentType(Problem.MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(Problem.json(status, title, detail, uri == null ? null : uri.toString()));
    }
}
