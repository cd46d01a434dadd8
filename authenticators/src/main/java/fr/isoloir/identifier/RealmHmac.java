package fr.isoloir.identifier;

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
import java.util.Optional;

/**
 * HMAC-SHA256 under the realm's active HS512 key: a secret every realm has, kept by Keycloak (rotated
 * with the realm's keys, never shown), shared by the cluster. Each use prefixes its own domain to the text.
 */
final class RealmHmac {

    private static final String MAC = "HmacSHA256";

    private RealmHmac() {
    }

    static Optional<SecretKey> key(KeycloakSession session, RealmModel realm) {
        KeyWrapper active = session.keys().getActiveKey(realm, KeyUse.SIG, Algorithm.HS512);
        return Optional.ofNullable(active).map(KeyWrapper::getSecretKey);
    }

    static byte[] hmac(SecretKey key, String text) {
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(new SecretKeySpec(key.getEncoded(), MAC));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
