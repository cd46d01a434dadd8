package fr.isoloir.postal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.isoloir.demo.DemoPrinter;
import fr.isoloir.identifier.VoterIdentifier;
import fr.isoloir.testsupport.ElectionManager;
import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.TestPrinter;
import fr.isoloir.testsupport.VoterJourney;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static fr.isoloir.testsupport.VoterJourney.CODE_FORM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The postal letters export on the real server: every postal voter gets a new code in a mail-merge file
 * that only the printer can read (encrypted to the printer's OpenPGP key: the manager who asks gets
 * ciphertext only); exporting again needs a confirmation and makes the earlier codes stop working; a
 * voter logs in with the code the printer reads from the file; only managers of the realm's users may
 * export (not view-realm, not manage-realm); without a printer key nothing is done; each file handed out
 * is an admin event naming the manager and their address, with counts and the ciphertext's hash. The
 * address attributes are declared in the user profile for the time of the test (the voter-list import
 * declares them in the realm file).
 */
@ExtendWith(IsoloirServer.Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostalLettersIT {

    static final String ENDPOINT = "/admin/realms/" + IsoloirServer.REALM + "/isoloir/postal-letters";
    static final String PASSPHRASE = "Une lettre arrive toujours à destination";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final IsoloirServer server;
    private JsonNode profileBefore;

    PostalLettersIT(IsoloirServer server) {
        this.server = server;
    }

    @BeforeAll
    void declareTheAddressAttributes() {
        String path = "/admin/realms/" + IsoloirServer.REALM + "/users/profile";
        profileBefore = server.admin().get(path).expect(200).json();
        ObjectNode profile = profileBefore.deepCopy();
        ArrayNode attributes = (ArrayNode) profile.get("attributes");
        List<String> present = new ArrayList<>();
        attributes.forEach(a -> present.add(a.get("name").asText()));
        for (String name : PostalLetters.ADDRESS_ATTRIBUTES) {
            if (!present.contains(name)) {
                attributes.add(JSON.valueToTree(Map.of(
                        "name",
                        name,
                        "multivalued",
                        false,
                        "permissions",
                        Map.of("view", List.of("admin"), "edit", List.of("admin")))));
            }
        }
        server.admin().put(path, profile).expect(200);
        TestPrinter.installIn(server.admin(), IsoloirServer.REALM);
    }

    @AfterAll
    void restoreTheProfile() {
        server.admin()
                .put("/admin/realms/" + IsoloirServer.REALM + "/users/profile", profileBefore)
                .expect(200);
    }

    /** A postal voter with an address, created through the admin REST API as the import would. */
    record PostalVoter(String userId, VoterIdentifier identifier) {}

    PostalVoter postalVoter(String firstName, String lastName, String address1) {
        VoterIdentifier identifier = VoterIdentifier.generate(RANDOM);
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("deliveryChannel", List.of("postal"));
        attributes.put("employeeNumber", List.of("P" + RANDOM.nextInt(1_000_000)));
        attributes.put("postalAddress1", List.of(address1));
        attributes.put("postalAddress2", List.of("Bâtiment B; 2e étage"));
        attributes.put("postcode", List.of("69003"));
        attributes.put("city", List.of("Lyon"));
        String id = server.admin()
                .post(
                        "/admin/realms/" + IsoloirServer.REALM + "/users",
                        Map.of(
                                "username",
                                identifier.username(),
                                "enabled",
                                true,
                                "firstName",
                                firstName,
                                "lastName",
                                lastName,
                                "attributes",
                                attributes))
                .createdId();
        return new PostalVoter(id, identifier);
    }

    /** What the printer reads from the answer: decrypted with the printer's secret key, AES-256, integrity checked. */
    static byte[] decrypted(byte[] encrypted) {
        DemoPrinter.Decrypted file = TestPrinter.PRINTER.decrypt(encrypted);
        assertThat(file.aes256()).as("AES-256").isTrue();
        assertThat(file.integrityChecked())
                .as("integrity-protected (MDC) and intact")
                .isTrue();
        assertThat(file.fileName()).isEqualTo("isoloir-postal-letters.csv");
        return file.bytes();
    }

    /** The file's lines as cells, header first (the file's own quoting undone). */
    static List<List<String>> rows(byte[] csv) {
        String text = new String(csv, StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFF");
        List<List<String>> rows = new ArrayList<>();
        for (String line : text.substring(1).split("\r\n")) {
            assertThat(line).startsWith("\"").endsWith("\"");
            rows.add(Arrays.stream(line.substring(1, line.length() - 1).split("\";\"", -1))
                    .map(cell -> cell.replace("\"\"", "\""))
                    .toList());
        }
        return rows;
    }

    static List<String> letterOf(byte[] csv, PostalVoter voter) {
        return rows(csv).stream()
                .filter(row -> row.get(6).equals(voter.identifier().display()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no letter for " + voter.identifier()));
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** Nothing of the letters readable in these bytes: no identifier, code, name or mail-merge header. */
    static void assertNothingInClear(byte[] answer, List<String> secrets) {
        String asText = new String(answer, StandardCharsets.ISO_8859_1);
        String asUtf8 = new String(answer, StandardCharsets.UTF_8);
        assertThat(asText).doesNotContain("connectionCode").doesNotContain("identifier");
        for (String secret : secrets) {
            assertThat(asText).doesNotContain(secret);
            assertThat(asUtf8).doesNotContain(secret);
        }
    }

    @Test
    void theManagerGetsCiphertextOnlyAndThePrinterReadsCodesThatLogTheVoterInAndExportingAgainReplacesThem()
            throws Exception {
        PostalVoter voter = postalVoter("Zoé", "Lefèvre", "=HYPERLINK(\"http://evil.example\",\"x\")");
        try (ElectionManager manager = ElectionManager.create(server, "manage-users")) {
            HttpResponse<byte[]> first = manager.post(ENDPOINT + "?confirm=true");
            assertThat(first.statusCode())
                    .as(new String(first.body(), StandardCharsets.UTF_8))
                    .isEqualTo(200);
            assertThat(first.headers().firstValue("Content-Type").orElse("")).startsWith("application/pgp-encrypted");
            assertThat(first.headers().firstValue("Content-Disposition").orElse(""))
                    .isEqualTo("attachment; filename=\"isoloir-postal-letters.csv.gpg\"");
            byte[] firstFile = decrypted(first.body());
            assertThat(rows(firstFile).get(0)).containsExactlyElementsOf(PostalLetters.COLUMNS);
            List<String> letter = letterOf(firstFile, voter);
            assertThat(letter.get(0)).isEqualTo("Zoé Lefèvre");
            assertThat(letter.get(1))
                    .as("an address line that would run as a formula is text")
                    .isEqualTo("'=HYPERLINK(\"http://evil.example\",\"x\")");
            assertThat(letter.subList(2, 7))
                    .containsExactly(
                            "Bâtiment B; 2e étage",
                            "",
                            "69003",
                            "Lyon",
                            voter.identifier().display());
            String firstCode = letter.get(7);
            assertThat(firstCode).matches("[A-Z0-9]{5}-[A-Z0-9]{5}");
            assertThat(letter.get(8)).as("voting site").startsWith("http");
            assertThat(letter.get(9)).as("election name").isNotBlank();
            assertNothingInClear(
                    first.body(),
                    List.of(
                            firstCode,
                            firstCode.replace("-", ""),
                            voter.identifier().display(),
                            voter.identifier().username(),
                            "Lefèvre",
                            "Lyon",
                            "HYPERLINK"));

            HttpResponse<byte[]> unconfirmed = manager.post(ENDPOINT);
            assertThat(unconfirmed.statusCode()).isEqualTo(409);
            JsonNode warning = JSON.readTree(unconfirmed.body());
            assertThat(warning.get("error").asText()).isEqualTo("codes_already_issued");
            assertThat(warning.get("error_description").asText())
                    .contains("stop working")
                    .contains("Confirm");
            assertThat(warning.get("votersWithCode").asInt()).isPositive();

            HttpResponse<byte[]> second = manager.post(ENDPOINT + "?confirm=true");
            assertThat(second.statusCode()).isEqualTo(200);
            byte[] secondFile = decrypted(second.body());
            String secondCode = letterOf(secondFile, voter).get(7);
            assertThat(secondCode).isNotEqualTo(firstCode);
            assertNothingInClear(
                    second.body(), List.of(secondCode, voter.identifier().display()));

            VoterJourney old = new VoterJourney(server)
                    .openVotingSite()
                    .typeIdentifier(voter.identifier().display())
                    .typeCode(firstCode);
            assertThat(old.isOn(CODE_FORM))
                    .as("the first letter's code no longer works")
                    .isTrue();
            VoterJourney journey = new VoterJourney(server)
                    .openVotingSite()
                    .typeIdentifier(voter.identifier().display())
                    .typeCode(secondCode);
            assertThat(journey.page().has("input[name=passphrase-confirm]"))
                    .as(journey.page().text())
                    .isTrue();
            journey.choosePassphrase(PASSPHRASE);
            assertThat(journey.isInPersonalSpace()).as(journey.page().text()).isTrue();
            assertThat(journey.claim("sub")).isEqualTo(voter.userId());

            HttpResponse<byte[]> third = manager.post(ENDPOINT + "?confirm=true");
            assertThat(third.statusCode()).isEqualTo(200);
            assertThat(rows(decrypted(third.body())).stream()
                            .anyMatch(
                                    row -> row.get(6).equals(voter.identifier().display())))
                    .as("a voter with a passphrase gets no letter")
                    .isFalse();
            assertThat(Integer.parseInt(
                            third.headers().firstValue("X-Isoloir-Skipped").orElse("0")))
                    .isPositive();

            String hash = sha256(second.body());
            assertThat(second.headers().firstValue("X-Isoloir-Sha256")).contains(hash);
            JsonNode event = eventOfFile(hash);
            assertThat(event.path("authDetails").path("userId").asText())
                    .as("the downloader")
                    .isEqualTo(manager.userId());
            assertThat(event.path("authDetails").path("ipAddress").asText())
                    .as("their address")
                    .isNotBlank();
            assertThat(event.path("details").path("isoloir_action").asText()).isEqualTo("postal_letters_exported");
            assertThat(event.path("details").path("codes").asInt())
                    .isEqualTo(rows(secondFile).size() - 1);
            assertThat(event.path("details").path("printer_key").asText())
                    .isEqualTo(
                            second.headers().firstValue("X-Isoloir-Printer-Key").orElseThrow())
                    .hasSize(40);
            assertThat(event.toString())
                    .doesNotContain(secondCode)
                    .doesNotContain(firstCode)
                    .doesNotContain(voter.identifier().display());
            assertThat(server.serverOutput())
                    .doesNotContain(secondCode)
                    .doesNotContain(firstCode)
                    .contains("postal letters produced in");
        }
    }

    private JsonNode eventOfFile(String hash) {
        JsonNode events = server.admin()
                .get("/admin/realms/" + IsoloirServer.REALM
                        + "/admin-events?operationTypes=ACTION&resourcePath=isoloir/postal-letters&max=200")
                .expect(200)
                .json();
        for (JsonNode e : events) {
            if (hash.equals(e.path("details").path("encrypted_sha256").asText())) {
                return e;
            }
        }
        throw new AssertionError("no admin event for the file " + hash + ": " + events);
    }

    @Test
    void oneVotersLetterAloneIsForThePrinterTooAndLeavesTheOtherVotersCodesAlone() throws Exception {
        PostalVoter voter = postalVoter("Wendy", "Réimpression", "4 impasse du Double");
        PostalVoter other = postalVoter("Victor", "Inchangé", "5 impasse du Double");
        String otherCode = TestPrinter.letterCode(server.admin(), IsoloirServer.REALM, other.userId());
        try (ElectionManager manager = ElectionManager.create(server, "manage-users")) {
            HttpResponse<byte[]> answer = manager.post(ENDPOINT + "?voter=" + voter.userId());
            assertThat(answer.statusCode())
                    .as(new String(answer.body(), StandardCharsets.UTF_8))
                    .isEqualTo(200);
            List<List<String>> rows = rows(decrypted(answer.body()));
            assertThat(rows).hasSize(2);
            assertThat(rows.get(1).get(6)).isEqualTo(voter.identifier().display());
            assertNothingInClear(
                    answer.body(),
                    List.of(rows.get(1).get(7), voter.identifier().display()));
            assertThat(manager.post(ENDPOINT + "?voter=" + voter.userId()).statusCode())
                    .as("a voter with a code needs the confirmation too")
                    .isEqualTo(409);
            assertThat(manager.post(ENDPOINT + "?voter=unknown-id").statusCode())
                    .isEqualTo(404);
        }
        VoterJourney journey = new VoterJourney(server)
                .openVotingSite()
                .typeIdentifier(other.identifier().display())
                .typeCode(otherCode);
        assertThat(journey.page().has("input[name=passphrase-confirm]"))
                .as("the other voter's code still works: %s", journey.page().text())
                .isTrue();
    }

    @Test
    void thePostalCodeCallThatGaveACodeInClearIsGone() {
        PostalVoter voter = postalVoter("Ugo", "Clair", "6 rue du Clair");
        try (ElectionManager manager = ElectionManager.create(server, "manage-users")) {
            HttpResponse<byte[]> answer = manager.post(
                    "/admin/realms/" + IsoloirServer.REALM + "/isoloir/voters/" + voter.userId() + "/postal-code");
            assertThat(answer.statusCode()).isIn(404, 405);
            assertThat(new String(answer.body(), StandardCharsets.UTF_8)).doesNotContain("postalCode");
        }
        assertThat(server.admin()
                        .get("/admin/realms/" + IsoloirServer.REALM + "/users/" + voter.userId() + "/credentials")
                        .expect(200)
                        .json())
                .as("no code was issued")
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"view-users", "view-realm", "manage-realm"})
    void anAdminWhoMayNotManageTheVotersGetsNoLettersAndFindsNothingReadableInTheRealmsComponents(String role)
            throws Exception {
        PostalVoter voter = postalVoter("Yann", "Refus", "1 place du Refus");
        String code = TestPrinter.letterCode(server.admin(), IsoloirServer.REALM, voter.userId());
        try (ElectionManager other = ElectionManager.create(server, role)) {
            HttpResponse<byte[]> answer = other.post(ENDPOINT + "?confirm=true");
            assertThat(answer.statusCode()).isEqualTo(403);
            assertThat(new String(answer.body(), StandardCharsets.UTF_8))
                    .doesNotContain(voter.identifier().display());
            assertThat(other.post(ENDPOINT + "?confirm=true&voter=" + voter.userId())
                            .statusCode())
                    .isEqualTo(403);

            HttpResponse<byte[]> components = other.get("/admin/realms/" + IsoloirServer.REALM + "/components");
            if (components.statusCode() == 200) {
                String listed = new String(components.body(), StandardCharsets.UTF_8);
                assertThat(listed)
                        .doesNotContain(code)
                        .doesNotContain("isoloir-letters")
                        .doesNotContain("Postal letters")
                        .doesNotContain(voter.identifier().display());
            }
        }
        assertThat(new VoterJourney(server)
                        .openVotingSite()
                        .typeIdentifier(voter.identifier().display())
                        .typeCode(code)
                        .page()
                        .has("input[name=passphrase-confirm]"))
                .as("the refused calls changed no code")
                .isTrue();
        assertThat(ElectionManager.get(
                                java.net.http.HttpClient.newHttpClient(),
                                server.baseUri()
                                        .resolve("/realms/" + IsoloirServer.REALM
                                                + "/isoloir-letters/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))
                        .statusCode())
                .as("no download link any more")
                .isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not a key",
                "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nAAAA\n-----END PGP PUBLIC KEY BLOCK-----\n"
            })
    void withoutAUsablePrinterKeyTheLettersAreRefusedAndNoCodeChanges(String key) {
        PostalVoter voter = postalVoter("Théo", "Sans-Clé", "7 rue de la Clé");
        String code = TestPrinter.letterCode(server.admin(), IsoloirServer.REALM, voter.userId());
        JsonNode before = server.admin()
                .get("/admin/realms/" + IsoloirServer.REALM + "/users/" + voter.userId() + "/credentials")
                .expect(200)
                .json();
        setPrinterKey(key);
        try (ElectionManager manager = ElectionManager.create(server, "manage-users")) {
            HttpResponse<byte[]> all = manager.post(ENDPOINT + "?confirm=true");
            HttpResponse<byte[]> one = manager.post(ENDPOINT + "?confirm=true&voter=" + voter.userId());
            for (HttpResponse<byte[]> answer : List.of(all, one)) {
                String body = new String(answer.body(), StandardCharsets.UTF_8);
                assertThat(answer.statusCode()).as(body).isEqualTo(400);
                assertThat(body)
                        .contains("no_printer_key")
                        .contains("Nothing was changed")
                        .contains("Rien n'a été modifié")
                        .contains(PrinterKey.ATTRIBUTE);
            }
        } finally {
            TestPrinter.installIn(server.admin(), IsoloirServer.REALM);
        }
        assertThat(server.admin()
                        .get("/admin/realms/" + IsoloirServer.REALM + "/users/" + voter.userId() + "/credentials")
                        .expect(200)
                        .json())
                .as("the voter's code is the same")
                .isEqualTo(before);
        assertThat(new VoterJourney(server)
                        .openVotingSite()
                        .typeIdentifier(voter.identifier().display())
                        .typeCode(code)
                        .page()
                        .has("input[name=passphrase-confirm]"))
                .as("and still works")
                .isTrue();
    }

    private void setPrinterKey(String key) {
        JsonNode realm = server.admin()
                .get("/admin/realms/" + IsoloirServer.REALM)
                .expect(200)
                .json();
        Map<String, String> attributes = new LinkedHashMap<>();
        realm.path("attributes")
                .properties()
                .forEach(e -> attributes.put(e.getKey(), e.getValue().asText()));
        attributes.put(PrinterKey.ATTRIBUTE, key);
        server.admin()
                .put("/admin/realms/" + IsoloirServer.REALM, Map.of("attributes", attributes))
                .expect(204);
    }

    /** Prints the throughput of a few hundred letters (no timed assertion: the machine is shared). */
    @Test
    void aFewHundredPostalVotersGetTheirLettersInBatches() {
        int count = 250;
        List<Map<String, Object>> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            users.add(Map.of(
                    "username",
                    VoterIdentifier.generate(RANDOM).username(),
                    "enabled",
                    true,
                    "firstName",
                    "Électeur",
                    "lastName",
                    "N" + i,
                    "attributes",
                    Map.of(
                            "deliveryChannel",
                            List.of("postal"),
                            "postcode",
                            List.of(String.format("%05d", 1000 + i)),
                            "city",
                            List.of("Ville"),
                            "postalAddress1",
                            List.of(i + " rue du Lot"))));
        }
        server.admin()
                .post(
                        "/admin/realms/" + IsoloirServer.REALM + "/partialImport",
                        Map.of("ifResourceExists", "SKIP", "users", users))
                .expect(200);
        try (ElectionManager manager = ElectionManager.create(server, "manage-users")) {
            long start = System.nanoTime();
            HttpResponse<byte[]> answer = manager.post(ENDPOINT + "?confirm=true");
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(answer.statusCode()).isEqualTo(200);
            List<List<String>> rows = rows(decrypted(answer.body()));
            assertThat(rows.size() - 1).isGreaterThanOrEqualTo(count);
            List<String> postcodes =
                    rows.subList(1, rows.size()).stream().map(row -> row.get(4)).toList();
            assertThat(postcodes).as("sorted by postcode for the post").isSorted();
            System.out.printf(
                    "Postal letters: %d in %.1f s through REST (%.0f letters/s; server log: %s)%n",
                    rows.size() - 1,
                    seconds,
                    (rows.size() - 1) / seconds,
                    server.serverOutput()
                            .lines()
                            .filter(l -> l.contains("postal letters produced"))
                            .reduce((a, b) -> b)
                            .orElse(""));
        }
    }
}
