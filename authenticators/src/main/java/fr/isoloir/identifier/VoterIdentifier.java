package fr.isoloir.identifier;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Objects;

/**
 * A voter's identifier: 11 random symbols of the {@link UnambiguousAlphabet} and one check symbol,
 * shown as {@code K7MQ-4XPR-2H9W}. Its canonical lower-case form is the voter's Keycloak username
 * (Keycloak lower-cases usernames, so that form is what the user store holds).
 *
 * <p>The check symbol is {@code (1·v1 + 2·v2 + … + 11·v11) mod 31}, where {@code vi} is the value of
 * the i-th symbol. Seen from the verifier, the whole identifier satisfies
 * {@code 1·v1 + … + 11·v11 − v12 ≡ 0 (mod 31)}: the positions carry the weights 1, 2, …, 11 and −1
 * (≡ 30), twelve distinct non-zero numbers modulo 31. Because 31 is prime, a non-zero weight times a
 * non-zero difference of values (at most 30 apart) is never a multiple of 31, so:
 * <ul>
 *   <li>changing any one symbol changes the sum: every single substitution is detected;</li>
 *   <li>swapping the symbols at positions i and j changes the sum by (wi − wj)(vi − vj), both
 *       factors non-zero modulo 31: every transposition, adjacent or not and including the check
 *       symbol, is detected.</li>
 * </ul>
 * A typo is thus reported as a typo ({@link IdentifierProblem#WRONG_CHECK}) before any lookup,
 * instead of landing on another voter's identifier or wasting a login attempt.
 *
 * <p>11 random symbols carry 11 × log2(31) ≈ 54.5 bits: identifiers are not guessable, although they
 * are not secrets either.
 */
public final class VoterIdentifier {

    /** Random symbols in an identifier. */
    public static final int RANDOM_SYMBOLS = 11;

    /** Symbols in an identifier, check symbol included. */
    public static final int LENGTH = RANDOM_SYMBOLS + 1;

    /** Symbols per group in the displayed form. */
    public static final int GROUP_SIZE = 4;

    /** The 12 symbols, upper case. */
    private final String symbols;

    private VoterIdentifier(String symbols) {
        this.symbols = symbols;
    }

    /** A new random identifier. */
    public static VoterIdentifier generate(SecureRandom random) {
        String body = UnambiguousAlphabet.randomSymbols(random, RANDOM_SYMBOLS);
        return new VoterIdentifier(body + UnambiguousAlphabet.symbol(checkValue(body)));
    }

    /** The identifier whose 11 random symbols are {@code randomSymbols} (of the alphabet), with its check symbol. */
    static VoterIdentifier of(String randomSymbols) {
        if (randomSymbols.length() != RANDOM_SYMBOLS) {
            throw new IllegalArgumentException("an identifier has " + RANDOM_SYMBOLS + " random symbols");
        }
        return new VoterIdentifier(randomSymbols + UnambiguousAlphabet.symbol(checkValue(randomSymbols)));
    }

    /**
     * Reads what a voter typed or pasted: case, spaces, dashes and other separators do not matter
     * (see {@link UnambiguousAlphabet#read}); the check symbol must match.
     */
    public static ParseResult parse(String typed) {
        UnambiguousAlphabet.Reading reading = UnambiguousAlphabet.read(typed, LENGTH);
        return switch (reading.outcome()) {
            case EMPTY -> new ParseResult.Invalid(IdentifierProblem.EMPTY, null);
            case TOO_SHORT -> new ParseResult.Invalid(IdentifierProblem.TOO_SHORT, null);
            case TOO_LONG -> new ParseResult.Invalid(IdentifierProblem.TOO_LONG, null);
            case INVALID_CHARACTER ->
                new ParseResult.Invalid(IdentifierProblem.INVALID_CHARACTER, reading.invalidCharacter());
            case COMPLETE -> {
                String found = reading.symbols();
                char check = UnambiguousAlphabet.symbol(checkValue(found.substring(0, RANDOM_SYMBOLS)));
                yield found.charAt(RANDOM_SYMBOLS) == check
                        ? new ParseResult.Valid(new VoterIdentifier(found))
                        : new ParseResult.Invalid(IdentifierProblem.WRONG_CHECK, null);
            }
        };
    }

    /** The weighted sum of the first 11 symbols modulo 31: the value of the check symbol. */
    static int checkValue(String randomSymbols) {
        int sum = 0;
        for (int i = 0; i < RANDOM_SYMBOLS; i++) {
            sum += (i + 1) * UnambiguousAlphabet.valueOf(randomSymbols.charAt(i));
        }
        return sum % UnambiguousAlphabet.SIZE;
    }

    /** The canonical form, lower case without separators ({@code k7mq4xpr2h9w}): the Keycloak username. */
    public String username() {
        return symbols.toLowerCase(Locale.ROOT);
    }

    /** The form printed and shown to voters: upper case in groups of four ({@code K7MQ-4XPR-2H9W}). */
    public String display() {
        return UnambiguousAlphabet.group(symbols, GROUP_SIZE);
    }

    /** The display form: an identifier is not a secret. */
    @Override
    public String toString() {
        return display();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VoterIdentifier identifier && symbols.equals(identifier.symbols);
    }

    @Override
    public int hashCode() {
        return Objects.hash(symbols);
    }
}
