package fr.isoloir.passphrase;

import fr.isoloir.StepAuthenticatorFactory;
import org.keycloak.models.credential.PasswordCredentialModel;

/** Step 3 of the voter login: choose the passphrase at first login, give it later. */
public final class PassphraseAuthenticatorFactory extends StepAuthenticatorFactory {

    public static final String PROVIDER_ID = "isoloir-passphrase";

    public PassphraseAuthenticatorFactory() {
        super(
                PROVIDER_ID,
                new PassphraseAuthenticator(),
                "Isoloir: passphrase (choose or give)",
                "At first login the voter chooses a passphrase (realm policy isoloirPassphrase); later logins ask "
                        + "for it. Wrong passphrases count in the voter's guessing budget (per identifier and network).",
                PasswordCredentialModel.TYPE);
    }
}
