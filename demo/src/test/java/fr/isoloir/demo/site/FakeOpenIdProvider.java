package fr.isoloir.demo.site;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A fake OpenID provider for the tests: a discovery document, an authorization endpoint that "logs in" Jeanne Dupont at
 * once and redirects back with a code, a token endpoint that checks the PKCE verifier and returns an ID token signed
 * (RS256) with the provider's key, its JWKS, and an end-session endpoint. Tests can tamper with the claims (before
 * signing), with the signed token, or with the returned state.
 */
final class FakeOpenIdProvider implements AutoCloseable {

    static final String COLLEGE = "Cadres";
    static final String ACR = "isoloir-code-passphrase";
    static final String SESSION_ID = "b1d7c0de-5e55-4a1e-9d00-0000000000a1";
    static final String SUBJECT = "4f0c1a9e-7d3b-4c52-9a61-2b8e5d0f7c11";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** One key for every test: RSA generation is slow. */
    static final RSAKey KEY = newKey("fake");

    static RSAKey newKey(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private final HttpServer server;
    private final String issuer;
    private final Map<String, Map<String, String>> authorizationRequestsByCode = new ConcurrentHashMap<>();

    /** Changes the ID token claims before they are encoded. */
    volatile Consumer<Map<String, Object>> claimTampering = claims -> {};
    /** Changes the signed ID token (compact form) before it is returned. */
    volatile UnaryOperator<String> tokenTampering = token -> token;
    /** Changes the state sent back to the site. */
    volatile UnaryOperator<String> stateTampering = state -> state;
    /** When set, the authorization endpoint answers with this OAuth error instead of a code. */
    volatile String authorizationError;

    volatile Map<String, String> lastAuthorizationRequest;
    volatile Map<String, String> lastTokenRequest;
    volatile Map<String, String> lastEndSessionRequest;
    volatile String lastIdToken;

    private FakeOpenIdProvider(HttpServer server) {
        this.server = server;
        this.issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/vote";
    }

    static FakeOpenIdProvider start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            FakeOpenIdProvider provider = new FakeOpenIdProvider(server);
            server.createContext("/realms/vote/", provider::handle);
            server.start();
            return provider;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI issuer() {
        return URI.create(issuer);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring("/realms/vote".length());
            switch (path) {
                case "/.well-known/openid-configuration" ->
                    json(
                            exchange,
                            200,
                            Map.of(
                                    "issuer",
                                    issuer,
                                    "authorization_endpoint",
                                    issuer + "/protocol/openid-connect/auth",
                                    "token_endpoint",
                                    issuer + "/protocol/openid-connect/token",
                                    "end_session_endpoint",
                                    issuer + "/protocol/openid-connect/logout",
                                    "jwks_uri",
                                    issuer + "/protocol/openid-connect/certs",
                                    "response_types_supported",
                                    List.of("code"),
                                    "subject_types_supported",
                                    List.of("public"),
                                    "id_token_signing_alg_values_supported",
                                    List.of("RS256")));
                case "/protocol/openid-connect/certs" -> {
                    byte[] keys = new JWKSet(KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, keys.length);
                    exchange.getResponseBody().write(keys);
                }
                case "/protocol/openid-connect/auth" -> authorize(exchange);
                case "/protocol/openid-connect/token" -> token(exchange);
                case "/protocol/openid-connect/logout" -> {
                    lastEndSessionRequest = parse(exchange.getRequestURI().getRawQuery());
                    redirect(exchange, lastEndSessionRequest.get("post_logout_redirect_uri"));
                }
                default -> json(exchange, 404, Map.of("error", "not_found"));
            }
        }
    }

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> request = parse(exchange.getRequestURI().getRawQuery());
        lastAuthorizationRequest = request;
        String state = stateTampering.apply(request.get("state"));
        String error = authorizationError;
        if (error != null) {
            redirect(
                    exchange,
                    request.get("redirect_uri") + "?error=" + encode(error) + "&error_description="
                            + encode("L'électeur a annulé <la connexion>") + "&state=" + encode(state));
            return;
        }
        String code = UUID.randomUUID().toString();
        authorizationRequestsByCode.put(code, request);
        redirect(exchange, request.get("redirect_uri") + "?code=" + encode(code) + "&state=" + encode(state));
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        lastTokenRequest = form;
        Map<String, String> authorization = authorizationRequestsByCode.remove(form.getOrDefault("code", ""));
        if (!"authorization_code".equals(form.get("grant_type"))
                || authorization == null
                || !authorization.get("redirect_uri").equals(form.get("redirect_uri"))
                || !authorization.get("client_id").equals(form.get("client_id"))) {
            json(exchange, 400, Map.of("error", "invalid_grant"));
            return;
        }
        String verifier = form.get("code_verifier");
        if (verifier == null
                || !"S256".equals(authorization.get("code_challenge_method"))
                || !DemoVotingSite.codeChallenge(verifier).equals(authorization.get("code_challenge"))) {
            json(exchange, 400, Map.of("error", "invalid_grant", "error_description", "PKCE verification failed"));
            return;
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        long now = Instant.now().getEpochSecond();
        claims.put("iss", issuer);
        claims.put("sub", SUBJECT);
        claims.put("aud", authorization.get("client_id"));
        claims.put("azp", authorization.get("client_id"));
        claims.put("exp", now + 300);
        claims.put("iat", now);
        claims.put("nonce", authorization.get("nonce"));
        claims.put("sid", SESSION_ID);
        claims.put("acr", ACR);
        claims.put("electoral_college", COLLEGE);
        claimTampering.accept(claims);
        String idToken = tokenTampering.apply(signed(claims, KEY));
        lastIdToken = idToken;
        json(
                exchange,
                200,
                Map.of("access_token", "not-used", "token_type", "Bearer", "expires_in", 300, "id_token", idToken));
    }

    /** The claims signed (RS256) with this key, in compact form. */
    static String signed(Map<String, Object> claims, RSAKey key) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID(key.getKeyID())
                            .build(),
                    JWTClaimsSet.parse(claims));
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException | java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A back-channel logout token for this provider session, as Keycloak posts it to the site. */
    String logoutToken(String clientId, String sessionId) {
        Map<String, Object> claims = new LinkedHashMap<>();
        long now = Instant.now().getEpochSecond();
        claims.put("iss", issuer);
        claims.put("aud", clientId);
        claims.put("sub", SUBJECT);
        claims.put("sid", sessionId);
        claims.put("iat", now);
        claims.put("exp", now + 60);
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("events", Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of()));
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID(KEY.getKeyID())
                            .type(new JOSEObjectType("logout+jwt"))
                            .build(),
                    JWTClaimsSet.parse(claims));
            jwt.sign(new RSASSASigner(KEY));
            return jwt.serialize();
        } catch (JOSEException | java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> parse(String form) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (form != null && !form.isEmpty()) {
            for (String pair : form.split("&")) {
                int equals = pair.indexOf('=');
                parameters.put(
                        URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(302, -1);
    }

    private static void json(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
