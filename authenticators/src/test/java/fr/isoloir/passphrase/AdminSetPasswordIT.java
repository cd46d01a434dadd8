package fr.isoloir.passphrase;

import com.fasterxml.jackson.databind.JsonNode;
import fr.isoloir.demo.DemoPrinter;
import fr.isoloir.testsupport.ElectionManager;
import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.Mailbox;
import fr.isoloir.testsupport.Messages;
import fr.isoloir.testsupport.StoredEvents;
import fr.isoloir.testsupport.TestPrinter;
import fr.isoloir.testsupport.VoterJourney;
import fr.isoloir.testsupport.Voters.Voter;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.util.Map;

import static fr.isoloir.passphrase.PassphraseEndToEndIT.isTheChoosePage;
import static fr.isoloir.passphrase.PassphraseEndToEndIT.isTheEnterPage;
import static fr.isoloir.testsupport.VoterJourney.CODE_FORM;
import static fr.isoloir.testsupport.VoterJourney.IDENTIFIER_FORM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16: only the voter's own passphrase opens the account. An election manager with manage-users who
 * sets a voter's password with Keycloak's "Reset password" (PUT users/{id}/reset-password, what the
 * console's Credentials tab calls) knows the identifier (the username) and that password: neither
 * together nor with anything else a manager holds do they open a session. The voter's next login goes
 * through the code and a new passphrase; a passphrase the voter chose keeps working, login after login.
 */
@ExtendWith(IsoloirServer.Extension.class)
class AdminSetPasswordIT {

    static final String VOTERS_OWN = "Ma propre phrase pour le vote du CSE";
    static final String ADMINS = "Le mot de passe que le gestionnaire connaît";
    static final String VOTERS_NEW = "Une nouvelle phrase choisie par moi seul";
    static final Messages MESSAGES = Messages.french();

    private final IsoloirServer server;

    AdminSetPasswordIT(IsoloirServer server) {
        this.server = server;
    }

    @Nested
    class AnEmailVoterWhosePasswordAManagerReset {

        /** The voter is told of the reset (the access-change notice, message 2); the new login's code is message 3. */
        private String codeAfterTheResetNotice(Voter voter) {
            assertThat(Mailbox.plainText(server.mailbox().awaitMessage(voter.email(), 2)))
                    .contains("prochaine connexion");
            return server.mailbox().awaitCode(voter.email(), 3);
        }

        @Test
        void isNeverAskedForThatPasswordEvenAfterTheCodeAndDoesNotLogInWithIt() {
            Voter voter = server.voters().byEmail();
            VoterJourney.firstLogin(server, voter, VOTERS_OWN);
            resetPassword(voter, ADMINS, true);

            VoterJourney login = new VoterJourney(server).openVotingSite().typeIdentifier(voter.typed());
            assertThat(login.isOn(CODE_FORM)).as(login.page().text()).isTrue();
            login.typeCode(codeAfterTheResetNotice(voter));
            assertThat(isTheChoosePage(login.page()))
                    .as("the choose page, not the entry page: %s", login.page().text())
                    .isTrue();
            login.givePassphrase(ADMINS);

            assertThat(login.isInPersonalSpace()).as(login.page().text()).isFalse();
            assertThat(isTheChoosePage(login.page())).as(login.page().text()).isTrue();
            assertThat(unsealedEvents(voter)).as("the login was traced").isGreaterThan(0);
        }

        @Test
        void logsInAfterTheCodeWithANewPassphraseThatThenWorksAndTheOldOneDoesNot() {
            Voter voter = server.voters().byEmail();
            VoterJourney.firstLogin(server, voter, VOTERS_OWN);
            resetPassword(voter, ADMINS, true);

            VoterJourney again = new VoterJourney(server)
                    .openVotingSite()
                    .typeIdentifier(voter.typed())
                    .typeCode(codeAfterTheResetNotice(voter));
            assertThat(Messages.asShown(again.page().text())).contains(MESSAGES.text("isoloirPassphraseChooseAgain"));
            again.choosePassphrase(VOTERS_NEW);
            assertThat(again.isInPersonalSpace())
                    .as(
                            "no update-password page left by the temporary reset: %s",
                            again.page().text())
                    .isTrue();
            assertThat(again.claim("sub")).isEqualTo(voter.userId());
            assertThat(StoredEvents.of(server).ofUser(voter.userId()))
                    .as("the replacement is traced")
                    .anyMatch(e -> "unsealed_password".equals(e.detail("isoloir_replaced")));

            VoterJourney next = new VoterJourney(server)
                    .openVotingSite()
                    .typeIdentifier(voter.typed())
                    .typeCode(server.mailbox().awaitCode(voter.email(), 4));
            assertThat(isTheEnterPage(next.page())).as(next.page().text()).isTrue();
            next.givePassphrase(ADMINS);
            assertThat(next.isInPersonalSpace())
                    .as("the manager's password was replaced")
                    .isFalse();
            next.givePassphrase(VOTERS_NEW);
            assertThat(next.isInPersonalSpace()).as(next.page().text()).isTrue();
        }
    }

    @Nested
    class APostalVoterWhosePasswordAManagerReset {

        @Test
        void isAskedForTheCodeAgainAndTheIdentifierWithThatPasswordOpensNothing() {
            Voter voter = server.voters().byPost();
            firstPostalLogin(voter, voter.postalCode(), VOTERS_OWN);
            resetPassword(voter, ADMINS, false);

            VoterJourney login = new VoterJourney(server).openVotingSite().typeIdentifier(voter.typed());
            assertThat(login.isOn(CODE_FORM))
                    .as("the code step is not skipped: %s", login.page().text())
                    .isTrue();
            assertThat(Messages.asShown(login.page().text()))
                    .contains(MESSAGES.text("isoloirPostalPassphraseUnsealed"));
            login.typeCode(ADMINS);
            assertThat(login.isOn(CODE_FORM)).as(login.page().text()).isTrue();
            login.typeCode(voter.postalCode());
            assertThat(login.isOn(CODE_FORM))
                    .as("the letter's code died with the voter's passphrase")
                    .isTrue();
            assertThat(login.isInPersonalSpace()).isFalse();
            assertThat(unsealedEvents(voter)).isGreaterThan(0);
        }

        @Test
        void atThePassphrasePageWhenTheResetLandsIsSentBackToTheStartInsteadOfLoggingInOrChoosing() {
            Voter voter = server.voters().byPost();
            firstPostalLogin(voter, voter.postalCode(), VOTERS_OWN);
            VoterJourney login = new VoterJourney(server).openVotingSite().typeIdentifier(voter.typed());
            assertThat(isTheEnterPage(login.page()))
                    .as("a sealed passphrase skips the code: %s", login.page().text())
                    .isTrue();

            resetPassword(voter, ADMINS, false);
            // Posted as a choice too (passphrase and confirmation): neither a comparison nor a choice may follow.
            login.choosePassphrase(ADMINS);
            assertThat(login.isInPersonalSpace())
                    .as("the manager's password, posted on the entry page")
                    .isFalse();
            assertThat(login.isOn(IDENTIFIER_FORM)).as(login.page().text()).isTrue();
            assertThat(Messages.asShown(login.page().text()))
                    .contains(MESSAGES.text("isoloirPassphraseChangedDuringLogin"));

            login.typeIdentifier(voter.typed());
            assertThat(login.isOn(CODE_FORM))
                    .as(
                            "the restarted login asks for the code: %s",
                            login.page().text())
                    .isTrue();
        }

        @Test
        void canBeGivenANewLetterWhoseCodeLetsThemChooseANewPassphraseThatThenSkipsTheCodeAgain() {
            Voter voter = server.voters().byPost();
            firstPostalLogin(voter, voter.postalCode(), VOTERS_OWN);
            resetPassword(voter, ADMINS, false);

            String newCode;
            try (ElectionManager manager = ElectionManager.create(server, "manage-users")) {
                HttpResponse<byte[]> letter = manager.post("/admin/realms/" + IsoloirServer.REALM
                        + "/isoloir/postal-letters?voter=" + voter.userId() + "&confirm=true");
                assertThat(letter.statusCode())
                        .as("a password the voter did not set is no passphrase")
                        .isEqualTo(200);
                newCode = DemoPrinter.rows(
                                TestPrinter.PRINTER.decrypt(letter.body()).text())
                        .get(1)
                        .get(7);
            }
            firstPostalLogin(voter, newCode, VOTERS_NEW);

            VoterJourney next = new VoterJourney(server).openVotingSite().typeIdentifier(voter.typed());
            assertThat(isTheEnterPage(next.page())).as(next.page().text()).isTrue();
            next.givePassphrase(VOTERS_NEW);
            assertThat(next.isInPersonalSpace()).as(next.page().text()).isTrue();
        }
    }

    @Nested
    class AVoterWhoseOwnPassphraseIsSealed {

        @Test
        void logsInLoginAfterLoginAlsoWhenTheRealmChangesItsPasswordHashing() {
            Voter voter = server.voters().byPost();
            firstPostalLogin(voter, voter.postalCode(), VOTERS_OWN);
            logInWithThePassphraseOnly(voter, VOTERS_OWN);
            logInWithThePassphraseOnly(voter, VOTERS_OWN);

            String realmPath = "/admin/realms/" + IsoloirServer.REALM;
            String policy = server.admin()
                    .get(realmPath)
                    .expect(200)
                    .json()
                    .get("passwordPolicy")
                    .asText();
            try {
                server.admin()
                        .put(
                                realmPath,
                                Map.of(
                                        "passwordPolicy",
                                        policy.replace("hashAlgorithm(argon2)", "hashAlgorithm(pbkdf2-sha512)")))
                        .expect(204);
                logInWithThePassphraseOnly(voter, VOTERS_OWN);
                assertThat(passwordCredential(voter).path("credentialData").asText())
                        .as("re-hashed by the login")
                        .contains("pbkdf2-sha512");
                logInWithThePassphraseOnly(voter, VOTERS_OWN);
            } finally {
                server.admin().put(realmPath, Map.of("passwordPolicy", policy)).expect(204);
            }
            logInWithThePassphraseOnly(voter, VOTERS_OWN);
            assertThat(unsealedEvents(voter)).isZero();
        }

        @Test
        void byEmailLogsInWithTheCodeAndThePassphraseEachTime() {
            Voter voter = server.voters().byEmail();
            VoterJourney.firstLogin(server, voter, VOTERS_OWN);
            for (int n = 2; n <= 3; n++) { // three codes: the send budget per 15 minutes
                VoterJourney login = new VoterJourney(server)
                        .openVotingSite()
                        .typeIdentifier(voter.typed())
                        .typeCode(server.mailbox().awaitCode(voter.email(), n));
                assertThat(isTheEnterPage(login.page())).as(login.page().text()).isTrue();
                login.givePassphrase(VOTERS_OWN);
                assertThat(login.isInPersonalSpace()).as(login.page().text()).isTrue();
            }
        }
    }

    /** A postal voter's login with a letter's code, choosing {@code passphrase}. */
    void firstPostalLogin(Voter voter, String code, String passphrase) {
        VoterJourney login = new VoterJourney(server)
                .openVotingSite()
                .typeIdentifier(voter.typed())
                .typeCode(code);
        assertThat(isTheChoosePage(login.page())).as(login.page().text()).isTrue();
        login.choosePassphrase(passphrase);
        assertThat(login.isInPersonalSpace()).as(login.page().text()).isTrue();
    }

    void logInWithThePassphraseOnly(Voter voter, String passphrase) {
        VoterJourney login = new VoterJourney(server).openVotingSite().typeIdentifier(voter.typed());
        assertThat(isTheEnterPage(login.page()))
                .as("no code for a sealed passphrase: %s", login.page().text())
                .isTrue();
        login.givePassphrase(passphrase);
        assertThat(login.isInPersonalSpace()).as(login.page().text()).isTrue();
    }

    /** Keycloak's "Reset password", by an election manager holding manage-users only. */
    void resetPassword(Voter voter, String password, boolean temporary) {
        try (ElectionManager manager = ElectionManager.create(server, "manage-users")) {
            HttpResponse<byte[]> answer = manager.put(
                    "/admin/realms/" + IsoloirServer.REALM + "/users/" + voter.userId() + "/reset-password",
                    "{\"type\":\"password\",\"value\":\"" + password + "\",\"temporary\":" + temporary + "}");
            assertThat(answer.statusCode()).as(new String(answer.body())).isEqualTo(204);
        }
    }

    JsonNode passwordCredential(Voter voter) {
        for (JsonNode credential : server.admin()
                .get("/admin/realms/" + IsoloirServer.REALM + "/users/" + voter.userId() + "/credentials")
                .expect(200)
                .json()) {
            if ("password".equals(credential.path("type").asText())) {
                return credential;
            }
        }
        throw new AssertionError("no password credential");
    }

    long unsealedEvents(Voter voter) {
        return StoredEvents.of(server).ofUser(voter.userId()).stream()
                .filter(e -> "isoloir_passphrase_unsealed".equals(e.error()))
                .count();
    }
}
