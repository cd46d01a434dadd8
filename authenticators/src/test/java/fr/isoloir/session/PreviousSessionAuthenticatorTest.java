package fr.isoloir.session;

import org.junit.jupiter.api.Test;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.cookie.CookieProvider;
import org.keycloak.cookie.CookieType;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.UserSessionProvider;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.RootAuthenticationSessionModel;

import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** The previous session is looked up only when the browser sent a cookie of Keycloak's (issue 19). */
class PreviousSessionAuthenticatorTest {

    private final AuthenticationFlowContext context = mock(AuthenticationFlowContext.class);
    private final KeycloakSession keycloak = mock(KeycloakSession.class);
    private final UserSessionProvider sessions = mock(UserSessionProvider.class);
    private final CookieProvider cookies = mock(CookieProvider.class);
    private final RealmModel realm = mock(RealmModel.class);
    private final EventBuilder event = mock(EventBuilder.class, RETURNS_SELF);

    PreviousSessionAuthenticatorTest() {
        AuthenticationSessionModel login = mock(AuthenticationSessionModel.class);
        RootAuthenticationSessionModel browser = mock(RootAuthenticationSessionModel.class);
        when(browser.getId()).thenReturn("browser-1");
        when(login.getParentSession()).thenReturn(browser);
        when(context.getAuthenticationSession()).thenReturn(login);
        when(context.getSession()).thenReturn(keycloak);
        when(context.getRealm()).thenReturn(realm);
        when(context.getEvent()).thenReturn(event);
        when(keycloak.sessions()).thenReturn(sessions);
        when(keycloak.getProvider(CookieProvider.class)).thenReturn(cookies);
    }

    @Test
    void aBrowserWithoutKeycloaksCookiesHasNoSessionToLookUpAndGoesOn() {
        new PreviousSessionAuthenticator().authenticate(context);

        verifyNoInteractions(sessions);
        verify(context).clearUser();
        verify(context).success();
    }

    @Test
    void aBrowserBackWithItsIdentityCookieHasItsPreviousSessionEnded() {
        UserSessionModel previous = mock(UserSessionModel.class);
        when(previous.getId()).thenReturn("browser-1");
        when(cookies.get(CookieType.IDENTITY)).thenReturn("a signed token");
        when(sessions.getUserSession(realm, "browser-1")).thenReturn(previous);

        new PreviousSessionAuthenticator().authenticate(context);

        verify(sessions).removeUserSession(realm, previous);
        verify(event).success();
        verify(context).success();
    }

    @Test
    void aBrowserWithALoginUnderWayIsLookedUpToo() {
        when(cookies.get(CookieType.AUTH_SESSION_ID)).thenReturn("browser-1.node");

        new PreviousSessionAuthenticator().authenticate(context);

        verify(sessions).getUserSession(realm, "browser-1");
        verify(context).success();
    }
}
