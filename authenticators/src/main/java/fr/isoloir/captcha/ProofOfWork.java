package fr.isoloir.captcha;

import com.fasterxml.jackson.databind.JsonNode;
import org.keycloak.util.JsonSerialization;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The server side of the proof-of-work every lost-identifier request pays (ALTCHA scheme, see
 * {@link ProofOfWorkChallenge}). The challenge is kept in the login's authentication-session notes and
 * consumed by the first post that reads it: single use, no HMAC key to share across nodes, and nothing
 * to forge, since the server compares the proof with what it issued to this very login.
 */
final class ProofOfWork {

    static final String CHALLENGE = "isoloir.pow.challenge";
    static final String SALT = "isoloir.pow.salt";
    private static final List<String> NOTES = List.of(CHALLENGE, SALT);
    /** A real payload is about 200 characters; anything far longer is refused unread. */
    private static final int MAX_PAYLOAD = 1024;

    /** Page attributes. */
    static final String PAGE_CHALLENGE = "powChallenge";

    static final String PAGE_SALT = "powSalt";
    static final String PAGE_ALGORITHM = "powAlgorithm";
    static final String PAGE_MAX_NUMBER = "powMaxNumber";

    /** What a posted proof turned out to be. */
    enum Proof {
        VALID,
        MISSING,
        INVALID
    }

    private ProofOfWork() {}

    /** A new challenge, replacing any earlier one; returns the page attributes the script reads. */
    static Map<String, Object> issue(CaptchaNotes notes, int maxNumber, SecureRandom random) {
        byte[] saltBytes = new byte[12];
        random.nextBytes(saltBytes);
        String salt = HexFormat.of().formatHex(saltBytes);
        String challenge = ProofOfWorkChallenge.hash(salt, random.nextInt(maxNumber + 1));
        notes.set(SALT, salt);
        notes.set(CHALLENGE, challenge);
        return Map.of(
                PAGE_CHALLENGE,
                challenge,
                PAGE_SALT,
                salt,
                PAGE_ALGORITHM,
                ProofOfWorkChallenge.ALGORITHM,
                PAGE_MAX_NUMBER,
                maxNumber);
    }

    /** Checks a posted payload against the issued challenge, and consumes the challenge whatever the outcome. */
    static Proof check(CaptchaNotes notes, String payload) {
        String salt = notes.get(SALT);
        String challenge = notes.get(CHALLENGE);
        NOTES.forEach(notes::remove);
        if (payload == null || payload.isBlank()) {
            return Proof.MISSING;
        }
        if (salt == null || challenge == null || payload.length() > MAX_PAYLOAD) {
            return Proof.INVALID;
        }
        try {
            JsonNode proof =
                    JsonSerialization.mapper.readTree(Base64.getDecoder().decode(payload.trim()));
            JsonNode number = proof.path("number");
            boolean valid = ProofOfWorkChallenge.ALGORITHM.equals(
                            proof.path("algorithm").asText())
                    && salt.equals(proof.path("salt").asText())
                    && challenge.equals(proof.path("challenge").asText())
                    && number.canConvertToLong()
                    && number.isIntegralNumber()
                    && number.asLong() >= 0
                    && MessageDigest.isEqual(
                            ProofOfWorkChallenge.hash(salt, number.asLong()).getBytes(StandardCharsets.US_ASCII),
                            challenge.getBytes(StandardCharsets.US_ASCII));
            return valid ? Proof.VALID : Proof.INVALID;
        } catch (Exception damaged) {
            // Not base64, not JSON: a damaged or forged payload, never an error page.
            return Proof.INVALID;
        }
    }
}
