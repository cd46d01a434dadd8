package fr.isoloir.code;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * What the server keeps of a connection code (SEC-B7): HMAC-SHA256 of the digits keyed with a random
 * salt drawn for that one code. The code itself is never stored, so it cannot leak from the
 * authentication session store, a heap dump or a session replication log.
 *
 * <p>A short numeric code cannot be protected against someone who reads this hash and tries all
 * 10<sup>6</sup> codes: what protects it then is its 10-minute life and the 5-attempt limit. The hash
 * keeps the code out of places where it would be readable at a glance; the salt makes each hash
 * unrelated to the others (no precomputed table of all codes).
 *
 * <p>Immutable: the byte arrays are copied in and out.
 */
public final class CodeHash {

    /** Salt length: 128 bits, drawn per code. */
    public static final int SALT_BYTES = 16;

    private static final String ALGORITHM = "HmacSHA256";
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final byte[] salt;
    private final byte[] hash;

    private CodeHash(byte[] salt, byte[] hash) {
        this.salt = salt;
        this.hash = hash;
    }

    /** Hashes {@code digits} (as sent: ASCII digits) with a new random salt. */
    public static CodeHash of(String digits, SecureRandom random) {
        Objects.requireNonNull(digits, "digits");
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return new CodeHash(salt, hmac(salt, digits));
    }

    /** Hashes a code just generated. */
    public static CodeHash of(ConnectionCode code, SecureRandom random) {
        return of(code.digits(), random);
    }

    /**
     * Restores a hash from {@link #encodedSalt()} and {@link #encodedHash()}.
     *
     * @throws IllegalArgumentException when either is not base64url of the right length
     */
    public static CodeHash decode(String encodedSalt, String encodedHash) {
        byte[] salt = DECODER.decode(Objects.requireNonNull(encodedSalt, "encodedSalt"));
        byte[] hash = DECODER.decode(Objects.requireNonNull(encodedHash, "encodedHash"));
        if (salt.length != SALT_BYTES || hash.length != HASH_BYTES) {
            throw new IllegalArgumentException("not a code hash");
        }
        return new CodeHash(salt, hash);
    }

    /**
     * Whether {@code digits} (already normalised, see {@link ConnectionCode#normalise}) is the code.
     * Compared with {@link MessageDigest#isEqual}, whose time does not depend on where the bytes differ.
     */
    public boolean matches(String digits) {
        if (digits == null) {
            return false;
        }
        return MessageDigest.isEqual(hash, hmac(salt, digits));
    }

    /** The salt, base64url without padding, for an authentication-session note. */
    public String encodedSalt() {
        return ENCODER.encodeToString(salt);
    }

    /** The hash, base64url without padding, for an authentication-session note. */
    public String encodedHash() {
        return ENCODER.encodeToString(hash);
    }

    private static byte[] hmac(byte[] salt, String digits) {
        try {
            // A new Mac each time: Mac instances are not thread-safe, and this is cheap.
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(salt, ALGORITHM));
            return mac.doFinal(digits.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            // HmacSHA256 is mandatory on every Java platform: this cannot happen on a working JDK.
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CodeHash that
                && MessageDigest.isEqual(salt, that.salt)
                && MessageDigest.isEqual(hash, that.hash);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(salt) + Arrays.hashCode(hash);
    }

    /** Nothing derived from the code, not even the hash. */
    @Override
    public String toString() {
        return "CodeHash[hidden]";
    }
}
