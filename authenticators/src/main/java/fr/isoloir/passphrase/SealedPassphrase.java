package fr.isoloir.passphrase;

import fr.isoloir.voter.PassphraseSeal;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.PasswordPolicy;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;

/**
 * Compares a typed passphrase with the very credential whose seal was checked, not through Keycloak's
 * {@code isValid}, which reads the password again (a reset in between would be compared unsealed) and,
 * when the realm's hashing policy changed, re-hashes it after the commit in a transaction of its own:
 * the new hash would then carry the old seal and count as unsealed. Here the re-hash is written at once,
 * in the login's transaction, sealed, from the passphrase the voter has just proved. Stateless.
 */
final class SealedPassphrase {

    private SealedPassphrase() {}

    /** Whether {@code normalised} is the passphrase of {@code sealed}; re-hashes and re-seals it if the policy asks. */
    static boolean verify(
            KeycloakSession session, RealmModel realm, UserModel user, CredentialModel sealed, String normalised) {
        PasswordCredentialModel stored = PasswordCredentialModel.createFromCredentialModel(sealed);
        PasswordHashProvider hash = session.getProvider(
                PasswordHashProvider.class, stored.getPasswordCredentialData().getAlgorithm());
        if (hash == null || !hash.verify(normalised, stored)) {
            return false;
        }
        PasswordPolicy policy = realm.getPasswordPolicy();
        PasswordHashProvider current = policy.getHashAlgorithm() != null
                ? session.getProvider(PasswordHashProvider.class, policy.getHashAlgorithm())
                : session.getProvider(PasswordHashProvider.class);
        if (current != null && !current.policyCheck(policy, stored)) {
            PasswordCredentialModel rehashed = current.encodedCredential(normalised, policy.getHashIterations());
            rehashed.setId(sealed.getId());
            rehashed.setCreatedDate(sealed.getCreatedDate());
            PassphraseSeal.store(session, realm, user, rehashed);
        }
        return true;
    }
}
