package fr.isoloir.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import fr.isoloir.demo.KeycloakAdmin;
import fr.isoloir.testsupport.Voters.Voter;

import java.time.Duration;
import java.time.Instant;

/**
 * What Keycloak's brute-force detection knows of a voter, read through the admin REST API
 * ({@code attack-detection/brute-force/users/{id}}), as an election manager would see it.
 */
public final class AttackDetection {

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
     * @param disabled             temporarily (or permanently) locked out
     * @param numFailures          failures counted since the last success or reset
     * @param failedLoginNotBefore epoch seconds until which logins are refused (0 when not locked)
     * @param lastFailure          epoch milliseconds of the last failure
     */
    public record Status(boolean disabled, int numFailures, int numTemporaryLockouts, long failedLoginNotBefore,
                         long lastFailure) {
    }

    public Status of(Voter voter) {
        JsonNode json = admin.get(path(voter)).expect(200).json();
        return new Status(json.get("disabled").asBoolean(), json.get("numFailures").asInt(),
                json.get("numTemporaryLockouts").asInt(), json.get("failedLoginNotBefore").asLong(),
                json.get("lastFailure").asLong());
    }

    /**
     * Waits (bounded) until Keycloak has counted at least {@code failures} failures for this voter, and
     * returns the status. Keycloak counts on a background thread after the page has been answered: a test
     * that goes on before the count lands would race it.
     */
    public Status awaitFailures(Voter voter, int failures) {
        Instant deadline = Instant.now().plus(PATIENCE);
        Status status = of(voter);
        while (status.numFailures() < failures && Instant.now().isBefore(deadline)) {
            pause();
            status = of(voter);
        }
        if (status.numFailures() < failures) {
            throw new AssertionError("Keycloak counted " + status.numFailures() + " failures for " + voter.typed()
                    + ", not " + failures + ", within " + PATIENCE.toSeconds() + " s: " + status);
        }
        return status;
    }

    /** Whether the voter's user account is enabled (a permanent lockout disables it). */
    public boolean isEnabled(Voter voter) {
        return admin.get("/admin/realms/" + realm + "/users/" + voter.userId()).expect(200).json()
                .get("enabled").asBoolean();
    }

    /** Clears the voter's failures, as the admin console's "unlock" does. */
    public void reset(Voter voter) {
        admin.delete(path(voter)).expect(204);
    }

    private String path(Voter voter) {
        return "/admin/realms/" + realm + "/attack-detection/brute-force/users/" + voter.userId();
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
