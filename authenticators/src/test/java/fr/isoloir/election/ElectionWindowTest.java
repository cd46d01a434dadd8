package fr.isoloir.election;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;

import static fr.isoloir.election.ElectionWindow.State.CLOSED;
import static fr.isoloir.election.ElectionWindow.State.NOT_YET_OPEN;
import static fr.isoloir.election.ElectionWindow.State.OPEN;
import static org.assertj.core.api.Assertions.assertThat;

class ElectionWindowTest {

    static final OffsetDateTime OPENS = OffsetDateTime.parse("2027-03-12T09:00:00+01:00");
    static final OffsetDateTime CLOSES = OffsetDateTime.parse("2027-03-19T17:00:00+01:00");
    static final ElectionWindow WINDOW = new ElectionWindow(Optional.of(OPENS), Optional.of(CLOSES));

    static Instant at(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC).instant();
    }

    @Test
    void closed_before_the_opening_instant_open_from_it() {
        assertThat(WINDOW.state(at("2027-03-12T07:59:59Z"))).isEqualTo(NOT_YET_OPEN);
        assertThat(WINDOW.state(at("2027-03-12T08:00:00Z")))
                .as("09:00 at +01:00 is 08:00 UTC")
                .isEqualTo(OPEN);
    }

    @Test
    void open_until_just_before_the_closing_instant_closed_from_it() {
        assertThat(WINDOW.state(at("2027-03-19T15:59:59.999Z"))).isEqualTo(OPEN);
        assertThat(WINDOW.state(at("2027-03-19T16:00:00Z"))).isEqualTo(CLOSED);
        assertThat(WINDOW.state(at("2030-01-01T00:00:00Z"))).isEqualTo(CLOSED);
    }

    @Test
    void each_date_is_optional() {
        ElectionWindow opensOnly = new ElectionWindow(Optional.of(OPENS), Optional.empty());
        ElectionWindow closesOnly = new ElectionWindow(Optional.empty(), Optional.of(CLOSES));

        assertThat(opensOnly.state(at("2040-01-01T00:00:00Z"))).isEqualTo(OPEN);
        assertThat(closesOnly.state(at("2000-01-01T00:00:00Z"))).isEqualTo(OPEN);
        assertThat(closesOnly.state(at("2027-03-19T16:00:00Z"))).isEqualTo(CLOSED);
        assertThat(ElectionWindow.ALWAYS_OPEN.state(at("2027-03-19T16:00:00Z"))).isEqualTo(OPEN);
    }

    @Test
    void voters_read_the_time_the_manager_announced_in_their_language() {
        assertThat(ElectionWindow.forVoters(OPENS, Locale.FRENCH))
                .isEqualTo("vendredi 12 mars 2027 à 09h00 (UTC+01:00)");
        assertThat(ElectionWindow.forVoters(OPENS, Locale.ENGLISH))
                .isEqualTo("Friday 12 March 2027 at 09:00 (UTC+01:00)");
        assertThat(ElectionWindow.forVoters(OffsetDateTime.parse("2027-03-19T16:00:00Z"), Locale.FRENCH))
                .isEqualTo("vendredi 19 mars 2027 à 16h00 (UTC)");
    }
}
