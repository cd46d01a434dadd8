package fr.isoloir.testsupport;

import java.security.SecureRandom;

/** Six-digit connection codes as a voter, or someone guessing, types them. */
public final class Codes {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Codes() {}

    /** Any six digits. */
    public static String random() {
        return String.format("%06d", RANDOM.nextInt(1_000_000));
    }

    /** Six digits that are not {@code right}. */
    public static String wrong(String right) {
        String wrong;
        do {
            wrong = random();
        } while (wrong.equals(right));
        return wrong;
    }
}
