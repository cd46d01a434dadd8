package fr.isoloir.session;

import fr.isoloir.VoterStep;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.cookie.CookieProvider;
import org.keycloak.cookie.CookieType;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.UserSessionProvider;

import java.util.List;

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
    /** The cookies a browser that logged in, or started a login, sends back. */
    private static final List<CookieType> PREVIOUS_LOGIN_COOKIES =
            List.of(CookieType.AUTH_SESSION_ID, CookieType.IDENTITY, CookieType.SESSION);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        RealmModel realm = context.getRealm();
        UserSessionProvider sessions = context.getSession().sessions();
        UserSessionModel previous = mayHaveLoggedIn(context)
                ? sessions.getUserSession(
                        realm,
                        context.getAuthenticationSession().getParentSession().getId())
                : null;
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
    /**
     * Whether the browser sent any of Keycloak's login cookies. Without one, Keycloak gave this login a new
     * random browser session id, which no session can have: the lookup is skipped (with persistent user
     * sessions it is a database query for every login). With one, the session is looked up as always.
     */
    private static boolean mayHaveLoggedIn(AuthenticationFlowContext context) {
        CookieProvider cookies = context.getSession().getProvider(CookieProvider.class);
        return PREVIOUS_LOGIN_COOKIES.stream().anyMatch(cookie -> cookies.get(cookie) != null);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        authenticate(context);
    }

    @Override
    public boolean requiresUser() {
        return false;
    }
}
