package fr.isoloir.demo.site;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An OpenID Connect ID token that passed every check of OIDC Core 3.1.3.7 (Nimbus {@link IDTokenValidator}):
 * the signature against the provider's keys, {@code iss}, {@code aud}, {@code azp}, {@code exp}, {@code iat} and
 * {@code nonce}.
 *
 * @param raw    the compact JWT as received, kept for the logout's {@code id_token_hint}
 * @param claims every claim, by name, in name order (what the personal space shows)
 */
record IdToken(
        String raw,
        String issuer,
        List<String> audience,
        String subject,
        String sessionId,
        Map<String, Object> claims) {

    private static final String BAD_SIGNATURE =
            "La signature du jeton d’identité n’est pas celle du fournisseur d’identité : jeton refusé.";

    /**
     * Checks the token.
     *
     * @throws LoginFailure with a French reason when the token is unreadable or a check fails
     */
    static IdToken verify(IDTokenValidator validator, String jwt, String expectedNonce) throws LoginFailure {
        JWT parsed;
        try {
            parsed = JWTParser.parse(jwt == null ? "" : jwt);
        } catch (ParseException e) {
            throw new LoginFailure("Le jeton d’identité reçu est illisible (ce n’est pas un JWT signé).");
        }
        if (!(parsed instanceof SignedJWT)) {
            throw new LoginFailure(BAD_SIGNATURE);
        }
        IDTokenClaimsSet checked;
        try {
            checked = validator.validate(parsed, new Nonce(expectedNonce));
        } catch (BadJOSEException | JOSEException e) {
            throw new LoginFailure(reason(e.getMessage()));
        }
        // OIDC Core 3.1.3.7, points 4 and 5, which Nimbus leaves to the site: with several audiences, azp names us.
        String clientId = validator.getClientID().getValue();
        Object azp = checked.getClaim("azp");
        if (azp != null ? !clientId.equals(azp) : checked.getAudience().size() > 1) {
            throw new LoginFailure("Le jeton d’identité a été délivré à un autre client (azp).");
        }
        List<String> audience = new ArrayList<>();
        checked.getAudience().forEach(a -> audience.add(a.getValue()));
        return new IdToken(
                jwt,
                checked.getIssuer().getValue(),
                List.copyOf(audience),
                checked.getSubject().getValue(),
                checked.getStringClaim("sid"),
                Collections.unmodifiableMap(new TreeMap<>(checked.toJSONObject())));
    }

    /** A claim as text, or null. */
    String claim(String name) {
        Object value = claims.get(name);
        return value == null ? null : value.toString();
    }

    /** Nimbus says what failed in English; the voter reads French. */
    private static String reason(String nimbus) {
        String message = nimbus == null ? "" : nimbus.toLowerCase(Locale.ROOT);
        if (message.contains("nonce")) {
            return "Le jeton d’identité ne correspond pas à cette connexion (nonce).";
        } else if (message.contains("azp") || message.contains("authorized party")) {
            return "Le jeton d’identité a été délivré à un autre client (azp).";
        } else if (message.contains("audience")) {
            return "Le jeton d’identité n’est pas destiné à ce site (aud).";
        } else if (message.contains("issuer")) {
            return "Le jeton d’identité n’a pas été émis par le fournisseur d’identité attendu (iss).";
        } else if (message.contains("expired")) {
            return "Le jeton d’identité a expiré (exp).";
        } else if (message.contains("subject")) {
            return "Le jeton d’identité ne désigne aucun utilisateur (sub).";
        } else if (message.contains("signature")
                || message.contains("signed jwt")
                || message.contains("unsecured")
                || message.contains("plain")
                || message.contains("key")) {
            return BAD_SIGNATURE;
        }
        return "Le jeton d’identité est incomplet ou invalide.";
    }
}
