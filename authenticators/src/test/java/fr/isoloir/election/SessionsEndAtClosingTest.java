package fr.isoloir.election;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SessionsEndAtClosingTest {

    static final Map<String, String> ELECTION = Map.of(
            ElectionSettings.OPENS_AT,
            "2027-03-12T09:00:00+01:00",
            ElectionSettings.CLOSES_AT,
            "2027-03-19T17:00:00+01:00");

    @Nested
    class TheSessionsOfARealm {

        @Test
        void endFromTheClosingInstantWhichBecomesTheRealmsNotBefore() {
            assertThat(SessionsEndAtClosing.closingInstant(ELECTION, Instant.parse("2027-03-19T16:00:00Z")))
                    .contains(Instant.parse("2027-03-19T16:00:00Z"));
            assertThat(SessionsEndAtClosing.closingInstant(ELECTION, Instant.parse("2027-06-01T00:00:00Z")))
                    .contains(Instant.parse("2027-03-19T16:00:00Z"));
        }

        @Test
        void areLeftAloneBeforeClosingBeforeOpeningAndWithoutAClosingDate() {
            assertThat(SessionsEndAtClosing.closingInstant(ELECTION, Instant.parse("2027-03-19T15:59:59Z")))
                    .isEmpty();
            assertThat(SessionsEndAtClosing.closingInstant(ELECTION, Instant.parse("2027-03-01T00:00:00Z")))
                    .isEmpty();
            assertThat(SessionsEndAtClosing.closingInstant(
                            Map.of(ElectionSettings.OPENS_AT, "2027-03-12T09:00:00+01:00"),
                            Instant.parse("2030-01-01T00:00:00Z")))
                    .isEmpty();
        }

        @Test
        void areLeftAloneWhenTheDatesAreDamagedAsTheLoginIgnoresThem() {
            assertThat(SessionsEndAtClosing.closingInstant(
                            Map.of(ElectionSettings.CLOSES_AT, "2020-13-45"), Instant.parse("2030-01-01T00:00:00Z")))
                    .isEmpty();
            assertThat(SessionsEndAtClosing.closingInstant(
                            Map.of(
                                    ElectionSettings.OPENS_AT,
                                    "2027-03-20T09:00:00+01:00",
                                    ElectionSettings.CLOSES_AT,
                                    "2027-03-19T17:00:00+01:00"),
                            Instant.parse("2030-01-01T00:00:00Z")))
                    .as("closing before opening: both ignored")
                    .isEmpty();
        }
    }
}
