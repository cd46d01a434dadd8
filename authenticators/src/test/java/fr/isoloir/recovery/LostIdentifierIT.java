package fr.isoloir.recovery;

import fr.isoloir.keycloakrunner.KeycloakAdmin;
import fr.isoloir.testsupport.AuthorizationRequest;
import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.Mailbox;
import fr.isoloir.testsupport.VoterJourney;
import fr.isoloir.testsupport.Voters;
import fr.isoloir.testsupport.Voters.Voter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static fr.isoloir.testsupport.VoterJourney.CODE_FORM;
import static fr.isoloir.testsupport.VoterJourney.LOST_FORM;
import static org.assertj.core.api.Assertions.assertThat;

/** "Identifiant oublié ou perdu" on the real server, with the real SMTP server and the fake Twilio. */
@ExtendWith(IsoloirServer.Extension.class)
class LostIdentifierIT {

    static final String PASSPHRASE = "Trois chats gris dorment au soleil";
    static final Pattern IDENTIFIER = Pattern.compile("\\b([2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4})\\b");
    /** How long a background send may take before "nothing was sent" is believed. */
    static final long QUIET_MILLIS = 1500;

    private final IsoloirServer server;

    LostIdentifierIT(IsoloirServer server) {
        this.server = server;
    }

    @BeforeEach
    void testSettings() {
        LostIdentifierSettings.apply(server, Map.of());
    }

    /** A test that lowered a limit leaves the shared server with the usual test settings. */
    @AfterEach
    void restoreTestSettings() {
        LostIdentifierSettings.apply(server, Map.of());
    }

    VoterJourney lostPage() {
        return new VoterJourney(server).openVotingSite().followLostIdentifierLink();
    }

    static String identifierIn(String text) {
        Matcher matcher = IDENTIFIER.matcher(text);
        assertThat(matcher.find()).as("an identifier in: %s", text).isTrue();
        return matcher.group(1);
    }

    String newIdentifierByEmail(String address, int count) {
        return identifierIn(Mailbox.plainText(server.mailbox().awaitMessage(address, count)));
    }

    static void quietly() {
        try {
            Thread.sleep(QUIET_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reasons of the realm's recent lost-identifier refusals (RESET_PASSWORD_ERROR events). */
    List<String> refusalReasons() {
        var events = server.admin()
                .get("/admin/realms/" + IsoloirServer.REALM + "/events?type=RESET_PASSWORD_ERROR&max=200")
                .expect(200)
                .json();
        List<String> reasons = new java.util.ArrayList<>();
        events.forEach(e -> reasons.add(e.path("details").path("reason").asText()));
        return reasons;
    }

    /** The page as the voter sees it, without what changes per request (the captcha, the form's action). */
    static String visible(VoterJourney journey) {
        return journey.page().status() + " " + journey.page().title() + " "
                + journey.page().text();
    }

    @Nested
    class TheIdentifierPage {

        @Test
        void linksToTheLostIdentifierPageWithItsFieldsCaptchaAndHumanFallback() {
            VoterJourney journey = lostPage();
            var page = journey.page().document();
            assertThat(page.selectFirst("h1").text()).isEqualTo("Identifiant oublié ou perdu");
            assertThat(page.selectFirst("label[for=isoloir-contact]")).isNotNull();
            assertThat(page.selectFirst("#isoloir-captcha-image").attr("src")).startsWith("data:image/png;base64,");
            assertThat(page.selectFirst("#isoloir-captcha-image").attr("alt")).isNotBlank();
            assertThat(page.selectFirst("#isoloir-captcha").attr("aria-describedby"))
                    .contains("isoloir-pow-status");
            assertThat(page.selectFirst("#isoloir-captcha-question"))
                    .as("no question in words")
                    .isNull();
            assertThat(VoterJourney.proofOfWorkChallenge(page).challenge()).matches("[0-9a-f]{64}");
            assertThat(page.select("button").eachText()).contains("Demander", "Nouvelle image");
            assertThat(journey.page().text()).contains("responsable des élections");
        }
    }

    @Nested
    class AVoterWhoTypesTheirEmail {

        @Test
        void getsANewIdentifierWhileTheOldOneWorksUntilTheNewOneIsUsedThenFailsLikeAnUnknownOne() {
            Voter voter = server.voters().byEmail();
            VoterJourney journey = lostPage().askForNewIdentifier(voter.email().toUpperCase());
            assertThat(journey.isOnLostConfirmation()).as(journey.page().text()).isTrue();
            assertThat(journey.page().text())
                    .contains("responsable des élections")
                    .contains("L’identifiant actuel fonctionne jusqu’à la première utilisation du nouveau");

            String message = Mailbox.plainText(server.mailbox().awaitMessage(voter.email(), 1));
            String fresh = identifierIn(message);
            assertThat(fresh).isNotEqualTo(voter.typed());
            assertThat(message)
                    .contains(server.votingSite().baseUri().toString())
                    .contains("Votre identifiant actuel fonctionne toujours");

            VoterJourney stillWorks = new VoterJourney(server).openVotingSite().typeIdentifier(voter.typed());
            stillWorks.typeCode(server.mailbox().awaitCode(voter.email(), 2)).choosePassphrase(PASSPHRASE);
            assertThat(stillWorks.isInPersonalSpace())
                    .as(stillWorks.page().text())
                    .isTrue();

            VoterJourney login = new VoterJourney(server).openVotingSite().typeIdentifier(fresh);
            login.typeCode(server.mailbox().awaitCode(voter.email(), 3)).givePassphrase(PASSPHRASE);
            assertThat(login.isInPersonalSpace()).as(login.page().text()).isTrue();
            assertThat(login.claim("sub")).isEqualTo(voter.userId());

            VoterJourney old = new VoterJourney(server).openVotingSite().typeIdentifier(voter.typed());
            assertThat(old.isOn(CODE_FORM)).isTrue();
            old.typeCode("123456");
            assertThat(old.page().fieldError("code"))
                    .isEqualTo("Code de connexion incorrect. Vérifiez-le et réessayez.");
            quietly();
            assertThat(server.mailbox().messagesTo(voter.email()))
                    .as("no code for the old identifier")
                    .hasSize(3);
        }

        @Test
        void keepsThePassphraseTheSessionsAndTheCodeOfALoginInProgress() {
            Voter voter = server.voters().byEmail();
            VoterJourney first = new VoterJourney(server).openVotingSite().typeIdentifier(voter.typed());
            first.typeCode(server.mailbox().awaitCode(voter.email(), 1)).choosePassphrase(PASSPHRASE);
            assertThat(first.isInPersonalSpace()).isTrue();

            VoterJourney pending = new VoterJourney(server).openVotingSite().typeIdentifier(voter.typed());
            String pendingCode = server.mailbox().awaitCode(voter.email(), 2);
            lostPage().askForNewIdentifier(voter.email());
            newIdentifierByEmail(voter.email(), 3);

            pending.typeCode(pendingCode).givePassphrase(PASSPHRASE);
            assertThat(pending.isInPersonalSpace()).as(pending.page().text()).isTrue();
            // The voter's single sign-on session goes on: the voting site lets them in without a login.
            AuthorizationRequest sso = AuthorizationRequest.of(server, Map.of());
            assertThat(sso.codeOn(first.open(sso.uri()).page()))
                    .as("the session still logs in: %s", first.page().text())
                    .isPresent();
        }

        @Test
        void sharedWithAnotherVoterGivesEachTheirOwnIdentifierInTheirOwnMessage() {
            String family = "famille-" + UUID.randomUUID() + "@isoloir.test";
            Voter one = server.voters().byEmail(family);
            Voter two = server.voters().byEmail(family);
            lostPage().askForNewIdentifier(family);

            server.mailbox().awaitMessage(family, 2);
            List<String> identifiers = server.mailbox().messagesTo(family).stream()
                    .map(m -> identifierIn(Mailbox.plainText(m)))
                    .toList();
            assertThat(identifiers).hasSize(2).doesNotHaveDuplicates().doesNotContain(one.typed(), two.typed());
        }

        @Test
        void withAMobileTooSendsNoTextToTheMobile() {
            Voter voter = server.voters().byEmailWithMobile();
            lostPage().askForNewIdentifier(voter.email());
            newIdentifierByEmail(voter.email(), 1);
            quietly();
            assertThat(server.twilio().textsTo(voter.phone())).isEmpty();
        }
    }

    @Nested
    class AVoterWhoTypesTheirMobile {

        @ParameterizedTest(name = "written {0}")
        @ValueSource(strings = {"national", "spaced", "international", "double zero"})
        void getsTheNewIdentifierByTextWhateverTheFrenchWriting(String writing) {
            Voter voter = server.voters().bySms();
            String digits = voter.phone().substring(3); // +33 6xxxxxxxx → 6xxxxxxxx
            String typed = switch (writing) {
                case "national" -> "0" + digits;
                case "spaced" -> ("0" + digits).replaceAll("(\\d{2})(?=\\d)", "$1 ");
                case "international" ->
                    "+33 " + digits.charAt(0) + " " + digits.substring(1).replaceAll("(\\d{2})(?=\\d)", "$1 ");
                default -> "0033" + digits;
            };
            VoterJourney journey = lostPage().askForNewIdentifier(typed);
            assertThat(journey.isOnLostConfirmation()).as(journey.page().text()).isTrue();

            String fresh = identifierIn(server.twilio().awaitText(voter.phone(), 1));
            VoterJourney login = new VoterJourney(server).openVotingSite().typeIdentifier(fresh);
            login.typeCode(server.twilio().awaitCode(voter.phone(), 2)).choosePassphrase(PASSPHRASE);
            assertThat(login.isInPersonalSpace()).as(login.page().text()).isTrue();
        }
    }

    @Nested
    class AContactThatMatchesNobody {

        @Test
        void seesTheSamePageAndStatusAsAKnownOneAndNothingIsSent() {
            Voter known = server.voters().byEmail();
            String unknownEmail = "personne-" + UUID.randomUUID() + "@isoloir.test";
            String unknownPhone = "+33799" + String.format("%06d", (int) (Math.random() * 1_000_000));

            String knownPage = visible(lostPage().askForNewIdentifier(known.email()));
            String unknownEmailPage = visible(lostPage().askForNewIdentifier(unknownEmail));
            String unknownPhonePage = visible(lostPage().askForNewIdentifier(unknownPhone));

            assertThat(unknownEmailPage).isEqualTo(knownPage);
            assertThat(unknownPhonePage).isEqualTo(knownPage);
            server.mailbox().awaitMessage(known.email(), 1);
            quietly();
            assertThat(server.mailbox().messagesTo(unknownEmail)).isEmpty();
            assertThat(server.twilio().textsTo(unknownPhone)).isEmpty();
        }
    }

    @Nested
    class TheCaptcha {

        @Test
        void wrongGivesAFieldErrorAndANewChallengeAndSendsNothing() {
            Voter voter = server.voters().byEmail();
            VoterJourney journey = lostPage();
            String before = journey.page()
                    .document()
                    .selectFirst("#isoloir-captcha-image")
                    .attr("src");
            journey.askForNewIdentifier(voter.email(), "ZZZZZZ");
            assertThat(journey.isOn(LOST_FORM)).isTrue();
            assertThat(journey.page().fieldError("captcha"))
                    .startsWith("Les caractères saisis ne sont pas ceux de l’image");
            assertThat(journey.page().document().selectFirst("#isoloir-contact").val())
                    .isEqualTo(voter.email());
            assertThat(journey.page()
                            .document()
                            .selectFirst("#isoloir-captcha-image")
                            .attr("src"))
                    .isNotEqualTo(before);
            quietly();
            assertThat(server.mailbox().messagesTo(voter.email())).isEmpty();
        }

        @Test
        void aValidProofWithAnEmptyCaptchaPasses() {
            Voter voter = server.voters().byEmail();
            VoterJourney journey = lostPage();
            journey.askForNewIdentifier(voter.email(), "", journey.proofOfWork());
            assertThat(journey.isOnLostConfirmation()).isTrue();
            newIdentifierByEmail(voter.email(), 1);
        }

        /** The review's attack: a fixed answer ("10" passed one time in nine) without a proof-of-work. */
        @Test
        void aFixedAnswerWithoutAProofNeverPasses() {
            Voter voter = server.voters().byEmail();
            VoterJourney journey = lostPage();
            int passes = 0;
            for (int i = 0; i < 200; i++) {
                journey.askForNewIdentifier(voter.email(), "10", "");
                passes += journey.isOnLostConfirmation() ? 1 : 0;
                assertThat(journey.page().fieldError("captcha"))
                        .as("try %d", i)
                        .startsWith("Les caractères saisis ne sont pas ceux de l’image");
            }
            assertThat(passes).isZero();
            journey.askForNewIdentifier(voter.email(), "", "");
            assertThat(journey.page().fieldError("captcha")).startsWith("Recopiez les caractères de l’image");
            assertThat(refusalReasons()).contains("captcha_wrong", "pow_missing");
            quietly();
            assertThat(server.mailbox().messagesTo(voter.email())).isEmpty();
        }

        @Test
        void aReplayedProofIsRefused() {
            Voter voter = server.voters().byEmail();
            VoterJourney journey = lostPage();
            String proof = journey.proofOfWork();
            journey.askForNewIdentifier("", "", proof); // valid proof, missing contact: the proof is spent
            assertThat(journey.page().fieldError("contact")).isNotNull();
            journey.askForNewIdentifier(voter.email(), "", proof);
            assertThat(journey.page().fieldError("captcha")).startsWith("La vérification automatique n’a pas abouti");
            assertThat(refusalReasons()).contains("pow_invalid");
            quietly();
            assertThat(server.mailbox().messagesTo(voter.email())).isEmpty();
        }

        /** Without the cluster-wide mark, racing posts all read the challenge before any removes it. */
        @Test
        void postsRacingOnOneProofGetOneRequestBetweenThem() throws Exception {
            Voter voter = server.voters().byEmail();
            VoterJourney journey = lostPage();
            var pages = journey.askForNewIdentifierConcurrently(voter.email(), 6);
            // The losers are stopped by Keycloak's session code or by the spent challenge; none may get an error page.
            assertThat(pages)
                    .allSatisfy(
                            page -> assertThat(page.status()).as(page.text()).isLessThan(500));
            long confirmations =
                    pages.stream().filter(p -> p.has(VoterJourney.LOST_SENT)).count();
            assertThat(confirmations)
                    .as("confirmation pages among %d racing posts", pages.size())
                    .isEqualTo(1);
            newIdentifierByEmail(voter.email(), 1);
            quietly();
            assertThat(server.mailbox().messagesTo(voter.email())).hasSize(1);
        }

        @Test
        void aProofForAnotherChallengeIsRefused() {
            Voter voter = server.voters().byEmail();
            String otherLoginsProof = lostPage().proofOfWork();
            VoterJourney journey = lostPage();
            journey.askForNewIdentifier(voter.email(), "", otherLoginsProof);
            assertThat(journey.page().fieldError("captcha")).startsWith("La vérification automatique n’a pas abouti");
            quietly();
            assertThat(server.mailbox().messagesTo(voter.email())).isEmpty();
        }

        @Test
        void expiredIsRefusedWithItsOwnMessage() throws InterruptedException {
            LostIdentifierSettings.apply(server, Map.of("captchaValiditySeconds", "1"));
            Voter voter = server.voters().byEmail();
            VoterJourney journey = lostPage();
            Thread.sleep(2100);
            journey.askForNewIdentifier(voter.email());
            assertThat(journey.page().fieldError("captcha")).startsWith("Cette vérification a expiré");
            quietly();
            assertThat(server.mailbox().messagesTo(voter.email())).isEmpty();
        }

        @Test
        void newImageGivesAnotherChallengeAndKeepsTheContact() {
            VoterJourney journey = lostPage();
            String before = journey.page()
                    .document()
                    .selectFirst("#isoloir-captcha-image")
                    .attr("src");
            journey.submitContactThenNewCaptcha("camille@exemple.fr");
            assertThat(journey.isOn(LOST_FORM)).isTrue();
            assertThat(journey.page()
                            .document()
                            .selectFirst("#isoloir-captcha-image")
                            .attr("src"))
                    .isNotEqualTo(before);
            assertThat(journey.page().document().selectFirst("#isoloir-contact").val())
                    .isEqualTo("camille@exemple.fr");
        }

        @Test
        void neverLocksTheVoterOut() {
            Voter voter = server.voters().byEmail();
            VoterJourney journey = lostPage();
            for (int i = 0; i < 12; i++) {
                journey.askForNewIdentifier(voter.email(), "WRONG");
            }
            journey.askForNewIdentifier(voter.email());
            assertThat(journey.isOnLostConfirmation()).isTrue();
            newIdentifierByEmail(voter.email(), 1);
        }
    }

    @Nested
    class TheLimits {

        @Test
        void perContactStopSendingAfterThreeRequestsAnHour() {
            Voter voter = server.voters().byEmail();
            for (int i = 1; i <= 4; i++) {
                VoterJourney journey = lostPage().askForNewIdentifier(voter.email());
                assertThat(journey.isOnLostConfirmation()).isTrue();
            }
            server.mailbox().awaitMessage(voter.email(), 3);
            quietly();
            assertThat(server.mailbox().messagesTo(voter.email())).hasSize(3);
            assertThat(refusalReasons()).contains("contact_hourly_limit");
        }

        @Test
        void perNetworkStopsSendingWithTheSamePage() {
            LostIdentifierSettings.apply(server, Map.of("perIpPerHour", "1"));
            lostPage().askForNewIdentifier("quelquun-" + UUID.randomUUID() + "@isoloir.test");
            Voter voter = server.voters().byEmail();
            VoterJourney journey = lostPage().askForNewIdentifier(voter.email());
            assertThat(journey.isOnLostConfirmation()).isTrue();
            quietly();
            assertThat(server.mailbox().messagesTo(voter.email())).isEmpty();
            assertThat(refusalReasons()).contains("network_hourly_limit");
        }

        @Test
        void aSpentRealmSmsBudgetSendsNoTextButEmailsStillGo() {
            LostIdentifierSettings.apply(server, Map.of("realmSmsPerDay", "0"));
            Voter sms = server.voters().bySms();
            Voter email = server.voters().byEmail();
            assertThat(lostPage().askForNewIdentifier(sms.phone()).isOnLostConfirmation())
                    .isTrue();
            lostPage().askForNewIdentifier(email.email());
            newIdentifierByEmail(email.email(), 1);
            quietly();
            assertThat(server.twilio().textsTo(sms.phone())).isEmpty();
            assertThat(refusalReasons()).contains("realm_sms_budget_spent");
        }

        @Test
        void aForeignNumberGetsNoTextEvenWhenAVoterHasIt() {
            String belgian = "+32470" + String.format("%06d", (int) (Math.random() * 1_000_000));
            server.voters().bySms(belgian);
            VoterJourney journey = lostPage().askForNewIdentifier(belgian);
            assertThat(journey.isOnLostConfirmation()).isTrue();
            quietly();
            assertThat(server.twilio().textsTo(belgian)).isEmpty();
            assertThat(refusalReasons()).contains("sms_region_not_allowed");
        }
    }

    @Nested
    class TheElectionManager {

        String resend(KeycloakAdmin admin, Voter voter, Map<String, String> body, int status) {
            return admin.post(server.voters().voterPath(voter) + "/new-identifier", body)
                    .expect(status)
                    .body();
        }

        @Test
        void withManageUsersSendsANewIdentifierToTheContactTheyGiveAndTheOldOneFails() {
            Voter voter = server.voters().byPost();
            String email = "retrouve-" + UUID.randomUUID() + "@isoloir.test";
            String answer =
                    resend(server.admin(), voter, Map.of("email", email, "reason", "Courrier perdu (ticket 42)"), 200);
            String fresh = newIdentifierByEmail(email, 1);
            assertThat(answer)
                    .doesNotContain(fresh)
                    .doesNotContain(fresh.replace("-", ""))
                    .doesNotContain(fresh.replace("-", "").toLowerCase());

            ManagerResend.audited(server, voter, email, "r•••@isoloir.test", "Courrier perdu (ticket 42)", fresh);
            ManagerResend.oldFailsAndNewLogsIn(server, voter, fresh, email);
        }

        @Test
        void replacesTheIdentifierAtOnceAndClearsAPendingOne() {
            Voter voter = server.voters().byEmail();
            lostPage().askForNewIdentifier(voter.email());
            String pending = newIdentifierByEmail(voter.email(), 1);
            String email = "retrouve-" + UUID.randomUUID() + "@isoloir.test";
            resend(server.admin(), voter, Map.of("email", email, "reason", "Adresse changée"), 200);
            String fresh = newIdentifierByEmail(email, 1);
            assertThat(fresh).isNotEqualTo(pending);

            VoterJourney withPending = new VoterJourney(server).openVotingSite().typeIdentifier(pending);
            withPending.typeCode("123456");
            assertThat(withPending.page().fieldError("code"))
                    .as("the pending identifier is forgotten")
                    .isNotNull();
            assertThat(server.admin()
                            .get("/admin/realms/" + IsoloirServer.REALM + "/users/" + voter.userId())
                            .expect(200)
                            .json()
                            .path("attributes")
                            .has("pendingIdentifier"))
                    .isFalse();
            ManagerResend.oldFailsAndNewLogsIn(server, voter, fresh, email);
        }

        @Test
        void canSendByTextToAMobileWrittenTheFrenchWay() {
            Voter voter = server.voters().byPost();
            String phone = Voters.randomMobile();
            resend(
                    server.admin(),
                    voter,
                    Map.of("phoneNumber", "0" + phone.substring(3), "reason", "Courrier perdu"),
                    200);
            identifierIn(server.twilio().awaitText(phone, 1));
        }

        @Test
        void withoutManageUsersIsForbidden() {
            Voter voter = server.voters().byPost();
            KeycloakAdmin viewer = ViewOnlyAdmin.create(server);
            resend(viewer, voter, Map.of("email", "x-" + UUID.randomUUID() + "@isoloir.test", "reason", "essai"), 403);
            assertThat(server.admin()
                            .userIdByUsername(
                                    IsoloirServer.REALM, voter.identifier().username()))
                    .isEqualTo(voter.userId());
        }

        @Test
        void refusesABadRequestWithoutAServerError() {
            Voter voter = server.voters().byPost();
            resend(server.admin(), voter, Map.of("email", "pas-une-adresse", "reason", "essai"), 400);
            resend(server.admin(), voter, Map.of("email", "a@isoloir.test"), 400);
            resend(
                    server.admin(),
                    voter,
                    Map.of("email", "a@isoloir.test", "phoneNumber", "0612345678", "reason", "x"),
                    400);
            resend(server.admin(), voter, Map.of("phoneNumber", "+3247012345", "reason", "x"), 400);
        }
    }
}
