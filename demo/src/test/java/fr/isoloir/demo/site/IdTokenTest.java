package fr.isoloir.demo.site;

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
    private static final Instant NOW = Instant.parse("2026-03-12T08:00:00Z");

    private static Map<String, Object> validClaims() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("sub", "f3b1");
        claims.put("aud", CLIENT);
        claims.put("azp", CLIENT);
        claims.put("exp", NOW.plusSeconds(60).getEpochSecond());
        claims.put("nonce", NONCE);
        claims.put("preferred_username", "jeanne.dupont");
        return claims;
    }

    private static IdToken verify(String jwt) throws LoginFailure {
        return IdToken.verify(jwt, ISSUER, CLIENT, NONCE, NOW);
    }

    private static String jwt(Map<String, Object> claims) throws Exception {
        return FakeOpenIdProvider.jwt(claims);
    }

    @Nested
    class AcceptsAToken {

        @Test
        void withTheExpectedClaims() throws Exception {
            IdToken token = verify(jwt(validClaims()));

            assertThat(token.issuer()).isEqualTo(ISSUER);
            assertThat(token.audience()).containsExactly(CLIENT);
            assertThat(token.subject()).isEqualTo("f3b1");
            assertThat(token.preferredUsername()).isEqualTo("jeanne.dupont");
            assertThat(token.name()).isNull();
            assertThat(token.expiresAt()).isEqualTo(NOW.plusSeconds(60));
        }

        @Test
        void whoseAudienceIsAListWithTheClientAndAzp() throws Exception {
            Map<String, Object> claims = validClaims();
            claims.put("aud", List.of("account", CLIENT));

            assertThat(verify(jwt(claims)).audience()).containsExactly("account", CLIENT);
        }

        @Test
        void withoutAzpForASingleAudience() throws Exception {
            Map<String, Object> claims = validClaims();
            claims.remove("azp");

            assertThat(verify(jwt(claims)).subject()).isEqualTo("f3b1");
        }
    }

    @Nested
    class RefusesAToken {

        @Test
        void thatIsNotAJwt() {
            assertThatThrownBy(() -> verify("not.a-jwt")).isInstanceOf(LoginFailure.class)
                    .hasMessageContaining("illisible");
            assertThatThrownBy(() -> verify("%%%.%%%.%%%")).isInstanceOf(LoginFailure.class)
                    .hasMessageContaining("illisible");
        }

        @Test
        void withAlgNone() {
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            String unsigned = b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                    + b64.encodeToString("{}".getBytes(StandardCharsets.UTF_8)) + ".";

            assertThatThrownBy(() -> verify(unsigned)).hasMessageContaining("(alg)");
        }

        @Test
        void fromAnotherIssuer() throws Exception {
            Map<String, Object> claims = validClaims();
            claims.put("iss", ISSUER + "/");

            assertThatThrownBy(() -> verify(jwt(claims))).hasMessageContaining("(iss)");
        }

        @Test
        void forAnotherAudience() throws Exception {
            Map<String, Object> claims = validClaims();
            claims.put("aud", List.of("account"));

            assertThatThrownBy(() -> verify(jwt(claims))).hasMessageContaining("(aud)");
        }

        @Test
        void withSeveralAudiencesButNoAzp() throws Exception {
            Map<String, Object> claims = validClaims();
            claims.put("aud", List.of("account", CLIENT));
            claims.remove("azp");

            assertThatThrownBy(() -> verify(jwt(claims))).hasMessageContaining("(azp)");
        }

        @Test
        void thatExpiresNow() throws Exception {
            Map<String, Object> claims = validClaims();
            claims.put("exp", NOW.getEpochSecond());

            assertThatThrownBy(() -> verify(jwt(claims))).hasMessageContaining("(exp)");
        }

        @Test
        void withoutExp() throws Exception {
            Map<String, Object> claims = validClaims();
            claims.remove("exp");

            assertThatThrownBy(() -> verify(jwt(claims))).hasMessageContaining("(exp)");
        }

        @Test
        void withoutTheNonce() throws Exception {
            Map<String, Object> claims = validClaims();
            claims.remove("nonce");

            assertThatThrownBy(() -> verify(jwt(claims))).hasMessageContaining("(nonce)");
        }

        @Test
        void withoutSubject() throws Exception {
            Map<String, Object> claims = validClaims();
            claims.remove("sub");

            assertThatThrownBy(() -> verify(jwt(claims))).hasMessageContaining("(sub)");
        }
    }
}
