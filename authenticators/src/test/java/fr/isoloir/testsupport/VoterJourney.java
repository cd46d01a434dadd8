package fr.isoloir.testsupport;

import fr.isoloir.testsupport.VoterBrowser.Page;

import java.net.URI;
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

    private final VoterBrowser browser = new VoterBrowser();
    private final IsoloirServer server;
    private Page page;

    public VoterJourney(IsoloirServer server) {
        this.server = server;
    }

    /** Opens the voting site's login, which sends the voter to Keycloak's identifier page. */
    public VoterJourney openVotingSite() {
        page = browser.open(URI.create(server.votingSite().baseUri() + "/login"));
        assertThat(page.has(IDENTIFIER_FORM)).as("identifier page, got %s: %s", page.uri(), page.text()).isTrue();
        return this;
    }

    public VoterJourney typeIdentifier(String typed) {
        return submit(IDENTIFIER_FORM, Map.of("identifier", typed));
    }

    public VoterJourney typeCode(String code) {
        return submit(CODE_FORM, Map.of("code", code));
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
