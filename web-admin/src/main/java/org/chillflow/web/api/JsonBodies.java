package org.chillflow.web.api;

import org.chillflow.core.config.ParameterValues;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/** Request bodies read by hand where a typed binding would answer a wrong shape with 500 or a provider's internals. */
final class JsonBodies {

    /** The most a body may hold (job parameters are a handful of short values). */
    static final int MAX_LENGTH = 64 * 1024;

    private JsonBodies() {
    }

    /**
     * Job parameters: an empty body or a JSON object whose values are strings or numbers (numbers are taken as
     * their text); anything else is an {@link IllegalArgumentException} (400) saying what is expected.
     */
    static Map<String, String> parameters(String body) {
        if (body == null || body.isBlank()) {
            return Map.of();
        }
        if (body.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("request body too large: at most " + MAX_LENGTH + " characters");
        }
        JsonValue value;
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            value = reader.readValue();
        } catch (JsonException | IllegalStateException e) {
            throw new IllegalArgumentException("request body is not JSON: a JSON object of job parameters is expected");
        }
        if (!(value instanceof JsonObject object)) {
            throw new IllegalArgumentException("request body must be a JSON object of job parameters, was a JSON "
                    + value.getValueType().name().toLowerCase(java.util.Locale.ROOT));
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        object.forEach((name, v) -> {
            if (v instanceof JsonString text) {
                parameters.put(name, text.getString());
            } else if (v instanceof JsonNumber number) {
                parameters.put(name, number.toString());
            } else if (v.getValueType() != JsonValue.ValueType.NULL) {
                throw new IllegalArgumentException("job parameter '" + ParameterValues.shown(name)
                        + "' must be a string or a number");
            }
        });
        return parameters;
    }
}
