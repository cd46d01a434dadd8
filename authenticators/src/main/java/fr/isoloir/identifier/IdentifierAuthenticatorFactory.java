package fr.isoloir.identifier;

import fr.isoloir.StepAuthenticatorFactory;

/** Step 1 of the voter login: the identifier received by email, SMS or letter. */
public final class IdentifierAuthenticatorFactory extends StepAuthenticatorFactory {

    public static final String PROVIDER_ID = "isoloir-identifier";

    public IdentifierAuthenticatorFactory() {
        super(
                PROVIDER_ID,
                new IdentifierAuthenticator(),
                "Isoloir: voter identifier",
                "Asks for the voter's identifier (12 symbols with a check symbol). Identifiers that match no voter "
                        + "continue to the code step like known ones and fail there, so identifiers cannot be enumerated.",
                null);
    }
}
