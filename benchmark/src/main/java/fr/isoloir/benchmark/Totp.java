package fr.isoloir.benchmark;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;

/**
 * RFC 6238 time-based one-time passwords with HMAC-SHA1 (Keycloak's default OTP policy), as an
 * authenticator app computes them: the stock three-step login types the code of its user's secret.
 */
final class Totp {

    private Totp() {}

    /** The code of time step {@code step} (seconds since the epoch divided by the period), {@code digits} long. */
    static String code(byte[] secret, long step, int digits) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret, "HmacSHA1"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int offset = hash[hash.length - 1] & 0x0f;
            int binary = (hash[offset] & 0x7f) << 24
                    | (hash[offset + 1] & 0xff) << 16
                    | (hash[offset + 2] & 0xff) << 8
                    | (hash[offset + 3] & 0xff);
            int modulus = (int) Math.pow(10, digits);
            return String.format("%0" + digits + "d", binary % modulus);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }

    /** The time step of an instant in milliseconds since the epoch. */
    static long step(long epochMillis, int periodSeconds) {
        return epochMillis / 1000 / periodSeconds;
    }
}
