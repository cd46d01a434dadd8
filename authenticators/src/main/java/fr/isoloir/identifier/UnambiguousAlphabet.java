package fr.isoloir.identifier;

import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Objects;

/**
 * The 31 symbols voters copy from a letter, an email or an SMS: digits 2-9 and the capital letters
 * without I, L and O. The look-alikes 0/O and 1/I/L are all left out, so whatever a voter reads,
 * there is never a second symbol it could be confused with.
 *
 * <p>This is the one place the alphabet and the forgiving reading of typed symbols live: voter
 * identifiers ({@link VoterIdentifier}) and postal connection codes ({@code fr.isoloir.postal.PostalCode})
 * both use it.
 *
 * <p>31 is prime, which is what makes the identifier's check symbol catch every single substitution
 * and every transposition (see {@link VoterIdentifier}).
 */
public final class UnambiguousAlphabet {

    /** The symbols in value order: symbol {@code i} has value {@code i}. */
    public static final String SYMBOLS = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    /** Number of symbols: 31, a prime. */
    public static final int SIZE = SYMBOLS.length();

    /** The symbols voters confuse with each other; none of them is in the alphabet. */
    public static final String LOOK_ALIKES = "0O1IL";

    /**
     * Longest input we look at, in UTF-16 units. Far above any real typing of a 12-symbol value with
     * separators, and small enough that a hostile 1 MB form field costs nothing: it is refused before
     * normalisation or any other per-character work.
     */
    public static final int MAX_TYPED_LENGTH = 64;

    /** Value of each ASCII character, -1 when not a symbol. Filled once, never written again. */
    private static final byte[] VALUES = new byte[128];

    static {
        Arrays.fill(VALUES, (byte) -1);
        for (int i = 0; i < SIZE; i++) {
            char upper = SYMBOLS.charAt(i);
            VALUES[upper] = (byte) i;
            VALUES[Character.toLowerCase(upper)] = (byte) i;
        }
    }

    private UnambiguousAlphabet() {}

    /** The symbol with the given value, 0..30. */
    public static char symbol(int value) {
        Objects.checkIndex(value, SIZE);
        return SYMBOLS.charAt(value);
    }

    /** The value of a symbol in either case, or -1 when it is not one. */
    public static int valueOf(int codePoint) {
        return codePoint >= 0 && codePoint < VALUES.length ? VALUES[codePoint] : -1;
    }

    /**
     * {@code count} symbols drawn independently and uniformly. {@link SecureRandom#nextInt(int)} draws
     * by rejection, so there is no modulo bias toward the first symbols.
     */
    public static String randomSymbols(SecureRandom random, int count) {
        Objects.requireNonNull(random, "random");
        StringBuilder symbols = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            symbols.append(SYMBOLS.charAt(random.nextInt(SIZE)));
        }
        return symbols.toString();
    }

    /** {@code symbols} cut into groups of {@code groupSize} joined by dashes: {@code K7MQ-4XPR-2H9W}. */
    public static String group(String symbols, int groupSize) {
        StringBuilder grouped = new StringBuilder(symbols.length() + symbols.length() / groupSize);
        for (int i = 0; i < symbols.length(); i++) {
            if (i > 0 && i % groupSize == 0) {
                grouped.append('-');
            }
            grouped.append(symbols.charAt(i));
        }
        return grouped.toString();
    }

    /**
     * Reads what a voter typed or pasted, forgivingly: case does not matter; spaces of every kind
     * (including non-breaking and narrow no-break ones), dashes of every kind, dots, underscores,
     * quotes, brackets and other punctuation, and invisible format characters are skipped; fullwidth
     * and other compatibility forms are folded by NFKC. Anything else that is not a symbol is reported.
     *
     * @param typed          what was typed, possibly null
     * @param expectedLength how many symbols a complete value has
     */
    public static Reading read(String typed, int expectedLength) {
        if (typed == null) {
            return new Reading(Outcome.EMPTY, "", null);
        }
        if (typed.length() > MAX_TYPED_LENGTH) {
            return new Reading(Outcome.TOO_LONG, "", null);
        }
        String folded = Normalizer.normalize(typed, Normalizer.Form.NFKC);
        StringBuilder symbols = new StringBuilder(expectedLength);
        String firstInvalid = null;
        for (int i = 0; i < folded.length(); ) {
            int codePoint = folded.codePointAt(i);
            i += Character.charCount(codePoint);
            int value = valueOf(codePoint);
            if (value >= 0) {
                symbols.append(SYMBOLS.charAt(value));
            } else if (!isSeparator(codePoint) && firstInvalid == null) {
                firstInvalid = printable(codePoint);
            }
        }
        // A wrong character is the most useful thing to point at, even when the count is off too:
        // "there is no letter O" explains a short identifier better than "too short".
        if (firstInvalid != null) {
            return new Reading(Outcome.INVALID_CHARACTER, symbols.toString(), firstInvalid);
        }
        if (symbols.isEmpty()) {
            return new Reading(Outcome.EMPTY, "", null);
        }
        if (symbols.length() < expectedLength) {
            return new Reading(Outcome.TOO_SHORT, symbols.toString(), null);
        }
        if (symbols.length() > expectedLength) {
            return new Reading(Outcome.TOO_LONG, symbols.toString(), null);
        }
        return new Reading(Outcome.COMPLETE, symbols.toString(), null);
    }

    /** Whether the character is one of the look-alikes 0, O, 1, I, L (either case) left out of the alphabet. */
    public static boolean isLookAlike(String character) {
        return character != null
                && character.codePointCount(0, character.length()) == 1
                && LOOK_ALIKES.indexOf(Character.toUpperCase(character.codePointAt(0))) >= 0;
    }

    /** Characters that people and mail clients put between groups, which carry no meaning. */
    private static boolean isSeparator(int codePoint) {
        if (Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)) {
            return true;
        }
        return switch (Character.getType(codePoint)) {
            case Character.DASH_PUNCTUATION,
                    Character.CONNECTOR_PUNCTUATION,
                    Character.OTHER_PUNCTUATION,
                    Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION,
                    Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION,
                    // zero-width spaces, soft hyphens and byte-order marks that copy-paste brings along
                    Character.FORMAT -> true;
            // the minus sign is a math symbol, but it is what some fonts and keyboards give for a dash
            default -> codePoint == '\u2212';
        };
    }

    /** The character as a page can show it; invisible ones as U+XXXX. */
    private static String printable(int codePoint) {
        int type = Character.getType(codePoint);
        if (type == Character.CONTROL
                || type == Character.UNASSIGNED
                || type == Character.PRIVATE_USE
                || type == Character.SURROGATE
                || type == Character.NON_SPACING_MARK
                || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK) {
            return String.format("U+%04X", codePoint);
        }
        return new String(Character.toChars(codePoint));
    }

    /** How a reading ended. */
    public enum Outcome {
        /** Nothing but separators, or nothing at all. */
        EMPTY,
        /** Fewer symbols than a complete value. */
        TOO_SHORT,
        /** More symbols than a complete value, or an input beyond {@link #MAX_TYPED_LENGTH}. */
        TOO_LONG,
        /** A character that is neither a symbol nor a separator; see {@link Reading#invalidCharacter()}. */
        INVALID_CHARACTER,
        /** Exactly the expected number of symbols. */
        COMPLETE
    }

    /**
     * The result of {@link #read}.
     *
     * @param outcome          how the reading ended
     * @param symbols          the symbols found, upper case, separators removed (complete only when
     *                         {@code outcome} is {@link Outcome#COMPLETE})
     * @param invalidCharacter the first character that is not allowed, for {@link Outcome#INVALID_CHARACTER}; else null
     */
    public record Reading(Outcome outcome, String symbols, String invalidCharacter) {
        public Reading {
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(symbols, "symbols");
        }

        /** Without the symbols: a postal code is a secret and must not reach a log through this. */
        @Override
        public String toString() {
            return "Reading[" + outcome + ", " + symbols.length() + " symbols"
                    + (invalidCharacter == null ? "" : ", invalid " + invalidCharacter) + "]";
        }
    }
}
