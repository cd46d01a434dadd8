package fr.isoloir.session;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ImpersonationSessionNote;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.UserSessionProvider;

import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

class VoterCookieAuthenticatorTest {

    private final Authenticator keycloaksCookieStep = mock(Authenticator.class);
    private final AuthenticationFlowContext context = mock(AuthenticationFlowContext.class);
    private final KeycloakSession keycloak = mock(KeycloakSession.class);
    private final UserSessionProvider sessions = mock(UserSessionProvider.class);
    private final RealmModel realm = mock(RealmModel.class);
    private final EventBuilder event = mock(EventBuilder.class, RETURNS_SELF);
    private final UserModel voter = mock(UserModel.class);

    VoterCookieAuthenticatorTest() {
        when(context.getSession()).thenReturn(keycloak);
        when(context.getRealm()).thenReturn(realm);
        when(context.getEvent()).thenReturn(event);
        when(keycloak.sessions()).thenReturn(sessions);
    }

    private UserSessionModel session(String impersonatorId) {
        UserSessionModel session = mock(UserSessionModel.class);
        when(session.getId()).thenReturn("session-1");
        when(session.getUser()).thenReturn(voter);
        when(session.getNote(ImpersonationSessionNote.IMPERSONATOR_ID.toString()))
                .thenReturn(impersonatorId);
        return session;
    }

    @Nested
    class ASessionOpenedByImpersonation {

        private final UserSessionModel impersonated = session("admin-42");

        ASessionOpenedByImpersonation() {
            new VoterCookieAuthenticator(keycloaksCookieStep, ignored -> impersonated).authenticate(context);
        }

        @Test
        void logsNobodyInAndLeavesTheLoginToTheVoterSteps() {
            verify(context).attempted();
            verify(context, never()).success();
            verify(context, never()).setUser(voter);
            verify(context, never()).attachUserSession(impersonated);
            verifyNoInteractions(keycloaksCookieStep);
        }

        @Test
        void isEnded() {
            verify(sessions).removeUserSession(realm, impersonated);
        }

        @Test
        void isRecordedAsALogoutOfTheVoterWithTheReasonAndTheImpersonator() {
            verify(event).event(EventType.LOGOUT);
            verify(event).session("session-1");
            verify(event).user(voter);
            verify(event).detail(Details.REASON, VoterCookieAuthenticator.REASON);
            verify(event).detail(VoterCookieAuthenticator.IMPERSONATOR_DETAIL, "admin-42");
            verify(event).success();
        }
    }

    @Nested
    class TheVotersOwnSession {

        @Test
        void isLeftToKeycloaksCookieStep() {
            UserSessionModel own = session(null);
            new VoterCookieAuthenticator(keycloaksCookieStep, ignored -> own).authenticate(context);

            verify(keycloaksCookieStep).authenticate(context);
            verify(sessions, never()).removeUserSession(realm, own);
            verifyNoInteractions(event);
        }
    }

    @Nested
    class NoSession {

        @Test
        void isLeftToKeycloaksCookieStep() {
            new VoterCookieAuthenticator(keycloaksCookieStep, ignored -> null).authenticate(context);

            verify(keycloaksCookieStep).authenticate(context);
            verifyNoInteractions(sessions, event);
        }
    }
}
