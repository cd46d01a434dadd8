package fr.isoloir.keycloakrunner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A minimal client for Keycloak's admin REST API, logged in as the bootstrap admin. Enough for the
 * demo (creating demo voters) and the tests; not meant for production tooling.
 */
public final class KeycloakAdmin {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI baseUri;
    private final String username;
    private final String password;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public KeycloakAdmin(URI baseUri, String username, String password) {
        this.baseUri = baseUri;
        this.username = username;
        this.password = password;
    }

    /** The answer of an admin call: status, body (as UTF-8 text and as bytes) and Location header. */
    public record Answer(int status, String body, String location, byte[] bytes) {
        public Answer(int status, String body, String location) {
            this(status, body, location, body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("Not JSON (" + status + "): " + body, e);
            }
        }

        public Answer expect(int expected) {
            if (status != expected) {
                throw new IllegalStateException("Expected HTTP " + expected + " but got " + status + ": " + body);
            }
            return this;
        }

        /** The id at the end of the Location header of a 201 Created. */
        public String createdId() {
            expect(201);
            return location.substring(location.lastIndexOf('/') + 1);
        }
    }

    public Answer get(String path) {
        return send(request(path).GET());
    }

    public Answer delete(String path) {
        return send(request(path).DELETE());
    }

    public Answer post(String path, Object body) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(toJson(body))));
    }

    public Answer put(String path, Object body) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(toJson(body))));
    }

    /**
     * Posts exactly these bytes (a CSV file for the voter import, a hostile request) with this content
     * type, none when null. Over HTTP/1.1: the server's 413 for an over-size body carries a Connection
     * header, which the client's HTTP/2 upgrade would reject as malformed instead of showing the 413.
     * With {@code Expect: 100-continue} the server answers an over-size body before the client writes it:
     * without it, a server that answers 413 and closes while the body is still being written sometimes
     * left the client with "Broken pipe" instead of the 413 (seen under load).
     */
    public Answer post(String path, String contentType, byte[] body) {
        HttpRequest.Builder request = request(path)
                .version(HttpClient.Version.HTTP_1_1)
                .expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    /** The user's id, or null when no user has exactly this username. */
    public String userIdByUsername(String realm, String username) {
        JsonNode users = get("/admin/realms/" + realm + "/users?exact=true&username="
                        + URLEncoder.encode(username, StandardCharsets.UTF_8))
                .expect(200)
                .json();
        return users.isEmpty() ? null : users.get(0).get("id").asText();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(baseUri.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + accessToken());
    }

    private String accessToken() {
        String form =
                "grant_type=password&client_id=admin-cli&username=" + enc(username) + "&password=" + enc(password);
        Answer answer = send(HttpRequest.newBuilder(baseUri.resolve("/realms/master/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        return answer.expect(200).json().get("access_token").asText();
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(
                    response.statusCode(),
                    new String(response.body(), StandardCharsets.UTF_8),
                    response.headers().firstValue("Location").orElse(null),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String toJson(Object body) {
        try {
            return body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
