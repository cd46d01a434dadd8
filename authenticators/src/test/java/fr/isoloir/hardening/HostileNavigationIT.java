package fr.isoloir.hardening;

import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.VoterBrowser;
import fr.isoloir.testsupport.VoterBrowser.Page;
import fr.isoloir.testsupport.Voters.Voter;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import static fr.isoloir.testsupport.VoterJourney.CODE_FORM;
import static fr.isoloir.testsupport.VoterJourney.IDENTIFIER_FORM;
import static fr.isoloir.testsupport.VoterJourney.PASSPHRASE_FORM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-written cases of hostile or clumsy navigation, without JavaScript: the back button, two tabs
 * on one login, a double submit, a stale form URL. Each page must pass the {@link Oracle} (one of our
 * pages, a form or a clear message, never an error status) and the voter must still be able to finish.
 */
@ExtendWith(IsoloirServer.Extension.class)
class HostileNavigationIT {

    static final String PASSPHRASE = "Une seule fois suffit pour ce formulaire";

    private final IsoloirServer server;

    HostileNavigationIT(IsoloirServer server) {
        this.server = server;
    }

    @Test
    void theBackButtonToTheIdentifierPageGivesAClearPageAndTheCodePageStillWorks() {
        Voter voter = server.voters().byEmail();
        VoterBrowser browser = new VoterBrowser();
        Page identifier = clear(browser.open(login()));
        Page code = clear(browser.submit(identifier, IDENTIFIER_FORM, Map.of("identifier", voter.typed())));
        assertThat(code.has(CODE_FORM)).isTrue();

        // Back: pages are not cached (Cache-Control: no-store), so the browser loads the address again.
        Page back = clear(browser.open(identifier.uri()));
        assertThat(back.has(IDENTIFIER_FORM) || back.has(CODE_FORM))
                .as(back.text())
                .isTrue();

        Page next = clear(browser.submit(
                code, CODE_FORM, Map.of("code", server.mailbox().awaitCode(voter.email(), 1))));
        if (!next.has(PASSPHRASE_FORM)) {
            next = clear(continueFrom(browser, next));
        }
        assertThat(next.has(PASSPHRASE_FORM) || next.has(CODE_FORM))
                .as(next.text())
                .isTrue();
    }

    @Test
    void twoTabsOnOneLoginKeepTheirOwnVoterAndCode() {
        Voter first = server.voters().byEmail();
        Voter second = server.voters().byEmail();
        VoterBrowser browser = new VoterBrowser();
        Page tabOne = clear(browser.open(login()));
        Page tabTwo = clear(browser.open(login()));
        tabOne = clear(browser.submit(tabOne, IDENTIFIER_FORM, Map.of("identifier", first.typed())));
        tabTwo = clear(browser.submit(tabTwo, IDENTIFIER_FORM, Map.of("identifier", second.typed())));
        String firstCode = server.mailbox().awaitCode(first.email(), 1);
        String secondCode = server.mailbox().awaitCode(second.email(), 1);

        Page crossed = clear(browser.submit(tabOne, CODE_FORM, Map.of("code", secondCode)));
        assertThat(crossed.has(PASSPHRASE_FORM))
                .as("tab one must not accept the other voter's code")
                .isFalse();
        if (!firstCode.equals(secondCode)) {
            Page own = clear(
                    crossed.has(CODE_FORM)
                            ? browser.submit(crossed, CODE_FORM, Map.of("code", firstCode))
                            : continueFrom(browser, crossed));
            if (own.has(CODE_FORM)) {
                own = clear(browser.submit(own, CODE_FORM, Map.of("code", firstCode)));
            }
            assertThat(own.has(PASSPHRASE_FORM)).as(own.text()).isTrue();
        }

        Page secondDone = browser.submit(
                clear(browser.submit(tabTwo, CODE_FORM, Map.of("code", secondCode))),
                PASSPHRASE_FORM,
                Map.of("passphrase", PASSPHRASE, "passphrase-confirm", PASSPHRASE));
        assertThat(secondDone.status()).isLessThan(500);
        if (secondDone.uri().getPath().endsWith("/espace")) {
            assertThat(secondDone.text()).doesNotContain(first.userId());
        } else {
            clear(secondDone);
        }
        assertThat(server.admin()
                        .get("/admin/realms/" + IsoloirServer.REALM + "/users/" + first.userId() + "/credentials")
                        .expect(200)
                        .json())
                .as("nothing stored for the voter of the other tab")
                .isEmpty();
    }

    @Test
    void aDoubleSubmitOfTheIdentifierSendsOneCodeAndTheVoterGoesOn() throws InterruptedException {
        Voter voter = server.voters().byEmail();
        VoterBrowser browser = new VoterBrowser();
        Page identifier = clear(browser.open(login()));
        Element form = identifier.form(IDENTIFIER_FORM);
        URI action = URI.create(form.absUrl("action"));
        Map<String, String> fields = new LinkedHashMap<>();
        form.select("input[name]").forEach(input -> fields.put(input.attr("name"), input.val()));
        fields.put("identifier", voter.typed());

        Page firstAnswer = clear(browser.post(action, fields));
        Page secondAnswer = clear(browser.post(action, fields));
        assertThat(firstAnswer.has(CODE_FORM)).as(firstAnswer.text()).isTrue();
        server.mailbox().awaitMessage(voter.email(), 1);
        Thread.sleep(1500); // a second message, if any, is sent in the background: give it time to arrive
        assertThat(server.mailbox().messagesTo(voter.email()))
                .as("one code for two clicks")
                .hasSize(1);

        Page current = secondAnswer.has(CODE_FORM) ? secondAnswer : clear(continueFrom(browser, secondAnswer));
        assertThat(current.has(CODE_FORM)).as(current.text()).isTrue();
        Page next = clear(browser.submit(
                current, CODE_FORM, Map.of("code", server.mailbox().awaitCode(voter.email(), 1))));
        assertThat(next.has(PASSPHRASE_FORM)).as(next.text()).isTrue();
    }

    @Test
    void aStaleFormUrlGivesPageExpiredWhoseContinueButtonLeadsToTheCurrentStep() {
        Voter voter = server.voters().byEmail();
        VoterBrowser browser = new VoterBrowser();
        Page identifier = clear(browser.open(login()));
        Page code = clear(browser.submit(identifier, IDENTIFIER_FORM, Map.of("identifier", voter.typed())));
        assertThat(code.has(CODE_FORM)).isTrue();

        Page stale = clear(browser.submit(identifier, IDENTIFIER_FORM, Map.of("identifier", voter.typed())));
        assertThat(stale.has(IDENTIFIER_FORM))
                .as("the old step is not replayed")
                .isFalse();
        Page current = stale.has(CODE_FORM) ? stale : clear(continueFrom(browser, stale));
        assertThat(current.has(CODE_FORM)).as(current.text()).isTrue();
        Page next = clear(browser.submit(
                current, CODE_FORM, Map.of("code", server.mailbox().awaitCode(voter.email(), 1))));
        assertThat(next.has(PASSPHRASE_FORM)).as(next.text()).isTrue();
    }

    private URI login() {
        return URI.create(server.votingSite().baseUri() + "/login");
    }

    /** Presses "Continuer" on Keycloak's "page expired" page (our template). */
    private static Page continueFrom(VoterBrowser browser, Page expired) {
        Element link = expired.document().selectFirst("#loginContinueLink");
        assertThat(link).as("a continue button on %s", expired.text()).isNotNull();
        return browser.open(URI.create(link.absUrl("href")));
    }

    private static Page clear(Page page) {
        assertThat(Oracle.voterPage(page)).as("%s: %s", page.uri(), page.text()).isEmpty();
        return page;
    }
}
