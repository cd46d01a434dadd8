package fr.isoloir.demo.site;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdTokenTest {

    private static final String ISSUER = "http://localhost:8080/realms/vote";
    private static final String CLIENT = "voting-site";
    private static final String NONCE = "n-0S6_WzA2Mj";
    private static final IDTokenValidator VALIDATOR = OpenIdProvider.idTokenValidator(
            new Issuer(ISSUER),
            new ClientID(CLIENT),
            new JWSVerificationKeySelector<>(
                    JWSAlgorithm.RS256, new ImmutableJWKSet<>(new JWKSet(FakeOpenIdProvider.KEY.toPublicJWK()))));

    private static Map<String, Object> validClaims() {
        Map<String, Object> claims = new LinkedHashMap<>();
        long now = Instant.now().getEpochSecond();
        claims.put("iss", ISSUER);
        claims.put("sub", "f3b1");
        claims.put("aud", CLIENT);
        claims.put("azp", CLIENT);
        claims.put("iat", now);
        claims.put("exp", now + 60);
        claims.put("nonce", NONCE);
        claims.put("sid", "s-1");
        claims.put("electoral_college", "Employés");
        claims.put("acr", "isoloir-passphrase");
        return claims;
    }

    private static IdToken verify(String jwt) throws LoginFailure {
        return IdToken.verify(VALIDATOR, jwt, NONCE);
    }

    private static String signed(Map<String, Object> claims) {
        return FakeOpenIdProvider.signed(claims, FakeOpenIdProvider.KEY);
    }

    @Nested
    class AcceptsAToken {

        @Test
        void signedByTheProviderWithTheExpectedClaimsAndKeepsThemAll() throws Exception {
            String jwt = signed(validClaims());
            IdToken token = verify(jwt);

            assertThat(token.raw()).isEqualTo(jwt);
            assertThat(token.issuer()).isEqualTo(ISSUER);
            assertThat(token.audience()).containsExactly(CLIENT);
            assertThat(token.subject()).isEqualTo("f3b1");
            assertThat(token.sessionId()).isEqualTo("s-1");
            assertThat(token.claim("electoral_college")).isEqualTo("Employés");
            assertThat(token.claim("acr")).isEqualTo("isoloir-passphrase");
        }

        @Test
        void whoseAudienceIsAListWithTheClientAndAzp() throws Exception {
            Map<String, Object> claims = validClaims();
            claims.put("aud", List.of(CLIENT, "account"));
            assertThat(verify(signed(claims)).audience()).containsExactly(CLIENT, "account");
        }
    }

    @Nested
    class RefusesAToken {

        @Test
        void thatIsNotAJwt() {
            assertThatThrownBy(() -> verify("abc.def"))
                    .isInstanceOf(LoginFailure.class)
                    .hasMessageContaining("illisible");
        }

        @Test
        void withOneByteOfItsSignatureChanged() {
            String jwt = signed(validClaims());
            int last = jwt.length() - 2; // inside the signature, not its last character (whose low bits are padding)
            String tampered = jwt.substring(0, last) + (jwt.charAt(last) == 'A' ? 'B' : 'A') + jwt.substring(last + 1);

            assertThatThrownBy(() -> verify(tampered))
                    .isInstanceOf(LoginFailure.class)
                    .hasMessageContaining("La signature du jeton d’identité n’est pas celle du fournisseur d’identité");
        }

        @Test
        void withOneByteOfItsPayloadChanged() {
            String[] parts = signed(validClaims()).split("\\.");
            String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                    .replace("Employés", "Employées");
            String tampered = parts[0] + "."
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                    + "." + parts[2];

            assertThatThrownBy(() -> verify(tampered))
                    .isInstanceOf(LoginFailure.class)
                    .hasMessageContaining("La signature du jeton d’identité n’est pas celle du fournisseur d’identité");
        }

        @Test
        void fromAnotherIssuer() {
            Map<String, Object> claims = validClaims();
            claims.put("iss", "http://localhost:8080/realms/other");
            assertThatThrownBy(() -> verify(signed(claims))).hasMessageContaining("(iss)");
        }

        @Test
        void forAnotherAudience() {
            Map<String, Object> claims = validClaims();
            claims.put("aud", "another-site");
            claims.remove("azp");
            assertThatThrownBy(() -> verify(signed(claims))).hasMessageContaining("(aud)");
        }

        @Test
        void thatExpired() {
            Map<String, Object> claims = validClaims();
            claims.put("exp", Instant.now().minusSeconds(60).getEpochSecond());
            assertThatThrownBy(() -> verify(signed(claims))).hasMessageContaining("(exp)");
        }

        @Test
        void withoutTheNonce() {
            Map<String, Object> claims = validClaims();
            claims.remove("nonce");
            assertThatThrownBy(() -> verify(signed(claims))).hasMessageContaining("(nonce)");
        }
    }
}
