package org.chillflow.web.security;

import java.net.URI;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Login CSRF: another site's page must not be able to sign a visitor's browser in (as the attacker, so that what the
 * victim then does lands in the attacker's account) or out. A browser says where a form post comes from
 * ({@code Sec-Fetch-Site}, {@code Origin}, else {@code Referer}); a post from another origin is refused. A request
 * with none of them is not from a browser page, and a non-browser client cannot forge a victim's sign-in.
 */
final class SameOrigin {

    private SameOrigin() {
    }

    static boolean allows(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return false;
        }
        String origin = request.getHeader("Origin");
        if (origin != null) {
            return matches(origin, request);
        }
        String referer = request.getHeader("Referer");
        return referer == null || matches(referer, request);
    }

    private static boolean matches(String url, HttpServletRequest request) {
        try {
            URI uri = URI.create(url.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return false; // "null" (a sandboxed or file page), or garbage
            }
            int port = uri.getPort() >= 0 ? uri.getPort() : defaultPort(uri.getScheme());
            return uri.getScheme().equalsIgnoreCase(request.getScheme())
                    && uri.getHost().equalsIgnoreCase(request.getServerName())
                    && port == request.getServerPort();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int defaultPort(String scheme) {
        return "https".equals(scheme.toLowerCase(Locale.ROOT)) ? 443 : 80;
    }
}
