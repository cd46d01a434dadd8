package fr.isoloir.code;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
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
 * <p>Times are whole epoch seconds, as stored. Immutable. Wrong entries are not counted here: notes are
 * read and written with no atomic step, so concurrent posts would each see the same count. They are
 * counted in {@code singleUseObjects()} slots named after {@link #id()} ({@link CodeTries}).
 *
 * @param hash      the salted hash of the code (never the code)
 * @param id        random, names this code's tries (a new code gets new tries)
 * @param sentAt    when the code was sent, for "a code was sent at …" and resend throttling
 * @param expiresAt when the code stops working
 */
public record CodeState(CodeHash hash, String id, Instant sentAt, Instant expiresAt) {

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
    /** Note holding {@link #id()}. */
    public static final String NOTE_ID = "isoloir.code.id";
    /** Note holding the sending time, epoch seconds. */
    public static final String NOTE_SENT_AT = "isoloir.code.sentAt";

    /** Every note this state uses, to remove them all once the code is used or dead. */
    public static final List<String> NOTE_KEYS = List.of(NOTE_HASH, NOTE_SALT, NOTE_EXPIRES_AT, NOTE_ID, NOTE_SENT_AT);

    public CodeState {
        Objects.requireNonNull(hash, "hash");
        if (id == null || !id.matches("[0-9a-f]{32}")) {
            throw new IllegalArgumentException("id is 32 lower-case hex digits");
        }
        Objects.requireNonNull(sentAt, "sentAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        // Whole seconds, so that a state equals its round trip through the notes.
        sentAt = Instant.ofEpochSecond(sentAt.getEpochSecond());
        expiresAt = Instant.ofEpochSecond(expiresAt.getEpochSecond());
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
        byte[] id = new byte[16];
        random.nextBytes(id);
        return new CodeState(CodeHash.of(code, random), HexFormat.of().formatHex(id), now, now.plus(validity));
    }

    /** Whether the code no longer works at {@code now} (it works until, not including, {@link #expiresAt()}). */
    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /**
     * Whether the typed text is the code, after {@link ConnectionCode#normalise}. Says nothing about
     * expiry or attempts: the caller checks those first, so a dead code is refused even when right.
     */
    public boolean matches(String typed) {
        return ConnectionCode.normalise(typed).map(hash::matches).orElse(false);
    }

    /** The notes to set on the authentication session. */
    public Map<String, String> toNotes() {
        return Map.of(
                NOTE_HASH, hash.encodedHash(),
                NOTE_SALT, hash.encodedSalt(),
                NOTE_EXPIRES_AT, Long.toString(expiresAt.getEpochSecond()),
                NOTE_ID, id,
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
            String id = note.apply(NOTE_ID);
            String sentAt = note.apply(NOTE_SENT_AT);
            if (hash == null || salt == null || expiresAt == null || id == null || sentAt == null) {
                return Optional.empty();
            }
            return Optional.of(new CodeState(
                    CodeHash.decode(salt, hash),
                    id,
                    Instant.ofEpochSecond(Long.parseLong(sentAt)),
                    Instant.ofEpochSecond(Long.parseLong(expiresAt))));
        } catch (RuntimeException damaged) {
            // Unparsable notes cannot come from us: treat them as no code at all rather than fail the login.
            return Optional.empty();
        }
    }

    /** No hash, no salt: only what is safe in a log. */
    @Override
    public String toString() {
        return "CodeState[id=" + id + ", sentAt=" + sentAt + ", expiresAt=" + expiresAt + "]";
    }
}
