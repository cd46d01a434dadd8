package fr.isoloir.code;

import fr.isoloir.StepAuthenticatorFactory;
import fr.isoloir.delivery.DeliveryThreads;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.util.List;

/** Step 2 of the voter login: the connection code, by email, SMS or postal letter. */
public final class ConnectionCodeAuthenticatorFactory extends StepAuthenticatorFactory {

    public static final String PROVIDER_ID = "isoloir-connection-code";

    public ConnectionCodeAuthenticatorFactory() {
        super(
                PROVIDER_ID,
                new ConnectionCodeAuthenticator(),
                "Isoloir: connection code (email, SMS or letter)",
                "Sends a one-time code by email or SMS, or asks for the code printed on a postal voter's letter. "
                        + "Wrong codes count for brute-force detection.",
                OTPCredentialModel.TYPE);
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ConnectionCodeConfig.properties();
    }

    /**
     * Whether this login verified a connection code for {@code user}: a sealed passphrase lets a postal voter
     * skip the code, so the passphrase step checks this before letting anyone choose a new passphrase.
     */
    public static boolean passedInThisLogin(AuthenticationSessionModel authSession, UserModel user) {
        return user.getId().equals(authSession.getAuthNote(ConnectionCodeAuthenticator.PASSED_NOTE));
    }

    /** The code step is what needs messages sent quickly, so it sizes the sending pool. */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        DeliveryThreads.sizeWhenStarted(factory);
    }
}
