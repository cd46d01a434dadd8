package fr.isoloir;

import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

import java.util.List;

/**
 * What every voter-login step factory says the same way: the step is required, has no user setup and
 * no server-wide configuration, and reports the extension's version in the admin console.
 * Factories are singletons shared by all requests: they hold no mutable state.
 */
public abstract class StepAuthenticatorFactory implements AuthenticatorFactory, IsoloirProviderFactory<Authenticator> {

    private static final Requirement[] REQUIRED = {Requirement.REQUIRED};

    private final String id;
    private final Authenticator authenticator;
    private final String displayType;
    private final String helpText;
    private final String referenceCategory;

    /**
     * @param authenticator     the step, stateless, shared by every request
     * @param referenceCategory "password" or "otp" for the secret a step checks (the admin console shows it;
     *                          the steps count their failures themselves: limits.VoterGuesses), else null
     */
    protected StepAuthenticatorFactory(
            String id, Authenticator authenticator, String displayType, String helpText, String referenceCategory) {
        this.id = id;
        this.authenticator = authenticator;
        this.displayType = displayType;
        this.helpText = helpText;
        this.referenceCategory = referenceCategory;
    }

    @Override
    public final String getId() {
        return id;
    }

    @Override
    public final Authenticator create(KeycloakSession session) {
        return authenticator;
    }

    @Override
    public final String getDisplayType() {
        return displayType;
    }

    @Override
    public final String getHelpText() {
        return helpText;
    }

    @Override
    public final String getReferenceCategory() {
        return referenceCategory;
    }

    @Override
    public Requirement[] getRequirementChoices() {
        return REQUIRED.clone();
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public boolean isConfigurable() {
        return !getConfigProperties().isEmpty();
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }
}
