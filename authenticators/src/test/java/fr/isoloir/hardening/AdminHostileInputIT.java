package fr.isoloir.hardening;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.isoloir.testsupport.ElectionManager;
import fr.isoloir.testsupport.ElectionRealm;
import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.TestPrinter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile calls, drawn from the fixed seed of {@link HostileInputIT}, to the election-administration
 * endpoints of an election realm of its own: the voter import (generated voter files, {@link HostileCsv},
 * with odd content types and query parameters), the postal letters, the identifier sendings (hostile
 * JSON, ids that do not exist or are malformed) and the console pages (Keycloak's components endpoint
 * with our page ids and hostile config values, as the console posts them). Every answer: never a 500
 * from our code, no stack trace, nothing reflected outside a JSON document, a refusal carries a JSON
 * message; the realm's stored data (every voter's attributes and credentials, the realm's attributes,
 * the console items) is fingerprinted and must not change by a refused call. Before that, a valid file
 * whose names and addresses start with formula characters is imported and the mail-merge file of the
 * postal letters comes out with each such cell neutralised by a leading {@code '}.
 */
@ExtendWith(IsoloirServer.Extension.class)
class AdminHostileInputIT {

    static final String REALM = "hostile-admin";
    private static final String UI_PAGE = "org.keycloak.services.ui.extend.UiPageProvider";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Our former console pages, all retired for the Espace gestionnaire: each must now be refused as unknown. */
    private static final List<String> PAGE_IDS = List.of("send-identifiers", "Voter import", "Election settings");

    private final IsoloirServer server;
    private final HostileInputs inputs = new HostileInputs(HostileInputIT.SEED);
    private final List<String> failures = new ArrayList<>();
    private final Map<String, Map<String, Integer>> tally = new TreeMap<>();
    private final Map<String, Integer> outsideTheExtension = new TreeMap<>();
    private final List<String> secrets = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private String adminUser;
    private String adminUsername;
    private String adminPassword;
    private String token;
    private Instant tokenAt = Instant.EPOCH;
    private String realmId;
    /** The realm's voters, for hostile one-voter letters. */
    private final List<String> voterIds = new ArrayList<>();

    private HostileCsv csv;

    AdminHostileInputIT(IsoloirServer server) {
        this.server = server;
    }

    @Test
    void everyElectionAdministrationEndpointAnswersHostileInputClearlyAndChangesNothingItRefuses() throws Exception {
        createAdministrator();
        try (ElectionRealm realm = ElectionRealm.create(server, REALM, "Élections hostiles")) {
            realmId = call("GET", "/admin/realms/" + REALM, null, null)
                    .json()
                    .get("id")
                    .asText();
            TestPrinter.installIn(server.admin(), REALM);
            List<List<String>> voters = postalVoters();
            csv = new HostileCsv(inputs, voters);
            importValidFile(HostileCsv.text(voters));
            formulasComeOutNeutralisedInTheMailMerge(voters);
            switchesAreTrueOrFalseNeverAGuess(voters);

            int logStart = server.serverOutput().length();
            Instant started = Instant.now();
            identifierSendings(HostileInputIT.cases(300));
            postalLetters(HostileInputIT.cases(100));
            consolePages(HostileInputIT.cases(300));
            electionSettings(HostileInputIT.cases(200));
            voterImports(HostileInputIT.cases(500));
            report(server.serverOutput().substring(logStart), started);
        } finally {
            server.admin().delete("/admin/realms/master/users/" + adminUser);
        }
    }

    // ----------------------------------------------------------------------------------------------
    // The realm's voters, and the formula check through the server

    /** 24 postal voters; the first six with names and address cells starting with = + - @ (names: Keycloak's name rule refuses =). */
    private static List<List<String>> postalVoters() {
        List<List<String>> rows = new ArrayList<>();
        String[][] formulas = {
            {"+Martin", "Camille", "=HYPERLINK(\"http://evil.test\",\"clic\")", "Bâtiment A", "75001", "Paris"},
            {"-Dubois", "Alix", "+33 rue de la Gare", "-Escalier B", "69001", "Lyon"},
            {"@Petit", "Zoé", "@SUM(1+1)", "=1+2", "13001", "=cmd|' /C calc'!A0"},
            {"Durand", "+Léa", "-2+3 chemin des Vignes", "", "+33000", "Nantes"},
            {"Moreau", "-Noé", "12 rue Haute", "@étage 3", "31000", "@Toulouse"},
            {"Leroy", "@Inès", "=SUM(A1:A9)", "+Appartement 4", "-1000", "+Lille"}
        };
        for (int i = 0; i < 24; i++) {
            String[] f = i < formulas.length
                    ? formulas[i]
                    : new String[] {
                        "Roux", "Sam", (i + 1) + ", rue de la République", "", String.format("%05d", 1000 + i), "Lyon"
                    };
            rows.add(new ArrayList<>(List.of("H-" + i, f[0], f[1], f[2], f[3], f[4], f[5], "Cadres", "courrier")));
        }
        return rows;
    }

    private void importValidFile(String text) {
        Reply reply = call(
                "POST", isoloir("voter-imports"), "text/csv; charset=UTF-8", text.getBytes(StandardCharsets.UTF_8));
        assertThat(reply.status()).as("valid import: %s", reply.body()).isEqualTo(202);
        settleImport(reply.json().get("jobId").asText());
        assertThat(call("GET", "/admin/realms/" + REALM + "/users/count", null, null)
                        .body())
                .isEqualTo("24");
        call("GET", "/admin/realms/" + REALM + "/users?max=100", null, null)
                .json()
                .forEach(u -> voterIds.add(u.get("id").asText()));
    }

    /**
     * The letters of the voters above: every cell of the mail-merge file that a spreadsheet would run comes
     * out with a leading {@code '} (the name cell is "first last", so a first name starting with one counts).
     */
    private void formulasComeOutNeutralisedInTheMailMerge(List<List<String>> voters) {
        Reply letters = call("POST", isoloir("postal-letters?confirm=true"), null, new byte[0]);
        assertThat(letters.status()).as("letters: %s", letters.body()).isEqualTo(200);
        List<List<String>> lines =
                printed(letters).lines().skip(1).map(AdminHostileInputIT::cells).toList();
        lines.forEach(line -> secrets.add(line.get(7)));
        int formulaCells = 0;
        for (List<String> voter : voters) {
            List<String> expected = new ArrayList<>(List.of(voter.get(2) + " " + voter.get(1)));
            expected.addAll(voter.subList(3, 7));
            List<String> line = lines.stream()
                    .filter(l -> l.get(0).endsWith(voter.get(2) + " " + voter.get(1)))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no letter for " + voter));
            for (String value : expected) {
                if (!value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0) {
                    formulaCells++;
                    assertThat(line).as("letter of %s", voter.get(0)).contains("'" + value);
                }
            }
            assertThat(line)
                    .allSatisfy(cell -> assertThat(cell.isEmpty() || "=+-@\t\r".indexOf(cell.charAt(0)) < 0)
                            .as("a cell a spreadsheet would run: %s", cell)
                            .isTrue());
        }
        System.out.printf(
                "Formula cells: %d in the imported file, all neutralised among the %d letters of the mail merge%n",
                formulaCells, lines.size());
        assertThat(lines).hasSize(voters.size());
        assertThat(formulaCells).isEqualTo(17);
    }

    /**
     * {@code ?dryRun=yes} was read as false by JAX-RS (a real import, found by this test's generator):
     * now refused with the switch named; {@code ?dryRun} alone is a dry run; the same for removeAbsent
     * and the letters' confirm. A file that would change every voter shows it.
     */
    private void switchesAreTrueOrFalseNeverAGuess(List<List<String>> voters) {
        List<List<String>> renamed = voters.stream()
                .map(v -> {
                    List<String> row = new ArrayList<>(v);
                    row.set(1, "Renommé");
                    return row;
                })
                .toList();
        byte[] file = HostileCsv.text(renamed).getBytes(StandardCharsets.UTF_8);
        String before = storedData();
        for (String query : List.of("?dryRun=yes", "?dryRun=oui", "?dryRun=1", "?dryRun=true&removeAbsent=vrai")) {
            Reply refused = call("POST", isoloir("voter-imports" + query), "text/csv", file);
            assertThat(refused.status()).as(query).isEqualTo(400);
            assertThat(refused.json().get("error_description").asText())
                    .as(query)
                    .endsWith("must be true or false.");
        }
        Reply dryRun = call("POST", isoloir("voter-imports?dryRun"), "text/csv", file);
        assertThat(dryRun.status()).as("?dryRun alone: %s", dryRun.body()).isEqualTo(200);
        assertThat(dryRun.json().get("dryRun").asBoolean()).isTrue();
        assertThat(dryRun.json().at("/plan/update").asInt()).isEqualTo(voters.size());
        assertThat(call("POST", isoloir("postal-letters?confirm=oui"), null, new byte[0])
                        .status())
                .isEqualTo(400);
        assertThat(storedData())
                .as("stored data after refused switches and a dry run")
                .isEqualTo(before);
    }

    /** The cells of one line of the mail-merge file: every cell quoted, ";" between, quotes doubled. */
    /** The letters as the printer reads them: the answer decrypted with the test printer's secret key. */
    private static String printed(Reply letters) {
        return TestPrinter.PRINTER.decrypt(letters.bytes()).text();
    }

    private static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        java.util.regex.Matcher cell =
                java.util.regex.Pattern.compile("\"((?:[^\"]|\"\")*)\"(;|$)").matcher(line);
        while (cell.find()) {
            cells.add(cell.group(1).replace("\"\"", "\""));
        }
        return cells;
    }

    // ----------------------------------------------------------------------------------------------
    // Targets

    private void identifierSendings(int cases) {
        List<String> jobIds = new ArrayList<>();
        Reply first = call(
                "POST",
                isoloir("identifier-sendings"),
                "application/json",
                "{\"channel\":\"both\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(first.status()).as("a send: %s", first.body()).isEqualTo(201);
        jobIds.add(first.json().get("id").asText());
        settleSend(jobIds.get(0));
        adminCases(
                "identifier-sendings",
                cases,
                () -> {
                    String existing = jobIds.isEmpty() ? UUID.randomUUID().toString() : inputs.pick(jobIds);
                    String id = switch (inputs.random().nextInt(4)) {
                        case 0 -> existing;
                        case 1 -> UUID.randomUUID().toString();
                        default -> inputs.value(existing);
                    };
                    String contentType =
                            inputs.chance(0.8) ? "application/json" : inputs.pick(HostileInputs.WRONG_CONTENT_TYPES);
                    return switch (inputs.random().nextInt(6)) {
                        case 0, 1 -> new Call("POST", isoloir("identifier-sendings"), contentType, startRequest());
                        case 2 -> new Call("GET", isoloir("identifier-sendings/" + segment(id)), null, null);
                        case 3 ->
                            new Call(
                                    "GET",
                                    isoloir("identifier-sendings/" + segment(id) + "/failures?first="
                                            + query(inputs.value("0")) + "&max=" + query(inputs.value("100"))),
                                    null,
                                    null);
                        default ->
                            new Call(
                                    "POST",
                                    isoloir("identifier-sendings/" + segment(id) + "/"
                                            + inputs.pick(List.of(
                                                    "pause",
                                                    "resume",
                                                    "cancel",
                                                    "retry-failed",
                                                    "retry-failed",
                                                    segment(inputs.value("pause"))))),
                                    contentType,
                                    inputs.chance(0.5)
                                            ? new byte[0]
                                            : inputs.jsonBody(
                                                            "includeUncertain",
                                                            inputs.value("true"),
                                                            "includeUncertain",
                                                            "false")
                                                    .getBytes(StandardCharsets.UTF_8));
                    };
                },
                reply -> {
                    // An accepted start or resume: the job sends to nobody (the realm's voters are postal); cancel it.
                    JsonNode job = reply.body().startsWith("{") ? reply.json() : null;
                    if (job != null && job.has("id") && job.has("state")) {
                        jobIds.add(job.get("id").asText());
                        settleSend(job.get("id").asText());
                    }
                });
    }

    private byte[] startRequest() {
        String channel = inputs.chance(0.3)
                ? inputs.pick(List.of("email", "sms", "both", "EMAIL", "postal", "fax", ""))
                : inputs.value("email");
        return switch (inputs.random().nextInt(4)) {
            case 0 ->
                ("{\"channel\":\"" + HostileInputs.jsonEscape(channel) + "\",\"emailRate\":"
                                + inputs.pick(List.of(
                                        "1",
                                        "0",
                                        "-5",
                                        "2147483648",
                                        "1e3",
                                        "\"12\"",
                                        "null",
                                        "[]",
                                        "{}",
                                        "99999999999999999999"))
                                + ",\"smsRate\":" + inputs.pick(List.of("1", "-1", "\"x\"", "true", "3.5"))
                                + ",\"resend\":"
                                + inputs.pick(List.of("true", "false", "\"yes\"", "1", "null")) + "}")
                        .getBytes(StandardCharsets.UTF_8);
            case 1 ->
                ("{\"channel\":\"email\",\"channel\":\"" + HostileInputs.jsonEscape(channel) + "\",\""
                                + HostileInputs.jsonEscape(inputs.value("extra")) + "\":\""
                                + HostileInputs.jsonEscape(inputs.value(null)) + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
            default ->
                inputs.jsonBody("channel", channel, "emailRate", inputs.value("5"))
                        .getBytes(StandardCharsets.UTF_8);
        };
    }

    private void postalLetters(int cases) {
        adminCases(
                "postal-letters",
                cases,
                () -> {
                    String confirm = inputs.chance(0.05)
                            ? "true"
                            : inputs.chance(0.4)
                                    ? inputs.pick(List.of("false", "", "1", "yes", "TRUE "))
                                    : inputs.value("true");
                    String extra = inputs.chance(0.3)
                            ? "&" + query(inputs.value("confirm")) + "=" + query(inputs.value(null))
                            : "";
                    String contentType = inputs.chance(0.5) ? null : inputs.pick(HostileInputs.WRONG_CONTENT_TYPES);
                    byte[] body = inputs.chance(0.5)
                            ? new byte[0]
                            : inputs.value(null).getBytes(StandardCharsets.UTF_8);
                    String voter = inputs.chance(0.7)
                            ? ""
                            : "&voter=" + query(inputs.value(voterIds.isEmpty() ? "x" : inputs.pick(voterIds)));
                    return new Call(
                            "POST",
                            isoloir("postal-letters?confirm=" + query(confirm) + extra + voter),
                            contentType,
                            body);
                },
                reply -> {
                    if (reply.status() == 200) {
                        assertThat(reply.contentType()).startsWith("application/pgp-encrypted");
                        printed(reply)
                                .lines()
                                .skip(1)
                                .forEach(line -> secrets.add(cells(line).get(7)));
                    }
                });
    }

    private void consolePages(int cases) {
        List<String> itemIds = new ArrayList<>();
        adminCases(
                "console pages (components)",
                cases,
                () -> {
                    String providerId =
                            inputs.chance(0.9) ? inputs.pick(PAGE_IDS) : inputs.value(inputs.pick(PAGE_IDS));
                    ObjectNode item = JSON.createObjectNode();
                    item.put("name", inputs.chance(0.7) ? "item " + UUID.randomUUID() : inputs.value("item"));
                    item.put("providerId", providerId);
                    item.put("providerType", inputs.chance(0.95) ? UI_PAGE : inputs.value(UI_PAGE));
                    item.put("parentId", inputs.chance(0.9) ? realmId : inputs.value(realmId));
                    ObjectNode config = item.putObject("config");
                    for (Map.Entry<String, String> entry :
                            pageConfig(providerId).entrySet()) {
                        if (inputs.chance(0.1)) {
                            continue;
                        }
                        switch (inputs.random().nextInt(10)) {
                            case 0 -> config.put(entry.getKey(), entry.getValue());
                            case 1 ->
                                config.putArray(entry.getKey())
                                        .add(entry.getValue())
                                        .add(inputs.value(null));
                            case 2 -> config.putObject(entry.getKey()).put("$ne", 1);
                            default -> config.putArray(entry.getKey()).add(entry.getValue());
                        }
                    }
                    if (inputs.chance(0.2)) {
                        config.putArray(inputs.value("status")).add(inputs.value(null));
                    }
                    String body = item.toString();
                    boolean update = !itemIds.isEmpty() && inputs.chance(0.25);
                    String path = "/admin/realms/" + REALM + "/components" + (update ? "/" + inputs.pick(itemIds) : "");
                    if (inputs.chance(0.1)) {
                        body = inputs.jsonBody("providerId", providerId, "config", inputs.value(null));
                    }
                    return new Call(
                            update ? "PUT" : "POST",
                            path,
                            inputs.chance(0.9) ? "application/json" : inputs.pick(HostileInputs.WRONG_CONTENT_TYPES),
                            body.getBytes(StandardCharsets.UTF_8));
                },
                reply -> {
                    if (reply.status() == 201) {
                        String id = reply.location().substring(reply.location().lastIndexOf('/') + 1);
                        itemIds.add(id);
                        settleItem(id);
                    }
                });
    }

    /** A config as the console would post it for this page, each value hostile or near-valid. */
    private Map<String, String> pageConfig(String providerId) {
        Map<String, String> config = new LinkedHashMap<>();
        if (providerId.equals("Voter import")) {
            config.put("file", new String(csv.file(csv.kind()), StandardCharsets.UTF_8));
            config.put("dryRun", inputs.chance(0.85) ? "true" : inputs.value("false"));
        } else if (providerId.equals("send-identifiers")) {
            config.put("channel", inputs.chance(0.2) ? "email" : inputs.value("sms"));
            config.put("emailRate", inputs.value("10"));
            config.put("smsRate", inputs.value("5"));
            config.put("resend", inputs.value("false"));
            config.put("state", inputs.value("running"));
            config.put("retry", inputs.value("failed"));
        } else {
            config.put("electionName", inputs.value("Élections CSE 2027"));
            config.put("opensAt", inputs.value("2027-03-01T08:00"));
        }
        return config;
    }

    /** The settings page's PUT: hostile or near-valid values in every field, a stale or hostile version. */
    private void electionSettings(int cases) {
        adminCases(
                "election-settings",
                cases,
                () -> {
                    JsonNode current = call("GET", isoloir("election-settings"), null, null)
                            .json();
                    ObjectNode form = JSON.createObjectNode();
                    Map<String, String> nearValid = new LinkedHashMap<>();
                    nearValid.put("electionName", "Élections CSE 2027");
                    nearValid.put("votingSiteUrl", "https://vote.example.org/");
                    nearValid.put("helpContact", "elections@example.org");
                    nearValid.put("timeZone", "Europe/Paris");
                    nearValid.put("opensAt", "2027-03-01T08:00");
                    nearValid.put("closesAt", "2027-03-08T17:00");
                    nearValid.forEach((field, value) -> {
                        switch (inputs.random().nextInt(8)) {
                            case 0 -> form.putArray(field).add(inputs.value(value));
                            case 1 -> form.putObject(field).put("$ne", 1);
                            case 2 -> {}
                            default -> form.put(field, inputs.chance(0.5) ? value : inputs.value(value));
                        }
                    });
                    form.put(
                            "version",
                            inputs.chance(0.8)
                                    ? current.path("version").asText()
                                    : inputs.value(current.path("version").asText()));
                    String body =
                            inputs.chance(0.1) ? inputs.jsonBody("version", "x", "opensAt", "y") : form.toString();
                    return new Call(
                            "PUT",
                            isoloir("election-settings"),
                            inputs.chance(0.9) ? "application/json" : inputs.pick(HostileInputs.WRONG_CONTENT_TYPES),
                            body.getBytes(StandardCharsets.UTF_8));
                },
                reply -> {});
    }

    private void voterImports(int cases) {
        adminCases(
                "voter-imports",
                cases,
                () -> {
                    HostileCsv.Kind kind = csv.kind();
                    count("voter-imports", "file " + kind);
                    String dryRun = inputs.chance(0.7)
                            ? "true"
                            : inputs.chance(0.5)
                                    ? inputs.pick(List.of("false", "", "1", "yes", "TRUE"))
                                    : inputs.value("true");
                    String removeAbsent = inputs.chance(0.7) ? "false" : inputs.value("false");
                    String query = "?dryRun=" + query(dryRun)
                            + (inputs.chance(0.3) ? "" : "&removeAbsent=" + query(removeAbsent))
                            + (inputs.chance(0.2)
                                    ? "&" + query(inputs.value("x")) + "=" + query(inputs.value(null))
                                    : "");
                    String contentType = inputs.chance(0.75)
                            ? inputs.pick(List.of(
                                    "text/csv", "text/csv; charset=UTF-8", "application/octet-stream", "text/plain"))
                            : inputs.pick(HostileInputs.WRONG_CONTENT_TYPES);
                    return new Call("POST", isoloir("voter-imports" + query), contentType, csv.file(kind));
                },
                reply -> {
                    if (reply.status() == 202) {
                        settleImport(reply.json().get("jobId").asText());
                    }
                });
    }

    // ----------------------------------------------------------------------------------------------
    // The loop, the oracle, the stored data

    record Call(String method, String path, String contentType, byte[] body) {}

    record Reply(int status, String contentType, String body, String location, byte[] bytes) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("Not JSON (" + status + "): " + body, e);
            }
        }
    }

    /**
     * {@code cases} hostile calls; an accepted one (2xx) is settled (its background work awaited) and
     * the stored data read again; refused ones are checked against the stored data every ten cases.
     */
    private void adminCases(String name, int cases, Supplier<Call> calls, java.util.function.Consumer<Reply> accepted) {
        String before = storedData();
        for (int i = 1; i <= cases; i++) {
            Call call = calls.get();
            count(name, "cases");
            Reply reply = call(call.method(), call.path(), call.contentType(), call.body());
            String shown = call.method() + " " + HostileInputs.describe(call.path()) + " (" + call.contentType() + ") "
                    + HostileInputs.describe(
                            call.body() == null ? "" : new String(call.body(), StandardCharsets.UTF_8));
            String outside = outsideTheExtension(call, reply);
            if (outside != null) {
                count(name, "=outside the extension");
                outsideTheExtension.merge(outside, 1, Integer::sum);
            } else {
                List<String> problems = Oracle.restAnswer(reply.status(), reply.contentType(), reply.body());
                if (!problems.isEmpty()) {
                    count(name, "FAILURES");
                    failures.add(name + " #" + i + " " + shown + " -> " + problems);
                }
            }
            if (reply.status() / 100 == 2) {
                count(name, "=accepted " + reply.status());
                accepted.accept(reply);
                before = storedData();
                continue;
            }
            count(name, "=refused " + reply.status());
            if (i % 10 == 0 || i == cases) {
                String now = storedData();
                if (!now.equals(before)) {
                    count(name, "FAILURES");
                    failures.add(name + " #" + i + " (or the 9 before) " + shown
                            + " -> stored data changed by refused calls: " + before + " -> " + now);
                    before = now;
                }
            }
        }
    }

    /**
     * Refusals of Quarkus, RESTEasy Reactive (see {@link Oracle#outsideTheExtension}) and of Keycloak's own
     * components endpoint, which answers 500 before any code of ours runs for a JSON {@code null} item
     * (ComponentResource reads it unchecked) and for an item moved to a provider id or type no factory has.
     */
    private static String outsideTheExtension(Call call, Reply reply) {
        String body = call.body() == null ? "" : new String(call.body(), StandardCharsets.UTF_8);
        if (reply.status() == 500 && call.path().contains("/components")) {
            if (body.strip().equals("null")) {
                return "500 from Keycloak's components endpoint: a JSON null item";
            }
            if (call.method().equals("PUT")
                    && (PAGE_IDS.stream().noneMatch(id -> body.contains("\"providerId\":\"" + id + "\""))
                            || !body.contains("\"providerType\":\"" + UI_PAGE + "\""))) {
                return "500 from Keycloak's components endpoint: an item moved to a provider id or type no factory has";
            }
        }
        return Oracle.outsideTheExtension(
                reply.status(), call.contentType(), call.body() == null ? new byte[0] : call.body(), reply.body());
    }

    /** The realm's voters (each one's representation and credentials), the realm's attributes and the console items, hashed. */
    private String storedData() {
        StringBuilder all = new StringBuilder();
        List<JsonNode> users = new ArrayList<>();
        call("GET", "/admin/realms/" + REALM + "/users?briefRepresentation=false&max=100000", null, null)
                .json()
                .forEach(users::add);
        users.sort(java.util.Comparator.comparing(u -> u.get("id").asText()));
        for (JsonNode user : users) {
            ((ObjectNode) user).remove("access");
            all.append(user).append('\n');
            call("GET", "/admin/realms/" + REALM + "/users/" + user.get("id").asText() + "/credentials", null, null)
                    .json()
                    .forEach(c -> all.append(c.path("type").asText())
                            .append('/')
                            .append(c.path("id").asText())
                            .append('/')
                            .append(c.path("createdDate").asText())
                            .append('\n'));
        }
        all.append(call("GET", "/admin/realms/" + REALM, null, null).json().path("attributes"))
                .append('\n');
        List<String> items = new ArrayList<>();
        call("GET", "/admin/realms/" + REALM + "/components?type=" + query(UI_PAGE), null, null)
                .json()
                .forEach(c -> items.add(
                        c.get("id").asText() + "/" + c.get("providerId").asText()));
        items.sort(null);
        all.append(items);
        try {
            return users.size() + " voters, " + items.size() + " items, sha256 "
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256")
                                    .digest(all.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void settleImport(String jobId) {
        await("import " + jobId, () -> {
            String status = call("GET", isoloir("voter-imports/" + segment(jobId)), null, null)
                    .json()
                    .path("status")
                    .asText();
            return status.equals("done") || status.equals("failed");
        });
    }

    /** A send job started or resumed by a case: cancelled, and awaited until it stops. */
    private void settleSend(String jobId) {
        call("POST", isoloir("identifier-sendings/" + jobId + "/cancel"), null, new byte[0]);
        await("send " + jobId, () -> {
            String state = call("GET", isoloir("identifier-sendings/" + jobId), null, null)
                    .json()
                    .path("state")
                    .asText();
            return state.equals("cancelled") || state.equals("finished");
        });
    }

    /** A console item a case created: none can be (every page is retired), so one found is deleted for the next check. */
    private void settleItem(String id) {
        call("DELETE", "/admin/realms/" + REALM + "/components/" + id, null, null);
    }

    private static void await(String what, java.util.function.BooleanSupplier done) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (!done.getAsBoolean()) {
            assertThat(Instant.now()).as("%s settled in time", what).isBefore(deadline);
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private void report(String log, Instant started) {
        failures.addAll(Oracle.serverLog(log, secrets, outsideTheExtension));
        HostileInputIT.report(
                "Admin hostile input",
                "admin-hostile-input-failures.txt",
                tally,
                outsideTheExtension,
                failures,
                started);
    }

    private void count(String target, String what) {
        tally.computeIfAbsent(target, t -> new TreeMap<>()).merge(what, 1, Integer::sum);
    }

    // ----------------------------------------------------------------------------------------------
    // HTTP, as a realm administrator of the master realm (the console pages need manage-realm)

    private void createAdministrator() {
        adminPassword = "Mot de passe " + UUID.randomUUID();
        String username = "hostile-admin-" + UUID.randomUUID();
        adminUser = server.admin()
                .post(
                        "/admin/realms/master/users",
                        Map.of(
                                "username",
                                username,
                                "enabled",
                                true,
                                "firstName",
                                "Admin",
                                "lastName",
                                "Hostile",
                                "email",
                                username + "@isoloir.test",
                                "emailVerified",
                                true,
                                "credentials",
                                List.of(Map.of("type", "password", "value", adminPassword, "temporary", false))))
                .createdId();
        JsonNode role = server.admin()
                .get("/admin/realms/master/roles/admin")
                .expect(200)
                .json();
        server.admin()
                .post("/admin/realms/master/users/" + adminUser + "/role-mappings/realm", List.of(role))
                .expect(204);
        adminUsername = username;
    }

    private String token() {
        if (Duration.between(tokenAt, Instant.now()).toSeconds() > 30) {
            String form = "grant_type=password&client_id=admin-cli&username=" + query(adminUsername) + "&password="
                    + query(adminPassword);
            HttpResponse<byte[]> answer = ElectionManager.send(
                    http,
                    HttpRequest.newBuilder(server.baseUri().resolve("/realms/master/protocol/openid-connect/token"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form))
                            .build());
            try {
                token = JSON.readTree(answer.body()).get("access_token").asText();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            tokenAt = Instant.now();
        }
        return token;
    }

    private Reply call(String method, String path, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.baseUri().resolve(path))
                .timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + token())
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<byte[]> answer = ElectionManager.send(http, request.build());
        return new Reply(
                answer.statusCode(),
                answer.headers().firstValue("Content-Type").orElse(null),
                new String(answer.body(), StandardCharsets.UTF_8),
                answer.headers().firstValue("Location").orElse(null),
                answer.body());
    }

    private static String isoloir(String rest) {
        return "/admin/realms/" + REALM + "/isoloir/" + rest;
    }

    /** A query value, encoded and cut to 2,000 characters (a longer address is the HTTP server's affair, not ours). */
    static String query(String value) {
        String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
        return encoded.length() > 2000 ? encoded.substring(0, 2000).replaceAll("%[0-9A-F]?$", "") : encoded;
    }

    private static String segment(String value) {
        return HostileInputIT.pathSegment(value);
    }
}
