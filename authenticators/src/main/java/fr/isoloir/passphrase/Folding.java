package fr.isoloir.passphrase;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The loose forms passphrases are compared in. Package-private: only the rules and the blocklist need them.
 */
final class Folding {

    private Folding() {}

    /**
     * What a phrase "says", for comparison with the blocklist and for spotting repetition: compatibility
     * forms folded (NFKD), accents dropped, lower case, and only letters, digits and symbols (emoji
     * included) kept. Spaces and punctuation go entirely, which goes beyond collapsing spaces: "Vive
     * les élections du CSE !", "vive-les-elections-du-cse" and "VIVELESELECTIONSDUCSE" are one phrase.
     */
    static String meaning(String text) {
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD).toLowerCase(Locale.ROOT);
        StringBuilder kept = new StringBuilder(decomposed.length());
        decomposed.codePoints().filter(Folding::carriesMeaning).forEach(kept::appendCodePoint);
        return kept.toString();
    }

    /**
     * Letters and digits only, compatibility forms folded, lower case: the form an identifier is looked
     * for in, whatever separators surround or split it ({@code K7MQ-4XPR-2H9W}, {@code k7mq 4xpr 2h9w}).
     */
    static String lettersAndDigits(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder kept = new StringBuilder(folded.length());
        folded.codePoints().filter(Character::isLetterOrDigit).forEach(kept::appendCodePoint);
        return kept.toString();
    }

    private static boolean carriesMeaning(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.UPPERCASE_LETTER,
                    Character.LOWERCASE_LETTER,
                    Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER,
                    Character.OTHER_LETTER,
                    Character.DECIMAL_DIGIT_NUMBER,
                    Character.LETTER_NUMBER,
                    Character.OTHER_NUMBER,
                    Character.MATH_SYMBOL,
                    Character.CURRENCY_SYMBOL,
                    Character.MODIFIER_SYMBOL,
                    Character.OTHER_SYMBOL -> true;
            default -> false; // spaces, punctuation, accents and other marks, joiners, controls
        };
    }
}
