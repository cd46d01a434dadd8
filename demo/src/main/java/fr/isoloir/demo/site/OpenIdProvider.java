package fr.isoloir.demo.site;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.LogoutTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import com.nimbusds.openid.connect.sdk.validators.LogoutTokenValidator;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The OpenID provider (Keycloak) as the demo site sees it, through Nimbus oauth2-oidc-sdk: discovery on first use,
 * the code exchange, and the checks of the tokens it signs. The realm's keys come from its JWKS (the
 * {@code jwks_uri} of the discovery document), cached and fetched again when a token names an unknown key.
 * Failures become {@link LoginFailure}s with a French message.
 */
final class OpenIdProvider {

    /** The endpoints the demo site uses; {@code endSession} is null when the provider has none. */
    record Endpoints(URI authorization, URI token, URI endSession) {}

    /** Keycloak's default signature algorithm for the realm's tokens. */
    static final JWSAlgorithm SIGNATURE = JWSAlgorithm.RS256;

    private static final int TIMEOUT_MILLIS = 10_000;
    /** Both ends read the same clock in the demo; a real site allows a little more. */
    private static final int MAX_CLOCK_SKEW_SECONDS = 5;

    /** What discovery gave: kept once found (guarded by the provider). */
    private record Discovered(Endpoints endpoints, IDTokenValidator idTokens, LogoutTokenValidator logoutTokens) {}

    private final Issuer issuer;
    private final ClientID clientId;
    private Discovered discovered; // guarded by this

    OpenIdProvider(URI issuer, String clientId) {
        this.issuer = new Issuer(Objects.requireNonNull(issuer));
        this.clientId = new ClientID(Objects.requireNonNull(clientId));
    }

    /** The provider's endpoints, read from its discovery document on first use (retried until it succeeds). */
    Endpoints endpoints() throws LoginFailure {
        return discovered().endpoints();
    }

    private synchronized Discovered discovered() throws LoginFailure {
        if (discovered == null) {
            OIDCProviderMetadata metadata;
            try {
                // Checks that the document names this issuer (OpenID Connect Discovery 1.0, section 4.3).
                metadata = OIDCProviderMetadata.resolve(issuer, TIMEOUT_MILLIS, TIMEOUT_MILLIS);
            } catch (IOException e) {
                throw new LoginFailure("Le fournisseur d’identité est injoignable.");
            } catch (GeneralException e) {
                throw new LoginFailure("Le document de découverte du fournisseur d’identité est invalide "
                        + "(il ne désigne pas l’émetteur attendu).");
            }
            if (metadata.getJWKSetURI() == null || metadata.getTokenEndpointURI() == null) {
                throw new LoginFailure("Le document de découverte du fournisseur d’identité est invalide "
                        + "(jwks_uri, token_endpoint).");
            }
            JWKSource<SecurityContext> keys;
            try {
                keys = JWKSourceBuilder.create(metadata.getJWKSetURI().toURL()).build();
            } catch (MalformedURLException e) {
                throw new LoginFailure("Le document de découverte du fournisseur d’identité est invalide (jwks_uri).");
            }
            discovered = new Discovered(
                    new Endpoints(
                            metadata.getAuthorizationEndpointURI(),
                            metadata.getTokenEndpointURI(),
                            metadata.getEndSessionEndpointURI()),
                    idTokenValidator(issuer, clientId, new JWSVerificationKeySelector<>(SIGNATURE, keys)),
                    new LogoutTokenValidator(
                            issuer, clientId, new JWSVerificationKeySelector<>(SIGNATURE, keys), null));
        }
        return discovered;
    }

    /** Checks signature (against these keys), iss, aud, azp, exp, iat and nonce, as OIDC Core 3.1.3.7 says. */
    static IDTokenValidator idTokenValidator(
            Issuer issuer, ClientID clientId, JWSVerificationKeySelector<SecurityContext> keys) {
        IDTokenValidator validator = new IDTokenValidator(issuer, clientId, keys, null);
        validator.setMaxClockSkew(MAX_CLOCK_SKEW_SECONDS);
        return validator;
    }

    /** Exchanges an authorization code (with its PKCE verifier) at the token endpoint, as a public client. */
    JWT exchangeCode(String code, URI redirectUri, String codeVerifier) throws LoginFailure {
        TokenRequest request = new TokenRequest.Builder(
                        endpoints().token(),
                        clientId,
                        new AuthorizationCodeGrant(
                                new AuthorizationCode(code), redirectUri, new CodeVerifier(codeVerifier)))
                .build();
        TokenResponse response;
        try {
            var http = request.toHTTPRequest();
            http.setConnectTimeout(TIMEOUT_MILLIS);
            http.setReadTimeout(TIMEOUT_MILLIS);
            response = OIDCTokenResponseParser.parse(http.send());
        } catch (IOException e) {
            throw new LoginFailure("Le fournisseur d’identité est injoignable.");
        } catch (ParseException e) {
            throw new LoginFailure("La réponse du fournisseur d’identité est illisible.");
        }
        if (!response.indicatesSuccess()) {
            ErrorObject error = response.toErrorResponse().getErrorObject();
            throw new LoginFailure("Le fournisseur d’identité a refusé la demande (HTTP " + error.getHTTPStatusCode()
                    + (error.getCode() == null ? "" : ", « " + error.getCode() + " »") + ").");
        }
        JWT idToken = ((OIDCTokenResponse) response.toSuccessResponse())
                .getOIDCTokens()
                .getIDToken();
        if (idToken == null) {
            throw new LoginFailure("Le fournisseur d’identité n’a pas renvoyé de jeton d’identité (id_token).");
        }
        return idToken;
    }

    /** The ID token's claims once every check passed. */
    IdToken verify(String idToken, String nonce) throws LoginFailure {
        return IdToken.verify(discovered().idTokens(), idToken, nonce);
    }

    /** A back-channel logout token (OIDC Back-Channel Logout 1.0, section 2.6): its claims once checked. */
    LogoutTokenClaimsSet verifyLogoutToken(String logoutToken) throws LoginFailure {
        try {
            return discovered().logoutTokens().validate(JWTParser.parse(logoutToken));
        } catch (java.text.ParseException | BadJOSEException | JOSEException e) {
            throw new LoginFailure("Jeton de déconnexion refusé.");
        }
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
}
