package fr.isoloir.passphrase;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a voter's chosen passphrase must satisfy (SEC-D1 to D5): a length, and not being guessable
 * for a trivial reason. Deliberately no composition rules (no "one digit, one capital": SEC-D3).
 *
 * <p>Length is counted in Unicode code points after NFC normalisation, as SEC-D1 says: {@code é} is
 * one whether typed precomposed or as {@code e} + combining accent, and an emoji such as 🌞 is one
 * (two UTF-16 units, one code point). Emoji built from several code points count each of them:
 * the family 👨‍👩‍👧 is five (three people joined by two zero-width joiners), ❤️ is two (heart and
 * variation selector). That is the count a page gets in JavaScript with
 * {@code [...value.normalize("NFC")].length}, so the on-screen counter (SEC-D8) can agree with it.
 *
 * <p>Immutable and thread-safe; build one from the realm's policy and share it.
 */
public final class PassphraseRules {

    /** Shortest passphrase by default (SEC-D1). */
    public static final int DEFAULT_MIN_LENGTH = 20;

    /** Longest passphrase by default (SEC-D2: at least 128 accepted). */
    public static final int DEFAULT_MAX_LENGTH = 128;

    /** Fewer different characters than this is "one or two keys held down", whatever the length. */
    static final int MIN_DISTINCT_CODE_POINTS = 6;

    /**
     * Share of steps between neighbouring characters that are "same, next or previous" (a→a, a→b,
     * 3→2, 9→0) above which a phrase is a run like {@code abcdefgh…} or {@code 1234567890…}. Words
     * in any language are far below: their neighbouring letters are rarely next to each other in
     * the alphabet.
     */
    static final double SEQUENTIAL_SHARE_LIMIT = 0.8;

    /**
     * Inputs longer than this many UTF-16 units, times the maximum, are refused as too long before
     * being normalised: NFC joins at most a few units into one code point (Hangul syllables: three),
     * so nothing that long can fit, and a hostile megabyte costs nothing.
     */
    private static final int UNITS_PER_CODE_POINT_BOUND = 8;

    private final int minLength;
    private final int maxLength;
    private final PassphraseBlocklist blocklist;

    /**
     * @param minLength shortest accepted, in code points (the realm policy; 20 by default)
     * @param maxLength longest accepted, in code points (128 by default)
     * @param blocklist phrases refused
     */
    public PassphraseRules(int minLength, int maxLength, PassphraseBlocklist blocklist) {
        if (minLength < 1 || maxLength < minLength) {
            throw new IllegalArgumentException("need 1 <= minLength <= maxLength, got " + minLength + ", " + maxLength);
        }
        this.minLength = minLength;
        this.maxLength = maxLength;
        this.blocklist = Objects.requireNonNull(blocklist, "blocklist");
    }

    /** 20 to 128 code points, the bundled blocklist. */
    public static PassphraseRules defaults() {
        return new PassphraseRules(DEFAULT_MIN_LENGTH, DEFAULT_MAX_LENGTH, PassphraseBlocklist.bundled());
    }

    /**
     * The form a passphrase is checked, hashed and verified in: NFC (SEC-D4). Use it both when the
     * passphrase is set and when it is typed at login, or a voter whose keyboard composes accents
     * differently would be locked out. Nothing else changes: no trimming, no case folding, no truncation.
     */
    public static String normalise(String passphrase) {
        return Normalizer.normalize(Objects.requireNonNull(passphrase, "passphrase"), Normalizer.Form.NFC);
    }

    /** The length as the rules count it: code points after {@link #normalise}. */
    public static int length(String passphrase) {
        String normalised = normalise(passphrase);
        return normalised.codePointCount(0, normalised.length());
    }

    public int minLength() {
        return minLength;
    }

    public int maxLength() {
        return maxLength;
    }

    /**
     * Everything wrong with a chosen passphrase; empty when it is accepted.
     *
     * @param passphrase the passphrase as typed (null counts as empty)
     * @param identifier the voter's identifier in any form (username {@code k7mq4xpr2h9w}, displayed
     *                   {@code K7MQ-4XPR-2H9W}); null when unknown
     */
    public List<PassphraseProblem> check(String passphrase, String identifier) {
        String typed = passphrase == null ? "" : passphrase;
        if ((long) typed.length() > (long) maxLength * UNITS_PER_CODE_POINT_BOUND) {
            return List.of(PassphraseProblem.of(
                    PassphraseProblem.Reason.TOO_LONG, maxLength, typed.codePointCount(0, typed.length())));
        }
        String normalised = normalise(typed);
        int length = normalised.codePointCount(0, normalised.length());
        List<PassphraseProblem> problems = new ArrayList<>();
        if (length < minLength) {
            problems.add(PassphraseProblem.of(PassphraseProblem.Reason.TOO_SHORT, minLength, length));
        }
        if (length > maxLength) {
            problems.add(PassphraseProblem.of(PassphraseProblem.Reason.TOO_LONG, maxLength, length));
        }
        if (length == 0) {
            return List.copyOf(problems);
        }
        if (containsIdentifier(normalised, identifier)) {
            problems.add(PassphraseProblem.of(PassphraseProblem.Reason.CONTAINS_IDENTIFIER));
        }
        if (blocklist.contains(normalised)) {
            problems.add(PassphraseProblem.of(PassphraseProblem.Reason.BLOCKLISTED));
        } else if (isRepetitive(normalised)) {
            // Blocklisted already says all there is to say; both would only confuse.
            problems.add(PassphraseProblem.of(PassphraseProblem.Reason.REPETITIVE));
        }
        return List.copyOf(problems);
    }

    /**
     * As {@link #check(String, String)}, and the confirmation field must hold the same passphrase
     * (compared after {@link #normalise}, as it will be at login).
     */
    public List<PassphraseProblem> check(String passphrase, String confirmation, String identifier) {
        List<PassphraseProblem> problems = new ArrayList<>(check(passphrase, identifier));
        String typed = passphrase == null ? "" : passphrase;
        String again = confirmation == null ? "" : confirmation;
        long bound = (long) maxLength * UNITS_PER_CODE_POINT_BOUND;
        // A hostile megabyte is compared as is rather than normalised: it is refused anyway.
        boolean same = typed.length() > bound || again.length() > bound
                ? typed.equals(again)
                : normalise(typed).equals(normalise(again));
        if (!same) {
            problems.add(PassphraseProblem.of(PassphraseProblem.Reason.MISMATCH));
        }
        return List.copyOf(problems);
    }

    /** Identifiers are letters and digits only, so both sides are compared as letters and digits only. */
    static boolean containsIdentifier(String passphrase, String identifier) {
        if (identifier == null) {
            return false;
        }
        String wanted = Folding.lettersAndDigits(identifier);
        return !wanted.isEmpty() && Folding.lettersAndDigits(passphrase).contains(wanted);
    }

    /**
     * One character or a handful of them ({@code "aaaa…"}, {@code "ab ab ab …"}), one part said again
     * and again ({@code "abcabcabc…"}, {@code "1234567890123456789012"}), or a run along the alphabet or
     * the digits ({@code "abcdefghijklmnopqrstu"}).
     */
    static boolean isRepetitive(String normalised) {
        long distinct =
                normalised.toLowerCase(Locale.ROOT).codePoints().distinct().count();
        if (distinct < MIN_DISTINCT_CODE_POINTS) {
            return true;
        }
        int[] meaning = Folding.meaning(normalised).codePoints().toArray();
        return isPeriodic(meaning) || isSequential(meaning);
    }

    /**
     * Whether the whole text is one part repeated at least twice (a partial last copy allowed):
     * its shortest period p, from the Knuth-Morris-Pratt failure function, satisfies 2p ≤ length.
     */
    static boolean isPeriodic(int[] text) {
        int n = text.length;
        if (n < 2) {
            return false;
        }
        int[] border = new int[n];
        for (int i = 1, k = 0; i < n; i++) {
            while (k > 0 && text[i] != text[k]) {
                k = border[k - 1];
            }
            if (text[i] == text[k]) {
                k++;
            }
            border[i] = k;
        }
        int period = n - border[n - 1];
        return 2 * period <= n;
    }

    /** Whether most steps between neighbours are "same, next or previous", digits wrapping 9↔0. */
    static boolean isSequential(int[] text) {
        if (text.length < 2) {
            return false;
        }
        int sequentialSteps = 0;
        for (int i = 1; i < text.length; i++) {
            int step = text[i] - text[i - 1];
            boolean digits = isAsciiDigit(text[i]) && isAsciiDigit(text[i - 1]);
            if (Math.abs(step) <= 1 || digits && Math.abs(step) == 9) {
                sequentialSteps++;
            }
        }
        return sequentialSteps >= SEQUENTIAL_SHARE_LIMIT * (text.length - 1);
    }

    private static boolean isAsciiDigit(int codePoint) {
        return codePoint >= '0' && codePoint <= '9';
    }
}
