package fr.isoloir.passphrase;

import fr.isoloir.StepAuthenticatorFactory;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.credential.PasswordCredentialModel;

/** Step 3 of the voter login: choose the passphrase at first login, give it later. */
public final class PassphraseAuthenticatorFactory extends StepAuthenticatorFactory {

    public static final String PROVIDER_ID = "isoloir-passphrase";
    private static final PassphraseAuthenticator AUTHENTICATOR = new PassphraseAuthenticator();

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
        return "Isoloir: passphrase (choose or give)";
    }

    @Override
    public String getHelpText() {
        return "At first login the voter chooses a passphrase (realm policy isoloirPassphrase); later logins ask "
                + "for it. Wrong passphrases count for brute-force detection.";
    }

    /** "password": counted by brute-force detection. */
    @Override
    public String getReferenceCategory() {
        return PasswordCredentialModel.TYPE;
    }
}
