package fr.isoloir.testsupport;

import fr.isoloir.captcha.ProofOfWorkChallenge;
import fr.isoloir.demo.site.DemoVotingSite;
import fr.isoloir.testsupport.VoterBrowser.Page;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
    /** The hidden field the theme's script fills with the proof-of-work (ALTCHA's payload). */
    public static final String PROOF_FIELD = "altcha";

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
        VoterJourney journey = new VoterJourney(server)
                .openVotingSite()
                .typeIdentifier(voter.typed())
                .typeCode(server.mailbox().awaitCode(voter.email(), 1))
                .choosePassphrase(passphrase);
        assertThat(journey.isInPersonalSpace()).as(journey.page().text()).isTrue();
        return journey;
    }

    /** Opens the voting site's login, which sends the voter to Keycloak's identifier page. */
    public VoterJourney openVotingSite() {
        page = browser.open(URI.create(site.baseUri() + "/login"));
        assertThat(page.has(IDENTIFIER_FORM))
                .as("identifier page, got %s: %s", page.uri(), page.text())
                .isTrue();
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
        assertThat(link)
                .as("lost identifier link on %s: %s", page.uri(), page.text())
                .isNotNull();
        page = browser.open(URI.create(link.absUrl("href")));
        assertThat(page.has(LOST_FORM))
                .as("lost identifier page, got %s: %s", page.uri(), page.text())
                .isTrue();
        return this;
    }

    /**
     * Asks for a new identifier as a voter who cannot see the image does: the browser solves the page's
     * proof-of-work (here in Java, as any script would: the attacker's cost, and no test-only backdoor in
     * production) and the captcha is left empty.
     */
    public VoterJourney askForNewIdentifier(String contact) {
        return askForNewIdentifier(contact, "");
    }

    /** Asks with this text typed in the captcha field, the proof-of-work solved. */
    public VoterJourney askForNewIdentifier(String contact, String captcha) {
        return askForNewIdentifier(contact, captcha, proofOfWork());
    }

    /** Asks with this captcha text and this proof-of-work payload ("" as a browser without JavaScript sends). */
    public VoterJourney askForNewIdentifier(String contact, String captcha, String proof) {
        return submit(LOST_FORM, Map.of("contact", contact, "captcha", captcha, PROOF_FIELD, proof));
    }

    /**
     * Sends the same lost-identifier post, with one solved proof-of-work, this many times at once on this
     * login, as a script racing one proof would; returns the pages it got back.
     */
    public List<Page> askForNewIdentifierConcurrently(String contact, int posts)
            throws InterruptedException, ExecutionException {
        URI action = URI.create(page.form(LOST_FORM).absUrl("action"));
        Map<String, String> values = Map.of("contact", contact, "captcha", "", PROOF_FIELD, proofOfWork());
        CountDownLatch start = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(posts)) {
            List<Future<Page>> sent = new ArrayList<>();
            for (int i = 0; i < posts; i++) {
                sent.add(pool.submit(() -> {
                    start.await();
                    return browser.post(action, values);
                }));
            }
            start.countDown();
            List<Page> pages = new ArrayList<>();
            for (Future<Page> post : sent) {
                pages.add(post.get());
            }
            return pages;
        }
    }

    /** Types a contact, then presses "Nouvelle image" instead of "Demander". */
    public VoterJourney submitContactThenNewCaptcha(String contact) {
        return submit(LOST_FORM, Map.of("contact", contact, "newCaptcha", "true"));
    }

    /**
     * What a voter who cannot see the image types in the captcha field once the proof-of-work is solved:
     * nothing. The page carries no answer to read.
     */
    public String captchaAnswer() {
        return "";
    }

    /** The solved proof-of-work of the page the voter is on, as the theme's script posts it. */
    public String proofOfWork() {
        return proofOfWork(page.document());
    }

    /** Solves the lost-identifier page's proof-of-work from its data attributes, as a script reading the page would. */
    public static String proofOfWork(Document page) {
        return proofOfWorkChallenge(page)
                .solve()
                .orElseThrow(() -> new AssertionError("no number solves the page's challenge"))
                .payload();
    }

    /** The proof-of-work challenge the page carries on its hidden field. */
    public static ProofOfWorkChallenge proofOfWorkChallenge(Document page) {
        Element field = page.getElementById("isoloir-pow");
        assertThat(field).as("proof-of-work field on %s", page.title()).isNotNull();
        return new ProofOfWorkChallenge(
                field.attr("data-algorithm"),
                field.attr("data-challenge"),
                field.attr("data-salt"),
                Integer.parseInt(field.attr("data-max-number")));
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
        assertThat(link)
                .as("link %s on %s: %s", linkSelector, page.uri(), page.text())
                .isNotNull();
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
        return page.uri().getPath().endsWith("/espace")
                && page.text().contains("Vous êtes à présent sur votre espace personnel");
    }

    /** A claim the voting site verified in the ID token. */
    public String claim(String name) {
        var dt = page.document().select("#claims dt").stream()
                .filter(e -> e.text().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No claim " + name + " on " + page.uri() + ": " + page.text()));
        return dt.nextElementSibling().text();
    }

    /** The names of every claim the voting site verified in the ID token. */
    public List<String> claimNames() {
        return page.document().select("#claims dt").stream().map(Element::text).toList();
    }

    private VoterJourney submit(String form, Map<String, String> fields) {
        page = browser.submit(page, form, fields);
        return this;
    }
}
