package fr.isoloir.accesschange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.isoloir.delivery.DeliveryLog;
import fr.isoloir.keycloakrunner.KeycloakAdmin;
import fr.isoloir.phone.PhoneNumbers;
import fr.isoloir.recovery.ViewOnlyAdmin;
import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.Mailbox;
import fr.isoloir.testsupport.VoterFiles;
import fr.isoloir.testsupport.VoterImportJobs;
import fr.isoloir.testsupport.Voters;
import fr.isoloir.testsupport.Voters.Voter;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every change of a voter's contact, channel or credential made by someone else leaves a per-voter
 * admin event with the old and new values masked, and a notice to whoever may be losing access: the
 * previous contact (GreenMail, the fake Twilio), or the voter's contacts for a credential. The expert
 * exports the trail as CSV with view-events.
 */
@ExtendWith(IsoloirServer.Extension.class)
class AccessChangesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSPHRASE = "un jardin de tomates sous la pluie d'automne";

    private final IsoloirServer server;

    AccessChangesIT(IsoloirServer server) {
        this.server = server;
    }

    private String userPath(Voter voter) {
        return "/admin/realms/" + IsoloirServer.REALM + "/users/" + voter.userId();
    }

    /** The voter's trail events, oldest first. */
    private List<JsonNode> trail(Voter voter) {
        JsonNode events = server.admin()
                .get("/admin/realms/" + IsoloirServer.REALM + "/admin-events?resourcePath=" + "users/" + voter.userId()
                        + "/" + AccessTrail.RESOURCE)
                .expect(200)
                .json();
        List<JsonNode> oldestFirst = new ArrayList<>();
        events.forEach(e -> oldestFirst.add(0, e));
        return oldestFirst;
    }

    private static void assertEvent(JsonNode event, String what, String before, String after, String by) {
        JsonNode details = event.get("details");
        assertThat(details.get("isoloir_action").asText()).isEqualTo("access_changed");
        assertThat(details.get("what").asText()).isEqualTo(what);
        assertThat(details.get("old").asText()).isEqualTo(before);
        assertThat(details.get("new").asText()).isEqualTo(after);
        assertThat(details.get("by").asText()).isEqualTo(by);
        assertThat(event.get("operationType").asText()).isEqualTo("ACTION");
        assertThat(event.get("resourceType").asText()).isEqualTo("USER");
        assertThat(event.get("authDetails").get("userId").asText())
                .as("the admin who made the change")
                .isNotBlank();
        assertThat(event.get("authDetails").get("ipAddress").asText()).isNotBlank();
    }

    /** What the console's "Save" sends: the user as read, with this change. */
    private KeycloakAdmin.Answer save(Voter voter, java.util.function.Consumer<ObjectNode> change) {
        ObjectNode rep =
                (ObjectNode) server.admin().get(userPath(voter)).expect(200).json();
        change.accept(rep);
        return server.admin().put(userPath(voter), JSON.convertValue(rep, Map.class));
    }

    private static String newEmail() {
        return "nouvelle-" + UUID.randomUUID() + "@isoloir.test";
    }

    @Nested
    class AVoterImport {

        @Test
        void thatReplacesAVotersEmailTellsTheOldAddressAndLeavesThatVotersOwnEvent() {
            Voter voter = server.voters().byEmail();
            String number = server.admin()
                    .get(userPath(voter))
                    .expect(200)
                    .json()
                    .get("attributes")
                    .get("employeeNumber")
                    .get(0)
                    .asText();
            String replacement = newEmail();
            String csv = VoterFiles.HEADER + "\r\n"
                    + String.join(
                            ";", number, "Électeur", "Camille", replacement, "", "", "", "", "", "Cadres", "email")
                    + "\r\n";
            VoterImportJobs.importAndWait(server, IsoloirServer.REALM, "", csv.getBytes(StandardCharsets.UTF_8));

            String notice = Mailbox.plainText(server.mailbox().awaitMessage(voter.email(), 1));
            assertThat(notice)
                    .contains(DeliveryLog.maskEmail(replacement))
                    .doesNotContain(replacement)
                    .contains("responsable des élections");
            List<JsonNode> trail = trail(voter);
            assertThat(trail).hasSize(1);
            assertEvent(
                    trail.get(0),
                    "email",
                    DeliveryLog.maskEmail(voter.email()),
                    DeliveryLog.maskEmail(replacement),
                    "import");
            assertThat(trail.get(0).get("details").get("notice_to").asText())
                    .isEqualTo(DeliveryLog.maskEmail(voter.email()));
            assertThat(trail.get(0).toString()).doesNotContain(voter.email()).doesNotContain(replacement);
        }
    }

    @Nested
    class AConsoleSave {

        @Test
        void thatChangesTheEmailTellsTheOldAddressWithTheNewOneMasked() {
            Voter voter = server.voters().byEmail();
            String replacement = newEmail();
            save(voter, rep -> rep.put("email", replacement)).expect(204);

            String notice = Mailbox.plainText(server.mailbox().awaitMessage(voter.email(), 1));
            assertThat(notice)
                    .contains(DeliveryLog.maskEmail(replacement))
                    .doesNotContain(replacement)
                    .contains(DeliveryLog.maskEmail(voter.email()));
            assertThat(server.mailbox().messagesTo(replacement)).isEmpty();
            List<JsonNode> trail = trail(voter);
            assertThat(trail).hasSize(1);
            assertEvent(
                    trail.get(0),
                    "email",
                    DeliveryLog.maskEmail(voter.email()),
                    DeliveryLog.maskEmail(replacement),
                    "console");
        }

        @Test
        void thatChangesTheMobileTellsTheOldNumberByText() {
            Voter voter = server.voters().bySms();
            String replacement = Voters.randomMobile();
            save(
                            voter,
                            rep -> ((ObjectNode) rep.get("attributes"))
                                    .putArray("phoneNumber")
                                    .add(replacement))
                    .expect(204);

            String text = server.twilio().awaitText(voter.phone(), 1);
            assertThat(text).contains(PhoneNumbers.mask(replacement)).doesNotContain(replacement);
            assertThat(server.twilio().textsTo(replacement)).isEmpty();
            List<JsonNode> trail = trail(voter);
            assertThat(trail).hasSize(1);
            assertEvent(
                    trail.get(0),
                    "phoneNumber",
                    PhoneNumbers.mask(voter.phone()),
                    PhoneNumbers.mask(replacement),
                    "console");
        }

        @Test
        void thatChangesNothingSendsNothingAndRecordsNothing() {
            Voter voter = server.voters().byEmail();
            save(voter, rep -> {}).expect(204);
            save(voter, rep -> rep.put("firstName", "Dominique")).expect(204);
            // A change that does trace, made after: its notice is the first message the address gets, its event the
            // only one.
            String replacement = newEmail();
            save(voter, rep -> rep.put("email", replacement)).expect(204);

            assertThat(Mailbox.plainText(server.mailbox().awaitMessage(voter.email(), 1)))
                    .contains(DeliveryLog.maskEmail(replacement));
            assertThat(trail(voter)).hasSize(1);
        }

        @Test
        void thatDropsTheEmployeeNumberAndChannelWhileChangingTheEmailIsStillTracedAndTold() {
            Voter voter = server.voters().byEmail();
            String replacement = newEmail();
            save(voter, rep -> {
                        ObjectNode attributes = (ObjectNode) rep.get("attributes");
                        attributes.remove("employeeNumber");
                        attributes.remove("deliveryChannel");
                        rep.put("email", replacement);
                    })
                    .expect(204);

            String notice = Mailbox.plainText(server.mailbox().awaitMessage(voter.email(), 1));
            assertThat(notice).contains(DeliveryLog.maskEmail(replacement)).doesNotContain(replacement);
            List<JsonNode> trail = trail(voter);
            assertThat(trail)
                    .extracting(e -> e.get("details").get("what").asText())
                    .contains("email");
            assertEvent(
                    trail.stream()
                            .filter(e -> e.get("details").get("what").asText().equals("email"))
                            .findFirst()
                            .orElseThrow(),
                    "email",
                    DeliveryLog.maskEmail(voter.email()),
                    DeliveryLog.maskEmail(replacement),
                    "console");
        }

        @Test
        void thatCarriesAPasswordInItsCredentialsIsTracedAsAPassphraseSetByAnAdminAndTold() {
            Voter voter = server.voters().byEmail();
            save(
                            voter,
                            rep -> rep.putArray("credentials")
                                    .addObject()
                                    .put("type", "password")
                                    .put("value", PASSPHRASE)
                                    .put("temporary", false))
                    .expect(204);

            assertThat(Mailbox.plainText(server.mailbox().awaitMessage(voter.email(), 1)))
                    .contains("prochaine connexion")
                    .doesNotContain(PASSPHRASE);
            List<JsonNode> trail = trail(voter);
            assertThat(trail).hasSize(1);
            assertEvent(trail.get(0), "passphrase", "-", "set by an admin", "console");
        }
    }

    @Nested
    class TheManagersResend {

        @Test
        void toAnEmailOnlyVoterTellsTheReplacedAddress() {
            Voter voter = server.voters().byEmail();
            String replacement = newEmail();
            server.admin()
                    .post(
                            server.voters().voterPath(voter) + "/new-identifier",
                            Map.of("email", replacement, "reason", "Adresse changée (ticket 51)"))
                    .expect(200);

            server.mailbox().awaitMessage(replacement, 1);
            String notice = Mailbox.plainText(server.mailbox().awaitMessage(voter.email(), 1));
            assertThat(notice).contains(DeliveryLog.maskEmail(replacement)).doesNotContain(replacement);
            List<JsonNode> trail = trail(voter);
            assertThat(trail).hasSize(1);
            assertEvent(
                    trail.get(0),
                    "email",
                    DeliveryLog.maskEmail(voter.email()),
                    DeliveryLog.maskEmail(replacement),
                    "resend");
        }
    }

    @Nested
    class AnAdminsResetPassword {

        @Test
        void tellsTheVoterOnEveryContactAndADeletedPassphraseToo() {
            Voter voter = server.voters().byEmailWithMobile();
            server.admin()
                    .put(
                            userPath(voter) + "/reset-password",
                            Map.of("type", "password", "value", PASSPHRASE, "temporary", false))
                    .expect(204);

            assertThat(Mailbox.plainText(server.mailbox().awaitMessage(voter.email(), 1)))
                    .contains("prochaine connexion")
                    .doesNotContain(PASSPHRASE);
            assertThat(server.twilio().awaitText(voter.phone(), 1)).contains("prochaine connexion");
            server.voters().removePassphrase(voter);
            server.mailbox().awaitMessage(voter.email(), 2);

            List<JsonNode> trail = trail(voter);
            assertThat(trail).hasSize(2);
            assertEvent(trail.get(0), "passphrase", "hidden", "set by an admin", "reset");
            assertEvent(trail.get(1), "passphrase", "hidden", "-", "credential-deleted");
            assertThat(trail.get(0).get("details").get("notice_to").asText())
                    .isEqualTo(DeliveryLog.maskEmail(voter.email()) + ", " + PhoneNumbers.mask(voter.phone()));
        }
    }

    @Nested
    class ARemovedVoter {

        @Test
        void deletedInTheConsoleIsTracedAndToldOnEveryContactItHad() {
            Voter voter = server.voters().byEmailWithMobile();
            server.admin().delete(userPath(voter)).expect(204);

            assertThat(Mailbox.plainText(server.mailbox().awaitMessage(voter.email(), 1)))
                    .contains("supprimé");
            assertThat(server.twilio().awaitText(voter.phone(), 1)).contains("supprimé");
            List<JsonNode> trail = trail(voter);
            assertThat(trail).hasSize(1);
            assertEvent(trail.get(0), "account", "present", "removed", "deleted");
            assertThat(trail.get(0).get("details").get("notice_to").asText())
                    .isEqualTo(DeliveryLog.maskEmail(voter.email()) + ", " + PhoneNumbers.mask(voter.phone()));
        }

        @Test
        void byAnImportThatRemovesAbsentVotersIsTracedPerVoterAndToldOnItsContact() {
            String realm = "trail-" + UUID.randomUUID().toString().substring(0, 8);
            long seed = Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L);
            var admin = server.admin();
            JsonNode vote = admin.get("/admin/realms/" + IsoloirServer.REALM)
                    .expect(200)
                    .json();
            admin.post(
                            "/admin/realms",
                            Map.of(
                                    "realm",
                                    realm,
                                    "enabled",
                                    true,
                                    "adminEventsEnabled",
                                    true,
                                    "adminEventsDetailsEnabled",
                                    true,
                                    "smtpServer",
                                    vote.get("smtpServer"),
                                    "emailTheme",
                                    vote.get("emailTheme"),
                                    "loginTheme",
                                    vote.get("loginTheme"),
                                    "internationalizationEnabled",
                                    true,
                                    "supportedLocales",
                                    vote.get("supportedLocales"),
                                    "defaultLocale",
                                    vote.get("defaultLocale")))
                    .expect(201);
            try {
                admin.put(
                                "/admin/realms/" + realm + "/users/profile",
                                admin.get("/admin/realms/" + IsoloirServer.REALM + "/users/profile")
                                        .expect(200)
                                        .json())
                        .expect(200);
                VoterImportJobs.importAndWait(server, realm, "", VoterFiles.generate(4, seed));
                String absent = admin.get("/admin/realms/" + realm + "/users?q=employeeNumber:"
                                + VoterFiles.employeeNumber(3, seed))
                        .expect(200)
                        .json()
                        .get(0)
                        .get("id")
                        .asText();
                String three = String.join(
                                "\r\n",
                                java.util.Arrays.copyOf(VoterFiles.text(4, seed).split("\r\n"), 4)) + "\r\n";
                VoterImportJobs.importAndWait(
                        server, realm, "?removeAbsent=true", three.getBytes(StandardCharsets.UTF_8));

                assertThat(admin.get("/admin/realms/" + realm + "/users/" + absent)
                                .status())
                        .isEqualTo(404);
                assertThat(Mailbox.plainText(server.mailbox().awaitMessage(VoterFiles.email(3, seed), 1)))
                        .contains("supprimé");
                JsonNode events = admin.get("/admin/realms/" + realm + "/admin-events?resourcePath=users/" + absent
                                + "/" + AccessTrail.RESOURCE)
                        .expect(200)
                        .json();
                assertThat(events).hasSize(1);
                assertEvent(events.get(0), "account", "present", "removed", "import");
            } finally {
                admin.delete("/admin/realms/" + realm).expect(204);
            }
        }
    }

    @Nested
    class APartialImport {

        @Test
        void thatOverwritesAVoterIsRefusedWholeAndLeavesTheVotersContactsAndPassphraseAsTheyWere() {
            Voter voter = server.voters().byEmail();
            JsonNode before = server.admin().get(userPath(voter)).expect(200).json();
            String intruder = "intrus-" + UUID.randomUUID();
            Map<String, Object> overwrite = Map.of(
                    "id",
                    voter.userId(),
                    "username",
                    before.get("username").asText(),
                    "enabled",
                    true,
                    "email",
                    newEmail(),
                    "attributes",
                    Map.of("deliveryChannel", List.of("email")),
                    "credentials",
                    List.of(Map.of("type", "password", "value", PASSPHRASE, "temporary", false)));
            Map<String, Object> created = Map.of("username", intruder, "enabled", true, "email", newEmail());

            KeycloakAdmin.Answer answer = server.admin()
                    .post(
                            "/admin/realms/" + IsoloirServer.REALM + "/partialImport",
                            Map.of("ifResourceExists", "OVERWRITE", "users", List.of(overwrite, created)));

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body()).contains("voter import");
            JsonNode after = server.admin().get(userPath(voter)).expect(200).json();
            assertThat(after.get("email").asText()).isEqualTo(voter.email());
            assertThat(after.get("createdTimestamp").asLong())
                    .isEqualTo(before.get("createdTimestamp").asLong());
            assertThat(server.admin()
                            .get(userPath(voter) + "/credentials")
                            .expect(200)
                            .json())
                    .isEmpty();
            assertThat(server.admin()
                            .get("/admin/realms/" + IsoloirServer.REALM + "/users?exact=true&username=" + intruder)
                            .expect(200)
                            .json())
                    .isEmpty();
        }

        @Test
        void thatCreatesAUserWithAPasswordIsRefusedWhileUsersWithoutCredentialsAreCreated() {
            String withPassword = "intrus-" + UUID.randomUUID();
            String without = "electeur-" + UUID.randomUUID();
            String partialImport = "/admin/realms/" + IsoloirServer.REALM + "/partialImport";
            String users = "/admin/realms/" + IsoloirServer.REALM + "/users?exact=true&username=";

            assertThat(server.admin()
                            .post(
                                    partialImport,
                                    Map.of(
                                            "ifResourceExists",
                                            "SKIP",
                                            "users",
                                            List.of(Map.of(
                                                    "username",
                                                    withPassword,
                                                    "enabled",
                                                    true,
                                                    "credentials",
                                                    List.of(Map.of(
                                                            "type",
                                                            "password",
                                                            "value",
                                                            PASSPHRASE,
                                                            "temporary",
                                                            false))))))
                            .status())
                    .isEqualTo(400);
            assertThat(server.admin().get(users + withPassword).expect(200).json())
                    .isEmpty();

            server.admin()
                    .post(
                            partialImport,
                            Map.of(
                                    "ifResourceExists",
                                    "SKIP",
                                    "users",
                                    List.of(Map.of("username", without, "enabled", true))))
                    .expect(200);
            assertThat(server.admin().get(users + without).expect(200).json()).hasSize(1);
        }
    }

    @Nested
    class APartialImportIntoARealmWithoutTheVoterFlows {

        @Test
        void thatOverwritesAVoterIsRefusedAndLeavesTheEmail() {
            String realm = "novoterflow-" + UUID.randomUUID().toString().substring(0, 8);
            var admin = server.admin();
            admin.post("/admin/realms", Map.of("realm", realm, "enabled", true)).expect(201);
            try {
                ObjectNode profile = (ObjectNode) admin.get("/admin/realms/" + realm + "/users/profile")
                        .expect(200)
                        .json();
                profile.put("unmanagedAttributePolicy", "ENABLED");
                admin.put("/admin/realms/" + realm + "/users/profile", profile).expect(200);
                String email = newEmail();
                String id = admin.post(
                                "/admin/realms/" + realm + "/users",
                                Map.of(
                                        "username",
                                        "electeur",
                                        "enabled",
                                        true,
                                        "email",
                                        email,
                                        "attributes",
                                        Map.of("employeeNumber", List.of("E1"), "deliveryChannel", List.of("email"))))
                        .createdId();

                KeycloakAdmin.Answer answer = admin.post(
                        "/admin/realms/" + realm + "/partialImport",
                        Map.of(
                                "ifResourceExists",
                                "OVERWRITE",
                                "users",
                                List.of(Map.of(
                                        "id", id, "username", "electeur", "enabled", true, "email", newEmail()))));

                assertThat(answer.status()).isEqualTo(400);
                assertThat(admin.get("/admin/realms/" + realm + "/users/" + id)
                                .expect(200)
                                .json()
                                .get("email")
                                .asText())
                        .isEqualTo(email);
            } finally {
                admin.delete("/admin/realms/" + realm).expect(204);
            }
        }
    }

    @Nested
    class AnIdentityProvider {

        private static final String INSTANCES = "/admin/realms/" + IsoloirServer.REALM + "/identity-provider/instances";

        private Map<String, Object> provider(String alias) {
            return Map.of(
                    "alias",
                    alias,
                    "providerId",
                    "oidc",
                    "enabled",
                    true,
                    "config",
                    Map.of(
                            "authorizationUrl", "https://idp.isoloir.test/auth",
                            "tokenUrl", "https://idp.isoloir.test/token",
                            "clientId", "porte",
                            "clientSecret", "secret",
                            "clientAuthMethod", "client_secret_post"));
        }

        @Test
        void createdByAnAdminIsRefusedAndNoneExists() {
            KeycloakAdmin.Answer answer = server.admin().post(INSTANCES, provider("porte-" + UUID.randomUUID()));

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body()).contains("Identity providers are not allowed");
            assertThat(server.admin().get(INSTANCES).expect(200).json()).isEmpty();
        }
    }

    @Nested
    class TheExport {

        private static final String EXPORT = "/admin/realms/" + IsoloirServer.REALM + "/isoloir/access-changes.csv";

        @Test
        void listsEveryChangeMaskedForAnAdminWithViewEventsAndRefusesOneWithManageUsersOnly() {
            Voter voter = server.voters().byEmail();
            String replacement = newEmail();
            save(voter, rep -> rep.put("email", replacement)).expect(204);
            server.mailbox().awaitMessage(voter.email(), 1);

            KeycloakAdmin.Answer answer = ViewOnlyAdmin.withRealmRole(server, "view-events")
                    .get(EXPORT)
                    .expect(200);
            assertThat(answer.body()).startsWith("\uFEFF\"time (UTC)\";\"voter id\";\"what\"");
            String row = answer.body()
                    .lines()
                    .filter(line -> line.contains(voter.userId()))
                    .findFirst()
                    .orElseThrow();
            assertThat(row)
                    .contains("\"email\";\"" + DeliveryLog.maskEmail(voter.email()) + "\";\""
                            + DeliveryLog.maskEmail(replacement) + "\";\"console\"");
            assertThat(answer.body()).doesNotContain(voter.email()).doesNotContain(replacement);

            KeycloakAdmin manager = ViewOnlyAdmin.withRealmRole(server, "manage-users");
            assertThat(manager.get(EXPORT).status()).isEqualTo(403);
        }

        @Test
        void listsAFlowAddedByAManageRealmAdminAsAConfigurationChangeWithoutItsRepresentation() {
            KeycloakAdmin realmManager = ViewOnlyAdmin.withRealmRole(server, "manage-realm");
            String alias = "side door " + UUID.randomUUID();
            String flows = "/admin/realms/" + IsoloirServer.REALM + "/authentication/flows";
            String flowId = realmManager
                    .post(
                            flows,
                            Map.of(
                                    "alias",
                                    alias,
                                    "providerId",
                                    "basic-flow",
                                    "topLevel",
                                    true,
                                    "builtIn",
                                    false,
                                    "description",
                                    "sans code"))
                    .createdId();
            try {
                String body = ViewOnlyAdmin.withRealmRole(server, "view-events")
                        .get(EXPORT)
                        .expect(200)
                        .body();

                String row = body.lines()
                        .filter(line -> line.contains("authentication/flows/" + flowId))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("no row for the new flow in\n" + body));
                assertThat(row).contains("\"configuration change\"").contains("\"AUTH_FLOW\";\"CREATE\"");
                assertThat(body).doesNotContain(alias).doesNotContain("sans code");
            } finally {
                server.admin().delete(flows + "/" + flowId).expect(204);
            }
        }
    }
}
