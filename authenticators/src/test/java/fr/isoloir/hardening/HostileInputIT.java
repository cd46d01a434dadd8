package fr.isoloir.hardening;

import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.isoloir.demo.DemoPrinter;
import fr.isoloir.hardening.HostileInputs.Shape;
import fr.isoloir.identifier.VoterIdentifier;
import fr.isoloir.keycloakrunner.KeycloakAdmin;
import fr.isoloir.recovery.LostIdentifierSettings;
import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.TestPrinter;
import fr.isoloir.testsupport.VoterBrowser;
import fr.isoloir.testsupport.VoterBrowser.Page;
import fr.isoloir.testsupport.VoterJourney;
import fr.isoloir.testsupport.Voters.Voter;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static fr.isoloir.testsupport.VoterJourney.CODE_FORM;
import static fr.isoloir.testsupport.VoterJourney.IDENTIFIER_FORM;
import static fr.isoloir.testsupport.VoterJourney.LOST_FORM;
import static fr.isoloir.testsupport.VoterJourney.LOST_SENT;
import static fr.isoloir.testsupport.VoterJourney.PASSPHRASE_FORM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of hostile requests, drawn from a fixed seed, against every voter form (identifier, code,
 * passphrase chosen and given, lost identifier with its captcha) and our admin endpoints (one voter's postal letter,
 * new identifier), on the real server. Each answer goes through the {@link Oracle}; a rejected request
 * must leave the voter's stored data (attributes, credentials) as it was; the server log must hold no
 * code or passphrase. Prints the counts: cases per form and shape, outcomes, failures.
 *
 * <p>More targets (CSV import, postal export, send jobs) plug in as more {@link FormTarget}s or
 * {@link #adminEndpoint} callers once they exist.
 */
@ExtendWith(IsoloirServer.Extension.class)
class HostileInputIT {

    static final long SEED = 20261126L;
    /** Cases per target at scale 1; -Disoloir.hostile.scale=0.2 for a quick run, 3 for a long one. */
    static final double SCALE = Double.parseDouble(System.getProperty("isoloir.hostile.scale", "1"));

    private static final SecureRandom RANDOM = new SecureRandom();

    private final IsoloirServer server;
    private final HostileInputs inputs = new HostileInputs(SEED);
    private final List<String> secrets = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final Map<String, Map<String, Integer>> tally = new TreeMap<>();
    private final Map<String, Integer> outsideTheExtension = new TreeMap<>();

    HostileInputIT(IsoloirServer server) {
        this.server = server;
    }

    @Test
    void everyFormAndAdminEndpointAnswersHostileInputWithAClearPageAndChangesNothingItRejects() {
        LostIdentifierSettings.apply(server, Map.of());
        int logStart = server.serverOutput().length();
        Instant started = Instant.now();

        run(new IdentifierTarget(), cases(500));
        run(new CodeTarget(), cases(300));
        run(new ChoosePassphraseTarget(), cases(300));
        run(new GivePassphraseTarget(), cases(250));
        run(new LostIdentifierTarget(), cases(300));
        oneVoterLetterEndpoint(cases(150));
        newIdentifierEndpoint(cases(150));

        String log = server.serverOutput().substring(logStart);
        failures.addAll(Oracle.serverLog(log, secrets, outsideTheExtension));
        report("Hostile input", "hostile-input-failures.txt", tally, outsideTheExtension, failures, started);
    }

    /** Prints the counts and failures, writes the failures beside the provider jar, and asserts there are none. */
    static void report(
            String what,
            String file,
            Map<String, Map<String, Integer>> tally,
            Map<String, Integer> outsideTheExtension,
            List<String> failures,
            Instant started) {
        int total = tally.values().stream()
                .mapToInt(t -> t.getOrDefault("cases", 0))
                .sum();
        System.out.printf(
                "%s: %d cases (seed %d, scale %s) in %d s; failures %d%n",
                what,
                total,
                SEED,
                SCALE,
                Duration.between(started, Instant.now()).toSeconds(),
                failures.size());
        tally.forEach((target, counts) -> System.out.printf("  %-28s %s%n", target, counts));
        System.out.println(
                "  Refused below the extension (Quarkus, RESTEasy Reactive, Keycloak), requests no browser sends: "
                        + outsideTheExtension);
        failures.stream().limit(60).forEach(f -> System.out.println("  FAILURE " + f));
        try {
            java.nio.file.Files.write(
                    java.nio.file.Path.of(System.getProperty("isoloir.provider.jar"))
                            .resolveSibling(file),
                    failures,
                    StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(failures).as("failures out of %d hostile cases", total).isEmpty();
    }

    static int cases(int atScaleOne) {
        return Math.max(10, (int) Math.round(atScaleOne * SCALE));
    }

    private void count(String target, String what) {
        tally.computeIfAbsent(target, t -> new TreeMap<>()).merge(what, 1, Integer::sum);
    }

    // ----------------------------------------------------------------------------------------------
    // Voter forms

    /** A voter form under attack: how to reach it, which fields to fill, what acceptance looks like. */
    abstract class FormTarget {
        final String name;
        final String formSelector;
        private final Predicate<Page> accepted;
        /** The voter whose stored data a rejected request must not change; null when the form concerns none. */
        Voter voter;

        VoterBrowser browser;
        Page page;
        URI previousAction;
        /** The stored data of the voter concerned, as read before the attack; null when none. */
        String stateBefore;

        FormTarget(String name, String formSelector, Predicate<Page> accepted) {
            this.name = name;
            this.formSelector = formSelector;
            this.accepted = accepted;
        }

        /** A fresh browser on the form (a new voter where the form needs one). */
        abstract void reach();

        /** The hostile values of the form's own fields, in order. */
        abstract List<Map.Entry<String, String>> values();

        /** Whether the answer moved on past the form (legitimately: the values were acceptable). */
        boolean accepted(Page answer) {
            return accepted.test(answer);
        }

        String storedData() {
            return voter == null ? null : HostileInputIT.this.storedData(voter.userId());
        }

        Page openLogin() {
            browser = new VoterBrowser();
            return browser.open(URI.create(server.votingSite().baseUri() + "/login"));
        }

        Page submit(Page from, String form, Map<String, String> fields) {
            return browser.submit(from, form, fields);
        }

        void reachAndSnapshot() {
            reach();
            assertThat(page.has(formSelector))
                    .as("%s reached, got %s", name, page.text())
                    .isTrue();
            previousAction = null;
            stateBefore = storedData();
        }
    }

    private void run(FormTarget target, int cases) {
        target.reachAndSnapshot();
        for (int i = 1; i <= cases; i++) {
            Element form = target.page.form(target.formSelector);
            URI action = URI.create(form.absUrl("action"));
            List<Map.Entry<String, String>> values = target.values();
            List<Map.Entry<String, String>> fields = new ArrayList<>();
            for (Element input : form.select("input[name]")) {
                String type = input.attr("type");
                boolean own = values.stream().anyMatch(v -> v.getKey().equals(input.attr("name")));
                if (!own && !type.equals("submit") && !type.equals("checkbox") && !type.equals("radio")) {
                    fields.add(Map.entry(input.attr("name"), input.val()));
                }
            }
            fields.addAll(values);
            Shape shape = inputs.shape();
            String contentType = "application/x-www-form-urlencoded";
            URI to = action;
            byte[] body;
            switch (shape) {
                case MISSING_FIELD -> {
                    fields.remove(values.get(inputs.random().nextInt(values.size())));
                    body = HostileInputs.formBody(fields);
                }
                case DUPLICATED_FIELD -> {
                    var twice = Map.entry(inputs.pick(values).getKey(), inputs.value(null));
                    fields.add(inputs.chance(0.5) ? 0 : fields.size(), twice);
                    body = HostileInputs.formBody(fields);
                }
                case EXTRA_FIELDS -> {
                    fields.add(Map.entry(
                            inputs.pick(List.of(
                                    "resend",
                                    "newCaptcha",
                                    "session_code",
                                    "execution",
                                    "username",
                                    "password",
                                    "credentialId",
                                    "rememberMe",
                                    "tryAnotherWay")),
                            inputs.value(null)));
                    body = HostileInputs.formBody(fields);
                }
                case WRONG_CONTENT_TYPE -> {
                    contentType = inputs.pick(HostileInputs.WRONG_CONTENT_TYPES);
                    body = contentType.startsWith("application/json")
                            ? jsonOf(fields).getBytes(StandardCharsets.UTF_8)
                            : HostileInputs.formBody(fields);
                    contentType = contentType.isEmpty() ? null : contentType;
                }
                case INVALID_UTF8 -> {
                    var replaced = inputs.pick(values);
                    fields.remove(replaced);
                    body = HostileInputs.withRawField(
                            HostileInputs.formBody(fields), replaced.getKey(), inputs.pick(HostileInputs.INVALID_UTF8));
                }
                case EMPTY_BODY -> body = new byte[0];
                case STALE_URL -> {
                    to = target.previousAction != null ? target.previousAction : action;
                    body = HostileInputs.formBody(fields);
                }
                case FORGED_QUERY -> {
                    to = forged(action);
                    body = HostileInputs.formBody(fields);
                }
                default -> body = HostileInputs.formBody(fields);
            }
            count(target.name, "cases");
            count(target.name, shape.name());
            Page answer = target.browser.postRaw(to, contentType, body);
            target.previousAction = action;
            String outside = Oracle.outsideTheExtension(answer.status(), contentType, body, answer.html());
            if (outside != null) {
                count(target.name, "=outside the extension");
                outsideTheExtension.merge(outside, 1, Integer::sum);
                compareStoredData(target, i, shape, values);
                target.reachAndSnapshot();
                continue;
            }
            boolean accepted = target.accepted(answer);
            check(
                    target.name,
                    i,
                    shape,
                    values,
                    accepted ? Oracle.adminAnswer(answer.status(), answer.html()) : Oracle.voterPage(answer),
                    answer);
            if (accepted) {
                count(target.name, "=accepted");
                target.reachAndSnapshot();
                continue;
            }
            if (answer.has(target.formSelector)) {
                count(target.name, "=form again");
                target.page = answer;
            } else {
                count(target.name, "=other page");
                // The way a voter goes on: reload the step (its address, without the one-time code).
                String stepUrl = target.page.document().body().attr("data-isoloir-step-url");
                Page reloaded = stepUrl.isEmpty() ? null : target.browser.open(URI.create(stepUrl));
                if (reloaded != null) {
                    check(
                            target.name,
                            i,
                            shape,
                            values,
                            Oracle.voterPage(reloaded).stream()
                                    .map(p -> "on reload: " + p)
                                    .toList(),
                            reloaded);
                }
                if (reloaded != null && reloaded.has(target.formSelector)) {
                    target.page = reloaded;
                } else {
                    compareStoredData(target, i, shape, values);
                    target.reachAndSnapshot();
                    continue;
                }
            }
            if (i % 10 == 0 || i == cases) {
                compareStoredData(target, i, shape, values);
            }
        }
    }

    private void compareStoredData(FormTarget target, int i, Shape shape, List<Map.Entry<String, String>> values) {
        if (target.stateBefore != null) {
            String now = target.storedData();
            if (!now.equals(target.stateBefore)) {
                check(
                        target.name,
                        i,
                        shape,
                        values,
                        List.of("stored data changed by rejected requests: before " + target.stateBefore + " after "
                                + now),
                        null);
                target.stateBefore = now;
            }
        }
    }

    private void check(
            String target,
            int i,
            Shape shape,
            List<Map.Entry<String, String>> values,
            List<String> problems,
            Page answer) {
        if (!problems.isEmpty()) {
            count(target, "FAILURES");
            StringBuilder shown = new StringBuilder();
            values.forEach(v -> shown.append(v.getKey())
                    .append('=')
                    .append(HostileInputs.describe(v.getValue()))
                    .append(' '));
            failures.add(target + " #" + i + " " + shape + " " + shown + "-> " + problems
                    + (answer == null
                            ? ""
                            : " | answer " + answer.status() + " " + answer.uri() + ": "
                                    + HostileInputs.describe(
                                            answer.html().length() > 400
                                                    ? answer.html().substring(0, 400)
                                                    : answer.html())));
        }
    }

    private URI forged(URI action) {
        String query = action.getRawQuery() == null ? "" : action.getRawQuery();
        String parameter = inputs.pick(List.of("session_code", "execution", "tab_id", "client_id", "client_data"));
        String value = inputs.chance(0.3) ? "" : URLEncoder.encode(inputs.value(null), StandardCharsets.UTF_8);
        if (value.length() > 2000) {
            value = value.substring(0, 2000).replaceAll("%[0-9A-F]?$", "");
        }
        String replaced = query.replaceAll("(^|&)" + parameter + "=[^&]*", "$1" + parameter + "=" + value);
        return URI.create(action.getScheme() + "://" + action.getRawAuthority() + action.getRawPath() + "?" + replaced);
    }

    private static String jsonOf(List<Map.Entry<String, String>> fields) {
        StringBuilder json = new StringBuilder("{");
        fields.forEach(f -> json.append(json.length() > 1 ? "," : "")
                .append('"')
                .append(HostileInputs.jsonEscape(f.getKey()))
                .append("\":\"")
                .append(HostileInputs.jsonEscape(f.getValue()))
                .append('"'));
        return json.append('}').toString();
    }

    /** What the voter's stored data is: the user (attributes, username, email...) and credentials, without secrets. */
    String storedData(String userId) {
        ObjectNode user = (ObjectNode) server.admin()
                .get("/admin/realms/" + IsoloirServer.REALM + "/users/" + userId)
                .expect(200)
                .json();
        user.remove("access");
        // The lockout count records rejected guesses by design (fr.isoloir.limits.VoterGuesses): not a change they
        // made.
        if (user.path("attributes") instanceof ObjectNode attributes) {
            attributes.remove("isoloirLockouts");
        }
        StringBuilder credentials = new StringBuilder();
        server.admin()
                .get("/admin/realms/" + IsoloirServer.REALM + "/users/" + userId + "/credentials")
                .expect(200)
                .json()
                .forEach(c -> credentials
                        .append(c.path("type").asText())
                        .append('/')
                        .append(c.path("id").asText())
                        .append('/')
                        .append(c.path("createdDate").asText())
                        .append(' '));
        return user + " credentials: " + credentials;
    }

    final class IdentifierTarget extends FormTarget {
        IdentifierTarget() {
            super("identifier", IDENTIFIER_FORM, page -> page.has(CODE_FORM));
            voter = server.voters().byEmail();
        }

        @Override
        void reach() {
            page = openLogin();
        }

        @Override
        List<Map.Entry<String, String>> values() {
            String nearValid = inputs.chance(0.5)
                    ? voter.typed()
                    : VoterIdentifier.generate(RANDOM).display();
            return HostileInputs.fields("identifier", inputs.value(nearValid));
        }
    }

    final class CodeTarget extends FormTarget {
        CodeTarget() {
            super("code", CODE_FORM, page -> page.has(PASSPHRASE_FORM));
        }

        @Override
        void reach() {
            voter = server.voters().byEmail();
            page = submit(openLogin(), IDENTIFIER_FORM, Map.of("identifier", voter.typed()));
            secrets.add(server.mailbox().awaitCode(voter.email(), 1));
        }

        @Override
        List<Map.Entry<String, String>> values() {
            return HostileInputs.fields("code", inputs.value("123456"));
        }
    }

    final class ChoosePassphraseTarget extends FormTarget {
        ChoosePassphraseTarget() {
            super("passphrase chosen", PASSPHRASE_FORM, HostileInputIT::inPersonalSpace);
        }

        @Override
        void reach() {
            voter = server.voters().byEmail();
            Page code = submit(openLogin(), IDENTIFIER_FORM, Map.of("identifier", voter.typed()));
            page = submit(
                    code, CODE_FORM, Map.of("code", secret(server.mailbox().awaitCode(voter.email(), 1))));
        }

        @Override
        List<Map.Entry<String, String>> values() {
            String passphrase = inputs.value("Un orage a coupé le courrier ce matin");
            return HostileInputs.fields(
                    "passphrase",
                    passphrase,
                    "passphrase-confirm",
                    inputs.chance(0.5) ? passphrase : inputs.value(passphrase));
        }
    }

    final class GivePassphraseTarget extends FormTarget {
        GivePassphraseTarget() {
            super("passphrase given", PASSPHRASE_FORM, HostileInputIT::inPersonalSpace);
        }

        @Override
        void reach() {
            voter = server.voters().byEmail();
            String passphrase = secret("Une phrase secrète de test numéro " + RANDOM.nextInt(1_000_000_000));
            Page code = submit(openLogin(), IDENTIFIER_FORM, Map.of("identifier", voter.typed()));
            Page choose = submit(
                    code, CODE_FORM, Map.of("code", secret(server.mailbox().awaitCode(voter.email(), 1))));
            Page space =
                    submit(choose, PASSPHRASE_FORM, Map.of("passphrase", passphrase, "passphrase-confirm", passphrase));
            assertThat(space.uri().getPath()).endsWith("/espace");
            code = submit(openLogin(), IDENTIFIER_FORM, Map.of("identifier", voter.typed()));
            page = submit(
                    code, CODE_FORM, Map.of("code", secret(server.mailbox().awaitCode(voter.email(), 2))));
        }

        @Override
        List<Map.Entry<String, String>> values() {
            String value = inputs.value("Une phrase secrète de test numéro 1");
            if (inputs.chance(0.3)) {
                // A marker that must never reach the log, as no typed passphrase may.
                value = value + secret("Tentative" + RANDOM.nextInt(1_000_000_000));
            }
            return HostileInputs.fields("passphrase", value);
        }
    }

    final class LostIdentifierTarget extends FormTarget {
        LostIdentifierTarget() {
            super("lost identifier", LOST_FORM, page -> page.has(LOST_SENT));
            voter = server.voters().byEmailWithMobile();
        }

        @Override
        void reach() {
            Page identifier = openLogin();
            Element link = identifier.document().selectFirst("#isoloir-lost-identifier");
            page = browser.open(URI.create(link.absUrl("href")));
        }

        @Override
        List<Map.Entry<String, String>> values() {
            // A solved proof-of-work most of the time, so that hostile contacts reach the lookup; else hostile proofs.
            String proof = inputs.chance(0.6) ? VoterJourney.proofOfWork(page.document()) : inputs.value("");
            return HostileInputs.fields(
                    "contact",
                    inputs.value(inputs.chance(0.5) ? "nobody@isoloir.test" : "06 19 99 99 99"),
                    "captcha",
                    inputs.chance(0.8) ? "" : inputs.value("K7MQ2"),
                    VoterJourney.PROOF_FIELD,
                    proof);
        }
    }

    private static boolean inPersonalSpace(Page page) {
        return page.uri().getPath().endsWith("/espace");
    }

    private String secret(String value) {
        secrets.add(value);
        return value;
    }

    // ----------------------------------------------------------------------------------------------
    // Admin endpoints

    /** One voter's postal letter (encrypted to the printer: the code is read back as the printer would). */
    private void oneVoterLetterEndpoint(int cases) {
        Voter voter = server.voters().byPost();
        secrets.add(voter.postalCode());
        adminEndpoint("admin postal letter of one voter", voter, cases, () -> {
            String id = inputs.chance(0.3) ? voter.userId() : inputs.value(voter.userId());
            // The hostile value goes in the voter id; both long would pass the HTTP server's 4,096-character request
            // line.
            String confirm = inputs.chance(0.7) ? "true" : inputs.pick(List.of("false", "", "1", "yes", "TRUE "));
            String contentType = inputs.chance(0.5) ? null : inputs.pick(HostileInputs.WRONG_CONTENT_TYPES);
            return new AdminRequest(
                    "postal-letters?confirm=" + AdminHostileInputIT.query(confirm) + "&voter="
                            + AdminHostileInputIT.query(id),
                    contentType,
                    inputs.chance(0.5) ? "" : inputs.value(null));
        });
    }

    private void newIdentifierEndpoint(int cases) {
        Voter voter = server.voters().byEmail();
        adminEndpoint("admin new-identifier", voter, cases, () -> {
            boolean byEmail = inputs.chance(0.5);
            String value = inputs.value(byEmail ? "nouvelle.adresse@isoloir.test" : "06 19 99 99 98");
            String reason = inputs.chance(0.5) ? "Courrier perdu, appel du 26/11" : inputs.value("Courrier perdu");
            String body = inputs.jsonBody(byEmail ? "email" : "phoneNumber", value, "reason", reason);
            String contentType =
                    inputs.chance(0.85) ? "application/json" : inputs.pick(HostileInputs.WRONG_CONTENT_TYPES);
            String id = inputs.chance(0.9) ? voter.userId() : inputs.value(voter.userId());
            return new AdminRequest(
                    "voters/" + pathSegment(id) + "/new-identifier", contentType.isEmpty() ? null : contentType, body);
        });
    }

    /** One hostile call to one of our admin endpoints ({@code /admin/realms/vote/isoloir/...}). */
    record AdminRequest(String path, String contentType, String body) {}

    /**
     * Sends {@code cases} hostile calls to one endpoint of ours about this voter; a refused call must leave
     * the voter's stored data as it was. A postal code in an accepted answer is a secret for the log check.
     */
    private void adminEndpoint(String name, Voter voter, int cases, Supplier<AdminRequest> requests) {
        String before = storedData(voter.userId());
        for (int i = 1; i <= cases; i++) {
            AdminRequest request = requests.get();
            byte[] body = request.body().getBytes(StandardCharsets.UTF_8);
            count(name, "cases");
            KeycloakAdmin.Answer answer = server.admin()
                    .post(
                            "/admin/realms/" + IsoloirServer.REALM + "/isoloir/" + request.path(),
                            request.contentType(),
                            body);
            var described = HostileInputs.fields("path", request.path(), "body", request.body());
            String outside = Oracle.outsideTheExtension(answer.status(), request.contentType(), body, answer.body());
            if (outside != null) {
                count(name, "=outside the extension");
                outsideTheExtension.merge(outside, 1, Integer::sum);
                continue;
            }
            check(name, i, Shape.NORMAL, described, adminProblems(answer), null);
            if (answer.status() == 200) {
                count(name, "=accepted");
                if (answer.status() == 200 && request.path().startsWith("postal-letters")) {
                    secrets.add(DemoPrinter.rows(
                                    TestPrinter.PRINTER.decrypt(answer.bytes()).text())
                            .get(1)
                            .get(7));
                }
                before = storedData(voter.userId());
            } else {
                count(name, "=refused " + answer.status());
                if (i % 10 == 0 || i == cases) {
                    String now = storedData(voter.userId());
                    if (!now.equals(before)) {
                        check(name, i, Shape.NORMAL, described, List.of("stored data changed: " + now), null);
                        before = now;
                    }
                }
            }
        }
    }

    private static List<String> adminProblems(KeycloakAdmin.Answer answer) {
        return Oracle.adminAnswer(answer.status(), answer.body()).stream()
                .map(p -> p + " | answer: " + HostileInputs.describe(answer.body() == null ? "" : answer.body()))
                .toList();
    }

    static String pathSegment(String value) {
        String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
        return encoded.length() > 3000 ? encoded.substring(0, 3000).replaceAll("%[0-9A-F]?$", "") : encoded;
    }
}
