package fr.isoloir.passphrase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.Mailbox;
import fr.isoloir.testsupport.Messages;
import fr.isoloir.testsupport.VoterBrowser.Page;
import fr.isoloir.testsupport.VoterJourney;
import fr.isoloir.testsupport.Voters.Voter;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static fr.isoloir.testsupport.VoterJourney.CODE_FORM;
import static fr.isoloir.testsupport.VoterJourney.PASSPHRASE_FORM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The passphrase step on the real server (SEC-D1..D8): chosen at the first login, asked for at the
 * next ones, checked by the realm's policy, hashed by Keycloak, and chosen again after the election
 * manager erased it. Every voter here gets codes by email, read from the SMTP server.
 */
@ExtendWith(IsoloirServer.Extension.class)
class PassphraseEndToEndIT {

    static final String PASSPHRASE = "Trois chats gris dorment au soleil";
    static final String CONFIRMATION_FIELD = "passphrase-confirm";
    static final Messages MESSAGES = Messages.french();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** 19 code points: é and è count one each, the emoji 🌞 one (two UTF-16 units, so 20 units). */
    static final String NINETEEN = "Café 🌞 près du lacs";
    /** 20 code points, 21 UTF-16 units. */
    static final String TWENTY = "Café 🌞 près des lacs";

    /** Well over 128 code points of ordinary French with accents and emoji, nothing repetitive. */
    static final String LONG_TEXT =
            "Le hérisson 🦔 mange des mûres près du vieux moulin pendant que la chouette ☕ lit un "
                    + "roman policier à l’ombre du grand chêne vert, et que les élèves dessinent des étoiles 🌟 sur la neige.";

    private final IsoloirServer server;

    PassphraseEndToEndIT(IsoloirServer server) {
        this.server = server;
    }

    /** The voter's {@code n}-th login up to the passphrase step, with the {@code n}-th code from the mailbox. */
    VoterJourney loginUpToThePassphrase(Voter voter, int n) {
        VoterJourney journey = new VoterJourney(server).openVotingSite().typeIdentifier(voter.typed());
        assertThat(journey.isOn(CODE_FORM)).as(journey.page().text()).isTrue();
        journey.typeCode(server.mailbox().awaitCode(voter.email(), n));
        assertThat(journey.isOn(PASSPHRASE_FORM)).as(journey.page().text()).isTrue();
        return journey;
    }

    static boolean isTheChoosePage(Page page) {
        return page.status() == 200
                && page.has(PASSPHRASE_FORM)
                && page.has("input[name=passphrase][autocomplete=new-password]")
                && page.has("input[name=" + CONFIRMATION_FIELD + "][autocomplete=new-password]");
    }

    static boolean isTheEnterPage(Page page) {
        return page.status() == 200
                && page.has(PASSPHRASE_FORM)
                && page.has("input[name=passphrase][autocomplete=current-password]")
                && !page.has("input[name=" + CONFIRMATION_FIELD + "]");
    }

    /** Refused: still on the choose page, the error bound to {@code field} only, and the title says so. */
    static void assertRefusedOn(VoterJourney journey, String field, String expectedMessage) {
        Page page = journey.page();
        assertThat(isTheChoosePage(page))
                .as("still on the choose page: %s", page.text())
                .isTrue();
        String other = field.equals(CONFIRMATION_FIELD) ? "passphrase" : CONFIRMATION_FIELD;
        assertThat(Messages.asShown(page.fieldError(field)))
                .as("error bound to %s", field)
                .contains(expectedMessage);
        assertThat(page.fieldError(other)).as("no error on %s", other).isNull();
        assertThat(Messages.asShown(page.title())).startsWith(MESSAGES.text("isoloirTitleErrorPrefix"));
    }

    static String firstCodePoints(String text, int count) {
        assertThat(text.codePointCount(0, text.length())).isGreaterThanOrEqualTo(count);
        return text.substring(0, text.offsetByCodePoints(0, count));
    }

    static int codePoints(String text) {
        return text.codePointCount(0, text.length());
    }

    @Nested
    class AnEmailVoter {

        @Test
        void choosesThePassphraseAtTheFirstLoginAndIsAskedForItAfterAFreshCodeAtTheNext() {
            Voter voter = server.voters().byEmail();

            VoterJourney first = loginUpToThePassphrase(voter, 1);
            assertThat(isTheChoosePage(first.page())).as(first.page().text()).isTrue();
            // SEC-D8: guidance on screen, tied to the field, with the realm's length in it.
            assertThat(first.page().document().select("input[name=passphrase]").attr("aria-describedby"))
                    .contains("isoloir-passphrase-guidance");
            assertThat(Messages.asShown(first.page().text()))
                    .contains(MESSAGES.text("isoloirPassphraseGuideLength", 20, 128));
            // SEC-D6: paste and password managers welcome, a show/hide control (labels for the script).
            assertThat(first.page().has(PASSPHRASE_FORM + "[data-show-label][data-hide-label]"))
                    .isTrue();
            assertThat(first.page().has("input[name=passphrase][onpaste]")).isFalse();
            // A maxlength only where no accepted passphrase ends (the server's own 1024 UTF-16 units): it cuts
            // no paste that could be accepted, and keeps browsers from posting megabytes (HostileInputIT).
            for (var field : first.page().document().select("input[name^=passphrase]")) {
                assertThat(field.attr("maxlength")).as(field.attr("name")).isIn("", "1024");
            }
            first.choosePassphrase(PASSPHRASE);
            assertThat(first.isInPersonalSpace()).as(first.page().text()).isTrue();

            // A new browser, no SSO: the code again (a fresh one), then the passphrase, not a new choice.
            VoterJourney second = loginUpToThePassphrase(voter, 2);
            assertThat(isTheEnterPage(second.page())).as(second.page().text()).isTrue();
            second.givePassphrase(PASSPHRASE);
            assertThat(second.isInPersonalSpace()).as(second.page().text()).isTrue();
            assertThat(second.claim("sub")).isEqualTo(voter.userId());
        }

        @Test
        void isRefusedAWrongPassphraseWithoutBeingToldMoreAndThenLogsInWithTheRightOne() {
            Voter voter = server.voters().byEmail();
            loginUpToThePassphrase(voter, 1).choosePassphrase(PASSPHRASE);

            VoterJourney second = loginUpToThePassphrase(voter, 2).givePassphrase("Trois chats gris dorment à l’ombre");

            assertThat(isTheEnterPage(second.page())).as(second.page().text()).isTrue();
            assertThat(Messages.asShown(second.page().fieldError("passphrase")))
                    .isEqualTo(MESSAGES.text("isoloirPassphraseInvalid"));
            assertThat(second.isInPersonalSpace()).isFalse();

            second.givePassphrase(PASSPHRASE);
            assertThat(second.isInPersonalSpace()).as(second.page().text()).isTrue();
        }
    }

    /** SEC-D1..D5 as the server applies them at the choose page. */
    @Nested
    class WhenChoosing {

        @Test
        void nineteenCodePointsAreRefusedAndTwentyAcceptedCountingAnAccentedLetterOrAnEmojiAsOne() {
            assertThat(codePoints(NINETEEN)).isEqualTo(19);
            assertThat(NINETEEN.length()).as("UTF-16 units").isEqualTo(20);
            assertThat(codePoints(Normalizer.normalize(NINETEEN, Normalizer.Form.NFD)))
                    .as("NFD")
                    .isEqualTo(21);
            assertThat(codePoints(TWENTY)).isEqualTo(20);
            Voter voter = server.voters().byEmail();
            VoterJourney journey = loginUpToThePassphrase(voter, 1);

            journey.choosePassphrase(NINETEEN);
            assertRefusedOn(journey, "passphrase", MESSAGES.text("passphraseTooShort", 20, 19));

            journey.choosePassphrase(TWENTY);
            assertThat(journey.isInPersonalSpace()).as(journey.page().text()).isTrue();
            VoterJourney next = loginUpToThePassphrase(voter, 2).givePassphrase(TWENTY);
            assertThat(next.isInPersonalSpace()).as(next.page().text()).isTrue();
        }

        @Test
        void theVoterGuideExampleAndOtherListedPhrasesPaddedPastTwentyAreRefusedAsTooWellKnown() {
            List<String> known = List.of(
                    "Vive les élections du cse  ", // as printed in the voter guide, trailing spaces included
                    "Vive les élections du cse",
                    "VIVE LES ÉLECTIONS DU CSE !!!",
                    "vive-les-elections-du-cse",
                    "Vive les élections du CSE 2026",
                    "Phrase mot de passe !", // "phrase mot de passe" has 19 code points: padded to 21
                    "Je vote pour le CSE ...");
            Voter voter = server.voters().byEmail();
            VoterJourney journey = loginUpToThePassphrase(voter, 1);

            for (String phrase : known) {
                assertThat(codePoints(phrase)).as(phrase).isGreaterThanOrEqualTo(20);
                journey.choosePassphrase(phrase);
                assertRefusedOn(journey, "passphrase", MESSAGES.text("passphraseBlocklisted"));
                assertThat(Messages.asShown(journey.page().fieldError("passphrase")))
                        .as("only the blocklist is the reason for %s", phrase)
                        .isEqualTo(MESSAGES.text("passphraseBlocklisted"));
            }
        }

        @Test
        void aPassphraseHoldingTheIdentifierInAnyCaseOrGroupingIsRefused() {
            Voter voter = server.voters().byEmail();
            String display = voter.identifier().display(); // K7MQ-4XPR-2H9W
            String username = voter.identifier().username(); // k7mq4xpr2h9w
            List<String> holdingIt = List.of(
                    "Mon identifiant est " + display + " voilà",
                    "mon code " + display.toLowerCase(Locale.ROOT).replace('-', ' ') + " pour voter",
                    "Le vote" + username.toUpperCase(Locale.ROOT) + "commence demain",
                    "chez moi " + display.replace("-", " - ") + " au calme");
            VoterJourney journey = loginUpToThePassphrase(voter, 1);

            for (String phrase : holdingIt) {
                journey.choosePassphrase(phrase);
                assertRefusedOn(journey, "passphrase", MESSAGES.text("passphraseContainsIdentifier"));
            }
        }

        @Test
        void aConfirmationThatDiffersIsRefusedOnTheConfirmationField() {
            Voter voter = server.voters().byEmail();
            VoterJourney journey = loginUpToThePassphrase(voter, 1);

            journey.choosePassphrase(PASSPHRASE, PASSPHRASE + ".");

            assertRefusedOn(journey, CONFIRMATION_FIELD, MESSAGES.text("passphraseMismatch"));
        }

        @Test
        void oneHundredTwentyEightCodePointsAreAcceptedAndKeptWhole() {
            String longest = firstCodePoints(LONG_TEXT, 128);
            assertThat(longest.length())
                    .as("UTF-16 units, more than 128 because of the emoji")
                    .isGreaterThan(128);
            Voter voter = server.voters().byEmail();

            VoterJourney first = loginUpToThePassphrase(voter, 1).choosePassphrase(longest);
            assertThat(first.isInPersonalSpace()).as(first.page().text()).isTrue();

            // Never truncated: the first 127 are not the passphrase; all 128 are.
            VoterJourney second = loginUpToThePassphrase(voter, 2).givePassphrase(firstCodePoints(longest, 127));
            assertThat(isTheEnterPage(second.page())).as(second.page().text()).isTrue();
            assertThat(Messages.asShown(second.page().fieldError("passphrase")))
                    .isEqualTo(MESSAGES.text("isoloirPassphraseInvalid"));
            second.givePassphrase(longest);
            assertThat(second.isInPersonalSpace()).as(second.page().text()).isTrue();
        }

        @Test
        void oneHundredTwentyNineCodePointsAreRefusedWithAMessageGivingTheMaximum() {
            Voter voter = server.voters().byEmail();
            VoterJourney journey = loginUpToThePassphrase(voter, 1);

            journey.choosePassphrase(firstCodePoints(LONG_TEXT, 129));

            assertRefusedOn(journey, "passphrase", MESSAGES.text("passphraseTooLong", 128, 129));
        }

        @Test
        void aPassphraseChosenDecomposedLogsInComposedAndTheOtherWayRound() {
            String composed = "Les élèves mangent des crêpes à Noël";
            String decomposed = Normalizer.normalize(composed, Normalizer.Form.NFD);
            assertThat(decomposed).isNotEqualTo(composed);

            Voter choseDecomposed = server.voters().byEmail();
            VoterJourney first = loginUpToThePassphrase(choseDecomposed, 1).choosePassphrase(decomposed, composed);
            assertThat(first.isInPersonalSpace())
                    .as("NFD and its NFC confirmation agree: %s", first.page().text())
                    .isTrue();
            VoterJourney second = loginUpToThePassphrase(choseDecomposed, 2).givePassphrase(composed);
            assertThat(second.isInPersonalSpace()).as(second.page().text()).isTrue();

            Voter choseComposed = server.voters().byEmail();
            loginUpToThePassphrase(choseComposed, 1).choosePassphrase(composed);
            VoterJourney again = loginUpToThePassphrase(choseComposed, 2).givePassphrase(decomposed);
            assertThat(again.isInPersonalSpace()).as(again.page().text()).isTrue();
        }
    }

    /** SEC-D7: Keycloak's own password hashing, by the realm's policy. */
    @Nested
    class TheStoredPassphrase {

        @Test
        void isTheVotersOnlyPasswordCredentialHashedWithArgon2id() throws Exception {
            Voter voter = server.voters().byEmail();
            loginUpToThePassphrase(voter, 1).choosePassphrase(PASSPHRASE);

            List<JsonNode> passwords = passwordCredentials(voter);

            assertThat(passwords).hasSize(1);
            assertThat(passwords.get(0).has("secretData"))
                    .as("the hash never leaves the server")
                    .isFalse();
            JsonNode data = JSON.readTree(passwords.get(0).get("credentialData").asText());
            assertThat(data.get("algorithm").asText()).isEqualTo("argon2");
            assertThat(data.at("/additionalParameters/type/0").asText())
                    .as("Argon2 variant")
                    .isEqualTo("id");
        }

        @Test
        void isCheckedByTheRealmPolicyIsoloirPassphrase20() {
            String policy = server.admin()
                    .get("/admin/realms/" + IsoloirServer.REALM)
                    .expect(200)
                    .json()
                    .get("passwordPolicy")
                    .asText();

            assertThat(policy).contains("isoloirPassphrase(20)").contains("hashAlgorithm(argon2)");
        }
    }

    /** The election manager erases a forgotten passphrase in the admin console. */
    @Nested
    class AForgottenPassphrase {

        @Test
        void erasedByTheElectionManagerIsChosenAgainAfterTheCodeAtTheNextLogin() {
            Voter voter = server.voters().byEmail();
            loginUpToThePassphrase(voter, 1).choosePassphrase(PASSPHRASE);

            server.voters().removePassphrase(voter);
            assertThat(passwordCredentials(voter)).isEmpty();
            // The voter is told of the erased passphrase (issue 16): that notice is their second message, the code the
            // third.
            assertThat(Mailbox.plainText(server.mailbox().awaitMessage(voter.email(), 2)))
                    .contains("prochaine connexion");

            VoterJourney next = loginUpToThePassphrase(voter, 3);
            assertThat(isTheChoosePage(next.page())).as(next.page().text()).isTrue();
            // SEC-D3: no composition rules, lower-case words only are fine.
            next.choosePassphrase("une autre phrase pour cette élection");
            assertThat(next.isInPersonalSpace()).as(next.page().text()).isTrue();
            assertThat(passwordCredentials(voter)).hasSize(1);
        }
    }

    List<JsonNode> passwordCredentials(Voter voter) {
        List<JsonNode> passwords = new ArrayList<>();
        server.admin()
                .get("/admin/realms/" + IsoloirServer.REALM + "/users/" + voter.userId() + "/credentials")
                .expect(200)
                .json()
                .forEach(c -> {
                    if ("password".equals(c.get("type").asText())) {
                        passwords.add(c);
                    }
                });
        return passwords;
    }
}
