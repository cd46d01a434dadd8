package fr.isoloir.election;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * When voters may log in: from the opening instant (inclusive) to the closing instant (exclusive),
 * each optional. The instants keep the offset the election manager gave, so that the page tells the
 * time the way the manager announced it.
 */
public record ElectionWindow(Optional<OffsetDateTime> opensAt, Optional<OffsetDateTime> closesAt) {

    public static final ElectionWindow ALWAYS_OPEN = new ElectionWindow(Optional.empty(), Optional.empty());

    /** Where an instant falls. */
    public enum State {
        NOT_YET_OPEN,
        OPEN,
        CLOSED
    }

    public State state(Instant now) {
        if (opensAt.isPresent() && now.isBefore(opensAt.get().toInstant())) {
            return State.NOT_YET_OPEN;
        }
        if (closesAt.isPresent() && !now.isBefore(closesAt.get().toInstant())) {
            return State.CLOSED;
        }
        return State.OPEN;
    }

    /**
     * An instant for a voter, in the manager's offset: "jeudi 12 mars 2027 à 09h00 (UTC+01:00)",
     * "Thursday 12 March 2027 at 09:00 (UTC+01:00)".
     */
    public static String forVoters(OffsetDateTime instant, Locale locale) {
        boolean french = "fr".equals(locale.getLanguage());
        DateTimeFormatter format = DateTimeFormatter.ofPattern(
                french ? "EEEE d MMMM yyyy 'à' HH'h'mm" : "EEEE d MMMM yyyy 'at' HH:mm",
                french ? Locale.FRENCH : Locale.UK);
        String offset = instant.getOffset().getTotalSeconds() == 0
                ? "UTC"
                : "UTC" + instant.getOffset().getId();
        return instant.format(format) + " (" + offset + ")";
    }
}
