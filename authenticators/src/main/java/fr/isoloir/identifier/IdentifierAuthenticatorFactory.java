package fr.isoloir.identifier;

import fr.isoloir.StepAuthenticatorFactory;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;

/** Step 1 of the voter login: the identifier received by email, SMS or letter. */
public final class IdentifierAuthenticatorFactory extends StepAuthenticatorFactory {

    public static final String PROVIDER_ID = "isoloir-identifier";
    private static final IdentifierAuthenticator AUTHENTICATOR = new IdentifierAuthenticator();

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
        return "Isoloir: voter identifier";
    }

    @Override
    public String getHelpText() {
        return "Asks for the voter's identifier (12 symbols with a check symbol). Identifiers that match no voter "
                + "continue to the code step like known ones and fail there, so identifiers cannot be enumerated.";
    }

    @Override
    public String getReferenceCategory() {
        return null;
    }
}
