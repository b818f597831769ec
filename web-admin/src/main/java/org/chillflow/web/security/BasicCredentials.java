package org.chillflow.web.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** An {@code Authorization: Basic} header's user and password; null when the header is absent or not Basic. */
record BasicCredentials(String user, String password) {

    static BasicCredentials of(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return new BasicCredentials("", "");
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? new BasicCredentials(decoded, "") : new BasicCredentials(decoded.substring(0, colon),
                decoded.substring(colon + 1));
    }

    static boolean isBasic(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
    }

    @Override
    public String toString() {
        return "BasicCredentials[" + LogSafe.user(user) + "]"; // never the password
    }
}
