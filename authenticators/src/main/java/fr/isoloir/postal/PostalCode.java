package fr.isoloir.postal;

import fr.isoloir.identifier.UnambiguousAlphabet;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * The connection code printed on a postal letter (SEC-C1): 10 symbols of the
 * {@link UnambiguousAlphabet}, shown as {@code K7MQ4-XPR2H}. 10 × log2(31) ≈ 49.5 bits, above the
 * 40 bits required; guessing is bounded by login throttling besides (SEC-C4).
 *
 * <p>No check symbol: unlike an identifier, a typo here simply makes a wrong code, and telling a
 * typo from a wrong guess would only help someone guessing.
 *
 * <p>A secret: {@link #toString()} never shows it. What gets stored is a hash of {@link #canonical()}
 * (Keycloak's password hashing, SEC-C2); the code itself only leaves through {@link #display()} when
 * the letters are produced.
 */
public final class PostalCode {

    /** Symbols in a code. */
    public static final int LENGTH = 10;

    /** Symbols per group in the printed form. */
    public static final int GROUP_SIZE = 5;

    /** The 10 symbols, upper case. */
    private final String symbols;

    private PostalCode(String symbols) {
        this.symbols = symbols;
    }

    /** A new random code. */
    public static PostalCode generate(SecureRandom random) {
        return new PostalCode(UnambiguousAlphabet.randomSymbols(random, LENGTH));
    }

    /** Reads a typed code as forgivingly as an identifier: case and separators do not matter. */
    public static PostalCodeParseResult parse(String typed) {
        UnambiguousAlphabet.Reading reading = UnambiguousAlphabet.read(typed, LENGTH);
        return switch (reading.outcome()) {
            case EMPTY -> new PostalCodeParseResult.Invalid(PostalCodeProblem.EMPTY, null);
            case TOO_SHORT -> new PostalCodeParseResult.Invalid(PostalCodeProblem.TOO_SHORT, null);
            case TOO_LONG -> new PostalCodeParseResult.Invalid(PostalCodeProblem.TOO_LONG, null);
            case INVALID_CHARACTER ->
                new PostalCodeParseResult.Invalid(PostalCodeProblem.INVALID_CHARACTER, reading.invalidCharacter());
            case COMPLETE -> new PostalCodeParseResult.Valid(new PostalCode(reading.symbols()));
        };
    }

    /** Upper case, no separators ({@code K7MQ4XPR2H}): the form to hash and to compare. */
    public String canonical() {
        return symbols;
    }

    /** The printed form, in two groups of five ({@code K7MQ4-XPR2H}). */
    public String display() {
        return UnambiguousAlphabet.group(symbols, GROUP_SIZE);
    }

    /** Never the code: this object can end up in a log line or an exception message. */
    @Override
    public String toString() {
        return "PostalCode[hidden]";
    }

    /** Constant time, as befits a secret. */
    @Override
    public boolean equals(Object other) {
        return other instanceof PostalCode code
                && MessageDigest.isEqual(
                        symbols.getBytes(StandardCharsets.US_ASCII), code.symbols.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public int hashCode() {
        return symbols.hashCode();
    }
}
