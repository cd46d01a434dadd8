package fr.isoloir.postal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.isoloir.identifier.VoterIdentifier;
import fr.isoloir.testsupport.ElectionManager;
import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.VoterJourney;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
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
 * The postal letters export on the real server: every postal voter gets a new code in a mail-merge file;
 * exporting again needs a confirmation and makes the earlier codes stop working; a voter logs in with
 * the code read from the file; only managers of the realm's users may export; each export is an admin
 * event with counts and the file's hash. The address attributes are declared in the user profile for
 * the time of the test (the voter-list import declares them in the realm file).
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
                attributes.add(JSON.valueToTree(Map.of("name", name, "multivalued", false,
                        "permissions", Map.of("view", List.of("admin"), "edit", List.of("admin")))));
            }
        }
        server.admin().put(path, profile).expect(200);
    }

    @AfterAll
    void restoreTheProfile() {
        server.admin().put("/admin/realms/" + IsoloirServer.REALM + "/users/profile", profileBefore).expect(200);
    }

    /** A postal voter with an address, created through the admin REST API as the import would. */
    record PostalVoter(String userId, VoterIdentifier identifier) {
    }

    PostalVoter postalVoter(String firstName, String lastName, String address1) {
        VoterIdentifier identifier = VoterIdentifier.generate(RANDOM);
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("deliveryChannel", List.of("postal"));
        attributes.put("employeeNumber", List.of("P" + RANDOM.nextInt(1_000_000)));
        attributes.put("postalAddress1", List.of(address1));
        attributes.put("postalAddress2", List.of("Bâtiment B; 2e étage"));
        attributes.put("postcode", List.of("69003"));
        attributes.put("city", List.of("Lyon"));
        String id = server.admin().post("/admin/realms/" + IsoloirServer.REALM + "/users", Map.of(
                "username", identifier.username(), "enabled", true, "firstName", firstName, "lastName", lastName,
                "attributes", attributes)).createdId();
        return new PostalVoter(id, identifier);
    }

    /** The file's lines as cells, header first (the file's own quoting undone). */
    static List<List<String>> rows(byte[] csv) {
        String text = new String(csv, StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFF");
        List<List<String>> rows = new ArrayList<>();
        for (String line : text.substring(1).split("\r\n")) {
            assertThat(line).startsWith("\"").endsWith("\"");
            rows.add(Arrays.stream(line.substring(1, line.length() - 1).split("\";\"", -1))
                    .map(cell -> cell.replace("\"\"", "\"")).toList());
        }
        return rows;
    }

    static List<String> letterOf(byte[] csv, PostalVoter voter) {
        return rows(csv).stream().filter(row -> row.get(6).equals(voter.identifier().display())).findFirst()
                .orElseThrow(() -> new AssertionError("no letter for " + voter.identifier()));
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void exportingTwiceAsksForConfirmationThenOnlyTheSecondCodesWorkAndTheVoterLogsInWithIt() throws Exception {
        PostalVoter voter = postalVoter("Zoé", "Lefèvre", "=HYPERLINK(\"http://evil.example\",\"x\")");
        try (ElectionManager manager = ElectionManager.create(server, "manage-users")) {
            HttpResponse<byte[]> first = manager.post(ENDPOINT + "?confirm=true");
            assertThat(first.statusCode()).as(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo(200);
            assertThat(first.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
            assertThat(first.headers().firstValue("Content-Disposition").orElse(""))
                    .isEqualTo("attachment; filename=\"isoloir-postal-letters.csv\"");
            assertThat(rows(first.body()).get(0)).containsExactlyElementsOf(PostalLetters.COLUMNS);
            List<String> letter = letterOf(first.body(), voter);
            assertThat(letter.get(0)).isEqualTo("Zoé Lefèvre");
            assertThat(letter.get(1)).as("an address line that would run as a formula is text")
                    .isEqualTo("'=HYPERLINK(\"http://evil.example\",\"x\")");
            assertThat(letter.subList(2, 7)).containsExactly("Bâtiment B; 2e étage", "", "69003", "Lyon",
                    voter.identifier().display());
            String firstCode = letter.get(7);
            assertThat(firstCode).matches("[A-Z0-9]{5}-[A-Z0-9]{5}");
            assertThat(letter.get(8)).as("voting site").startsWith("http");
            assertThat(letter.get(9)).as("election name").isNotBlank();

            HttpResponse<byte[]> unconfirmed = manager.post(ENDPOINT);
            assertThat(unconfirmed.statusCode()).isEqualTo(409);
            JsonNode warning = JSON.readTree(unconfirmed.body());
            assertThat(warning.get("error").asText()).isEqualTo("codes_already_issued");
            assertThat(warning.get("error_description").asText()).contains("stop working").contains("Confirm");
            assertThat(warning.get("votersWithCode").asInt()).isPositive();

            HttpResponse<byte[]> second = manager.post(ENDPOINT + "?confirm=true");
            assertThat(second.statusCode()).isEqualTo(200);
            String secondCode = letterOf(second.body(), voter).get(7);
            assertThat(secondCode).isNotEqualTo(firstCode);

            VoterJourney old = new VoterJourney(server).openVotingSite().typeIdentifier(voter.identifier().display())
                    .typeCode(firstCode);
            assertThat(old.isOn(CODE_FORM)).as("the first letter's code no longer works").isTrue();
            VoterJourney journey = new VoterJourney(server).openVotingSite().typeIdentifier(voter.identifier().display())
                    .typeCode(secondCode);
            assertThat(journey.page().has("input[name=passphrase-confirm]")).as(journey.page().text()).isTrue();
            journey.choosePassphrase(PASSPHRASE);
            assertThat(journey.isInPersonalSpace()).as(journey.page().text()).isTrue();
            assertThat(journey.claim("sub")).isEqualTo(voter.userId());

            HttpResponse<byte[]> third = manager.post(ENDPOINT + "?confirm=true");
            assertThat(third.statusCode()).isEqualTo(200);
            assertThat(rows(third.body()).stream().anyMatch(row -> row.get(6).equals(voter.identifier().display())))
                    .as("a voter with a passphrase gets no letter").isFalse();
            assertThat(Integer.parseInt(third.headers().firstValue("X-Isoloir-Skipped").orElse("0"))).isPositive();

            String hash = sha256(second.body());
            assertThat(second.headers().firstValue("X-Isoloir-Sha256")).contains(hash);
            JsonNode events = server.admin().get("/admin/realms/" + IsoloirServer.REALM
                    + "/admin-events?operationTypes=ACTION&resourcePath=isoloir/postal-letters&max=50").expect(200).json();
            JsonNode event = null;
            for (JsonNode e : events) {
                if (hash.equals(e.path("details").path("csv_sha256").asText())) {
                    event = e;
                }
            }
            assertThat(event).as("the admin event of the second export: %s", events).isNotNull();
            assertThat(event.path("authDetails").path("userId").asText()).isEqualTo(manager.userId());
            assertThat(event.path("details").path("isoloir_action").asText()).isEqualTo("postal_letters_exported");
            assertThat(event.path("details").path("codes").asInt()).isEqualTo(rows(second.body()).size() - 1);
            assertThat(event.toString()).doesNotContain(secondCode).doesNotContain(firstCode);
            assertThat(server.serverOutput()).doesNotContain(secondCode).doesNotContain(firstCode)
                    .contains("postal letters produced in");
        }
    }

    @Test
    void anAdminWhoMayOnlyViewTheVotersIsRefused() {
        PostalVoter voter = postalVoter("Yann", "Refus", "1 place du Refus");
        try (ElectionManager viewer = ElectionManager.create(server, "view-users")) {
            HttpResponse<byte[]> answer = viewer.post(ENDPOINT + "?confirm=true");

            assertThat(answer.statusCode()).isEqualTo(403);
            assertThat(new String(answer.body(), StandardCharsets.UTF_8)).doesNotContain(voter.identifier().display());
        }
        JsonNode credentials = server.admin().get("/admin/realms/" + IsoloirServer.REALM + "/users/" + voter.userId()
                + "/credentials").expect(200).json();
        assertThat(credentials).as("no code was issued").isEmpty();
    }

    @Test
    void theConsolePageProducesTheLettersBehindASingleUseLinkAndWantsConfirmationToReplaceCodes() throws Exception {
        PostalVoter voter = postalVoter("Xavier", "Console", "3 allée des Imprimeurs");
        String realmId = server.admin().get("/admin/realms/" + IsoloirServer.REALM).expect(200).json().get("id").asText();
        String components = "/admin/realms/" + IsoloirServer.REALM + "/components";
        Map<String, Object> item = Map.of("name", "export", "providerId", PostalLettersPageFactory.PROVIDER_ID,
                "providerType", "org.keycloak.services.ui.extend.UiPageProvider", "parentId", realmId,
                "config", Map.of("replaceEarlierCodes", List.of("true")));
        String id = server.admin().post(components, item).createdId();
        JsonNode config = server.admin().get(components + "/" + id).expect(200).json().get("config");
        assertThat(config.path("status").get(0).asText()).startsWith("Produced");
        assertThat(config.path("letters").get(0).asInt()).isPositive();
        String link = config.path("download").get(0).asText();
        assertThat(link).contains("/realms/" + IsoloirServer.REALM + "/isoloir-letters/");

        HttpClient anyone = HttpClient.newHttpClient();
        HttpResponse<byte[]> download = ElectionManager.get(anyone, URI.create(link));
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment");
        assertThat(sha256(download.body())).isEqualTo(config.path("csvSha256").get(0).asText());
        String code = letterOf(download.body(), voter).get(7);
        assertThat(config.toString()).as("the item never holds a code").doesNotContain(code);
        assertThat(ElectionManager.get(anyone, URI.create(link)).statusCode()).as("single use").isEqualTo(404);

        var refused = server.admin().post(components, Map.of("name", "again", "providerId", PostalLettersPageFactory.PROVIDER_ID,
                "providerType", "org.keycloak.services.ui.extend.UiPageProvider", "parentId", realmId, "config", Map.of()));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errorMessage").asText()).contains("already have a connection code")
                .contains("Replace earlier codes");

        VoterJourney journey = new VoterJourney(server).openVotingSite().typeIdentifier(voter.identifier().display())
                .typeCode(code);
        assertThat(journey.page().has("input[name=passphrase-confirm]")).as("the code of the console's file works: %s",
                journey.page().text()).isTrue();
        server.admin().delete(components + "/" + id).expect(204);

        JsonNode events = server.admin().get("/admin/realms/" + IsoloirServer.REALM
                + "/admin-events?operationTypes=ACTION&resourcePath=isoloir/postal-letters&max=100").expect(200).json();
        List<String> actions = new ArrayList<>();
        for (JsonNode e : events) {
            if (config.path("csvSha256").get(0).asText().equals(e.path("details").path("csv_sha256").asText())) {
                actions.add(e.path("details").path("isoloir_action").asText() + "/" + e.path("details").path("via").asText(""));
                assertThat(e.path("authDetails").path("userId").asText()).as("who").isNotBlank();
            }
        }
        assertThat(actions).as("export and download audited: %s", events)
                .contains("postal_letters_exported/console", "postal_letters_downloaded/");
    }

    /** Prints the throughput of a few hundred letters (no timed assertion: the machine is shared). */
    @Test
    void aFewHundredPostalVotersGetTheirLettersInBatches() {
        int count = 250;
        List<Map<String, Object>> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            users.add(Map.of("username", VoterIdentifier.generate(RANDOM).username(), "enabled", true,
                    "firstName", "Électeur", "lastName", "N" + i, "attributes", Map.of(
                            "deliveryChannel", List.of("postal"), "postcode", List.of(String.format("%05d", 1000 + i)),
                            "city", List.of("Ville"), "postalAddress1", List.of(i + " rue du Lot"))));
        }
        server.admin().post("/admin/realms/" + IsoloirServer.REALM + "/partialImport",
                Map.of("ifResourceExists", "SKIP", "users", users)).expect(200);
        try (ElectionManager manager = ElectionManager.create(server, "manage-users")) {
            long start = System.nanoTime();
            HttpResponse<byte[]> answer = manager.post(ENDPOINT + "?confirm=true");
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(answer.statusCode()).isEqualTo(200);
            List<List<String>> rows = rows(answer.body());
            assertThat(rows.size() - 1).isGreaterThanOrEqualTo(count);
            List<String> postcodes = rows.subList(1, rows.size()).stream().map(row -> row.get(4)).toList();
            assertThat(postcodes).as("sorted by postcode for the post").isSorted();
            System.out.printf("Postal letters: %d in %.1f s through REST (%.0f letters/s; server log: %s)%n",
                    rows.size() - 1, seconds, (rows.size() - 1) / seconds,
                    server.serverOutput().lines().filter(l -> l.contains("postal letters produced")).reduce((a, b) -> b).orElse(""));
        }
    }
}
