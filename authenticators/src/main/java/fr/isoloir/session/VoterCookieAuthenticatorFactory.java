package fr.isoloir.session;

import fr.isoloir.StepAuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;

/** The SSO-cookie step of the voter login: Keycloak's, refusing sessions opened by impersonation. */
public final class VoterCookieAuthenticatorFactory extends StepAuthenticatorFactory {

    public static final String PROVIDER_ID = "isoloir-cookie";

    private static final Requirement[] CHOICES = {Requirement.ALTERNATIVE, Requirement.DISABLED};

    public VoterCookieAuthenticatorFactory() {
        super(
                PROVIDER_ID,
                new VoterCookieAuthenticator(),
                "Isoloir: SSO cookie, never an impersonated session",
                "Keycloak's cookie step (an alternative to the voter steps), except that a session an administrator "
                        + "opened by impersonation is ended, recorded as a LOGOUT event with the reason "
                        + VoterCookieAuthenticator.REASON + ", and the voter must log in through the steps.",
                null);
    }

    @Override
    public Requirement[] getRequirementChoices() {
        return CHOICES.clone();
    }
}
