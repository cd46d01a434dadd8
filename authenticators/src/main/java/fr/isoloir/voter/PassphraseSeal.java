package fr.isoloir.voter;

import fr.isoloir.RealmSecret;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.models.credential.dto.PasswordSecretData;

import javax.crypto.SecretKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Tells the passphrase the voter set in the login flow from a password set any other way (the admin
 * console's "Reset password", the account console, a required action, an import): only the former opens
 * the account.
 *
 * <p>The seal is the password credential's label: {@value #LABEL_PREFIX} and an HMAC, under the realm's
 * HS512 key ({@link RealmSecret}), of the realm, the voter, the credential's id and creation date and its
 * stored hash and salt. Keycloak replaces a password in place (same credential id, new hash and salt,
 * no label), so the id alone would prove nothing; the hash does: an admin who copies a seal onto another
 * password, or resets the password and sets the old label back, gets a seal that no longer matches, and
 * cannot compute a new one without the realm's key, which no console page or admin API shows.
 * Stateless.
 */
public final class PassphraseSeal {

    static final String LABEL_PREFIX = "isoloir-seal-v1:";

    private PassphraseSeal() {}

    /** What the voter's password credential is to the login flow. */
    public enum State {
        /** No password: the voter chooses one after the code. */
        NONE,
        /** Set by the voter in the login flow: the passphrase step asks for it. */
        SEALED,
        /** Set another way: worth nothing; the voter goes through the code and chooses a new one. */
        UNSEALED
    }

    public static State of(KeycloakSession session, RealmModel realm, UserModel user) {
        Optional<CredentialModel> password = storedPassword(user);
        if (password.isEmpty()) {
            return State.NONE;
        }
        return matches(RealmSecret.all(session, realm), realm.getId(), user.getId(), password.get())
                ? State.SEALED
                : State.UNSEALED;
    }

    /** The voter's password credential when it is sealed: the one to compare a typed passphrase with. */
    public static Optional<CredentialModel> sealedPassword(KeycloakSession session, RealmModel realm, UserModel user) {
        return storedPassword(user)
                .filter(p -> matches(RealmSecret.all(session, realm), realm.getId(), user.getId(), p));
    }

    /**
     * Seals {@code password} and stores it as the voter's password credential. Only for a password the
     * voter has just chosen or proved in the login flow.
     */
    public static void store(KeycloakSession session, RealmModel realm, UserModel user, CredentialModel password) {
        SecretKey key = RealmSecret.active(session, realm)
                .orElseThrow(
                        () -> new IllegalStateException("The realm has no active HS512 key to seal passphrases with"));
        password.setUserLabel(seal(key, realm.getId(), user.getId(), password));
        user.credentialManager().updateStoredCredential(password);
    }

    /** Seals the voter's current password credential, which the voter has just set in the login flow. */
    public static void sealCurrent(KeycloakSession session, RealmModel realm, UserModel user) {
        store(
                session,
                realm,
                user,
                storedPassword(user).orElseThrow(() -> new IllegalStateException("No password credential to seal")));
    }

    static Optional<CredentialModel> storedPassword(UserModel user) {
        return user.credentialManager()
                .getStoredCredentialsByTypeStream(PasswordCredentialModel.TYPE)
                .findFirst();
    }

    /** The label that seals {@code password} for this voter under {@code key}. */
    static String seal(SecretKey key, String realmId, String userId, CredentialModel password) {
        PasswordSecretData secret =
                PasswordCredentialModel.createFromCredentialModel(password).getPasswordSecretData();
        String salt = secret.getSalt() == null ? "" : Base64.getEncoder().encodeToString(secret.getSalt());
        String sealed = String.join(
                "|",
                "passphrase-seal",
                realmId,
                userId,
                password.getId(),
                String.valueOf(password.getCreatedDate()),
                salt,
                secret.getValue());
        return LABEL_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(RealmSecret.hmac(key, sealed));
    }

    /** Whether the label of {@code password} is its seal under one of {@code keys} (a rotated key still counts). */
    static boolean matches(Stream<SecretKey> keys, String realmId, String userId, CredentialModel password) {
        String label = password.getUserLabel();
        if (label == null || !label.startsWith(LABEL_PREFIX)) {
            return false;
        }
        byte[] stored = label.getBytes(StandardCharsets.UTF_8);
        try {
            return keys.anyMatch(key -> MessageDigest.isEqual(
                    stored, seal(key, realmId, userId, password).getBytes(StandardCharsets.UTF_8)));
        } catch (RuntimeException unreadableSecret) {
            // A secret that is not a password hash Keycloak wrote (an import, a hand edit): not ours.
            return false;
        }
    }
}
