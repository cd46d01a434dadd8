package fr.isoloir.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The error answer of our admin endpoints, shaped like Keycloak's own (OAuth's):
 * {@code {"error": "a_code", "error_description": "What to do, in a sentence."}}.
 */
public final class ErrorResponse {

    private ErrorResponse() {}

    public static Response of(Response.Status status, String error, String description) {
        return of(status, body(error, description));
    }

    /** An answer whose body adds its own fields to {@link #body}. */
    public static Response of(Response.Status status, Map<String, ?> body) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body)
                .build();
    }

    /** The two fields, error first, for an answer that adds its own. */
    public static Map<String, Object> body(String error, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return body;
    }
}
