package fr.isoloir.postal;

import org.keycloak.credential.CredentialInput;
import org.keycloak.credential.CredentialInputValidator;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.credential.CredentialTypeMetadataContext;
import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.credential.hash.Pbkdf2Sha256PasswordHashProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;

import java.util.List;
import java.util.Optional;

/**
 * The connection code printed on a postal voter's letter, stored as a Keycloak credential of its own
 * type, hashed (SEC-C2). It works until the voter sets a passphrase, which removes it (SEC-C3).
 *
 * <p>Hashing: PBKDF2-SHA256 with {@value #ITERATIONS} iterations rather than the realm's Argon2.
 * The code is random (10 symbols of 31, about 49.5 bits), so a moderate work factor already makes an
 * offline search cost decades of GPU time, while 100,000 letters can still be produced in minutes.
 */
public final class PostalCodeCredentialProvider
        implements CredentialProvider<CredentialModel>, CredentialInputValidator {

    public static final String TYPE = "isoloir-postal-code";
    static final int ITERATIONS = 10_000;

    private final KeycloakSession session;

    PostalCodeCredentialProvider(KeycloakSession session) {
        this.session = session;
    }

    /** Gives the voter a new postal code, replacing any earlier one, and returns it (shown once). */
    public static PostalCode issue(KeycloakSession session, UserModel user, java.security.SecureRandom random) {
        PostalCode code = PostalCode.generate(random);
        replace(user, hashed(hasher(session), code));
        return code;
    }

    /**
     * The stored form of a code: pure computation (PBKDF2), so that a batch can hash its codes on several
     * threads with one hasher (Keycloak's PBKDF2 provider keeps no state between calls).
     */
    static CredentialModel hashed(PasswordHashProvider hasher, PostalCode code) {
        PasswordCredentialModel hashed = hasher.encodedCredential(code.canonical(), ITERATIONS);
        CredentialModel credential = new CredentialModel();
        credential.setType(TYPE);
        credential.setUserLabel("Courrier postal");
        credential.setCreatedDate(System.currentTimeMillis());
        credential.setCredentialData(hashed.getCredentialData());
        credential.setSecretData(hashed.getSecretData());
        return credential;
    }

    /** Stores a hashed code as the voter's only postal code; true when it replaced an earlier one. */
    static boolean replace(UserModel user, CredentialModel hashed) {
        boolean replaced = removeAll(user);
        user.credentialManager().createStoredCredential(hashed);
        return replaced;
    }

    /** Removes the voter's postal code: after the passphrase is set, or when a new letter is produced. */
    public static boolean removeAll(UserModel user) {
        List<CredentialModel> codes =
                user.credentialManager().getStoredCredentialsByTypeStream(TYPE).toList();
        codes.forEach(c -> user.credentialManager().removeStoredCredentialById(c.getId()));
        return !codes.isEmpty();
    }

    @Override
    public boolean isValid(RealmModel realm, UserModel user, CredentialInput input) {
        if (!supportsCredentialType(input.getType())) {
            return false;
        }
        Optional<CredentialModel> stored =
                user.credentialManager().getStoredCredentialsByTypeStream(TYPE).findFirst();
        PasswordHashProvider hasher = hasher(session);
        if (stored.isEmpty()) {
            // Same work as a real check, so that "no letter produced" and "wrong code" take as long.
            hasher.encodedCredential(input.getChallengeResponse(), ITERATIONS);
            return false;
        }
        return hasher.verify(
                input.getChallengeResponse(), PasswordCredentialModel.createFromCredentialModel(stored.get()));
    }

    static PasswordHashProvider hasher(KeycloakSession session) {
        return session.getProvider(PasswordHashProvider.class, Pbkdf2Sha256PasswordHashProviderFactory.ID);
    }

    @Override
    public String getType() {
        return TYPE;
    }

    @Override
    public boolean supportsCredentialType(String credentialType) {
        return TYPE.equals(credentialType);
    }

    @Override
    public boolean isConfiguredFor(RealmModel realm, UserModel user, String credentialType) {
        return supportsCredentialType(credentialType)
                && user.credentialManager()
                        .getStoredCredentialsByTypeStream(TYPE)
                        .findAny()
                        .isPresent();
    }

    @Override
    public CredentialModel createCredential(RealmModel realm, UserModel user, CredentialModel credential) {
        return user.credentialManager().createStoredCredential(credential);
    }

    @Override
    public boolean deleteCredential(RealmModel realm, UserModel user, String credentialId) {
        return user.credentialManager().removeStoredCredentialById(credentialId);
    }

    @Override
    public CredentialModel getCredentialFromModel(CredentialModel model) {
        return model;
    }

    @Override
    public CredentialTypeMetadata getCredentialTypeMetadata(CredentialTypeMetadataContext metadataContext) {
        return CredentialTypeMetadata.builder()
                .type(TYPE)
                .category(CredentialTypeMetadata.Category.BASIC_AUTHENTICATION)
                .displayName("isoloirPostalCodeCredential")
                .helpText("isoloirPostalCodeCredentialHelp")
                .removeable(true)
                .build(session);
    }
}
