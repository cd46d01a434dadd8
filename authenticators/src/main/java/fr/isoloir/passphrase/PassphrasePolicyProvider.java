package fr.isoloir.passphrase;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.policy.PasswordPolicyConfigException;
import org.keycloak.policy.PasswordPolicyProvider;
import org.keycloak.policy.PolicyError;

import java.util.List;

/** Checks a new password against {@link PassphraseRules}; the first problem is Keycloak's policy error. */
final class PassphrasePolicyProvider implements PasswordPolicyProvider {

    private final KeycloakSession session;

    PassphrasePolicyProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public PolicyError validate(RealmModel realm, UserModel user, String password) {
        return firstError(PassphrasePolicyProviderFactory.rules(realm).check(password, user.getUsername()));
    }

    @Override
    public PolicyError validate(String username, String password) {
        return firstError(
                PassphrasePolicyProviderFactory.rules(session.getContext().getRealm())
                        .check(password, username));
    }

    private static PolicyError firstError(List<PassphraseProblem> problems) {
        return problems.isEmpty()
                ? null
                : new PolicyError(
                        problems.get(0).messageKey(),
                        problems.get(0).parameters().toArray());
    }

    @Override
    public Object parseConfig(String value) {
        Integer min = parseInteger(value, PassphraseRules.DEFAULT_MIN_LENGTH);
        if (min < PassphraseRules.DEFAULT_MIN_LENGTH || min > PassphraseRules.DEFAULT_MAX_LENGTH) {
            throw new PasswordPolicyConfigException("The passphrase minimum must be between "
                    + PassphraseRules.DEFAULT_MIN_LENGTH + " and " + PassphraseRules.DEFAULT_MAX_LENGTH);
        }
        return min;
    }

    @Override
    public void close() {}
}
