package fr.isoloir.code;

import fr.isoloir.limits.Slots;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The tries of one sent code (SEC-B5) and of one login's postal code (SEC-C4): a slot in
 * {@code singleUseObjects()} taken before comparing, so that concurrent posts and cluster nodes can never
 * compare more than the limit (the authentication-session notes have no atomic step). When the slots are
 * all taken, the sent code is dead, or the login can no longer try a postal code.
 */
final class CodeTries {

    private static final String SENT_CODE = "isoloir.codeTries.";
    private static final String POSTAL_LOGIN = "isoloir.postalTries.";
    /** Longer than any login lives (the realm's login lifespans are 30 minutes at most). */
    private static final Duration LOGIN_LIFESPAN = Duration.ofHours(12);
    /** A code's slots outlive it by this much, so that no node finds them freed while the code works. */
    private static final Duration MARGIN = Duration.ofMinutes(1);

    private final SingleUseObjectProvider store;
    private final String key;
    private final int max;
    private final Duration lifespan;

    private CodeTries(SingleUseObjectProvider store, String key, int max, Duration lifespan) {
        this.store = store;
        this.key = key;
        this.max = max;
        this.lifespan = lifespan;
    }

    /** The tries of this sent code. */
    static CodeTries ofSentCode(SingleUseObjectProvider store, CodeState code, int max, Instant now) {
        Duration left = Duration.between(now, code.expiresAt());
        return new CodeTries(
                store, SENT_CODE + code.id(), max, (left.isNegative() ? Duration.ZERO : left).plus(MARGIN));
    }

    /** The postal-code tries of this login (the browser tab's authentication session). */
    static CodeTries ofPostalLogin(SingleUseObjectProvider store, AuthenticationSessionModel login, int max) {
        return new CodeTries(
                store, POSTAL_LOGIN + login.getParentSession().getId() + "." + login.getTabId(), max, LOGIN_LIFESPAN);
    }

    /** Takes a try; empty when all are spent. */
    Optional<String> take() {
        return Slots.take(store, key, max, lifespan);
    }

    /** Gives back a try taken but not used for a comparison. */
    void giveBack(String slot) {
        store.remove(slot);
    }

    /** Whether every try is spent (asked after a wrong one, to say so at once; and before a new code). */
    boolean spent() {
        return Slots.lastTaken(store, key, max);
    }
}
