package fr.isoloir.code;

import fr.isoloir.identifier.VoterIdentifier;
import fr.isoloir.testsupport.AttackDetection;
import fr.isoloir.testsupport.Codes;
import fr.isoloir.testsupport.IdentifierTypos;
import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.StoredEvents;
import fr.isoloir.testsupport.StoredEvents.Event;
import fr.isoloir.testsupport.VoterJourney;
import fr.isoloir.testsupport.Voters.Voter;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static fr.isoloir.testsupport.VoterJourney.CODE_FORM;
import static fr.isoloir.testsupport.VoterJourney.IDENTIFIER_FORM;
import static fr.isoloir.testsupport.VoterJourney.PASSPHRASE_FORM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the election's audit trail holds (SEC-G4): a Keycloak event for every success and failure of the
 * identifier and code steps, failures with a reason, each tied to the voter when there is one. And what it
 * must never hold (SEC-B7): no code, sent or typed, in any event, in the server log or in any address.
 */
@ExtendWith(IsoloirServer.Extension.class)
class VoterLoginEventsIT {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final IsoloirServer server;
    private final StoredEvents events;

    VoterLoginEventsIT(IsoloirServer server) {
        this.server = server;
        this.events = StoredEvents.of(server);
    }

    @Nested
    class EveryStep {

        @Test
        void recordsItsSuccessesAndItsFailuresWithAReason() {
            Voter voter = server.voters().byEmail();
            VoterJourney journey = new VoterJourney(server).openVotingSite();

            journey.typeIdentifier(IdentifierTypos.swapTwoSymbols(voter.typed()));
            assertThat(journey.isOn(IDENTIFIER_FORM)).isTrue();
            journey.typeIdentifier(voter.typed());
            String code = server.mailbox().awaitCode(voter.email(), 1);
            journey.typeCode(Codes.wrong(code));
            AttackDetection.of(server).awaitFailures(voter, 1);
            journey.typeCode(code);
            assertThat(journey.isOn(PASSPHRASE_FORM)).as(journey.page().text()).isTrue();

            List<Event> ofVoter = events.ofUser(voter.userId());
            Event identified = only(ofVoter, "CUSTOM_REQUIRED_ACTION", "identifier", null);
            assertThat(identified.detail("custom_required_action")).isEqualTo("isoloir-identifier");
            Event sent = ofVoter.stream()
                    .filter(Event.step("code"))
                    .filter(e -> e.detail("isoloir_sent_to") != null)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no 'code sent' event: " + ofVoter));
            assertThat(sent.type()).isEqualTo("CUSTOM_REQUIRED_ACTION");
            assertThat(sent.detail("isoloir_channel")).isEqualTo("email");
            assertThat(sent.detail("isoloir_sent_to")).isEqualTo("v•••@isoloir.test");
            Event wrong = only(ofVoter, "LOGIN_ERROR", "code", "invalid_user_credentials");
            assertThat(wrong.detail("reason")).isEqualTo("wrong_code");
            assertThat(ofVoter)
                    .filteredOn(Event.step("code"))
                    .filteredOn(e -> "CUSTOM_REQUIRED_ACTION".equals(e.type()) && e.detail("isoloir_sent_to") == null)
                    .as("the right code")
                    .hasSize(1)
                    .allSatisfy(
                            e -> assertThat(e.detail("custom_required_action")).isEqualTo("isoloir-code"));

            // The typo matched nobody: its event has no user, and belongs to the same login.
            String login = identified.detail("code_id");
            assertThat(events.newest(200))
                    .filteredOn(e -> login != null && login.equals(e.detail("code_id")))
                    .filteredOn(Event.step("identifier"))
                    .filteredOn(e -> "LOGIN_ERROR".equals(e.type()))
                    .singleElement()
                    .satisfies(e -> {
                        assertThat(e.error()).isEqualTo("isoloir_identifier_malformed");
                        assertThat(e.detail("reason")).isEqualTo("wrong_check");
                        assertThat(e.userId()).isNull();
                    });
        }

        @Test
        void recordsAnIdentifierThatMatchesNobodyAndEveryCodeTypedForIt() {
            VoterIdentifier nobody = VoterIdentifier.generate(RANDOM);
            VoterJourney journey = new VoterJourney(server).openVotingSite().typeIdentifier(nobody.display());
            assertThat(journey.isOn(CODE_FORM)).isTrue();
            journey.typeCode(Codes.random());

            // Events name the identifier by its tag only (the newest code failure is this one's): both steps carry it.
            String tag = events.newest(200).stream()
                    .filter(Event.step("code"))
                    .filter(e -> "unknown_identifier".equals(e.detail("reason")))
                    .findFirst()
                    .map(e -> e.detail("username"))
                    .orElseThrow(() -> new AssertionError("no code failure stored"));
            assertThat(tag).matches("#[0-9a-f]{12}");
            List<Event> aboutNobody = events.newest(200).stream()
                    .filter(e -> tag.equals(e.detail("username")))
                    .toList();
            assertThat(aboutNobody)
                    .as("events tagged %s", tag)
                    .anySatisfy(e -> {
                        assertThat(e.type()).isEqualTo("LOGIN_ERROR");
                        assertThat(e.detail("isoloir_step")).isEqualTo("identifier");
                        assertThat(e.error()).isEqualTo("user_not_found");
                        assertThat(e.detail("reason")).isEqualTo("unknown_identifier");
                    })
                    .anySatisfy(e -> {
                        assertThat(e.type()).isEqualTo("LOGIN_ERROR");
                        assertThat(e.detail("isoloir_step")).isEqualTo("code");
                        assertThat(e.detail("reason")).isEqualTo("unknown_identifier");
                    })
                    .allSatisfy(e -> assertThat(e.userId()).isNull());
        }

        private Event only(List<Event> events, String type, String step, String error) {
            List<Event> matching = events.stream()
                    .filter(Event.step(step))
                    .filter(e -> type.equals(e.type()))
                    .filter(e -> error == null || error.equals(e.error()))
                    .toList();
            assertThat(matching).as("%s %s %s in %s", type, step, error, events).hasSize(1);
            return matching.get(0);
        }
    }

    @Nested
    class NoCode {

        @Test
        void sentOrTypedAppearsInAnyEventLogLineOrAddress() throws IOException {
            List<String> codes = new ArrayList<>();
            List<URI> addresses = new ArrayList<>();

            Voter byEmail = server.voters().byEmail();
            VoterJourney emailJourney =
                    new VoterJourney(server).openVotingSite().typeIdentifier(byEmail.typed());
            String emailed = server.mailbox().awaitCode(byEmail.email(), 1);
            typeAWrongThenTheRightCode(emailJourney, byEmail, emailed, codes, addresses);

            Voter bySms = server.voters().bySms();
            VoterJourney smsJourney = new VoterJourney(server).openVotingSite().typeIdentifier(bySms.typed());
            String texted = server.twilio().awaitCode(bySms.phone(), 1);
            typeAWrongThenTheRightCode(smsJourney, bySms, texted, codes, addresses);

            List<String> storedEvents =
                    events.newest(1000).stream().map(e -> e.json().toString()).toList();
            String log = server.serverOutput();
            assertThat(log).as("the server log").contains("Isoloir: sent"); // the right file, written to
            for (String code : codes) {
                Pattern asAWord = Pattern.compile("(?<![0-9A-Za-z])" + code + "(?![0-9A-Za-z])");
                assertThat(storedEvents)
                        .as("events")
                        .noneMatch(e -> asAWord.matcher(e).find());
                assertThat(asAWord.matcher(log).find())
                        .as("code %s in the server log", code)
                        .isFalse();
                assertThat(addresses)
                        .as("page addresses")
                        .noneMatch(uri -> uri.toString().contains(code));
            }
        }

        private void typeAWrongThenTheRightCode(
                VoterJourney journey, Voter voter, String right, List<String> codes, List<URI> addresses) {
            addresses.add(journey.page().uri());
            String wrong = Codes.wrong(right);
            journey.typeCode(wrong);
            addresses.add(journey.page().uri());
            AttackDetection.of(server).awaitFailures(voter, 1);
            journey.typeCode(right);
            addresses.add(journey.page().uri());
            assertThat(journey.isOn(PASSPHRASE_FORM)).as(journey.page().text()).isTrue();
            codes.add(wrong);
            codes.add(right);
        }
    }
}
