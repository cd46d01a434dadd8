package fr.isoloir.hardening;

import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.VoterBrowser;
import fr.isoloir.testsupport.VoterBrowser.Page;
import fr.isoloir.testsupport.VoterJourney;
import fr.isoloir.testsupport.Voters.Voter;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static fr.isoloir.testsupport.VoterJourney.CODE_FORM;
import static fr.isoloir.testsupport.VoterJourney.IDENTIFIER_FORM;
import static fr.isoloir.testsupport.VoterJourney.LOST_FORM;
import static fr.isoloir.testsupport.VoterJourney.PASSPHRASE_FORM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every page of ours, in every state a voter meets (each step, its errors, the lost-identifier pages,
 * Keycloak's error and "page expired" pages in our frame), carries the realm's strict security headers:
 * a Content-Security-Policy without 'unsafe-inline' or 'unsafe-eval' and with frame-ancestors,
 * Referrer-Policy and X-Content-Type-Options; and holds no inline script, style or event handler, so
 * that the policy costs the pages nothing. Keycloak's cookies are printed with their attributes.
 * HSTS is the reverse proxy's job on the public HTTPS address (docs/security.md).
 */
@ExtendWith(IsoloirServer.Extension.class)
class SecurityHeadersIT {

    /**
     * Keycloak leaves these readable by script on purpose: KEYCLOAK_SESSION for the session-status iframe,
     * KC_AUTH_SESSION_HASH (60 s) for its multi-tab login script. Neither is a credential on its own.
     */
    static final java.util.Set<String> READABLE_BY_KEYCLOAK_SCRIPTS =
            java.util.Set.of("KEYCLOAK_SESSION", "KC_AUTH_SESSION_HASH");

    static final java.util.Set<String> KEYCLOAK_HISTORY_SCRIPT_SEEN = new java.util.TreeSet<>();

    private final IsoloirServer server;

    SecurityHeadersIT(IsoloirServer server) {
        this.server = server;
    }

    @Test
    void everyVoterPageHasAStrictPolicyAndNoInlineScriptOrStyle() {
        Map<String, Page> pages = new LinkedHashMap<>();
        Map<String, HttpHeaders> headers = new LinkedHashMap<>();
        VoterBrowser browser = new VoterBrowser();
        Voter voter = server.voters().byEmail();

        Page identifier = browser.open(URI.create(server.votingSite().baseUri() + "/login"));
        record(pages, headers, "identifier", identifier, browser);
        Page identifierError = browser.submit(identifier, IDENTIFIER_FORM, Map.of("identifier", "33AK-K2RA-HEBO"));
        record(pages, headers, "identifier error", identifierError, browser);
        Page code = browser.submit(identifierError, IDENTIFIER_FORM, Map.of("identifier", voter.typed()));
        record(pages, headers, "code", code, browser);
        Page codeError = browser.submit(code, CODE_FORM, Map.of("code", "12"));
        record(pages, headers, "code error", codeError, browser);
        Page stale = browser.submit(identifier, IDENTIFIER_FORM, Map.of("identifier", voter.typed()));
        record(pages, headers, "stale form (expired or step again)", stale, browser);
        // Keycloak answers the stale form with "page expired" (or the current step again); its "continue" leads on.
        Page current = stale.has(CODE_FORM)
                ? stale
                : browser.open(URI.create(
                        stale.document().selectFirst("#loginContinueLink").absUrl("href")));
        Page choose = browser.submit(
                current, CODE_FORM, Map.of("code", server.mailbox().awaitCode(voter.email(), 1)));
        record(pages, headers, "passphrase choice", choose, browser);
        Page chooseError =
                browser.submit(choose, PASSPHRASE_FORM, Map.of("passphrase", "court", "passphrase-confirm", "court"));
        record(pages, headers, "passphrase choice error", chooseError, browser);
        browser.submit(
                chooseError,
                PASSPHRASE_FORM,
                Map.of(
                        "passphrase",
                        IdentifierReplacedDuringLoginIT.PASSPHRASE,
                        "passphrase-confirm",
                        IdentifierReplacedDuringLoginIT.PASSPHRASE));

        VoterBrowser later = new VoterBrowser();
        Page again = later.submit(
                later.open(URI.create(server.votingSite().baseUri() + "/login")),
                IDENTIFIER_FORM,
                Map.of("identifier", voter.typed()));
        Page give =
                later.submit(again, CODE_FORM, Map.of("code", server.mailbox().awaitCode(voter.email(), 2)));
        record(pages, headers, "passphrase", give, later);
        record(
                pages,
                headers,
                "passphrase error",
                later.submit(give, PASSPHRASE_FORM, Map.of("passphrase", "pas la bonne phrase du tout")),
                later);

        VoterBrowser lost = new VoterBrowser();
        Page start = lost.open(URI.create(server.votingSite().baseUri() + "/login"));
        Page lostPage = lost.open(URI.create(
                start.document().selectFirst("#isoloir-lost-identifier").absUrl("href")));
        record(pages, headers, "lost identifier", lostPage, lost);
        Page lostError =
                lost.submit(lostPage, LOST_FORM, Map.of("contact", "personne@isoloir.test", "captcha", "faux"));
        record(pages, headers, "lost identifier error", lostError, lost);
        String proof = VoterJourney.proofOfWork(lostError.document());
        record(
                pages,
                headers,
                "lost identifier sent",
                lost.submit(
                        lostError,
                        LOST_FORM,
                        Map.of("contact", "personne@isoloir.test", "captcha", "", VoterJourney.PROOF_FIELD, proof)),
                lost);

        VoterBrowser stranger = new VoterBrowser();
        record(
                pages,
                headers,
                "Keycloak error page (unknown client)",
                stranger.open(
                        URI.create(
                                server.realmUri()
                                        + "/protocol/openid-connect/auth?client_id=nobody&response_type=code&redirect_uri=http://evil.test/")),
                stranger);
        record(
                pages,
                headers,
                "Keycloak error page (no login in progress)",
                stranger.open(URI.create(server.realmUri() + "/login-actions/authenticate?client_id=voting-site")),
                stranger);

        List<String> problems = new ArrayList<>();
        pages.forEach((name, page) -> problems.addAll(problems(name, page, headers.get(name))));
        System.out.println("Security headers checked on " + pages.size() + " pages: " + pages.keySet());
        HttpHeaders first = headers.get("identifier");
        for (String header : List.of(
                "Content-Security-Policy",
                "X-Frame-Options",
                "Referrer-Policy",
                "X-Content-Type-Options",
                "Strict-Transport-Security",
                "Cache-Control")) {
            System.out.println("  " + header + ": " + first.firstValue(header).orElse("(none)"));
        }
        System.out.println(
                "  Keycloak's inline history script (blocked by the CSP) on: " + KEYCLOAK_HISTORY_SCRIPT_SEEN);
        assertThat(problems).isEmpty();
    }

    @Test
    void keycloakCookiesAreHttpOnlyAndSecureWithTheirSameSitePrinted() {
        VoterBrowser browser = new VoterBrowser();
        Voter voter = server.voters().byEmail();
        Page identifier = browser.open(URI.create(server.votingSite().baseUri() + "/login"));
        Page code = browser.submit(identifier, IDENTIFIER_FORM, Map.of("identifier", voter.typed()));
        Page choose =
                browser.submit(code, CODE_FORM, Map.of("code", server.mailbox().awaitCode(voter.email(), 1)));
        browser.submit(
                choose,
                PASSPHRASE_FORM,
                Map.of(
                        "passphrase",
                        IdentifierReplacedDuringLoginIT.PASSPHRASE,
                        "passphrase-confirm",
                        IdentifierReplacedDuringLoginIT.PASSPHRASE));

        Map<String, String> keycloakCookies = new TreeMap<>();
        for (String header : browser.setCookieHeaders()) {
            String name = header.substring(0, header.indexOf('='));
            if (name.startsWith("KC_") || name.startsWith("KEYCLOAK_") || name.startsWith("AUTH_SESSION_ID")) {
                // The attributes of the cookie as set with a value; a later deletion (Max-Age=0) does not replace them.
                keycloakCookies.merge(
                        name, attributes(header), (set, later) -> later.contains("Max-Age=0") ? set : later);
            }
        }
        System.out.println("Keycloak cookies (name: attributes as set, value omitted):");
        keycloakCookies.forEach((name, attributes) -> System.out.println("  " + name + ": " + attributes));
        assertThat(keycloakCookies)
                .containsKeys("AUTH_SESSION_ID", "KC_RESTART", "KEYCLOAK_IDENTITY", "KEYCLOAK_SESSION");
        keycloakCookies.forEach((name, attributes) -> {
            String lower = attributes.toLowerCase(Locale.ROOT);
            if (lower.contains("max-age=0")) {
                return; // a deletion (KC_RESTART once the login is done): no value left to protect
            }
            assertThat(lower).as(name).contains("secure");
            assertThat(lower).as(name).contains("samesite=");
            if (!READABLE_BY_KEYCLOAK_SCRIPTS.contains(name)) {
                assertThat(lower).as(name).contains("httponly");
            }
        });
    }

    private static void record(
            Map<String, Page> pages, Map<String, HttpHeaders> headers, String name, Page page, VoterBrowser browser) {
        pages.put(name, page);
        headers.put(name, browser.lastHeaders());
    }

    private static String attributes(String setCookie) {
        int semicolon = setCookie.indexOf(';');
        return semicolon < 0 ? "" : setCookie.substring(semicolon + 1).trim();
    }

    private static List<String> problems(String name, Page page, HttpHeaders headers) {
        List<String> problems = new ArrayList<>();
        if (page.document().getElementById("isoloir-title") == null) {
            problems.add(name + ": not our page (" + page.status() + ") " + page.text());
        }
        String csp = headers.firstValue("Content-Security-Policy").orElse("");
        Map<String, String> directives = new TreeMap<>();
        for (String directive : csp.split(";")) {
            String[] parts = directive.trim().split("\\s+", 2);
            if (!parts[0].isEmpty()) {
                directives.put(parts[0], parts.length > 1 ? parts[1] : "");
            }
        }
        for (String directive : List.of("script-src", "style-src", "default-src")) {
            String value = directives.getOrDefault(directive, directives.getOrDefault("default-src", "*"));
            if (value.contains("'unsafe-inline'")
                    || value.contains("'unsafe-eval'")
                    || value.contains("*")
                    || value.contains("data:")
                    || value.contains("http:")) {
                problems.add(name + ": " + directive + " not strict: " + value);
            }
        }
        if (!directives.containsKey("frame-ancestors")
                || directives.get("frame-ancestors").contains("*")) {
            problems.add(name + ": no strict frame-ancestors in " + csp);
        }
        if (!directives.getOrDefault("object-src", "").contains("'none'")) {
            problems.add(name + ": object-src is not 'none'");
        }
        if (headers.firstValue("Referrer-Policy").isEmpty()) {
            problems.add(name + ": no Referrer-Policy");
        }
        if (!headers.firstValue("X-Content-Type-Options").orElse("").equals("nosniff")) {
            problems.add(name + ": no X-Content-Type-Options: nosniff");
        }
        if (headers.firstValue("X-Frame-Options").isEmpty()) {
            problems.add(name + ": no X-Frame-Options");
        }
        for (Element script : page.document().select("script")) {
            if (script.data().contains("history.replaceState({}, \"some title\"")) {
                // Keycloak's own (BrowserHistoryHelper) after a form post: blocked by the CSP, js/isoloir.js does its
                // job.
                KEYCLOAK_HISTORY_SCRIPT_SEEN.add(name);
                continue;
            }
            if (!script.hasAttr("src") || !script.data().isBlank()) {
                problems.add(name + ": inline script " + script.outerHtml());
            }
        }
        if (!page.document().select("style").isEmpty()) {
            problems.add(name + ": inline style element");
        }
        for (Element element : page.document().getAllElements()) {
            element.attributes().forEach(attribute -> {
                String key = attribute.getKey().toLowerCase(Locale.ROOT);
                if (key.equals("style") || key.startsWith("on")) {
                    problems.add(name + ": inline " + key + " on <" + element.tagName() + ">");
                }
                if (attribute.getValue().toLowerCase(Locale.ROOT).startsWith("javascript:")) {
                    problems.add(name + ": javascript: URL on <" + element.tagName() + ">");
                }
            });
        }
        return problems;
    }
}
