package fr.isoloir.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.isoloir.identifier.VoterIdentifier;
import fr.isoloir.keycloakrunner.KeycloakAdmin;
import fr.isoloir.testsupport.ElectionManager;
import fr.isoloir.testsupport.ElectionRealm;
import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.Mailbox;
import fr.isoloir.testsupport.TestPrinter;
import fr.isoloir.testsupport.VoterImportJobs;
import fr.isoloir.testsupport.VoterJourney;
import fr.isoloir.testsupport.Voters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The election dashboard on the real server, in an election realm of its own so that every figure is
 * exact: five voters imported from a CSV file (two by email, two by SMS, one by post) and an email voter
 * without an address added through the admin API, identifiers sent with one SMS refused by the fake
 * Twilio, the postal voter's letter produced, one email voter logged in. The dashboard then counts each
 * of them, gives the failures' reasons and advises what to do next. On a loaded machine the fake Twilio
 * may answer the refused SMS after the SDK's time-out: that voter is then uncertain, not failed, which
 * the assertions allow (and so may the accepted one); the voter without an address fails without any
 * provider, always. Two lost-identifier requests follow, one for a voter's address and one for nobody's.
 */
@ExtendWith(IsoloirServer.Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardIT {

    static final Pattern IDENTIFIER = Pattern.compile("\\b[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}\\b");
    static final ObjectMapper JSON = new ObjectMapper();

    private final IsoloirServer server;
    private final KeycloakAdmin admin;
    private ElectionRealm election;
    private String refusedPhone;
    private JsonNode figures;

    DashboardIT(IsoloirServer server) {
        this.server = server;
        this.admin = server.admin();
    }

    @BeforeAll
    void anElectionWithFailuresALetterAndOneLogin() throws Exception {
        election = ElectionRealm.create(
                server, "tableau-" + UUID.randomUUID().toString().substring(0, 8), "Élection du tableau de bord");
        String run = UUID.randomUUID().toString().substring(0, 8);
        String firstEmail = "camille-" + run + "@isoloir.test";
        String secondEmail = "lea-" + run + "@isoloir.test";
        refusedPhone = Voters.randomMobile();
        String csv = "Matricule;Nom;Prénom;Courriel;Mobile;Adresse 1;Code postal;Ville;Canal\r\n"
                + "T1;Martin;Camille;" + firstEmail + ";;;;;email\r\n"
                + "T2;Bernard;Léa;" + secondEmail + ";;;;;email\r\n"
                + "T3;Dubois;Noé;;" + refusedPhone + ";;;;sms\r\n"
                + "T4;Thomas;Zoé;;" + Voters.randomMobile() + ";;;;sms\r\n"
                + "T5;Petit;Alix;;;3 rue des Lilas;69001;Lyon;courrier\r\n";
        VoterImportJobs.importAndWait(server, election.name(), "", csv.getBytes(StandardCharsets.UTF_8));

        admin.post(
                        "/admin/realms/" + election.name() + "/users",
                        Map.of(
                                "username",
                                VoterIdentifier.generate(new SecureRandom()).username(),
                                "enabled",
                                true,
                                "firstName",
                                "Sam",
                                "lastName",
                                "Roux",
                                "attributes",
                                Map.of("deliveryChannel", List.of("email"), "employeeNumber", List.of("T6"))))
                .expect(201);
        server.twilio().failFor(refusedPhone, 400);
        try {
            election.sendIdentifiersAndWait();
        } finally {
            server.twilio().acceptAllFromNow();
        }

        String postal = admin.get("/admin/realms/" + election.name() + "/users?q=employeeNumber:T5")
                .expect(200)
                .json()
                .get(0)
                .get("id")
                .asText();
        TestPrinter.letterCode(admin, election.name(), postal);

        Matcher identifier =
                IDENTIFIER.matcher(Mailbox.plainText(server.mailbox().awaitMessage(firstEmail, 1)));
        assertThat(identifier.find()).as("the identifier in the email").isTrue();
        VoterJourney login = new VoterJourney(election.site()).openVotingSite().typeIdentifier(identifier.group());
        login.typeCode(server.mailbox().awaitCode(firstEmail, 2)).choosePassphrase("Le tableau de bord compte juste");
        assertThat(login.isInPersonalSpace()).as(login.page().text()).isTrue();

        // One lost-identifier request for a voter's address (a new identifier sent), one for nobody's.
        for (String contact : List.of(secondEmail, "personne-" + run + "@isoloir.test")) {
            VoterJourney lost = new VoterJourney(election.site())
                    .openVotingSite()
                    .followLostIdentifierLink()
                    .askForNewIdentifier(contact);
            assertThat(lost.isOnLostConfirmation()).as(lost.page().text()).isTrue();
        }

        figures = dashboard("view-users", "view-events");
    }

    /** The dashboard as a manager holding these roles of the election sees it. */
    private JsonNode dashboard(String role, String... moreRoles) throws Exception {
        try (ElectionManager manager = ElectionManager.create(server, election.name(), role, moreRoles)) {
            var answer = manager.get(election.isoloirPath("dashboard"));
            assertThat(answer.statusCode())
                    .as(new String(answer.body(), StandardCharsets.UTF_8))
                    .isEqualTo(200);
            return JSON.readTree(answer.body());
        }
    }

    @AfterAll
    void removeTheElection() {
        if (election != null) {
            election.close();
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Counts {

        @Test
        void votersOnTheListByChannel() {
            assertThat(figures.get("voters").toString()).isEqualTo("{\"total\":6,\"email\":3,\"sms\":2,\"postal\":1}");
        }

        @Test
        void identifiersSentAndFailedWithTheirReasons() {
            JsonNode email = figures.get("identifiers").get("email");
            JsonNode sms = figures.get("identifiers").get("sms");
            assertThat(email.get("sent").asInt() + email.get("uncertain").asInt())
                    .isEqualTo(2);
            assertThat(email.get("failed").asInt()).isEqualTo(1);
            // The accepted SMS is sent, the refused one failed; either is uncertain when the fake Twilio
            // answered after the SDK's time-out on a loaded machine.
            assertThat(sms.get("sent").asInt()).isBetween(0, 1);
            assertThat(sms.get("failed").asInt()).as("the refused SMS").isBetween(0, 1);
            assertThat(sms.get("failed").asInt()
                            + sms.get("uncertain").asInt()
                            + sms.get("sent").asInt())
                    .isEqualTo(2);
            for (JsonNode channel : List.of(email, sms)) {
                assertThat(channel.get("pending").asInt()).isZero();
                assertThat(channel.get("notYetSent").asInt()).isZero();
            }
            JsonNode reasons = figures.get("failureReasons");
            assertThat(reasons.get("email").toString()).isEqualTo("[{\"reason\":\"no email address\",\"count\":1}]");
            if (sms.get("failed").asInt() == 1) {
                assertThat(reasons.get("sms").toString())
                        .isEqualTo("[{\"reason\":\"sms rejected (HTTP 400, Twilio 21211)\",\"count\":1}]");
            }
        }

        @Test
        void theLetterProducedForThePostalVoter() {
            JsonNode letters = figures.get("letters");
            assertThat(letters.get("votersWithCode").asInt()).isEqualTo(1);
            assertThat(letters.get("postalWithoutLetter").asInt()).isZero();
            assertThat(letters.get("files").asInt()).isEqualTo(1);
            assertThat(letters.get("codes").asInt()).isEqualTo(1);
            assertThat(Instant.parse(letters.get("lastAt").asText()))
                    .isBefore(Instant.now().plusSeconds(1));
        }

        @Test
        void theVoterWhoLoggedInChoseAPassphraseAndCountsAsOneLogin() {
            assertThat(figures.get("passphrases").asInt()).isEqualTo(1);
            assertThat(figures.get("logins").get("total").asInt()).isEqualTo(1);
            // "Today" is the Paris day: a run across midnight may count the login yesterday.
            assertThat(figures.get("logins").get("today").asInt()).isBetween(0, 1);
        }

        @Test
        void noLockoutAndTheTwoLostIdentifierRequestsOneSentOneForNobody() {
            assertThat(figures.get("lockouts").asInt()).isZero();
            assertThat(figures.get("lostIdentifiers").toString()).isEqualTo("{\"sent\":1,\"nothingSent\":1}");
        }

        @Test
        void saysWhenTheFiguresWereCountedAndInWhichTimeZone() {
            assertThat(Instant.parse(figures.get("at").asText()))
                    .isBefore(Instant.now().plusSeconds(1));
            assertThat(figures.get("timeZone").asText()).isEqualTo("Europe/Paris");
            assertThat(figures.get("eventFigures").toString()).isEqualTo("{\"shown\":true}");
        }

        @Test
        void theElectionWithoutDatesIsOpen() {
            JsonNode window = figures.get("election");
            assertThat(window.get("name").asText()).isEqualTo("Élection du tableau de bord");
            assertThat(window.get("state").asText()).isEqualTo("open");
            assertThat(window.get("opensAt").isNull()).isTrue();
        }

        @Test
        void adviceSaysToCorrectTheFailedAddressAndToSetTheDates() {
            List<String> advice = new ArrayList<>();
            figures.get("advice").forEach(a -> advice.add(a.get("key").asText() + a.get("parameters")));
            // The refused SMS counts as failed, or as uncertain when Twilio answered after the time-out.
            assertThat(advice)
                    .containsAnyOf("adviceFailed[1]", "adviceFailed[2]")
                    .contains("adviceWindow[]")
                    .doesNotContain("adviceImport[]", "adviceSend[1]", "adviceLetters[1]");
            assertThat(advice.get(0)).startsWith("adviceFailed[");
        }
    }

    /** Keycloak guards its events with view-events: so do the figures counted from them. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Access {

        static final List<String> EVENT_FIGURES = List.of("logins", "lockouts", "lostIdentifiers");

        @Test
        void viewUsersAloneSeesTheListFiguresButNoEventFigureAndIsToldWhichRoleShowsThem() throws Exception {
            JsonNode seen = dashboard("view-users");
            assertThat(seen.get("eventFigures").toString()).isEqualTo("{\"shown\":false,\"role\":\"view-events\"}");
            assertThat(seen.get("voters")).isEqualTo(figures.get("voters"));
            assertThat(seen.get("passphrases").asInt()).isEqualTo(1);
            assertWithoutEventFigures(seen);
        }

        @Test
        void manageUsersAloneSeesNoEventFigureEither() throws Exception {
            JsonNode seen = dashboard("manage-users");
            assertThat(seen.get("eventFigures").get("shown").asBoolean()).isFalse();
            assertThat(seen.get("identifiers")).isEqualTo(figures.get("identifiers"));
            assertWithoutEventFigures(seen);
        }

        @Test
        void viewUsersWithViewEventsSeesTheEventFigures() throws Exception {
            JsonNode seen = dashboard("view-users", "view-events");
            assertThat(seen.get("eventFigures").get("shown").asBoolean()).isTrue();
            assertThat(seen.get("logins").get("total").asInt()).isEqualTo(1);
            assertThat(seen.get("lostIdentifiers").get("sent").asInt()).isEqualTo(1);
            assertThat(seen.get("letters").get("files").asInt()).isEqualTo(1);
        }

        @Test
        void viewEventsWithoutViewUsersIsRefused() {
            try (ElectionManager manager = ElectionManager.create(server, election.name(), "view-events")) {
                assertThat(manager.get(election.isoloirPath("dashboard")).statusCode())
                        .isEqualTo(403);
            }
        }

        @Test
        void aManagerWithoutRightsOnThisElectionIsRefused() {
            try (ElectionManager other = ElectionManager.create(server, "manage-users")) { // rights on "vote" only
                assertThat(other.get(election.isoloirPath("dashboard")).statusCode())
                        .isEqualTo(403);
            }
        }

        @Test
        void noTokenNoFigures() {
            assertThat(ElectionManager.get(
                                    java.net.http.HttpClient.newHttpClient(),
                                    server.baseUri().resolve(election.isoloirPath("dashboard")))
                            .statusCode())
                    .isEqualTo(401);
        }

        @Test
        void aSecondLoadWithinTheCachePeriodIsTheAnswerCountedBefore() throws Exception {
            try (ElectionManager manager = ElectionManager.create(server, election.name(), "view-users")) {
                JsonNode first = JSON.readTree(
                        manager.get(election.isoloirPath("dashboard")).body());
                Instant secondAsked = Instant.now();
                JsonNode second = JSON.readTree(
                        manager.get(election.isoloirPath("dashboard")).body());
                assertThat(second.get("cacheSeconds").asInt()).isEqualTo(20);
                // Only meaningful when the second load was asked within the period (a loaded machine may pause).
                assumeTrue(Duration.between(Instant.parse(first.get("at").asText()), secondAsked)
                                .toSeconds()
                        < 15);
                assertThat(second.get("at")).isEqualTo(first.get("at"));
            }
        }

        private void assertWithoutEventFigures(JsonNode seen) {
            EVENT_FIGURES.forEach(field -> assertThat(seen.has(field)).as(field).isFalse());
            assertThat(seen.get("letters").has("files")).isFalse();
            assertThat(seen.get("letters").has("lastAt")).isFalse();
            assertThat(seen.get("letters").get("votersWithCode").asInt()).isEqualTo(1);
            List<String> advice = new ArrayList<>();
            seen.get("advice").forEach(a -> advice.add(a.get("key").asText()));
            assertThat(advice).doesNotContain("adviceLockouts", "adviceEvents");
        }
    }
}
