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
 * state is also photographed at 360 and 1280 px (docs/demo.md, "Screenshots").
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
        AXE.forEach((state, impacts) -> summary.append("  ")
                .append(state)
                .append(": ")
                .append(impacts.isEmpty() ? "none" : impacts)
                .append('\n'));
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

        ChoosePassphrasePage choose =
                code.typeCodeForAFirstLogin(server.mailbox().awaitCode(voter.email(), 1));
        assertThat(choose.showHideButtonsShown()).isTrue();
        assertThat(choose.showHide(ChoosePassphrasePage.CONFIRMATION))
                .isEqualTo("Masquer (Confirmez la phrase mot de passe) / text");
        assertThat(choose.showHide(ChoosePassphrasePage.CONFIRMATION))
                .isEqualTo("Afficher (Confirmez la phrase mot de passe) / password");
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
        PassphrasePage give = IdentifierPage.openVotingSite(driver, site)
                .typeIdentifier(voter.typed())
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
        IdentifierPage.openVotingSite(driver, server.votingSite().baseUri().toString())
                .typeIdentifier(voter.typed())
                .typeWrongCode("000000");
        String codeStep = driver.getCurrentUrl();
        new CodePage(driver).typeCodeForAFirstLogin(server.mailbox().awaitCode(voter.email(), 1));
        PageExpiredPage expired = PageExpiredPage.reopen(driver, codeStep);
        assertThat(expired.h1()).isEqualTo("Cette page a expiré");
        check(expired, "9 page expired");
        expired.continueTheLogin();
    }

    /**
     * The lost-identifier request passes through the real proof-of-work: the theme's script solves it in
     * Chromium, says so in the live region, and the voter who cannot see the image leaves the captcha empty.
     */
    @Test
    void a_voter_who_lost_the_identifier_asks_for_a_new_one_after_the_automatic_check() {
        Voter voter = server.voters().byEmail();
        LostIdentifierPage lost = IdentifierPage.openVotingSite(
                        driver, server.votingSite().baseUri().toString())
                .forgotTheIdentifier();
        assertThat(lost.h1()).isEqualTo("Identifiant oublié ou perdu");
        long firstProofMillis = lost.waitForTheAutomaticCheck();
        assertThat(lost.automaticCheckStatus())
                .isEqualTo("Vérification automatique réussie : vous pouvez laisser le champ vide.");
        check(lost, "10 lost identifier, empty");

        lost = lost.askWithAWrongCaptcha(voter.email());
        assertThat(lost.errorOn(LostIdentifierPage.CAPTCHA))
                .startsWith("Les caractères saisis ne sont pas ceux de l’image.");
        check(lost, "11 lost identifier, error");

        LostIdentifierSentPage sent = lost.askAfterTheAutomaticCheck(voter.email());
        assertThat(sent.h1()).isEqualTo("Demande enregistrée");
        assertThat(sent.intro()).contains("un nouvel identifiant vient d’y être envoyé");
        check(sent, "12 lost identifier, sent");
        assertThat(server.mailbox().awaitMessage(voter.email(), 1)).isNotNull();
        System.out.printf("Proof-of-work in Chromium (theme script, default difficulty): %d ms%n", firstProofMillis);
    }

    /** "Demander" pressed before the check ends: the script holds the post, then sends it with the proof. */
    @Test
    void a_request_sent_before_the_automatic_check_ends_waits_for_it() {
        Voter voter = server.voters().byEmail();
        LostIdentifierPage lost = IdentifierPage.openVotingSite(
                        driver, server.votingSite().baseUri().toString())
                .forgotTheIdentifier();
        LostIdentifierSentPage sent = lost.askAtOnce(voter.email());
        assertThat(sent.h1()).isEqualTo("Demande enregistrée");
        assertThat(server.mailbox().awaitMessage(voter.email(), 1)).isNotNull();
    }

    /** The voter's cost, in this Chromium: the theme's own script on successive challenges ("Nouvelle image"). */
    @Test
    void the_automatic_check_takes_seconds_at_most_in_chromium() {
        LostIdentifierPage lost = IdentifierPage.openVotingSite(
                        driver, server.votingSite().baseUri().toString())
                .forgotTheIdentifier();
        java.util.List<Long> millis = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            millis.add(lost.waitForTheAutomaticCheck());
            lost = lost.newImage();
        }
        java.util.Collections.sort(millis);
        double mean = millis.stream().mapToLong(Long::longValue).average().orElseThrow();
        System.out.printf(
                "Proof-of-work in Chromium, %d challenges: mean %.0f ms, max %d ms, all %s%n",
                millis.size(), mean, millis.get(millis.size() - 1), millis);
        assertThat(millis.get(millis.size() - 1)).as("worst of %s", millis).isLessThan(10_000);
    }

    @Test
    void a_voter_logs_in_with_the_keyboard_only() {
        Voter voter = server.voters().byEmail();
        CodePage code = IdentifierPage.openVotingSite(
                        driver, server.votingSite().baseUri().toString())
                .typeIdentifierWithTheKeyboard(voter.typed());
        code = code.typeWrongCodeWithTheKeyboard("111111");
        assertThat(code.focusedId()).isEqualTo(CodePage.FIELD);
        code.typeCodeWithTheKeyboardForAFirstLogin(server.mailbox().awaitCode(voter.email(), 1))
                .chooseWithTheKeyboard(PASSPHRASE);
        assertInPersonalSpace();
    }

    private void assertInPersonalSpace() {
        new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(d -> d.getCurrentUrl().endsWith("/espace"));
        assertThat(driver.findElement(By.tagName("body")).getText())
                .contains("Vous êtes à présent sur votre espace personnel");
    }
}
