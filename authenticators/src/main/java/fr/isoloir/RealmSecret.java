package fr.isoloir;

import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Values only the server can derive: HMAC-SHA256 under the realm's HS512 keys (Keycloak's
 * {@code hmac-generated} key provider). The admin console and API never show these keys' secrets, so an
 * admin reading a voter's record cannot recompute what is derived from them. Shared by every node of a
 * cluster (the keys are realm components in the database).
 */
public final class RealmSecret {

    private static final String MAC = "HmacSHA256";

    private RealmSecret() {}

    /** The realm's active HS512 key: what new values are derived under. */
    public static Optional<SecretKey> active(KeycloakSession session, RealmModel realm) {
        KeyWrapper active = session.keys().getActiveKey(realm, KeyUse.SIG, Algorithm.HS512);
        return Optional.ofNullable(active).map(KeyWrapper::getSecretKey);
    }

    /** Every enabled HS512 key, active first then passive ones: a value derived before a key rotation still checks. */
    public static Stream<SecretKey> all(KeycloakSession session, RealmModel realm) {
        return Stream.concat(
                        active(session, realm).stream(),
                        session.keys()
                                .getKeysStream(realm, KeyUse.SIG, Algorithm.HS512)
                                .map(KeyWrapper::getSecretKey)
                                .filter(Objects::nonNull))
                .distinct();
    }

    public static byte[] hmac(SecretKey key, String text) {
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(new SecretKeySpec(key.getEncoded(), MAC));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
