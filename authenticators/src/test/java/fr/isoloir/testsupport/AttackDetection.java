package fr.isoloir.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import fr.isoloir.keycloakrunner.KeycloakAdmin;
import fr.isoloir.testsupport.Voters.Voter;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What the voter login's own guessing limits recorded of a voter, as an election manager sees it: the
 * secrets compared and found wrong (LOGIN_ERROR events, reason wrong_code, wrong_postal_code or
 * wrong_passphrase), the lockouts (isoloir_locked_out events) and the lockout count on the voter's page
 * (user-profile attribute isoloirLockouts). Keycloak's own brute-force detection is off in the realm.
 */
public final class AttackDetection {

    /** The reasons of a comparison that found the secret wrong. */
    public static final Set<String> WRONG_ENTRIES = Set.of("wrong_code", "wrong_postal_code", "wrong_passphrase");

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final KeycloakAdmin admin;
    private final String realm;

    private AttackDetection(KeycloakAdmin admin, String realm) {
        this.admin = admin;
        this.realm = realm;
    }

    public static AttackDetection of(IsoloirServer server) {
        return of(server.admin(), IsoloirServer.REALM);
    }

    public static AttackDetection of(KeycloakAdmin admin, String realm) {
        return new AttackDetection(admin, realm);
    }

    /**
     * @param numFailures    wrong secrets compared (events)
     * @param lockouts       lockouts recorded (isoloir_locked_out events)
     * @param lockoutsOnPage the count the admin console shows on the voter's page
     */
    public record Status(int numFailures, int lockouts, int lockoutsOnPage) {}

    public Status of(Voter voter) {
        List<StoredEvents.Event> events = StoredEvents.of(admin, realm).ofUser(voter.userId());
        int failures = (int) events.stream()
                .filter(e -> "invalid_user_credentials".equals(e.error()) && WRONG_ENTRIES.contains(e.detail("reason")))
                .count();
        int lockouts = (int) events.stream()
                .filter(e -> "isoloir_locked_out".equals(e.error()))
                .count();
        JsonNode lockoutsAttribute =
                user(voter).path("attributes").path("isoloirLockouts").path(0);
        return new Status(
                failures,
                lockouts,
                lockoutsAttribute.isMissingNode() ? 0 : Integer.parseInt(lockoutsAttribute.asText()));
    }

    /**
     * Waits (bounded) until at least {@code failures} wrong entries are recorded for this voter, and
     * returns the status (events are stored with the request; the wait guards against a slow store).
     */
    public Status awaitFailures(Voter voter, int failures) {
        Instant deadline = Instant.now().plus(PATIENCE);
        Status status = of(voter);
        while (status.numFailures() < failures && Instant.now().isBefore(deadline)) {
            pause();
            status = of(voter);
        }
        if (status.numFailures() < failures) {
            throw new AssertionError("recorded " + status.numFailures() + " wrong entries for " + voter.typed()
                    + ", not " + failures + ", within " + PATIENCE.toSeconds() + " s: " + status);
        }
        return status;
    }

    /** Whether the voter's user account is enabled (nothing of ours ever disables it). */
    public boolean isEnabled(Voter voter) {
        return user(voter).get("enabled").asBoolean();
    }

    private JsonNode user(Voter voter) {
        return admin.get("/admin/realms/" + realm + "/users/" + voter.userId())
                .expect(200)
                .json();
    }

    private static void pause() {
        try {
            Thread.sleep(50); // polling the admin API: Keycloak offers nothing to wait on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
