package fr.isoloir.demo.site;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * An OpenID Connect ID token whose claims have been checked (OIDC Core 3.1.3.7).
 *
 * <p>The signature is NOT checked, on purpose: the demo site receives the ID token directly from the token endpoint
 * in the back-channel response to its own request, and OIDC Core 3.1.3.7 point 6 lets the TLS server validation of
 * that direct channel stand in for the signature check. (The demo runs over plain HTTP on the loopback interface; a
 * real site would use TLS, or check the signature against the provider's JWKS.) The claims are still checked.
 *
 * @param raw the compact JWT as received, kept for the logout's {@code id_token_hint}
 */
record IdToken(String raw, String issuer, List<String> audience, String subject, String preferredUsername,
               String name, Instant expiresAt) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Parses the token and checks {@code iss}, {@code aud}, {@code azp}, {@code exp}, {@code nonce} and {@code sub}.
     *
     * @throws LoginFailure with a French reason when the token is unreadable or a check fails
     */
    static IdToken verify(String jwt, String expectedIssuer, String clientId, String expectedNonce, Instant now)
            throws LoginFailure {
        String[] parts = jwt == null ? new String[0] : jwt.split("\\.", -1);
        if (parts.length != 3) {
            throw new LoginFailure("Le jeton d’identité reçu est illisible (ce n’est pas un JWT signé).");
        }
        JsonNode header = decode(parts[0]);
        JsonNode claims = decode(parts[1]);
        String algorithm = text(header, "alg");
        if (algorithm == null || algorithm.equalsIgnoreCase("none")) {
            throw new LoginFailure("Le jeton d’identité reçu n’est pas signé (alg).");
        }

        String issuer = text(claims, "iss");
        if (!expectedIssuer.equals(issuer)) {
            throw new LoginFailure("Le jeton d’identité n’a pas été émis par le fournisseur d’identité attendu (iss).");
        }
        List<String> audience = audience(claims.get("aud"));
        if (!audience.contains(clientId)) {
            throw new LoginFailure("Le jeton d’identité n’est pas destiné à ce site (aud).");
        }
        String authorizedParty = text(claims, "azp");
        if (claims.has("azp") ? !clientId.equals(authorizedParty) : audience.size() > 1) {
            throw new LoginFailure("Le jeton d’identité a été délivré à un autre client (azp).");
        }
        JsonNode exp = claims.get("exp");
        if (exp == null || !exp.isNumber()) {
            throw new LoginFailure("Le jeton d’identité n’a pas de date d’expiration (exp).");
        }
        Instant expiresAt = Instant.ofEpochSecond(exp.asLong());
        if (!expiresAt.isAfter(now)) {
            throw new LoginFailure("Le jeton d’identité a expiré (exp).");
        }
        if (!expectedNonce.equals(text(claims, "nonce"))) {
            throw new LoginFailure("Le jeton d’identité ne correspond pas à cette connexion (nonce).");
        }
        String subject = text(claims, "sub");
        if (subject == null || subject.isEmpty()) {
            throw new LoginFailure("Le jeton d’identité ne désigne aucun utilisateur (sub).");
        }
        return new IdToken(jwt, issuer, audience, subject, text(claims, "preferred_username"), text(claims, "name"),
                expiresAt);
    }

    private static JsonNode decode(String base64url) throws LoginFailure {
        try {
            JsonNode node = JSON.readTree(Base64.getUrlDecoder().decode(base64url));
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (IllegalArgumentException | IOException e) {
            // reported below
        }
        throw new LoginFailure("Le jeton d’identité reçu est illisible.");
    }

    private static List<String> audience(JsonNode aud) {
        List<String> audience = new ArrayList<>();
        if (aud != null && aud.isTextual()) {
            audience.add(aud.asText());
        } else if (aud != null && aud.isArray()) {
            aud.forEach(entry -> {
                if (entry.isTextual()) {
                    audience.add(entry.asText());
                }
            });
        }
        return List.copyOf(audience);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
