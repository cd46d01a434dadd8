package fr.isoloir.recovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.isoloir.keycloakrunner.KeycloakAdmin;
import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.Mailbox;
import fr.isoloir.testsupport.Voters;
import fr.isoloir.testsupport.Voters.Voter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static fr.isoloir.recovery.LostIdentifierIT.identifierIn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The election manager's resend from the voter's own page in the admin console: the admin-only
 * user-profile attributes resendIdentifierTo and resendIdentifierReason, saved the way the console
 * saves a user (GET the user, change the form's attributes, PUT the whole representation back).
 */
@ExtendWith(IsoloirServer.Extension.class)
class ResendFromUserPageIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final IsoloirServer server;

    ResendFromUserPageIT(IsoloirServer server) {
        this.server = server;
    }

    @BeforeEach
    void testSettings() {
        LostIdentifierSettings.apply(server, Map.of());
    }

    String userPath(Voter voter) {
        return "/admin/realms/" + IsoloirServer.REALM + "/users/" + voter.userId();
    }

    JsonNode user(Voter voter) {
        return server.admin().get(userPath(voter)).expect(200).json();
    }

    /** What the console's "Save" sends: the user as read, with the resend fields of the form filled. */
    KeycloakAdmin.Answer saveVoterPage(KeycloakAdmin admin, Voter voter, String to, String reason) {
        ObjectNode rep = (ObjectNode) user(voter);
        ObjectNode attributes =
                rep.has("attributes") ? (ObjectNode) rep.get("attributes") : rep.putObject("attributes");
        attributes.putArray("resendIdentifierTo").add(to);
        attributes.putArray("resendIdentifierReason").add(reason);
        return admin.put(userPath(voter), JSON.convertValue(rep, Map.class));
    }

    @Test
    void theConsoleLabelsTheFieldsFromTheRealmsLocalizationTexts() {
        // The admin console loads /resources/{managed realm}/admin/{lng}: the admin theme's messages
        // with the managed realm's localization texts (the isoloir login theme is not read there).
        for (var label : Map.of("fr", "Renvoyer un nouvel identifiant", "en", "Send a new identifier")
                .entrySet()) {
            JsonNode texts = server.admin()
                    .get("/resources/" + IsoloirServer.REALM + "/admin/" + label.getKey())
                    .expect(200)
                    .json();
            Map<String, String> byKey = new HashMap<>();
            texts.forEach(t -> byKey.put(t.get("key").asText(), t.get("value").asText()));
            assertThat(byKey)
                    .containsEntry("isoloirResendGroup", label.getValue())
                    .containsKeys(
                            "isoloirResendTo",
                            "isoloirResendReason",
                            "isoloirResendToInvalid",
                            "isoloirResendReasonRequired");
        }
    }

    @Nested
    class AnElectionManagerWithManageUsers {

        @Test
        void sendsANewIdentifierByEmailThatLogsInWhileTheOldOneFailsAndTheFieldsEmpty() {
            Voter voter = server.voters().byPost();
            String email = "page-" + UUID.randomUUID() + "@isoloir.test";
            KeycloakAdmin.Answer answer = saveVoterPage(server.admin(), voter, email, "Courrier perdu (ticket 43)")
                    .expect(204);
            String fresh = identifierIn(Mailbox.plainText(server.mailbox().awaitMessage(email, 1)));

            JsonNode saved = user(voter);
            assertThat(saved.path("attributes").has("resendIdentifierTo"))
                    .as(saved.toString())
                    .isFalse();
            assertThat(saved.path("attributes").has("resendIdentifierReason"))
                    .as(saved.toString())
                    .isFalse();
            assertThat(saved.get("email").asText()).isEqualTo(email);
            assertThat(answer.body()).isNullOrEmpty();

            assertThat(ManagerResend.audited(
                            server, voter, email, "p•••@isoloir.test", "Courrier perdu (ticket 43)", fresh))
                    .contains("user-profile");
            ManagerResend.oldFailsAndNewLogsIn(server, voter, fresh, email);
        }

        @Test
        void sendsByTextToAMobileWrittenTheFrenchWayAndASecondSaveDoesNotResend() {
            Voter voter = server.voters().byPost();
            String phone = Voters.randomMobile();
            saveVoterPage(server.admin(), voter, "0" + phone.charAt(3) + " " + phone.substring(4), "Courrier perdu")
                    .expect(204);
            identifierIn(server.twilio().awaitText(phone, 1));
            assertThat(user(voter).path("attributes").path("phoneNumber").get(0).asText())
                    .isEqualTo(phone);

            server.admin()
                    .put(userPath(voter), JSON.convertValue(user(voter), Map.class))
                    .expect(204);
            LostIdentifierIT.quietly();
            assertThat(server.twilio().textsTo(phone)).hasSize(1);
            assertThat(ManagerResend.events(server, voter)).hasSize(1);
        }
    }

    @Nested
    class TheVoterPageRefuses {

        @Test
        void anAdminWithViewUsersOnlyWithA403AndSendsNothing() {
            Voter voter = server.voters().byPost();
            String email = "vue-" + UUID.randomUUID() + "@isoloir.test";
            saveVoterPage(ViewOnlyAdmin.create(server), voter, email, "essai").expect(403);
            LostIdentifierIT.quietly();
            assertThat(server.mailbox().messagesTo(email)).isEmpty();
            assertThat(user(voter).get("username").asText())
                    .isEqualTo(voter.identifier().username());
            assertThat(user(voter).path("attributes").has("resendIdentifierTo")).isFalse();
            assertThat(ManagerResend.events(server, voter)).isEmpty();
        }

        @Test
        void aBadContactWithTheValidatorsMessageAndSendsNothing() {
            Voter voter = server.voters().byPost();
            String body = saveVoterPage(server.admin(), voter, "pas-une-adresse", "essai")
                    .expect(400)
                    .body();
            assertThat(body).contains("resendIdentifierTo").contains("isoloirResendToInvalid");
            body = saveVoterPage(server.admin(), voter, "+32 470 12 34 56", "essai")
                    .expect(400)
                    .body();
            assertThat(body).contains("isoloirResendToNotMobile");
            body = saveVoterPage(server.admin(), voter, "0140000000", "essai")
                    .expect(400)
                    .body();
            assertThat(body).contains("isoloirResendToNotMobile");
            assertThat(user(voter).get("username").asText())
                    .isEqualTo(voter.identifier().username());
            assertThat(ManagerResend.events(server, voter)).isEmpty();
        }

        @Test
        void aContactWithoutAReason() {
            Voter voter = server.voters().byPost();
            String email = "sans-raison-" + UUID.randomUUID() + "@isoloir.test";
            String body = saveVoterPage(server.admin(), voter, email, "  ")
                    .expect(400)
                    .body();
            assertThat(body).contains("resendIdentifierReason").contains("isoloirResendReasonRequired");
            LostIdentifierIT.quietly();
            assertThat(server.mailbox().messagesTo(email)).isEmpty();
            assertThat(ManagerResend.events(server, voter)).isEmpty();
        }
    }
}
