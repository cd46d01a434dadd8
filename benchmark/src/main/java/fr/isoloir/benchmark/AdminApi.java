package fr.isoloir.benchmark;

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
 * Keycloak's admin REST API with one access token reused until shortly before it expires, as an admin
 * tool does: the runner's KeycloakAdmin logs in for every call (a password hash on the server each
 * time), which would weigh on the very figures the bulk parts measure.
 */
final class AdminApi {

    record Answer(int status, String body, String location, java.net.http.HttpHeaders headers, long bytes) {
        java.util.Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (HTTP " + status + "): " + body, e);
            }
        }

        Answer expect(int expected) {
            if (status != expected) {
                throw new IllegalStateException("expected HTTP " + expected + ", got " + status + ": "
                        + (body.length() > 300 ? body.substring(0, 300) + "…" : body));
            }
            return this;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Master realm access tokens live 60 s by default: a new one after 40 s. */
    private static final Duration TOKEN_USE = Duration.ofSeconds(40);

    private final URI baseUri;
    private final String username;
    private final String password;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private String token;
    private long tokenAt;

    AdminApi(URI baseUri, String username, String password) {
        this.baseUri = baseUri;
        this.username = username;
        this.password = password;
    }

    Answer get(String path) {
        return send(request(path).GET());
    }

    Answer post(String path, Object json) {
        try {
            return post(path, "application/json", JSON.writeValueAsBytes(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Answer put(String path, Object json) {
        try {
            return send(request(path)
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(json))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Answer post(String path, String contentType, byte[] body) {
        return post(path, contentType, body, Duration.ofMinutes(5));
    }

    Answer post(String path, String contentType, byte[] body, Duration timeout) {
        return send(request(path)
                .timeout(timeout)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(baseUri.resolve(path))
                .timeout(Duration.ofMinutes(5))
                .header("Authorization", "Bearer " + token());
    }

    private synchronized String token() {
        if (token == null || System.nanoTime() - tokenAt > TOKEN_USE.toNanos()) {
            String form =
                    "grant_type=password&client_id=admin-cli&username=" + enc(username) + "&password=" + enc(password);
            long at = System.nanoTime();
            token = send(HttpRequest.newBuilder(baseUri.resolve("/realms/master/protocol/openid-connect/token"))
                            .timeout(Duration.ofSeconds(60))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form)))
                    .expect(200)
                    .json()
                    .get("access_token")
                    .asText();
            tokenAt = at;
        }
        return token;
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(
                    response.statusCode(),
                    new String(response.body(), StandardCharsets.UTF_8),
                    response.headers().firstValue("Location").orElse(null),
                    response.headers(),
                    response.body().length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
