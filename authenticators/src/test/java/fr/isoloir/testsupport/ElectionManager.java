package fr.isoloir.testsupport;

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
 * A master-realm administrator holding one role of the vote realm's management client (manage-users
 * for an election manager, view-users for someone who may only look), logged in through admin-cli.
 * Calls keep the response headers (a download's Content-Disposition). Deleted on close.
 */
public record ElectionManager(IsoloirServer server, String userId, String token, HttpClient http)
        implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static ElectionManager create(IsoloirServer server, String voteRealmRole) {
        return create(server, IsoloirServer.REALM, voteRealmRole);
    }

    /** A manager holding these roles of an election realm's management client ({@code <realm>-realm}). */
    public static ElectionManager create(IsoloirServer server, String realm, String realmRole, String... moreRoles) {
        String[] roles = java.util.stream.Stream.concat(
                        java.util.stream.Stream.of(realmRole), java.util.Arrays.stream(moreRoles))
                .toArray(String[]::new);
        ManagerAccount account = ManagerAccount.create(server.admin(), realm, roles);
        String userId = account.id();
        String username = account.username();
        String password = account.password();

        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String form =
                "grant_type=password&client_id=admin-cli&username=" + enc(username) + "&password=" + enc(password);
        HttpResponse<byte[]> answer = send(
                http,
                HttpRequest.newBuilder(server.baseUri().resolve("/realms/master/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build());
        try {
            return new ElectionManager(
                    server,
                    userId,
                    JSON.readTree(answer.body()).get("access_token").asText(),
                    http);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public HttpResponse<byte[]> post(String path) {
        return send(
                http,
                HttpRequest.newBuilder(server.baseUri().resolve(path))
                        .timeout(Duration.ofMinutes(5))
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build());
    }

    /** A PUT of a JSON body with this manager's token. */
    public HttpResponse<byte[]> put(String path, String json) {
        return send(
                http,
                HttpRequest.newBuilder(server.baseUri().resolve(path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(json))
                        .build());
    }

    /** A GET with this manager's token. */
    public HttpResponse<byte[]> get(String path) {
        return send(
                http,
                HttpRequest.newBuilder(server.baseUri().resolve(path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + token)
                        .GET()
                        .build());
    }

    /** A GET without any token (a link opened in a browser). */
    public static HttpResponse<byte[]> get(HttpClient http, URI uri) {
        return send(
                http,
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build());
    }

    public static HttpResponse<byte[]> send(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
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

    @Override
    public void close() {
        server.admin().delete("/admin/realms/master/users/" + userId).expect(204);
    }
}
