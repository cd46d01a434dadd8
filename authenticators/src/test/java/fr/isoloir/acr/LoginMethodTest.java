package fr.isoloir.acr;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.IDToken;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class LoginMethodTest {

    private final Map<String, String> authNotes = new HashMap<>();
    private final Map<String, String> userSessionNotes = new HashMap<>();
    private final AuthenticationSessionModel authSession = mock(AuthenticationSessionModel.class);

    LoginMethodTest() {
        doAnswer(call -> authNotes.put(call.getArgument(0), call.getArgument(1)))
                .when(authSession)
                .setAuthNote(anyString(), anyString());
        when(authSession.getAuthNote(anyString())).thenAnswer(call -> authNotes.get(call.<String>getArgument(0)));
        doAnswer(call -> userSessionNotes.put(call.getArgument(0), call.getArgument(1)))
                .when(authSession)
                .setUserSessionNote(anyString(), anyString());
    }

    private String acrOfTheSession() {
        return userSessionNotes.get(LoginMethod.SESSION_NOTE);
    }

    @Nested
    class AfterThePassphrase {

        @Test
        void aSentCodeMakesItCodeAndPassphrase() {
            LoginMethod.codeVerified(authSession, false);
            LoginMethod.passphraseVerified(authSession);
            assertThat(acrOfTheSession()).isEqualTo("isoloir-code-passphrase");
        }

        @Test
        void theLettersCodeMakesItLetterAndPassphrase() {
            LoginMethod.codeVerified(authSession, true);
            LoginMethod.passphraseVerified(authSession);
            assertThat(acrOfTheSession()).isEqualTo("isoloir-letter-passphrase");
        }

        @Test
        void noCodeInThisLoginMakesItPassphraseAlone() {
            LoginMethod.passphraseVerified(authSession);
            assertThat(acrOfTheSession()).isEqualTo("isoloir-passphrase");
        }
    }

    @Test
    void theCodeAloneSetsNothingTheTokenCouldCarry() {
        LoginMethod.codeVerified(authSession, false);
        assertThat(userSessionNotes).isEmpty();
    }

    @Nested
    class TheMapper {

        private final UserSessionModel userSession = mock(UserSessionModel.class);
        private final AuthenticatedClientSessionModel clientSession = mock(AuthenticatedClientSessionModel.class);
        private final ClientSessionContext context = mock(ClientSessionContext.class);
        private final IDToken token = new IDToken();

        @BeforeEach
        void aClientSession() {
            when(context.getClientSession()).thenReturn(clientSession);
        }

        @Test
        void putsTheSessionsMethodInAcr() {
            when(userSession.getNote(LoginMethod.SESSION_NOTE)).thenReturn("isoloir-letter-passphrase");
            new VoterAcrMapper().setClaim(token, new ProtocolMapperModel(), userSession, null, context);
            assertThat(token.getAcr()).isEqualTo("isoloir-letter-passphrase");
        }

        @Test
        void leavesAcrOutForASessionTheVoterStepsDidNotOpen() {
            new VoterAcrMapper().setClaim(token, new ProtocolMapperModel(), userSession, null, context);
            assertThat(token.getAcr()).isNull();
        }

        @Test
        void saysZeroForALoginThroughTheSsoCookieWhereNoStepRan() {
            when(userSession.getNote(LoginMethod.SESSION_NOTE)).thenReturn("isoloir-code-passphrase");
            when(clientSession.getNote(AuthenticationManager.SSO_AUTH)).thenReturn("true");
            new VoterAcrMapper().setClaim(token, new ProtocolMapperModel(), userSession, null, context);
            assertThat(token.getAcr()).isEqualTo("0");
        }
    }
}
