package fr.isoloir.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.isoloir.testsupport.IsoloirServer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * realm-export/vote-realm.json as the real server imported it: the settings an election depends on.
 * (The test server imports the file itself, with VOTING_SITE_URL and SMTP placeholders from its environment.)
 */
@ExtendWith(IsoloirServer.Extension.class)
class RealmExportIT {

    private final IsoloirServer server;
    private final JsonNode realm;

    RealmExportIT(IsoloirServer server) {
        this.server = server;
        this.realm = server.admin().get("/admin/realms/" + IsoloirServer.REALM).expect(200).json();
    }

    @Nested
    class TheFlows {

        @Test
        void areOursForTheBrowserTheLostIdentifierAndTheDirectGrant() {
            assertThat(realm.path("browserFlow").asText()).isEqualTo("isoloir browser");
            assertThat(realm.path("resetCredentialsFlow").asText()).isEqualTo("isoloir lost identifier");
            assertThat(realm.path("directGrantFlow").asText()).isEqualTo("isoloir no direct grant");
            assertThat(realm.path("resetPasswordAllowed").asBoolean()).isTrue();
            assertThat(realm.path("registrationAllowed").asBoolean()).isFalse();
        }

        @Test
        void chainTheThreeVoterSteps() {
            JsonNode executions = server.admin()
                    .get("/admin/realms/vote/authentication/flows/isoloir%20voter%20forms/executions").expect(200).json();
            assertThat(executions.findValuesAsText("providerId"))
                    .containsExactly("isoloir-election-window", "isoloir-identifier", "isoloir-connection-code",
                            "isoloir-passphrase");
            assertThat(executions.findValuesAsText("requirement")).containsOnly("REQUIRED");
        }
    }

    @Nested
    class TheSecuritySettings {

        @Test
        void enforceThePassphrasePolicyWithArgon2() {
            assertThat(realm.path("passwordPolicy").asText()).contains("isoloirPassphrase(20)", "hashAlgorithm(argon2)");
        }

        @Test
        void detectBruteForceWithGrowingWaitsNotPermanentLockout() {
            assertThat(realm.path("bruteForceProtected").asBoolean()).isTrue();
            assertThat(realm.path("permanentLockout").asBoolean()).isFalse();
            assertThat(realm.path("failureFactor").asInt()).isBetween(1, 100);
            assertThat(realm.path("maxFailureWaitSeconds").asInt()).isPositive();
        }

        @Test
        void keepVoterSessionsShort() {
            assertThat(realm.path("ssoSessionIdleTimeout").asInt()).isBetween(1, 1800);
            assertThat(realm.path("ssoSessionMaxLifespan").asInt()).isBetween(1, 12 * 3600);
        }

        @Test
        void recordEventsAndAdminEvents() {
            assertThat(realm.path("eventsEnabled").asBoolean()).isTrue();
            assertThat(realm.path("adminEventsEnabled").asBoolean()).isTrue();
            assertThat(realm.path("eventsExpiration").asLong()).isPositive();
        }

        @Test
        void sendSecurityHeadersWithoutInlineScript() {
            JsonNode headers = realm.path("browserSecurityHeaders");
            assertThat(headers.path("contentSecurityPolicy").asText())
                    .contains("script-src 'self'", "frame-ancestors").doesNotContain("unsafe-inline", "unsafe-eval");
            assertThat(headers.path("referrerPolicy").asText()).isEqualTo("no-referrer");
        }

        @Test
        void useOurThemesInFrenchFirst() {
            assertThat(realm.path("loginTheme").asText()).isEqualTo("isoloir");
            assertThat(realm.path("emailTheme").asText()).isEqualTo("isoloir");
            assertThat(realm.path("defaultLocale").asText()).isEqualTo("fr");
            assertThat(realm.path("supportedLocales").toString()).contains("\"fr\"", "\"en\"");
        }
    }

    @Nested
    class TheVotingSiteClient {

        @Test
        void isPublicWithPkceAndRedirectsToTheVotingSiteFromTheEnvironment() {
            JsonNode client = server.admin().get("/admin/realms/vote/clients?clientId=voting-site").expect(200).json().get(0);
            assertThat(client.path("publicClient").asBoolean()).isTrue();
            assertThat(client.path("directAccessGrantsEnabled").asBoolean()).isFalse();
            assertThat(client.path("implicitFlowEnabled").asBoolean()).isFalse();
            assertThat(client.path("attributes").path("pkce.code.challenge.method").asText()).isEqualTo("S256");
            assertThat(client.path("redirectUris").get(0).asText())
                    .isEqualTo(server.votingSite().baseUri() + "/*");
        }
    }

    @Nested
    class TheFile {

        static final Path FILE = Path.of(System.getProperty("isoloir.realm.file"));

        @Test
        void holdsNoUserAndNoSecret() throws IOException {
            JsonNode file = new ObjectMapper().readTree(Files.readString(FILE));
            assertThat(file.has("users")).isFalse();
            assertThat(file.path("clients").findValues("secret")).isEmpty();
            assertThat(file.path("smtpServer").path("password").asText()).isEqualTo("${SMTP_PASSWORD:}");
        }
    }
}
