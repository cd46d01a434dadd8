package fr.isoloir.code;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;

/**
 * A one-time connection code sent by email or SMS (SEC-B1): 6 to 10 decimal digits, each drawn
 * independently from a {@link SecureRandom}.
 *
 * <p>A secret: {@link #toString()} never shows it. Only {@link #digits()} gives it out, to put it in
 * the message; what the server keeps is a {@link CodeHash}.
 */
public final class ConnectionCode {

    /** Digits in a code unless the realm says otherwise. */
    public static final int DEFAULT_DIGITS = 6;

    /** Fewest digits allowed (SEC-B1). */
    public static final int MIN_DIGITS = 6;

    /** Most digits allowed: more would only make typing from a phone harder. */
    public static final int MAX_DIGITS = 10;

    /** Longest typed input looked at: a code with generous spacing fits many times over. */
    public static final int MAX_TYPED_LENGTH = 64;

    /** Message key for a typed code that is not made of digits (or is empty). */
    public static final String MESSAGE_INVALID_FORMAT = "codeInvalidFormat";

    private final String digits;

    private ConnectionCode(String digits) {
        this.digits = digits;
    }

    /** A new code of {@link #DEFAULT_DIGITS} digits. */
    public static ConnectionCode generate(SecureRandom random) {
        return generate(random, DEFAULT_DIGITS);
    }

    /**
     * A new code of {@code length} digits, {@value #MIN_DIGITS} to {@value #MAX_DIGITS}. Drawn digit by
     * digit with {@code nextInt(10)}, which rejects out-of-range draws: every code, leading zeros
     * included, is equally likely (no modulo bias, no missing {@code 0…} codes).
     */
    public static ConnectionCode generate(SecureRandom random, int length) {
        Objects.requireNonNull(random, "random");
        if (length < MIN_DIGITS || length > MAX_DIGITS) {
            throw new IllegalArgumentException(
                    "a connection code has " + MIN_DIGITS + " to " + MAX_DIGITS + " digits, not " + length);
        }
        char[] digits = new char[length];
        for (int i = 0; i < length; i++) {
            digits[i] = (char) ('0' + random.nextInt(10));
        }
        return new ConnectionCode(new String(digits));
    }

    /**
     * The ASCII digits of what a voter typed or pasted: spaces (including non-breaking ones), dashes
     * and invisible format characters are skipped; digits of any script (Arabic-Indic, fullwidth, …)
     * become ASCII digits, since phones in other locales type them. Empty when nothing is left, or when
     * any other character is present: the page then asks for the digits again ({@link #MESSAGE_INVALID_FORMAT}).
     * The length is not checked here: a code of the wrong length is simply a wrong code.
     */
    public static Optional<String> normalise(String typed) {
        if (typed == null || typed.length() > MAX_TYPED_LENGTH) {
            return Optional.empty();
        }
        StringBuilder digits = new StringBuilder(MAX_DIGITS);
        for (int i = 0; i < typed.length(); ) {
            int codePoint = typed.codePointAt(i);
            i += Character.charCount(codePoint);
            if (Character.getType(codePoint) == Character.DECIMAL_DIGIT_NUMBER) {
                digits.append((char) ('0' + Character.digit(codePoint, 10)));
            } else if (!isSeparator(codePoint)) {
                return Optional.empty();
            }
        }
        return digits.isEmpty() ? Optional.empty() : Optional.of(digits.toString());
    }

    private static boolean isSeparator(int codePoint) {
        return Character.isWhitespace(codePoint)
                || Character.isSpaceChar(codePoint)
                || Character.getType(codePoint) == Character.DASH_PUNCTUATION
                || Character.getType(codePoint) == Character.FORMAT
                || codePoint == '\u2212'; // minus sign, which some keyboards give for a dash
    }

    /** The digits, to put in the email or SMS. Nowhere else: not in logs, events or URLs (SEC-B7). */
    public String digits() {
        return digits;
    }

    /** How many digits the code has, for "type the N digits" on the page. */
    public int length() {
        return digits.length();
    }

    /** Never the code: this object can end up in a log line or an exception message. */
    @Override
    public String toString() {
        return "ConnectionCode[" + digits.length() + " digits, hidden]";
    }
}
