package fr.isoloir.captcha;

import fr.isoloir.identifier.UnambiguousAlphabet;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The built-in captcha: a distorted-text image drawn on the server (5 symbols of the identifiers'
 * unambiguous alphabet, no O/0 or I/L/1 to confuse), and, as its non-visual alternative (SEC-E7,
 * RGAA 1.4/1.5), a sum of two numbers written in words ("sept plus deux") that a screen reader reads
 * out and a voter answers in digits. Either answer passes.
 *
 * <p>Why a text question rather than an audio captcha: it works with every screen reader and braille
 * display, without sound, headphones or a plug-in, in the voter's language, and needs no audio
 * synthesis on the server. Its weakness is that a script written for this page can answer it; the
 * captcha is one layer, and the lost-identifier step does not rely on it: it sends only to contacts
 * already on a voter's record (SEC-E3), with per-contact, per-IP and SMS budgets (SEC-E4). The page
 * also names the human fallback: the election manager.
 *
 * <p>State, in authentication-session notes: a random salt, the salted SHA-256 of each answer and the
 * issue time. The answers themselves are never stored, logged or put in the page. Stateless.
 */
public final class DistortedTextCaptcha implements CaptchaProvider {

    public static final int LENGTH = 5;
    static final String IMAGE_HASH = "isoloir.captcha.imageHash";
    static final String QUESTION_HASH = "isoloir.captcha.questionHash";
    static final String SALT = "isoloir.captcha.salt";
    static final String ISSUED_AT = "isoloir.captcha.issuedAt";
    private static final List<String> NOTES = List.of(IMAGE_HASH, QUESTION_HASH, SALT, ISSUED_AT);
    /** Longest answer looked at: anything longer is wrong. */
    private static final int MAX_ANSWER = 32;

    /** Thread-safe, and holds no voter state: safe to share. */
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Page attributes. */
    public static final String IMAGE = "captchaImage";
    public static final String TERM_A = "captchaTermA";
    public static final String TERM_B = "captchaTermB";

    @Override
    public Map<String, Object> issue(CaptchaNotes notes, Instant now) {
        Challenge challenge = Challenge.random(RANDOM);
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        String saltText = Base64.getEncoder().encodeToString(salt);
        notes.set(SALT, saltText);
        notes.set(IMAGE_HASH, hash(saltText, challenge.text()));
        notes.set(QUESTION_HASH, hash(saltText, Integer.toString(challenge.termA() + challenge.termB())));
        notes.set(ISSUED_AT, Long.toString(now.toEpochMilli()));
        return Map.of(IMAGE, CaptchaImage.dataUri(challenge.text(), RANDOM),
                TERM_A, challenge.termA(), TERM_B, challenge.termB());
    }

    @Override
    public Verdict verify(CaptchaNotes notes, String answer, Instant now, Duration validity) {
        String salt = notes.get(SALT);
        String imageHash = notes.get(IMAGE_HASH);
        String questionHash = notes.get(QUESTION_HASH);
        String issuedAt = notes.get(ISSUED_AT);
        NOTES.forEach(notes::remove);
        if (answer == null || answer.isBlank()) {
            return Verdict.EMPTY;
        }
        if (salt == null || imageHash == null || questionHash == null || issuedAt == null) {
            return Verdict.USED;
        }
        if (isExpired(issuedAt, now, validity)) {
            return Verdict.EXPIRED;
        }
        String typed = normalise(answer);
        if (typed.length() > MAX_ANSWER) {
            return Verdict.WRONG;
        }
        String typedHash = hash(salt, typed);
        // Both comparisons always run: constant time, whichever answer was given.
        boolean image = constantTimeEquals(typedHash, imageHash);
        boolean question = constantTimeEquals(typedHash, questionHash);
        return image | question ? Verdict.PASSED : Verdict.WRONG;
    }

    /** Case, spaces and dashes do not count. */
    static String normalise(String answer) {
        return answer.replaceAll("[\\s\\-]", "").toUpperCase(Locale.ROOT);
    }

    private static boolean isExpired(String issuedAt, Instant now, Duration validity) {
        try {
            return now.isAfter(Instant.ofEpochMilli(Long.parseLong(issuedAt)).plus(validity));
        } catch (NumberFormatException damaged) {
            return true;
        }
    }

    private static String hash(String salt, String answer) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(salt.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) ':');
            return HexFormat.of().formatHex(digest.digest(normalise(answer).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }

    /** A challenge before it is hashed: the image text and the two terms of the spoken sum. */
    record Challenge(String text, int termA, int termB) {
        static Challenge random(SecureRandom random) {
            StringBuilder text = new StringBuilder(LENGTH);
            for (int i = 0; i < LENGTH; i++) {
                text.append(UnambiguousAlphabet.symbol(random.nextInt(UnambiguousAlphabet.SIZE)));
            }
            return new Challenge(text.toString(), 1 + random.nextInt(9), 1 + random.nextInt(9));
        }
    }
}
