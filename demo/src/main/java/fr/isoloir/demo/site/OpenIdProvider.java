package fr.isoloir.demo.site;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The back channel to the OpenID provider (Keycloak): lazy discovery of its endpoints, and the code exchange.
 * Failures become {@link LoginFailure}s with a French message.
 */
final class OpenIdProvider {

    /** The endpoints the demo site uses; {@code endSession} is null when the provider has none. */
    record Endpoints(URI authorization, URI token, URI endSession) {
    }

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String issuer;
    private final HttpClient http;
    private Endpoints endpoints; // guarded by this; kept once discovered

    OpenIdProvider(String issuer, HttpClient http) {
        this.issuer = Objects.requireNonNull(issuer);
        this.http = Objects.requireNonNull(http);
    }

    /** The provider's endpoints, read from its discovery document on first use (retried until it succeeds). */
    synchronized Endpoints endpoints() throws LoginFailure {
        if (endpoints == null) {
            // OpenID Connect Discovery 1.0 section 4: drop a terminating "/" before appending the well-known path.
            String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/.well-known/openid-configuration"))
                    .timeout(REQUEST_TIMEOUT).header("Accept", "application/json").GET().build();
            JsonNode document = send(request);
            if (document == null || !issuer.equals(document.path("issuer").asText(null))) {
                throw new LoginFailure("Le document de découverte du fournisseur d’identité est invalide "
                        + "(il ne désigne pas l’émetteur attendu).");
            }
            endpoints = new Endpoints(endpoint(document, "authorization_endpoint", true),
                    endpoint(document, "token_endpoint", true), endpoint(document, "end_session_endpoint", false));
        }
        return endpoints;
    }

    /**
     * Exchanges an authorization code (with its PKCE verifier) at the token endpoint.
     *
     * @return the raw ID token
     */
    String exchangeCode(String code, URI redirectUri, String clientId, String codeVerifier) throws LoginFailure {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri.toString());
        form.put("client_id", clientId);
        form.put("code_verifier", codeVerifier);
        HttpRequest request = HttpRequest.newBuilder(endpoints().token())
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(formEncode(form)))
                .build();
        JsonNode response = send(request);
        String idToken = response == null ? null : response.path("id_token").asText(null);
        if (idToken == null || idToken.isEmpty()) {
            throw new LoginFailure("Le fournisseur d’identité n’a pas renvoyé de jeton d’identité (id_token).");
        }
        return idToken;
    }

    /** Encodes parameters as application/x-www-form-urlencoded (also used for query strings). */
    static String formEncode(Map<String, String> parameters) {
        return parameters.entrySet().stream()
                .map(p -> URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** Appends query parameters to an endpoint that may already have a query. */
    static URI withQuery(URI endpoint, Map<String, String> parameters) {
        String uri = endpoint.toString();
        return URI.create(uri + (endpoint.getRawQuery() == null ? "?" : "&") + formEncode(parameters));
    }

    private JsonNode send(HttpRequest request) throws LoginFailure {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new LoginFailure("Le fournisseur d’identité est injoignable.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoginFailure("La connexion au fournisseur d’identité a été interrompue.");
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            body = null;
        }
        if (response.statusCode() != 200) {
            String error = body == null ? null : body.path("error").asText(null);
            throw new LoginFailure("Le fournisseur d’identité a refusé la demande (HTTP " + response.statusCode()
                    + (error == null ? "" : ", « " + error + " »") + ").");
        }
        if (body == null || !body.isObject()) {
            throw new LoginFailure("La réponse du fournisseur d’identité est illisible.");
        }
        return body;
    }

    private static URI endpoint(JsonNode document, String name, boolean required) throws LoginFailure {
        String value = document.path(name).asText(null);
        if (value == null && !required) {
            return null;
        }
        try {
            URI uri = new URI(value == null ? "" : value);
            if (uri.isAbsolute() && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new LoginFailure("Le document de découverte du fournisseur d’identité est invalide (" + name + ").");
    }
}
