package fr.isoloir.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.isoloir.testsupport.VoterBrowser.Page;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An authorization request of the {@code voting-site} client, made by the test itself rather than by the
 * demo voting site, so that the test chooses its parameters ({@code prompt}, {@code max_age}) and can
 * redeem the code it gets (PKCE). The redirect URI is the demo site's callback: when Keycloak grants a
 * code, the browser lands there with it (the demo site then refuses the callback it did not ask for,
 * which does not matter: the code reached the voting site's address).
 */
public record AuthorizationRequest(IsoloirServer server, URI uri, String codeVerifier) {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A request with these extra parameters, e.g. {@code Map.of("prompt", "login")}. */
    public static AuthorizationRequest of(IsoloirServer server, Map<String, String> extra) {
        String verifier = random();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", "voting-site");
        query.put("redirect_uri", callback(server));
        query.put("scope", "openid");
        query.put("state", random());
        query.put("nonce", random());
        query.put("code_challenge", challenge(verifier));
        query.put("code_challenge_method", "S256");
        query.put("ui_locales", "fr");
        query.putAll(extra);
        String encoded = query.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return new AuthorizationRequest(
                server, URI.create(server.realmUri() + "/protocol/openid-connect/auth?" + encoded), verifier);
    }

    private static String callback(IsoloirServer server) {
        return server.votingSite().baseUri() + "/callback";
    }

    /** The authorization code this page carries, when the browser landed on the voting site's callback with one. */
    public Optional<String> codeOn(Page page) {
        if (!page.uri().toString().startsWith(callback(server)) || page.uri().getRawQuery() == null) {
            return Optional.empty();
        }
        for (String pair : page.uri().getRawQuery().split("&")) {
            if (pair.startsWith("code=")) {
                return Optional.of(URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    /** Redeems the code as the voting site would: the token endpoint's answer (status and JSON). */
    public Tokens redeem(String code) {
        return token(
                server,
                "grant_type=authorization_code&client_id=voting-site&code=" + enc(code) + "&redirect_uri="
                        + enc(callback(server)) + "&code_verifier=" + enc(codeVerifier));
    }

    /** The token endpoint's answer: its status and body. */
    public record Tokens(int status, JsonNode json) {
        public String refreshToken() {
            return json.path("refresh_token").asText();
        }

        public String accessToken() {
            return json.path("access_token").asText();
        }

        public String idToken() {
            return json.path("id_token").asText();
        }

        /** The ID token's subject (read, not verified: the token came straight from the token endpoint). */
        public String subject() {
            String[] parts = json.path("id_token").asText().split("\\.");
            if (parts.length < 2) {
                throw new AssertionError("no ID token: " + json);
            }
            return readOrText(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8))
                    .path("sub")
                    .asText();
        }
    }

    /** A POST of this form to the realm's token endpoint, as any client could send it. */
    public static Tokens token(IsoloirServer server, String form) {
        try (HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(URI.create(server.realmUri() + "/protocol/openid-connect/token"))
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode json = answer.body().isBlank() ? JSON.createObjectNode() : readOrText(answer.body());
            return new Tokens(answer.statusCode(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Refreshes as the voting site would. */
    public static Tokens refresh(IsoloirServer server, String refreshToken) {
        return token(server, "grant_type=refresh_token&client_id=voting-site&refresh_token=" + enc(refreshToken));
    }

    private static JsonNode readOrText(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException notJson) {
            return JSON.createObjectNode().put("body", body);
        }
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(
                            MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
