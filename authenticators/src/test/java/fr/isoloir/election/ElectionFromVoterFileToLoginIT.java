package fr.isoloir.election;

import com.fasterxml.jackson.databind.JsonNode;
import fr.isoloir.keycloakrunner.KeycloakAdmin;
import fr.isoloir.postal.PostalLetters;
import fr.isoloir.testsupport.ElectionRealm;
import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.Mailbox;
import fr.isoloir.testsupport.TestPrinter;
import fr.isoloir.testsupport.VoterFiles;
import fr.isoloir.testsupport.VoterJourney;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole of an election manager's preparation, on the real server, in an election realm of its own:
 * a 1,000-voter file imported, the postal letters produced, the identifiers sent by email and SMS;
 * then one voter of each channel logs in on the voting site with only what they were sent (the email
 * from the SMTP server, the SMS from the fake Twilio, the letter from the mail-merge file).
 */
@ExtendWith(IsoloirServer.Extension.class)
class ElectionFromVoterFileToLoginIT {

    static final int VOTERS = 1000;
    static final long SEED = 2027;
    static final Pattern IDENTIFIER = Pattern.compile("\\b[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}\\b");
    static final String PASSPHRASE = "Le matin du scrutin, les urnes s'ouvrent";

    private final IsoloirServer server;

    ElectionFromVoterFileToLoginIT(IsoloirServer server) {
        this.server = server;
    }

    @Test
    void aThousandVoterFileBecomesVotersWhoEachLogInWithWhatTheyWereSent() throws Exception {
        try (ElectionRealm election =
                ElectionRealm.create(server, "cse-bout-en-bout", "Élections CSE - bout en bout")) {
            KeycloakAdmin admin = server.admin();

            long importStart = System.nanoTime();
            String importId = admin.post(
                            election.isoloirPath("voter-imports"), "text/csv", VoterFiles.generate(VOTERS, SEED))
                    .expect(202)
                    .json()
                    .get("jobId")
                    .asText();
            JsonNode imported = await(
                    () -> admin.get(election.isoloirPath("voter-imports/" + importId))
                            .expect(200)
                            .json(),
                    status -> !"running".equals(status.get("status").asText()),
                    "the import");
            assertThat(imported.get("status").asText()).as(imported.toString()).isEqualTo("done");
            System.out.printf(
                    "[election end to end] %d voters imported in %.1f s%n",
                    VOTERS, (System.nanoTime() - importStart) / 1e9);

            KeycloakAdmin.Answer noKey =
                    admin.post(election.isoloirPath("postal-letters?confirm=true"), "text/plain", new byte[0]);
            assertThat(noKey.status())
                    .as("no printer key yet: refused, %s", noKey.body())
                    .isEqualTo(400);
            assertThat(noKey.json().get("error").asText()).isEqualTo("no_printer_key");
            TestPrinter.installIn(admin, election.name());
            KeycloakAdmin.Answer letters = admin.post(
                            election.isoloirPath("postal-letters?confirm=true"), "text/plain", new byte[0])
                    .expect(200);
            // The answer is for the printer: the test decrypts it with the printer's secret key, as the printer would.
            List<List<String>> rows =
                    rows(TestPrinter.PRINTER.decrypt(letters.bytes()).text());
            assertThat(rows.get(0)).containsExactlyElementsOf(PostalLetters.COLUMNS);
            assertThat(rows)
                    .as("a letter per postal voter, a third of the file")
                    .hasSize(1 + VOTERS / 3);

            String sendId = admin.post(
                            election.isoloirPath("identifier-sendings"),
                            Map.of("channel", "both", "emailRate", 6000, "smsRate", 6000))
                    .expect(201)
                    .json()
                    .get("id")
                    .asText();
            JsonNode sent = await(
                    () -> admin.get(election.isoloirPath("identifier-sendings/" + sendId))
                            .expect(200)
                            .json(),
                    job -> "finished".equals(job.get("state").asText()),
                    "the send");
            assertThat(sent.get("counts").get("targeted").asInt()).isEqualTo(VOTERS - VOTERS / 3);
            assertThat(sent.get("counts").get("failed").asInt()).isZero();

            // Voter 0 of the file is an email voter, 1 an SMS voter, 2 a postal voter (VoterFiles).
            JsonNode byEmail = voter(election, 0);
            String email = VoterFiles.email(0, SEED);
            String emailedIdentifier =
                    identifierIn(Mailbox.plainText(server.mailbox().awaitMessage(email, 1)));
            VoterJourney emailJourney =
                    new VoterJourney(election.site()).openVotingSite().typeIdentifier(emailedIdentifier);
            emailJourney.typeCode(server.mailbox().awaitCode(email, 2)).choosePassphrase(PASSPHRASE);
            assertLoggedIn(emailJourney, byEmail);

            JsonNode bySms = voter(election, 1);
            String phone = bySms.path("attributes").path("phoneNumber").get(0).asText();
            List<String> texts = server.twilio().textsTo(phone);
            String textedIdentifier = identifierIn(texts.get(texts.size() - 1));
            VoterJourney smsJourney =
                    new VoterJourney(election.site()).openVotingSite().typeIdentifier(textedIdentifier);
            smsJourney
                    .typeCode(server.twilio().awaitCode(phone, texts.size() + 1))
                    .choosePassphrase(PASSPHRASE);
            assertLoggedIn(smsJourney, bySms);

            JsonNode byPost = voter(election, 2);
            List<String> letter = rows.stream()
                    .filter(row -> canonical(row.get(PostalLetters.COLUMNS.indexOf("identifier")))
                            .equals(byPost.get("username").asText()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no letter for " + byPost.get("username")));
            VoterJourney postalJourney = new VoterJourney(election.site())
                    .openVotingSite()
                    .typeIdentifier(letter.get(PostalLetters.COLUMNS.indexOf("identifier")));
            postalJourney
                    .typeCode(letter.get(PostalLetters.COLUMNS.indexOf("connectionCode")))
                    .choosePassphrase(PASSPHRASE);
            assertLoggedIn(postalJourney, byPost);
        }
    }

    private JsonNode voter(ElectionRealm election, int index) {
        JsonNode found = server.admin()
                .get("/admin/realms/" + election.name() + "/users?exact=true&q="
                        + URLEncoder.encode(
                                "employeeNumber:" + VoterFiles.employeeNumber(index, SEED), StandardCharsets.UTF_8))
                .expect(200)
                .json();
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private static void assertLoggedIn(VoterJourney journey, JsonNode voter) {
        assertThat(journey.isInPersonalSpace()).as(journey.page().text()).isTrue();
        assertThat(journey.claim("sub")).isEqualTo(voter.get("id").asText());
    }

    private static String identifierIn(String message) {
        Matcher matcher = IDENTIFIER.matcher(message);
        assertThat(matcher.find()).as("an identifier in: %s", message).isTrue();
        return matcher.group();
    }

    /** The username form of a displayed identifier. */
    private static String canonical(String displayed) {
        return displayed.replace("-", "").toLowerCase(java.util.Locale.ROOT);
    }

    /** The mail-merge file's lines as cells, header first (every cell quoted, BOM first). */
    private static List<List<String>> rows(String csv) {
        assertThat(csv).startsWith("\uFEFF");
        return Arrays.stream(csv.substring(1).split("\r\n"))
                .map(line -> Arrays.stream(line.substring(1, line.length() - 1).split("\";\"", -1))
                        .map(cell -> cell.replace("\"\"", "\""))
                        .toList())
                .toList();
    }

    /** Polls the server's own progress (bounded): the import and the send run in the background. */
    private static JsonNode await(Supplier<JsonNode> status, Predicate<JsonNode> done, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = status.get();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(what + " did not finish in 10 minutes: " + last);
    }
}
