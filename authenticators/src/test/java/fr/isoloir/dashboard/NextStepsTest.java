package fr.isoloir.dashboard;

import fr.isoloir.dashboard.Figures.Delivery;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class NextStepsTest {

    static Figures figures(
            long voters,
            Delivery email,
            Delivery sms,
            long postalWithoutLetter,
            String state,
            boolean dates,
            Optional<Long> lockouts,
            Optional<Long> logins) {
        Map<String, Delivery> delivery = new LinkedHashMap<>();
        delivery.put("email", email);
        delivery.put("sms", sms);
        return new Figures(
                new Figures.Voters(voters, Map.of()),
                delivery,
                Map.of(),
                new Figures.Letters(0, postalWithoutLetter, Optional.empty()),
                0,
                new Figures.Logins(logins, logins),
                lockouts,
                Optional.empty(),
                new Figures.Window(
                        dates ? Optional.of("2027-03-12T09:00+01:00") : Optional.empty(),
                        dates ? Optional.of("2027-03-19T17:00+01:00") : Optional.empty(),
                        state),
                true);
    }

    static List<String> keys(Figures figures) {
        return NextSteps.of(figures).stream().map(a -> a.key() + a.parameters()).toList();
    }

    @Nested
    class BeforeAnything {
        @Test
        void anEmptyListAsksForTheImportAndNothingElse() {
            assertThat(keys(figures(
                            0, Delivery.NONE, Delivery.NONE, 0, "open", false, Optional.empty(), Optional.empty())))
                    .containsExactly("adviceImport[]");
        }
    }

    @Nested
    class DuringTheElection {
        @Test
        void failuresComeFirstCountedOverBothChannelsThenWhatWasNeverSentAndTheLetters() {
            assertThat(keys(figures(
                            300,
                            new Delivery(90, 40, 0, 0, 10),
                            new Delivery(50, 102, 3, 0, 5),
                            7,
                            "open",
                            true,
                            Optional.of(0L),
                            Optional.of(0L))))
                    .containsExactly("adviceFailed[142]", "adviceUncertain[3]", "adviceSend[15]", "adviceLetters[7]");
        }

        @Test
        void pendingVotersAreLeftToTheRunningSend() {
            assertThat(keys(figures(
                            10,
                            new Delivery(5, 0, 0, 5, 0),
                            Delivery.NONE,
                            0,
                            "open",
                            true,
                            Optional.of(0L),
                            Optional.of(0L))))
                    .containsExactly("advicePending[5]");
        }

        @Test
        void missingDatesLockoutsAndUnrecordedLoginsAreSaid() {
            assertThat(keys(figures(
                            10,
                            new Delivery(10, 0, 0, 0, 0),
                            Delivery.NONE,
                            0,
                            "open",
                            false,
                            Optional.of(4L),
                            Optional.empty())))
                    .containsExactly("adviceWindow[]", "adviceLockouts[4]", "adviceEvents[]");
        }

        @Test
        void anAdminWithoutViewEventsGetsNoAdviceDrawnFromEventsNeitherLockoutsNorUnrecordedLogins() {
            Figures all = figures(
                    10,
                    new Delivery(10, 0, 0, 0, 0),
                    Delivery.NONE,
                    0,
                    "open",
                    true,
                    Optional.empty(),
                    Optional.empty());
            Figures withoutEvents = new Figures(
                    all.voters(),
                    all.delivery(),
                    all.failureReasons(),
                    all.letters(),
                    all.passphrases(),
                    all.logins(),
                    all.lockouts(),
                    all.lostIdentifiers(),
                    all.window(),
                    false);
            assertThat(keys(all)).containsExactly("adviceEvents[]");
            assertThat(keys(withoutEvents)).containsExactly("adviceNothing[]");
        }

        @Test
        void allDoneSaysThereIsNothingToDo() {
            assertThat(keys(figures(
                            10,
                            new Delivery(10, 0, 0, 0, 0),
                            Delivery.NONE,
                            0,
                            "not_yet_open",
                            true,
                            Optional.of(0L),
                            Optional.of(3L))))
                    .containsExactly("adviceNothing[]");
        }
    }

    @Nested
    class AfterTheClosing {
        @Test
        void onlyTheClosingIsSaid() {
            assertThat(keys(figures(
                            10,
                            new Delivery(0, 10, 0, 0, 0),
                            Delivery.NONE,
                            3,
                            "closed",
                            true,
                            Optional.of(0L),
                            Optional.of(0L))))
                    .containsExactly("adviceClosed[]");
        }
    }
}
