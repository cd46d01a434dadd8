package fr.isoloir.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * A switch in the query of our admin endpoints ({@code dryRun}, {@code removeAbsent}, {@code confirm}),
 * read strictly: JAX-RS would take {@code ?dryRun=yes} for false and import for real. Absent is off;
 * {@code ?dryRun} alone or {@code =true} is on, {@code =false} off, anything else refused (400).
 */
public final class QueryFlag {

    private QueryFlag() {}

    /**
     * The switch's value in this address's query, or empty when it is neither true nor false. Read from the
     * raw query: JAX-RS gives a bare {@code ?dryRun} as absent, which would be off.
     */
    public static Optional<Boolean> read(UriInfo uriInfo, String name) {
        String query = uriInfo.getRequestUri().getRawQuery();
        for (String part : query == null ? new String[0] : query.split("&")) {
            int equals = part.indexOf('=');
            try {
                if (URLDecoder.decode(equals < 0 ? part : part.substring(0, equals), StandardCharsets.UTF_8)
                        .equals(name)) {
                    return parse(
                            equals < 0 ? "" : URLDecoder.decode(part.substring(equals + 1), StandardCharsets.UTF_8));
                }
            } catch (IllegalArgumentException badEncoding) {
                return Optional.empty();
            }
        }
        return Optional.of(false);
    }

    static Optional<Boolean> parse(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "", "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    /** The answer to an unreadable switch: which one, never the value sent. */
    public static Response refused(String name) {
        return ErrorResponse.of(Response.Status.BAD_REQUEST, "invalid_request", name + " must be true or false.");
    }
}
