package fr.isoloir.voter;

import fr.isoloir.testsupport.IsoloirServer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The voter attributes are declared in the realm's user profile and validated there. */
@ExtendWith(IsoloirServer.Extension.class)
class VoterProfileIT {

    private final IsoloirServer server;

    VoterProfileIT(IsoloirServer server) {
        this.server = server;
    }

    private int createWith(Map<String, Object> attributes) {
        return server.admin()
                .post(
                        "/admin/realms/vote/users",
                        Map.of(
                                "username",
                                fr.isoloir.identifier.VoterIdentifier.generate(new java.security.SecureRandom())
                                        .username(),
                                "enabled",
                                true,
                                "attributes",
                                attributes))
                .status();
    }

    @Nested
    class TheMobileNumber {

        @Test
        void isAcceptedInE164Form() {
            assertThat(createWith(Map.of("phoneNumber", List.of("+33612345678"), "deliveryChannel", List.of("sms"))))
                    .isEqualTo(201);
        }

        @Test
        void isRefusedInNationalFormSoThatLookupsByNumberAlwaysMatch() {
            var answer = server.admin()
                    .post(
                            "/admin/realms/vote/users",
                            Map.of(
                                    "username",
                                    fr.isoloir.identifier.VoterIdentifier.generate(new java.security.SecureRandom())
                                            .username(),
                                    "attributes",
                                    Map.of("phoneNumber", List.of("06 12 34 56 78"))));
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body()).contains("isoloirMobileNumberNotE164");
        }

        @Test
        void isRefusedWhenItIsALandline() {
            assertThat(createWith(Map.of("phoneNumber", List.of("+33142345678"))))
                    .isEqualTo(400);
        }
    }

    @Nested
    class TheDeliveryChannel {

        @Test
        void acceptsEmailSmsAndPostalOnly() {
            assertThat(createWith(Map.of("deliveryChannel", List.of("postal")))).isEqualTo(201);
            assertThat(createWith(Map.of("deliveryChannel", List.of("pigeon")))).isEqualTo(400);
        }
    }

    @Nested
    class ThePendingIdentifier {

        @Test
        void isDeclaredForAdministratorsToSeeAndForNobodyToEdit() throws Exception {
            String config = server.admin()
                    .get("/admin/realms/vote/users/profile")
                    .expect(200)
                    .body();
            var pending = java.util.stream.StreamSupport.stream(
                            new com.fasterxml.jackson.databind.ObjectMapper()
                                    .readTree(config)
                                    .path("attributes")
                                    .spliterator(),
                            false)
                    .filter(a -> "pendingIdentifier".equals(a.path("name").asText()))
                    .findFirst()
                    .orElseThrow();
            assertThat(pending.path("permissions").path("view").toString()).isEqualTo("[\"admin\"]");
            assertThat(pending.path("permissions").path("edit").toString()).isEqualTo("[]");
        }

        @Test
        void cannotBeSetByAnAdministrator() {
            String username = fr.isoloir.identifier.VoterIdentifier.generate(new java.security.SecureRandom())
                    .username();
            var created = server.admin()
                    .post(
                            "/admin/realms/vote/users",
                            Map.of(
                                    "username",
                                    username,
                                    "enabled",
                                    true,
                                    "attributes",
                                    Map.of("pendingIdentifier", List.of("0123456789abcdef"))));
            if (created.status() == 201) {
                String id = server.admin().userIdByUsername("vote", username);
                assertThat(server.admin()
                                .get("/admin/realms/vote/users/" + id)
                                .expect(200)
                                .json()
                                .path("attributes")
                                .has("pendingIdentifier"))
                        .isFalse();
            } else {
                assertThat(created.status()).isEqualTo(400);
            }
        }
    }

    @Nested
    class TheAttributes {

        @Test
        void areDeclaredSoThatKeycloakKeepsThemOnProfileUpdates() {
            String config = server.admin()
                    .get("/admin/realms/vote/users/profile")
                    .expect(200)
                    .body();
            assertThat(config)
                    .contains("\"phoneNumber\"", "\"deliveryChannel\"", "\"employeeNumber\"", "isoloir-mobile-number");
        }
    }
}
