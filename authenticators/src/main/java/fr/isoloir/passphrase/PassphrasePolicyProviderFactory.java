package fr.isoloir.passphrase;

import fr.isoloir.IsoloirProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.PasswordPolicy;
import org.keycloak.models.RealmModel;
import org.keycloak.policy.PasswordPolicyProvider;
import org.keycloak.policy.PasswordPolicyProviderFactory;

/**
 * Realm password policy {@code isoloirPassphrase(20)}: the voter passphrase rules (SEC-D1..D5) wherever
 * Keycloak sets a password. Its value is the minimum length in code points after NFC, so an admin can
 * raise it in the admin console; the maximum is {@value PassphraseRules#DEFAULT_MAX_LENGTH}.
 * Keycloak's own "length" policy counts UTF-16 units (an emoji counts 2): use this one instead.
 */
public final class PassphrasePolicyProviderFactory
        implements PasswordPolicyProviderFactory, IsoloirProviderFactory<PasswordPolicyProvider> {

    public static final String ID = "isoloirPassphrase";

    /** The rules of this realm's policy (the default minimum when the realm has no such policy). */
    public static PassphraseRules rules(RealmModel realm) {
        PasswordPolicy policy = realm.getPasswordPolicy();
        Integer min = policy == null ? null : policy.getPolicyConfig(ID);
        return new PassphraseRules(
                min == null ? PassphraseRules.DEFAULT_MIN_LENGTH : min,
                PassphraseRules.DEFAULT_MAX_LENGTH,
                PassphraseBlocklist.bundled());
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public PasswordPolicyProvider create(KeycloakSession session) {
        return new PassphrasePolicyProvider(session);
    }

    @Override
    public String getDisplayName() {
        return "Isoloir passphrase (minimum length in characters)";
    }

    @Override
    public String getConfigType() {
        return PasswordPolicyProvider.INT_CONFIG_TYPE;
    }

    @Override
    public String getDefaultConfigValue() {
        return Integer.toString(PassphraseRules.DEFAULT_MIN_LENGTH);
    }

    @Override
    public boolean isMultiplSupported() {
        return false;
    }
}
