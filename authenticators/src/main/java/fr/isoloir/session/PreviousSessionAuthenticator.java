package fr.isoloir.session;

import fr.isoloir.VoterStep;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.UserSessionProvider;

/**
 * First of the voter steps, reached when the SSO cookie did not log the voter in: the browser's previous
 * login, if any, is over. On a shared terminal the voting site asks for a fresh login ({@code prompt=login},
 * {@code max_age}); Keycloak's cookie step then names the previous voter on the login and leaves that
 * voter's session in place, and the next person could not log in at all (Keycloak refuses a second user
 * on one login, then a second user in one browser session, and its refusal page shows the previous
 * voter's identifier). So this step ends that session and forgets that voter: whoever types an identifier
 * now is the one logging in, and the login ends with a session of their own.
 *
 * <p>The previous session is the one whose id is this login's browser session id (Keycloak gives a login
 * started with a valid session cookie that session's id); ending it is a logout, recorded as a LOGOUT
 * event with the reason {@value #REASON}. Stateless.
 */
final class PreviousSessionAuthenticator extends VoterStep {

    static final String REASON = "isoloir_fresh_login";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        RealmModel realm = context.getRealm();
        UserSessionProvider sessions = context.getSession().sessions();
        UserSessionModel previous = sessions.getUserSession(
                realm, context.getAuthenticationSession().getParentSession().getId());
        if (previous != null) {
            UserModel voter = previous.getUser();
            String sessionId = previous.getId();
            sessions.removeUserSession(realm, previous);
            EventBuilder event = context.getEvent()
                    .clone()
                    .event(EventType.LOGOUT)
                    .session(sessionId)
                    .detail(Details.REASON, REASON);
            if (voter != null) {
                event.user(voter);
            }
            event.success();
        }
        context.clearUser();
        context.success();
    }

    /** The step shows no page; a stray post is answered like a first visit. */
    @Override
    public void action(AuthenticationFlowContext context) {
        authenticate(context);
    }

    @Override
    public boolean requiresUser() {
        return false;
    }
}
