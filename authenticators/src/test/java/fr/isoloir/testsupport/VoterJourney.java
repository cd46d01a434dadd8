package fr.isoloir.testsupport;

import fr.isoloir.demo.site.DemoVotingSite;
import fr.isoloir.testsupport.VoterBrowser.Page;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The voter's journey page by page, at the HTTP level: each method fills the form of the page the voter
 * is on and returns the next page. Starts where a voter starts: on the voting site.
 */
public final class VoterJourney {

    public static final String IDENTIFIER_FORM = "#isoloir-identifier-form";
    public static final String CODE_FORM = "#isoloir-code-form";
    public static final String RESEND_FORM = "#isoloir-resend-form";
    public static final String PASSPHRASE_FORM = "#isoloir-passphrase-form";
    public static final String LOST_FORM = "#isoloir-lost-form";
    public static final String LOST_SENT = "#isoloir-lost-sent";
    private static final Map<String, Integer> FRENCH_NUMBERS = Map.of("un", 1, "deux", 2, "trois", 3, "quatre", 4,
            "cinq", 5, "six", 6, "sept", 7, "huit", 8, "neuf", 9);
    private static final java.util.regex.Pattern QUESTION = java.util.regex.Pattern.compile("de (\\p{L}+) plus (\\p{L}+)");

    private final VoterBrowser browser;
    private final DemoVotingSite site;
    private Page page;

    public VoterJourney(IsoloirServer server) {
        this(server.votingSite());
    }

    /** A journey that starts on this voting site (the cluster test's, in front of two Keycloak nodes). */
    public VoterJourney(DemoVotingSite site) {
        this(site, null);
    }

    /**
     * A journey from another network: every connection leaves from {@code localAddress} (a loopback
     * address such as 127.0.0.2), which is the client address Keycloak sees.
     */
    public VoterJourney(IsoloirServer server, java.net.InetAddress localAddress) {
        this(server.votingSite(), localAddress);
    }

    private VoterJourney(DemoVotingSite site, java.net.InetAddress localAddress) {
        this.site = site;
        this.browser = new VoterBrowser(localAddress);
    }

    /**
     * An email voter's whole first login through the voting site (identifier, the first code sent,
     * this passphrase chosen), ending in the personal space: the browser then holds the SSO cookie.
     */
    public static VoterJourney firstLogin(IsoloirServer server, Voters.Voter voter, String passphrase) {
        VoterJourney journey = new VoterJourney(server).openVotingSite().typeIdentifier(voter.typed())
                .typeCode(server.mailbox().awaitCode(voter.email(), 1)).choosePassphrase(passphrase);
        assertThat(journey.isInPersonalSpace()).as(journey.page().text()).isTrue();
        return journey;
    }

    /** Opens the voting site's login, which sends the voter to Keycloak's identifier page. */
    public VoterJourney openVotingSite() {
        page = browser.open(URI.create(site.baseUri() + "/login"));
        assertThat(page.has(IDENTIFIER_FORM)).as("identifier page, got %s: %s", page.uri(), page.text()).isTrue();
        return this;
    }

    /**
     * Opens the voting site's login again in this browser, without expecting the identifier page: a
     * voter whose single sign-on session still runs lands in their personal space.
     */
    public VoterJourney openVotingSiteSignedIn() {
        page = browser.open(URI.create(site.baseUri() + "/login"));
        return this;
    }

    public VoterJourney typeIdentifier(String typed) {
        return submit(IDENTIFIER_FORM, Map.of("identifier", typed));
    }

    public VoterJourney typeCode(String code) {
        return submit(CODE_FORM, Map.of("code", code));
    }

    /**
     * Posts the current page's form once per entry, all at once with the same action URL (as a script
     * firing a burst would), and returns every answer; the journey then stays on the current page
     * ({@link #refresh()} to see where the login stands).
     */
    public List<Page> submitConcurrently(String form, List<Map<String, String>> fieldsEach) {
        return browser.submitConcurrently(page, form, fieldsEach);
    }

    /** As above, post {@code i} sent to {@code origins[i % n]} (the nodes of a cluster, bypassing its balancer). */
    public List<Page> submitConcurrently(String form, List<Map<String, String>> fieldsEach, List<URI> origins) {
        return browser.submitConcurrently(page, form, fieldsEach, origins);
    }

    public VoterJourney askForANewCode() {
        return submit(RESEND_FORM, Map.of("resend", "true"));
    }

    public VoterJourney choosePassphrase(String passphrase, String confirmation) {
        return submit(PASSPHRASE_FORM, Map.of("passphrase", passphrase, "passphrase-confirm", confirmation));
    }

    public VoterJourney choosePassphrase(String passphrase) {
        return choosePassphrase(passphrase, passphrase);
    }

    public VoterJourney givePassphrase(String passphrase) {
        return submit(PASSPHRASE_FORM, Map.of("passphrase", passphrase));
    }

    /** Follows the identifier page's "Identifiant oublié ou perdu" link. */
    public VoterJourney followLostIdentifierLink() {
        var link = page.document().selectFirst("#isoloir-lost-identifier");
        assertThat(link).as("lost identifier link on %s: %s", page.uri(), page.text()).isNotNull();
        page = browser.open(URI.create(link.absUrl("href")));
        assertThat(page.has(LOST_FORM)).as("lost identifier page, got %s: %s", page.uri(), page.text()).isTrue();
        return this;
    }

    /** Asks for a new identifier, answering the captcha's text alternative as a screen-reader user does. */
    public VoterJourney askForNewIdentifier(String contact) {
        return askForNewIdentifier(contact, captchaAnswer());
    }

    public VoterJourney askForNewIdentifier(String contact, String captchaAnswer) {
        return submit(LOST_FORM, Map.of("contact", contact, "captcha", captchaAnswer));
    }

    /** Types a contact, then presses "Nouvelle image et nouvelle question" instead of "Demander". */
    public VoterJourney submitContactThenNewCaptcha(String contact) {
        return submit(LOST_FORM, Map.of("contact", contact, "newCaptcha", "true"));
    }

    /**
     * The answer to the captcha's non-visual alternative ("écrivez en chiffres le résultat de sept plus
     * deux"), read from the page as a screen reader reads it: the tests use the same way in as a blind
     * voter, and production has no test-only backdoor.
     */
    public String captchaAnswer() {
        return captchaAnswer(page.document().selectFirst("#isoloir-captcha-question").text());
    }

    /** The answer to the captcha's question in words, as a voter who cannot see the image works it out. */
    public static String captchaAnswer(String question) {
        var matcher = QUESTION.matcher(question);
        assertThat(matcher.find()).as("captcha question: %s", question).isTrue();
        return Integer.toString(FRENCH_NUMBERS.get(matcher.group(1)) + FRENCH_NUMBERS.get(matcher.group(2)));
    }

    /** Whether the voter sees the lost-identifier confirmation page. */
    public boolean isOnLostConfirmation() {
        return page.has(LOST_SENT);
    }

    /**
     * Reloads the current page, as the voter's refresh button does: it reloads the address in the bar,
     * which the theme's script sets to the step's reloadable address ({@code data-isoloir-step-url}, the
     * form action without its one-time session_code) after a form post, as Keycloak's own inline script
     * would if the realm's Content-Security-Policy let it run.
     */
    public VoterJourney refresh() {
        String stepUrl = page.document().body().attr("data-isoloir-step-url");
        page = browser.open(stepUrl.isEmpty() ? page.uri() : URI.create(stepUrl));
        return this;
    }

    /**
     * Opens an address in this voter's browser, cookies and all: an authorization request that a voting
     * site sends the next time the voter (or the next person at the same terminal) clicks "Se connecter".
     */
    public VoterJourney open(URI uri) {
        page = browser.open(uri);
        return this;
    }

    /** Follows the first link matching the selector, as a click does. */
    public VoterJourney follow(String linkSelector) {
        var link = page.document().selectFirst(linkSelector);
        assertThat(link).as("link %s on %s: %s", linkSelector, page.uri(), page.text()).isNotNull();
        page = browser.open(URI.create(link.absUrl("href")));
        return this;
    }

    public Page page() {
        return page;
    }

    public boolean isOn(String formSelector) {
        return page.has(formSelector);
    }

    /** Whether the voter landed in the voting site's personal space. */
    public boolean isInPersonalSpace() {
        return page.uri().getPath().endsWith("/espace") && page.text().contains("Vous êtes à présent sur votre espace personnel");
    }

    /** A claim the voting site verified in the ID token. */
    public String claim(String name) {
        var dt = page.document().select("#claims dt").stream().filter(e -> e.text().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("No claim " + name + " on " + page.uri() + ": " + page.text()));
        return dt.nextElementSibling().text();
    }

    private VoterJourney submit(String form, Map<String, String> fields) {
        page = browser.submit(page, form, fields);
        return this;
    }
}
