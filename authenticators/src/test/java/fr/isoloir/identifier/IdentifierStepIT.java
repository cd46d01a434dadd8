package fr.isoloir.identifier;

import fr.isoloir.testsupport.AttackDetection;
import fr.isoloir.testsupport.Codes;
import fr.isoloir.testsupport.IdentifierTypos;
import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.Messages;
import fr.isoloir.testsupport.StoredEvents;
import fr.isoloir.testsupport.TestRealm;
import fr.isoloir.testsupport.VoterBrowser.Page;
import fr.isoloir.testsupport.VoterJourney;
import fr.isoloir.testsupport.Voters.Voter;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static fr.isoloir.testsupport.VoterJourney.CODE_FORM;
import static fr.isoloir.testsupport.VoterJourney.IDENTIFIER_FORM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The identifier step on the real server. A well-formed identifier that matches nobody cannot be told
 * from a voter's by anything the page shows, and no code exists for it (SEC-G1). A malformed one is
 * refused on the field, with the error bound to it, before any voter is looked up (SEC-H1).
 */
@ExtendWith(IsoloirServer.Extension.class)
class IdentifierStepIT {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final IsoloirServer server;

    IdentifierStepIT(IsoloirServer server) {
        this.server = server;
    }

    @Nested
    class AWellFormedIdentifierThatMatchesNobody {

        @Test
        void leadsToTheVeryCodePageAVoterGetsAndSendsNothing() {
            Voter voter = server.voters().byEmail();
            Page voterPage = new VoterJourney(server)
                    .openVotingSite()
                    .typeIdentifier(voter.typed())
                    .page();
            server.mailbox().awaitMessage(voter.email(), 1);
            int mailsBefore = server.mailbox().count();
            int textsBefore = server.twilio().count();

            VoterJourney nobody = new VoterJourney(server)
                    .openVotingSite()
                    .typeIdentifier(VoterIdentifier.generate(RANDOM).display());
            Page nobodyPage = nobody.page();

            assertThat(nobodyPage.has(CODE_FORM)).as(nobodyPage.text()).isTrue();
            assertThat(nobodyPage.status()).isEqualTo(voterPage.status());
            assertThat(nobodyPage.title()).isEqualTo(voterPage.title());
            assertThat(nobodyPage.text()).isEqualTo(voterPage.text());
            assertThat(nobodyPage.normalisedHtml()).isEqualTo(voterPage.normalisedHtml());

            // Asking for a new code changes nothing either (after the wait, like for a voter).
            nobody.askForANewCode();
            assertThat(nobody.page().message()).matches(Messages.frPattern("isoloirCodeResendWait"));
            assertThat(server.mailbox().count()).as("emails sent").isEqualTo(mailsBefore);
            assertThat(server.twilio().count()).as("texts sent").isEqualTo(textsBefore);
        }

        @Test
        void refusesEveryCodeWithThePagesAVoterGetsForWrongCodes() {
            // The voter's wrong codes count for brute force: no quick-login lockout in the way.
            try (TestRealm realm = TestRealm.of(server).withRealmSettings(Map.of("quickLoginCheckMilliSeconds", 1))) {
                Voter voter = server.voters().byEmail();
                VoterJourney voterJourney =
                        new VoterJourney(server).openVotingSite().typeIdentifier(voter.typed());
                String code = server.mailbox().awaitCode(voter.email(), 1);
                VoterJourney nobody = new VoterJourney(server)
                        .openVotingSite()
                        .typeIdentifier(VoterIdentifier.generate(RANDOM).display());

                for (int entry = 1; entry <= 6; entry++) {
                    voterJourney.typeCode(Codes.wrong(code));
                    if (entry <= 5) {
                        AttackDetection.of(server).awaitFailures(voter, entry);
                    }
                    nobody.typeCode(Codes.random());

                    assertThat(nobody.page().fieldError("code"))
                            .as("entry %d", entry)
                            .isEqualTo(Messages.fr(entry < 5 ? "isoloirCodeInvalid" : "isoloirCodeTooManyAttempts"));
                    assertThat(nobody.page().status())
                            .isEqualTo(voterJourney.page().status());
                    assertThat(nobody.page().normalisedHtml())
                            .as("entry %d", entry)
                            .isEqualTo(voterJourney.page().normalisedHtml());
                }
            }
        }
    }

    @Nested
    class AMalformedIdentifier {

        @Test
        void withATypoIsRefusedOnTheFieldBeforeAnyLookup() {
            Voter voter = server.voters().byEmail();
            String typo = IdentifierTypos.swapTwoSymbols(voter.typed());

            VoterJourney journey = new VoterJourney(server).openVotingSite().typeIdentifier(typo);

            assertThat(journey.isOn(IDENTIFIER_FORM)).as(journey.page().text()).isTrue();
            assertFieldBoundError(journey.page(), Messages.fr("identifierTypo"));
            assertThat(journey.page()
                            .document()
                            .selectFirst("[name=identifier]")
                            .val())
                    .isEqualTo(typo);
            assertThat(StoredEvents.of(server).ofUser(voter.userId()))
                    .as("nothing reached the voter")
                    .isEmpty();
            assertThat(server.mailbox().messagesTo(voter.email())).isEmpty();

            journey.typeIdentifier(voter.typed());
            assertThat(journey.isOn(CODE_FORM))
                    .as("corrected, the identifier goes through")
                    .isTrue();
            server.mailbox().awaitMessage(voter.email(), 1);
        }

        @Test
        void withTheLetterOIsToldThatIdentifiersHaveNone() {
            Voter voter = server.voters().byEmail();

            VoterJourney journey = new VoterJourney(server)
                    .openVotingSite()
                    .typeIdentifier(IdentifierTypos.lastSymbolReadAs(voter.typed(), 'O'));

            assertThat(journey.isOn(IDENTIFIER_FORM)).as(journey.page().text()).isTrue();
            assertFieldBoundError(journey.page(), Messages.fr("identifierLookAlikeCharacter", "O"));
            assertThat(StoredEvents.of(server).ofUser(voter.userId())).isEmpty();
        }

        private void assertFieldBoundError(Page page, String message) {
            Element input = page.document().selectFirst("input[name=identifier]");
            assertThat(input).isNotNull();
            assertThat(input.attr("aria-invalid")).isEqualTo("true");
            List<String> describedBy =
                    Arrays.asList(input.attr("aria-describedby").trim().split("\\s+"));
            Element error = page.document().selectFirst(".isoloir-error");
            assertThat(error).as("an error element").isNotNull();
            assertThat(error.id()).isNotBlank();
            assertThat(describedBy).contains(error.id());
            assertThat(error.text()).isEqualTo(message);
            assertThat(page.fieldError("identifier")).isEqualTo(message);
        }
    }
}
