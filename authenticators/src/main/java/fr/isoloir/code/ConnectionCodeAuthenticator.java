package fr.isoloir.code;

import fr.isoloir.VoterStep;
import fr.isoloir.events.StepEvents;
import fr.isoloir.events.StepEvents.Step;
import fr.isoloir.identifier.UnknownVoter;
import fr.isoloir.voter.PassphraseSeal;
import fr.isoloir.voter.Voter;
import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;

import java.util.Optional;

/**
 * Step 2: the connection code. Email and SMS voters get a one-time code (SEC-B1..B8) when they arrive
 * at the step and when they ask for a new one, never on a mere refresh; postal voters type the code
 * printed on their letter (SEC-C1..C4). Identifiers that match no voter see the email/SMS page, get
 * nothing, and every code fails for them (SEC-G1).
 *
 * <p>The two credentials are {@link SentCode} and {@link PrintedCode}; this class picks one by the voter's
 * channel and keeps what they share (the page, the empty field, the passphrase's state).
 *
 * <p>Guessing is bounded by slots taken before any comparison: per sent code ({@link CodeTries}), per
 * login for the postal code, and per identifier and client network ({@link fr.isoloir.limits.VoterGuesses}, SEC-B6). Keycloak's
 * own brute-force detection, per user, is off in the shipped realm: it let anyone holding an identifier
 * lock its voter out. Wrong codes are therefore plain challenges, not Keycloak failures.
 */
final class ConnectionCodeAuthenticator extends VoterStep {

    static final String FIELD = "code";
    static final String RESEND = "resend";
    static final String TEMPLATE = "isoloir-code.ftl";
    /** The id of the voter whose code this login verified: only then may the passphrase step let a passphrase be chosen. */
    static final String PASSED_NOTE = "isoloir.code.passedFor";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        ConnectionCodeConfig config = ConnectionCodeConfig.of(context.getAuthenticatorConfig());
        Optional<Voter> voter = knownVoter(context);
        PassphraseSeal.State passphrase = voter.map(
                        v -> PassphraseSeal.of(context.getSession(), context.getRealm(), v.user()))
                .orElse(PassphraseSeal.State.NONE);
        if (passphrase == PassphraseSeal.State.UNSEALED) {
            // A password set outside the login flow (admin reset, account console...) opens nothing: code first.
            StepEvents.failure(context, Step.CODE, "isoloir_passphrase_unsealed", "passphrase_unsealed");
        }
        CodeCredential.of(voter).arrive(context, config, passphrase);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        ConnectionCodeConfig config = ConnectionCodeConfig.of(context.getAuthenticatorConfig());
        MultivaluedMap<String, String> params = context.getHttpRequest().getDecodedFormParameters();
        CodeCredential credential = CodeCredential.of(knownVoter(context));
        // A letter's code cannot be sent again: a postal voter's "resend" is read as a code typed.
        if (params.containsKey(RESEND) && credential instanceof SentCode sent) {
            sent.resend(context, config);
            return;
        }
        String typed = params.getFirst(FIELD);
        if (typed == null || typed.isBlank()) {
            context.challenge(credential
                    .page(context, config)
                    .addError(new FormMessage(FIELD, "isoloirCodeEmpty"))
                    .createForm(TEMPLATE));
            return;
        }
        credential.check(context, config, typed);
    }

    /** The step's page, the same for both credentials but for what {@code postal} shows. */
    static LoginFormsProvider form(AuthenticationFlowContext context, ConnectionCodeConfig config, boolean postal) {
        return context.form()
                .setAttribute("postal", postal)
                .setAttribute("codeLength", config.codeLength())
                .setAttribute("codeValidityMinutes", config.validityMinutes())
                .setAttribute("resendWaitSeconds", config.resendWait().toSeconds());
    }

    private static Optional<Voter> knownVoter(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        if (user == null || UnknownVoter.isMarked(context.getAuthenticationSession())) {
            return Optional.empty();
        }
        // The voter got a new identifier during this login (lost identifier, SEC-E5/F3): the identifier
        // typed is dead, and so is the code sent for it.
        String typed =
                context.getAuthenticationSession().getAuthNote(AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME);
        if (typed != null && !typed.equals(user.getUsername())) {
            return Optional.empty();
        }
        return Optional.of(new Voter(user));
    }

    @Override
    public boolean requiresUser() {
        return false;
    }
}
