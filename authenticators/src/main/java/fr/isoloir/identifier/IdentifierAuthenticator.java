package fr.isoloir.identifier;

import fr.isoloir.VoterStep;
import fr.isoloir.events.StepEvents;
import fr.isoloir.events.StepEvents.Step;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.util.Locale;
import java.util.Optional;

/**
 * Step 1: the voter types the identifier. Its shape and check symbol are verified before any lookup,
 * so a typo gets a precise message at once. A well-formed identifier that matches no voter goes on to
 * the same code page as a real one (no message is sent) and fails there like a wrong code (SEC-G1).
 * A voter's {@link PendingIdentifier} (sent by "Identifiant oublié") becomes their identifier at its
 * first use here; until then the current identifier works.
 */
final class IdentifierAuthenticator extends VoterStep {

    static final String FIELD = "identifier";
    static final String TEMPLATE = "isoloir-identifier.ftl";
    /** Longest typed text shown back in the field: enough for any honest typo, not a reflection channel. */
    private static final int MAX_REDISPLAY = 64;

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        context.challenge(form(context, null, null));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        String typed = context.getHttpRequest().getDecodedFormParameters().getFirst(FIELD);
        ParseResult parsed = VoterIdentifier.parse(typed);
        if (parsed instanceof ParseResult.Invalid invalid) {
            StepEvents.failure(
                    context,
                    Step.IDENTIFIER,
                    "isoloir_identifier_malformed",
                    invalid.reason().name().toLowerCase(Locale.ROOT));
            context.challenge(form(
                    context,
                    typed,
                    new FormMessage(
                            FIELD,
                            invalid.messageKey(),
                            invalid.messageParameters().toArray())));
            return;
        }
        VoterIdentifier identifier = parsed.identifier().orElseThrow();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        // Brute-force detection finds the voter through this note on every later failure.
        authSession.setAuthNote(AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME, identifier.username());

        UserModel user = context.getSession().users().getUserByUsername(context.getRealm(), identifier.username());
        // Looked up whatever the first lookup found: known and unknown identifiers cost the same (SEC-G1).
        Optional<UserModel> holder = PendingIdentifier.holderOf(context.getSession(), context.getRealm(), identifier);
        if (user == null && holder.isPresent()) {
            // First use of the identifier "Identifiant oublié" sent: it becomes the voter's, the old one stops.
            user = holder.get();
            PendingIdentifier.promote(user, identifier);
            UnknownVoter.clear(authSession);
            context.setUser(user);
            StepEvents.success(context, Step.IDENTIFIER)
                    .user(user)
                    .detail(Details.REASON, "identifier_promoted")
                    .success();
        } else if (user == null || !user.isEnabled()) {
            UnknownVoter.mark(authSession);
            context.clearUser();
            StepEvents.failure(
                    context,
                    Step.IDENTIFIER,
                    Errors.USER_NOT_FOUND,
                    user == null ? "unknown_identifier" : "voter_disabled");
        } else {
            UnknownVoter.clear(authSession);
            context.setUser(user);
            StepEvents.success(context, Step.IDENTIFIER).user(user).success();
        }
        context.success();
    }

    private static Response form(AuthenticationFlowContext context, String typed, FormMessage error) {
        var form = context.form();
        if (typed != null) {
            form.setAttribute(FIELD, typed.length() > MAX_REDISPLAY ? typed.substring(0, MAX_REDISPLAY) : typed);
        }
        if (error != null) {
            form.addError(error);
        }
        return form.createForm(TEMPLATE);
    }

    @Override
    public boolean requiresUser() {
        return false;
    }
}
