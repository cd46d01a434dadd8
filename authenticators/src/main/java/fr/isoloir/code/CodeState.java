package fr.isoloir.code;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The pending connection code of one login, as kept in the authentication-session notes (server
 * side, bound to the login that asked for it: SEC-B3). There is one slot: issuing a new code
 * overwrites the notes, so the earlier code stops working (SEC-B4).
 *
 * <p>Times are whole epoch seconds, as stored. Immutable: a wrong attempt gives a new state to store.
 *
 * @param hash          the salted hash of the code (never the code)
 * @param sentAt        when the code was sent, for "a code was sent at …" and resend throttling
 * @param expiresAt     when the code stops working
 * @param wrongAttempts wrong codes typed so far for this code
 */
public record CodeState(CodeHash hash, Instant sentAt, Instant expiresAt, int wrongAttempts) {

    /** Longest validity allowed (SEC-B2). */
    public static final Duration MAX_VALIDITY = Duration.ofMinutes(10);

    /** Wrong attempts after which a code is dead (SEC-B5). */
    public static final int DEFAULT_MAX_WRONG_ATTEMPTS = 5;

    /** Note holding {@link CodeHash#encodedHash()}. */
    public static final String NOTE_HASH = "isoloir.code.hash";
    /** Note holding {@link CodeHash#encodedSalt()}. */
    public static final String NOTE_SALT = "isoloir.code.salt";
    /** Note holding the expiry, epoch seconds. */
    public static final String NOTE_EXPIRES_AT = "isoloir.code.expiresAt";
    /** Note holding the number of wrong attempts. */
    public static final String NOTE_WRONG_ATTEMPTS = "isoloir.code.wrongAttempts";
    /** Note holding the sending time, epoch seconds. */
    public static final String NOTE_SENT_AT = "isoloir.code.sentAt";

    /** Every note this state uses, to remove them all once the code is used or dead. */
    public static final List<String> NOTE_KEYS =
            List.of(NOTE_HASH, NOTE_SALT, NOTE_EXPIRES_AT, NOTE_WRONG_ATTEMPTS, NOTE_SENT_AT);

    public CodeState {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(sentAt, "sentAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        // Whole seconds, so that a state equals its round trip through the notes.
        sentAt = Instant.ofEpochSecond(sentAt.getEpochSecond());
        expiresAt = Instant.ofEpochSecond(expiresAt.getEpochSecond());
        if (wrongAttempts < 0) {
            throw new IllegalArgumentException("wrongAttempts < 0");
        }
    }

    /**
     * The state of a code just sent.
     *
     * @param validity how long it works, at most {@link #MAX_VALIDITY}
     */
    public static CodeState issue(ConnectionCode code, Instant now, Duration validity, SecureRandom random) {
        Objects.requireNonNull(validity, "validity");
        if (validity.isNegative() || validity.isZero() || validity.compareTo(MAX_VALIDITY) > 0) {
            throw new IllegalArgumentException("a code is valid for more than 0 and at most 10 minutes");
        }
        return new CodeState(CodeHash.of(code, random), now, now.plus(validity), 0);
    }

    /** Whether the code no longer works at {@code now} (it works until, not including, {@link #expiresAt()}). */
    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** Whether {@code maxWrongAttempts} wrong codes have been typed: the code is dead. */
    public boolean isExhausted(int maxWrongAttempts) {
        return wrongAttempts >= maxWrongAttempts;
    }

    /**
     * Whether the typed text is the code, after {@link ConnectionCode#normalise}. Says nothing about
     * expiry or attempts: the caller checks those first, so a dead code is refused even when right.
     */
    public boolean matches(String typed) {
        return ConnectionCode.normalise(typed).map(hash::matches).orElse(false);
    }

    /** The state after one more wrong code. */
    public CodeState withWrongAttempt() {
        return new CodeState(hash, sentAt, expiresAt, wrongAttempts + 1);
    }

    /** The notes to set on the authentication session. */
    public Map<String, String> toNotes() {
        return Map.of(
                NOTE_HASH, hash.encodedHash(),
                NOTE_SALT, hash.encodedSalt(),
                NOTE_EXPIRES_AT, Long.toString(expiresAt.getEpochSecond()),
                NOTE_WRONG_ATTEMPTS, Integer.toString(wrongAttempts),
                NOTE_SENT_AT, Long.toString(sentAt.getEpochSecond()));
    }

    /** The state in {@code notes}; empty when there is none or it is damaged (then no code works). */
    public static Optional<CodeState> fromNotes(Map<String, String> notes) {
        return fromNotes(notes::get);
    }

    /**
     * The state read note by note, for example with {@code authSession::getAuthNote} (Keycloak has no
     * map of auth notes). Empty when any note is missing or damaged.
     */
    public static Optional<CodeState> fromNotes(Function<String, String> note) {
        try {
            String hash = note.apply(NOTE_HASH);
            String salt = note.apply(NOTE_SALT);
            String expiresAt = note.apply(NOTE_EXPIRES_AT);
            String wrongAttempts = note.apply(NOTE_WRONG_ATTEMPTS);
            String sentAt = note.apply(NOTE_SENT_AT);
            if (hash == null || salt == null || expiresAt == null || wrongAttempts == null || sentAt == null) {
                return Optional.empty();
            }
            return Optional.of(new CodeState(
                    CodeHash.decode(salt, hash),
                    Instant.ofEpochSecond(Long.parseLong(sentAt)),
                    Instant.ofEpochSecond(Long.parseLong(expiresAt)),
                    Integer.parseInt(wrongAttempts)));
        } catch (RuntimeException damaged) {
            // Unparsable notes cannot come from us: treat them as no code at all rather than fail the login.
            return Optional.empty();
        }
    }

    /** No hash, no salt: only what is safe in a log. */
    @Override
    public String toString() {
        return "CodeState[sentAt=" + sentAt + ", expiresAt=" + expiresAt + ", wrongAttempts=" + wrongAttempts + "]";
    }
}
