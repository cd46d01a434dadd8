package fr.isoloir.captcha;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A proof-of-work challenge as the page carries it, on the ALTCHA scheme (https://altcha.org):
 * {@code challenge} is the hex SHA-256 of {@code salt} followed by a secret number from 0 to
 * {@code maxNumber}; whoever asks must find that number by trying them. The theme's script does it in
 * the voter's browser; {@link #solve()} does it in Java, as any script would, for the tests and the
 * benchmark. Uses the JDK only (the benchmark runs it outside Keycloak).
 */
public record ProofOfWorkChallenge(String algorithm, String challenge, String salt, int maxNumber) {

    public static final String ALGORITHM = "SHA-256";

    /** The hex SHA-256 of the salt followed by the number in decimal, as ALTCHA defines it. */
    public static String hash(String salt, long number) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance(ALGORITHM)
                            .digest((salt + number).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The number found by searching from 0, with the payload to post; empty when no number fits. */
    public Optional<Solution> solve() {
        byte[] target = HexFormat.of().parseHex(challenge);
        byte[] prefix = salt.getBytes(StandardCharsets.UTF_8);
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance(ALGORITHM);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        for (int number = 0; number <= maxNumber; number++) {
            digest.update(prefix);
            if (MessageDigest.isEqual(
                    digest.digest(Integer.toString(number).getBytes(StandardCharsets.US_ASCII)), target)) {
                return Optional.of(new Solution(number, payload(number)));
            }
        }
        return Optional.empty();
    }

    /**
     * ALTCHA's payload: base64 of {@code {"algorithm", "challenge", "number", "salt", "signature"}}. The
     * signature is empty: the server keeps the challenge in the login's own notes and needs no key.
     */
    public String payload(long number) {
        String json = "{\"algorithm\":\"" + algorithm + "\",\"challenge\":\"" + challenge + "\",\"number\":" + number
                + ",\"salt\":\"" + salt + "\",\"signature\":\"\"}";
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A found number and the form value that proves it. */
    public record Solution(int number, String payload) {}
}
