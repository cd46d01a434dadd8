package fr.isoloir.code;

import fr.isoloir.StepAuthenticatorFactory;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.provider.ProviderConfigProperty;

import java.util.List;

/** Step 2 of the voter login: the connection code, by email, SMS or postal letter. */
public final class ConnectionCodeAuthenticatorFactory extends StepAuthenticatorFactory {

    public static final String PROVIDER_ID = "isoloir-connection-code";
    private static final ConnectionCodeAuthenticator AUTHENTICATOR = new ConnectionCodeAuthenticator();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return AUTHENTICATOR;
    }

    @Override
    public String getDisplayType() {
        return "Isoloir: connection code (email, SMS or letter)";
    }

    @Override
    public String getHelpText() {
        return "Sends a one-time code by email or SMS, or asks for the code printed on a postal voter's letter. "
                + "Wrong codes count for brute-force detection.";
    }

    /** "otp": since Keycloak 26.6 only password, otp and recovery-code failures count for brute force. */
    @Override
    public String getReferenceCategory() {
        return OTPCredentialModel.TYPE;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ConnectionCodeConfig.properties();
    }
}
