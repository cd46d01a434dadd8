package fr.isoloir.session;

import fr.isoloir.VoterStep;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.browser.CookieAuthenticator;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ImpersonationSessionNote;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.managers.AuthenticationManager;

import java.util.function.Function;

/**
 * Keycloak's SSO-cookie step, except that a session an administrator opened by impersonation never logs
 * anyone in. Impersonation is disabled in every launch path (docs/production.md), but a distribution
 * started without that flag would otherwise let any admin holding the realm's {@code impersonation} role
 * open a session as a voter that the voting site accepts through the cookie, with no step at all. Such a
 * session (Keycloak marks it with the impersonator's id) is ended, recorded as a LOGOUT event with the
 * reason {@value #REASON} and the impersonator's id, and the login goes on to the voter steps as if the
 * browser held no session. Any other session is left to Keycloak's own cookie step. Stateless.
 */
final class VoterCookieAuthenticator extends VoterStep {

    static final String REASON = "isoloir_impersonated_session";
    static final String IMPERSONATOR_DETAIL = "impersonator_id";

    private static final String IMPERSONATOR_NOTE = ImpersonationSessionNote.IMPERSONATOR_ID.toString();

    private final Authenticator keycloaksCookieStep;
    private final Function<AuthenticationFlowContext, UserSessionModel> cookieSession;

    VoterCookieAuthenticator() {
        this(new CookieAuthenticator(), VoterCookieAuthenticator::sessionOfTheIdentityCookie);
    }

    /** For tests: Keycloak's step and the lookup of the cookie's session, both stateless. */
    VoterCookieAuthenticator(
            Authenticator keycloaksCookieStep, Function<AuthenticationFlowContext, UserSessionModel> cookieSession) {
        this.keycloaksCookieStep = keycloaksCookieStep;
        this.cookieSession = cookieSession;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        UserSessionModel session = cookieSession.apply(context);
        String impersonator = session == null ? null : session.getNote(IMPERSONATOR_NOTE);
        if (impersonator == null) {
            keycloaksCookieStep.authenticate(context);
            return;
        }
        EventBuilder event = context.getEvent()
                .clone()
                .event(EventType.LOGOUT)
                .session(session.getId())
                .detail(Details.REASON, REASON)
                .detail(IMPERSONATOR_DETAIL, impersonator);
        if (session.getUser() != null) {
            event.user(session.getUser());
        }
        context.getSession().sessions().removeUserSession(context.getRealm(), session);
        event.success();
        context.attempted();
    }

    /** Keycloak's cookie step shows no page; neither does this one. */
    @Override
    public void action(AuthenticationFlowContext context) {
        keycloaksCookieStep.action(context);
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    private static UserSessionModel sessionOfTheIdentityCookie(AuthenticationFlowContext context) {
        AuthenticationManager.AuthResult cookie =
                AuthenticationManager.authenticateIdentityCookie(context.getSession(), context.getRealm(), true);
        return cookie == null ? null : cookie.session();
    }
}
