package fr.isoloir.rest;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Optional;

/**
 * Refuses, before anything is changed, a call whose Content-Type header is not a media type (empty, or
 * garbage). Keycloak's security-headers response filter parses that header after the resource has run
 * and answers 500: without this check, a call answered 500 could still have issued codes or started a
 * send (found by AdminHostileInputIT). The answer stays a 500 from that filter, but nothing is stored.
 */
public final class ContentTypeCheck {

    private ContentTypeCheck() {}

    public static Optional<Response> refusal(HttpHeaders headers) {
        String raw = headers == null ? null : headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (raw == null) {
            return Optional.empty();
        }
        try {
            MediaType.valueOf(raw);
            return Optional.empty();
        } catch (IllegalArgumentException unreadable) {
            return Optional.of(ErrorResponse.of(
                    Response.Status.BAD_REQUEST, "invalid_request", "The Content-Type header is not a media type."));
        }
    }
}
