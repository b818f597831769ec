package org.chillflow.web.problem;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem document ({@code application/problem+json}): every error the API returns has this
 * shape, whether it comes from a resource, an exception mapper or the container (401/403 pages).
 */
public final class Problem {

    public static final String MEDIA_TYPE = "application/problem+json";

    private Problem() {
    }

    public static String json(int status, String title, String detail, String instance) {
        JsonObjectBuilder body = Json.createObjectBuilder()
                .add("type", "about:blank")
                .add("title", title)
                .add("status", status);
        if (detail != null && !detail.isBlank()) {
            body.add("detail", detail);
        }
        if (instance != null && !instance.isBlank()) {
            body.add("instance", instance);
        }
        return body.build().toString();
    }

    public static Response response(Response.StatusType status, String detail, String instance) {
        return Response.status(status.getStatusCode())
                .type(MEDIA_TYPE)
                .entity(json(status.getStatusCode(), status.getReasonPhrase(), detail, instance))
                .build();
    }

    public static Response response(Response.Status status, String detail) {
        return response(status, detail, null);
    }
}
