package fr.isoloir.browser;

import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.Voters.Voter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The voter's journey in a real browser (Debian's headless Chromium) on the real server, at 360 px:
 * every page state checked with axe-core (no serious or critical violation), reflow at 320 px, base
 * font and tap targets; one journey with the keyboard only. With -Disoloir.screenshots=DIR, every
 * state is also photographed at 360 and 1280 px (README, "Screenshots").
 */
@ExtendWith(IsoloirServer.Extension.class)
class VoterJourneyBrowserIT {

    static final String PASSPHRASE = "Trois chats gris dorment au soleil";
    /** axe-core violations by page state, by impact: printed at the end for the record. */
    private static final Map<String, Map<String, Integer>> AXE = new LinkedHashMap<>();

    private final IsoloirServer server;
    private ChromeDriver driver;

    VoterJourneyBrowserIT(IsoloirServer server) {
        this.server = server;
    }

    @BeforeEach
    void startBrowser() {
        driver = Chromium.start();
        VoterPage.viewport(driver, VoterPage.PHONE_WIDTH, 740);
    }

    @AfterEach
    void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @AfterAll
    static void printAxeSummary() {
        StringBuilder summary = new StringBuilder("axe-core violations by page state (impact=nodes):\n");
        AXE.forEach((state, impacts) -> summary.append("  ").append(state).append(": ")
                .append(impacts.isEmpty() ? "none" : impacts).append('\n'));
        System.out.println(summary);
    }

    private void check(VoterPage page, String state) {
        AXE.put(state, page.check(state));
    }

    @Test
    void an_email_voter_logs_in_twice_through_the_voting_site_and_every_page_passes_the_browser_checks() {
        Voter voter = server.voters().byEmail();
        String site = server.votingSite().baseUri().toString();

        IdentifierPage identifier = IdentifierPage.openVotingSite(driver, site);
        assertThat(identifier.title()).startsWith("Étape 1 sur 3");
        check(identifier, "1 identifier, empty");

        identifier = identifier.typeWrongIdentifier("K7MQ");
        assertThat(identifier.errorOn(IdentifierPage.FIELD)).contains("trop court");
        check(identifier, "2 identifier, error");

        CodePage code = identifier.typeIdentifier(voter.typed());
        assertThat(code.validity()).contains("minutes");
        check(code, "3 code");

        code = code.typeWrongCode("000000");
        assertThat(code.errorOn(CodePage.FIELD)).isNotBlank();
        check(code, "4 code, error");

        ChoosePassphrasePage choose = code.typeCodeForAFirstLogin(server.mailbox().awaitCode(voter.email(), 1));
        assertThat(choose.showHideButtonsShown()).isTrue();
        assertThat(choose.showHide(ChoosePassphrasePage.CONFIRMATION)).isEqualTo("Masquer (Confirmez la phrase mot de passe) / text");
        assertThat(choose.showHide(ChoosePassphrasePage.CONFIRMATION)).isEqualTo("Afficher (Confirmez la phrase mot de passe) / password");
        // The live counter counts code points: an emoji is one character, as on the server.
        assertThat(choose.startTyping("Chat 🐈 gris").counter()).startsWith("11 ");
        check(choose, "5 passphrase choose");
        choose = choose.chooseRefused("Trop courte", "Trop courte");
        assertThat(choose.title()).startsWith("Erreur");
        assertThat(choose.fieldError(ChoosePassphrasePage.FIELD)).isNotBlank();
        check(choose, "6 passphrase choose, error");

        choose.choose(PASSPHRASE);
        assertInPersonalSpace();

        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        PassphrasePage give = IdentifierPage.openVotingSite(driver, site).typeIdentifier(voter.typed())
                .typeCode(server.mailbox().awaitCode(voter.email(), 2));
        check(give, "7 passphrase give");
        give.give(PASSPHRASE);
        assertInPersonalSpace();
    }

    @Test
    void keycloak_error_page_is_ours_in_french_and_passes_the_browser_checks() {
        ErrorPage error = ErrorPage.openUnknownClient(driver, server.realmUri().toString());
        assertThat(error.title()).startsWith("Erreur");
        assertThat(error.h1()).isEqualTo("Une erreur est survenue");
        check(error, "8 error page");
    }

    @Test
    void an_old_step_reopened_shows_our_page_expired_page_and_the_voter_continues() {
        Voter voter = server.voters().byEmail();
        IdentifierPage.openVotingSite(driver, server.votingSite().baseUri().toString()).typeIdentifier(voter.typed())
                .typeWrongCode("000000");
        String codeStep = driver.getCurrentUrl();
        new CodePage(driver).typeCodeForAFirstLogin(server.mailbox().awaitCode(voter.email(), 1));
        PageExpiredPage expired = PageExpiredPage.reopen(driver, codeStep);
        assertThat(expired.h1()).isEqualTo("Cette page a expiré");
        check(expired, "9 page expired");
        expired.continueTheLogin();
    }

    @Test
    void a_voter_who_lost_the_identifier_asks_for_a_new_one_answering_the_captcha_in_words() {
        Voter voter = server.voters().byEmail();
        LostIdentifierPage lost = IdentifierPage.openVotingSite(driver, server.votingSite().baseUri().toString())
                .forgotTheIdentifier();
        assertThat(lost.h1()).isEqualTo("Identifiant oublié ou perdu");
        assertThat(lost.captchaQuestion()).startsWith("Sans l’image : écrivez en chiffres le résultat de ");
        check(lost, "10 lost identifier, empty");

        lost = lost.askWithAWrongCaptcha(voter.email());
        assertThat(lost.errorOn(LostIdentifierPage.CAPTCHA)).startsWith("Réponse incorrecte.");
        check(lost, "11 lost identifier, error");

        LostIdentifierSentPage sent = lost.ask(voter.email());
        assertThat(sent.h1()).isEqualTo("Demande enregistrée");
        assertThat(sent.intro()).contains("un nouvel identifiant vient d’y être envoyé");
        check(sent, "12 lost identifier, sent");
        assertThat(server.mailbox().awaitMessage(voter.email(), 1)).isNotNull();
    }

    @Test
    void a_voter_logs_in_with_the_keyboard_only() {
        Voter voter = server.voters().byEmail();
        CodePage code = IdentifierPage.openVotingSite(driver, server.votingSite().baseUri().toString())
                .typeIdentifierWithTheKeyboard(voter.typed());
        code = code.typeWrongCodeWithTheKeyboard("111111");
        assertThat(code.focusedId()).isEqualTo(CodePage.FIELD);
        code.typeCodeWithTheKeyboardForAFirstLogin(server.mailbox().awaitCode(voter.email(), 1))
                .chooseWithTheKeyboard(PASSPHRASE);
        assertInPersonalSpace();
    }

    private void assertInPersonalSpace() {
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().endsWith("/espace"));
        assertThat(driver.findElement(By.tagName("body")).getText()).contains("Vous êtes à présent sur votre espace personnel");
    }
}
