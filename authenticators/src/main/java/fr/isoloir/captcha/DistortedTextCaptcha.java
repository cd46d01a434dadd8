package fr.isoloir.captcha;

import fr.isoloir.identifier.UnambiguousAlphabet;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The built-in captcha: a distorted-text image drawn on the server from glyph outlines of our own
 * ({@link StrokeFont}, no font needed), 5 symbols of the identifiers' unambiguous alphabet (no O/0 or
 * I/L/1 to confuse). It carries no answer in the page: its non-visual path is the proof-of-work that
 * the voter's browser solves ({@link AntiRobotCheck}), not a question a script could read.
 *
 * <p>State, in authentication-session notes: a random salt and the salted SHA-256 of the text. The text
 * itself is never stored, logged or put in the page. Stateless.
 */
public final class DistortedTextCaptcha implements CaptchaProvider {

    public static final int LENGTH = 5;
    static final String IMAGE_HASH = "isoloir.captcha.imageHash";
    static final String SALT = "isoloir.captcha.salt";
    private static final List<String> NOTES = List.of(IMAGE_HASH, SALT);
    /** Longest answer looked at: anything longer is wrong. */
    private static final int MAX_ANSWER = 32;

    /** Thread-safe, and holds no voter state: safe to share. */
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Page attribute: the image as a data: URI. */
    public static final String IMAGE = "captchaImage";

    @Override
    public Map<String, Object> issue(CaptchaNotes notes) {
        return issue(notes, UnambiguousAlphabet.randomSymbols(RANDOM, LENGTH));
    }

    /** Issues this text (the unit tests need to know it). */
    Map<String, Object> issue(CaptchaNotes notes, String text) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        String saltText = Base64.getEncoder().encodeToString(salt);
        notes.set(SALT, saltText);
        notes.set(IMAGE_HASH, hash(saltText, text));
        return Map.of(IMAGE, CaptchaImage.dataUri(text, RANDOM));
    }

    @Override
    public Answer check(CaptchaNotes notes, String typed) {
        String salt = notes.get(SALT);
        String imageHash = notes.get(IMAGE_HASH);
        NOTES.forEach(notes::remove);
        if (typed == null || typed.isBlank()) {
            return Answer.EMPTY;
        }
        if (salt == null || imageHash == null) {
            return Answer.NOT_ISSUED;
        }
        String normalised = normalise(typed);
        if (normalised.length() > MAX_ANSWER) {
            return Answer.WRONG;
        }
        return MessageDigest.isEqual(
                        hash(salt, normalised).getBytes(StandardCharsets.US_ASCII),
                        imageHash.getBytes(StandardCharsets.US_ASCII))
                ? Answer.RIGHT
                : Answer.WRONG;
    }

    /** Case, spaces and dashes do not count. */
    static String normalise(String answer) {
        return answer.replaceAll("[\\s\\-]", "").toUpperCase(Locale.ROOT);
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
}
