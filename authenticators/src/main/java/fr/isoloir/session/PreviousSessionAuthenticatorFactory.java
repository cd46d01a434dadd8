package fr.isoloir.session;

import fr.isoloir.StepAuthenticatorFactory;

/** First of the voter steps: a login through the steps ends the browser's previous session (shared terminals). */
public final class PreviousSessionAuthenticatorFactory extends StepAuthenticatorFactory {

    public static final String PROVIDER_ID = "isoloir-previous-session";

    public PreviousSessionAuthenticatorFactory() {
        super(
                PROVIDER_ID,
                new PreviousSessionAuthenticator(),
                "Isoloir: a new login ends the browser's previous session",
                "First of the voter steps. When the SSO cookie did not log the voter in (for instance the voting site "
                        + "asked for a fresh login with prompt=login or max_age), ends the session the browser still "
                        + "holds and forgets its voter, so that the next person at a shared terminal logs in as "
                        + "themselves. Shows no page.",
                null);
    }
}
