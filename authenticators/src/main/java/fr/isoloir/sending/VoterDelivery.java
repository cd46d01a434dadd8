package fr.isoloir.sending;

import org.keycloak.models.UserModel;

import java.time.Instant;
import java.util.Locale;

/**
 * A voter's identifier delivery, in three user attributes declared admin-view-only in the realm's
 * user profile (the names are shared with the other election pages, see docs/election.md).
 *
 * <p>Why no voter gets two messages: a voter is marked {@code sending} in a committed transaction
 * before the provider is called, and {@code sent} or {@code failed} in another one after it answers.
 * The worker only sends to {@code pending} voters, so a voter left in {@code sending} (the server
 * stopped during the call, or the provider timed out) is never sent again by itself: the provider may
 * have delivered it. Such a voter is reported as uncertain and sent again only if the manager asks.
 */
public final class VoterDelivery {

    public static final String STATUS = "identifierDelivery";
    public static final String AT = "identifierDeliveryAt";
    public static final String ERROR = "identifierDeliveryError";

    /** The values of {@value #STATUS}. */
    public enum Status {
        PENDING,
        SENDING,
        SENT,
        FAILED;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Status of(String value) {
            for (Status status : values()) {
                if (status.value().equals(value)) {
                    return status;
                }
            }
            return null;
        }
    }

    /** Longest reason kept: a code and the provider's status, never the message nor a secret. */
    static final int MAX_ERROR = 120;

    private VoterDelivery() {}

    /** The voter's status, or null when nothing was ever sent to them by a job. */
    static Status status(UserModel user) {
        return Status.of(user.getFirstAttribute(STATUS));
    }

    static void mark(UserModel user, Status status, Instant at, String error) {
        user.setSingleAttribute(STATUS, status.value());
        user.setSingleAttribute(AT, at.toString());
        if (error == null) {
            user.removeAttribute(ERROR);
        } else {
            user.setSingleAttribute(ERROR, error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error);
        }
    }

    /** Queued for the worker; the time and error of an earlier attempt are kept until the next one. */
    static void markPending(UserModel user) {
        user.setSingleAttribute(STATUS, Status.PENDING.value());
    }
}
