package org.chillflow.web.security;

import java.security.SecureRandom;
import java.util.Base64;

import jakarta.servlet.http.HttpSession;

/**
 * The CSRF defence. Every state-changing call of the API must carry the header {@code X-CSRF-Token}:
 * <ul>
 * <li>a console session (logged in through the form, authenticated by Liberty's SSO cookie) must send the token
 * its session was given at login ({@code GET /api/session} returns it);</li>
 * <li>an API client with HTTP basic credentials must send the header with any value: a cross-site form or link
 * cannot add a custom header, which is what a forged request with a browser's cached basic credentials lacks.</li>
 * </ul>
 * The SSO cookie is also {@code SameSite=Strict} (server.xml).
 */
public final class CsrfTokens {

    public static final String HEADER = "X-CSRF-Token";
    static final String ATTRIBUTE = "chillflow.csrf";
    private static final SecureRandom RANDOM = new SecureRandom();

    private CsrfTokens() {
    }

    /** The session's token, made on first use. */
    public static String of(HttpSession session) {
        synchronized (session) {
            Object token = session.getAttribute(ATTRIBUTE);
            if (token == null) {
                byte[] bytes = new byte[32];
                RANDOM.nextBytes(bytes);
                token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
                session.setAttribute(ATTRIBUTE, token);
            }
            return (String) token;
        }
    }

    /** Null when the request may go on, else why not. */
    static String refusal(String header, boolean basic, HttpSession session) {
        if (header == null || header.isBlank()) {
            return "missing CSRF token: send the header " + HEADER + " (the console's comes from GET /api/session;"
                    + " API clients with basic credentials may send any value)";
        }
        if (basic) {
            return null;
        }
        Object expected = session == null ? null : session.getAttribute(ATTRIBUTE);
        if (expected == null || !java.security.MessageDigest.isEqual(expected.toString().getBytes(), header.getBytes())) {
            return "wrong CSRF token for this session: reload the console";
        }
        return null;
    }
}
