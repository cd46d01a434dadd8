package fr.isoloir.testsupport;

import fr.isoloir.testsupport.VoterBrowser.Page;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Bursts of concurrent posts on one login, as a script guessing secrets would fire them: the proof that a
 * limit holds under load, not only for requests one after another.
 */
public final class Bursts {

    /** Posts fired at once per round. */
    public static final int SIZE = 50;

    private static final int MAX_ROUNDS = 20;

    private Bursts() {}

    /**
     * Rounds of {@link #SIZE} posts at once on {@code form} of the journey's page, each round with the form's
     * current action URL (Keycloak's session-code check bounces some of a round: the rest go through), until
     * an answer is {@code done}; returns the rounds it took.
     */
    public static int until(
            VoterJourney journey, String form, Supplier<Map<String, String>> fields, Predicate<Page> done) {
        return until(journey, form, fields, done, List.of());
    }

    /** As above, post {@code i} of a round sent to {@code origins[i % n]}: the nodes of a cluster. */
    public static int until(
            VoterJourney journey,
            String form,
            Supplier<Map<String, String>> fields,
            Predicate<Page> done,
            List<URI> origins) {
        for (int round = 1; round <= MAX_ROUNDS; round++) {
            List<Map<String, String>> posts = new ArrayList<>();
            for (int i = 0; i < SIZE; i++) {
                posts.add(fields.get());
            }
            List<Page> answers = journey.submitConcurrently(form, posts, origins);
            journey.refresh();
            if (answers.stream().anyMatch(done)) {
                return round;
            }
        }
        throw new AssertionError("still not done after " + MAX_ROUNDS + " rounds of " + SIZE + ": "
                + journey.page().text());
    }
}
