package fr.isoloir.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where an election stands, as the dashboard shows it: plain numbers read from the database and the
 * stored events, so that every node of a cluster gives the same answer. Channels are the
 * {@code deliveryChannel} values (email, sms, postal). Without {@code eventFiguresShown} (an admin
 * without view-events) the figures drawn from Keycloak's event stores (logins, lockouts, lost-identifier
 * requests, letter files) are empty and were never read.
 */
record Figures(
        Voters voters,
        Map<String, Delivery> delivery,
        Map<String, Map<String, Long>> failureReasons,
        Letters letters,
        long passphrases,
        Logins logins,
        Optional<Long> lockouts,
        Optional<LostIdentifiers> lostIdentifiers,
        Window window,
        boolean eventFiguresShown) {

    /** Voters on the list (users with an employee number), by channel. */
    record Voters(long total, Map<String, Long> byChannel) {
        long on(String channel) {
            return byChannel.getOrDefault(channel, 0L);
        }
    }

    /**
     * Identifier sending on one channel, from the voters' own status: accepted by the provider (sent),
     * refused (failed), maybe sent (uncertain: the server stopped or the provider timed out), queued
     * (pending). {@code never} counts the channel's voters no send has reached yet.
     */
    record Delivery(long sent, long failed, long uncertain, long pending, long never) {
        static final Delivery NONE = new Delivery(0, 0, 0, 0, 0);
    }

    /**
     * Postal letters: voters holding a letter code today, postal voters without a code nor a passphrase,
     * and the files handed out (admin events, when the realm stores them).
     */
    record Letters(long votersWithCode, long postalWithoutLetter, Optional<Exports> exports) {}

    record Exports(long files, long codes, Optional<Instant> lastAt) {}

    /** LOGIN events (empty when the realm does not store them), today in Paris and in all. */
    record Logins(Optional<Long> today, Optional<Long> total) {}

    /** "Identifiant oublié ou perdu" requests: a new identifier sent, or nothing sent (no voter, limits). */
    record LostIdentifiers(long sent, long nothingSent) {}

    /** The election window and where now falls in it. */
    record Window(Optional<String> opensAt, Optional<String> closesAt, String state) {}

    /** Advice for the manager: a message key of the Espace gestionnaire's bundles and its parameters. */
    record Advice(String key, List<Object> parameters) {
        static Advice of(String key, Object... parameters) {
            return new Advice(key, List.of(parameters));
        }
    }
}
