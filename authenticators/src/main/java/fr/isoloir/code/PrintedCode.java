package fr.isoloir.code;

import fr.isoloir.acr.LoginMethod;
import fr.isoloir.events.StepEvents;
import fr.isoloir.events.StepEvents.Step;
import fr.isoloir.limits.GuessingBudget;
import fr.isoloir.limits.VoterGuesses;
import fr.isoloir.postal.PostalCode;
import fr.isoloir.postal.PostalCodeCredentialProvider;
import fr.isoloir.postal.PostalCodeParseResult;
import fr.isoloir.voter.PassphraseSeal;
import fr.isoloir.voter.Voter;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.utils.FormMessage;

import java.util.Optional;

import static fr.isoloir.code.ConnectionCodeAuthenticator.FIELD;
import static fr.isoloir.code.ConnectionCodeAuthenticator.PASSED_NOTE;
import static fr.isoloir.code.ConnectionCodeAuthenticator.TEMPLATE;

/**
 * The code printed on a postal voter's letter (SEC-C1..C4), a credential of the voter's
 * ({@link PostalCodeCredentialProvider}): typed within the login's tries and the voter's guessing budget;
 * it dies with the voter's first passphrase, after which the step lets the voter through to the passphrase.
 */
final class PrintedCode implements CodeCredential {

    private final Voter voter;

    PrintedCode(Voter voter) {
        this.voter = voter;
    }

    @Override
    public void arrive(
            AuthenticationFlowContext context, ConnectionCodeConfig config, PassphraseSeal.State passphrase) {
        if (passphrase == PassphraseSeal.State.SEALED) {
            // The letter's code died with the first passphrase (SEC-C3): later logins go to the passphrase.
            context.success();
            return;
        }
        LoginFormsProvider form = page(context, config);
        if (passphrase == PassphraseSeal.State.UNSEALED) {
            // The letter's code may have died with the voter's own passphrase: say where a new one comes from.
            form.setInfo("isoloirPostalPassphraseUnsealed");
        }
        context.challenge(form.createForm(TEMPLATE));
    }

    @Override
    public void check(AuthenticationFlowContext context, ConnectionCodeConfig config, String typed) {
        PostalCodeParseResult parsed = PostalCode.parse(typed);
        if (parsed instanceof PostalCodeParseResult.Invalid invalid) {
            context.challenge(page(context, config)
                    .addError(new FormMessage(
                            FIELD,
                            invalid.messageKey(),
                            invalid.messageParameters().toArray()))
                    .createForm(TEMPLATE));
            return;
        }
        CodeTries tries = CodeTries.ofPostalLogin(
                context.getSession().singleUseObjects(), context.getAuthenticationSession(), config.maxWrongAttempts());
        Optional<String> loginTry = tries.take();
        if (loginTry.isEmpty()) {
            // The letter's code stays valid (killing it would lock the voter out until a new letter):
            // this login is spent; the voter's guessing budget bounds the guesses across logins (SEC-C4).
            StepEvents.failure(context, Step.CODE, Errors.INVALID_CODE, "postal_attempts_exhausted");
            context.challenge(page(context, config)
                    .addError(new FormMessage(FIELD, "isoloirPostalCodeTooManyAttempts"))
                    .createForm(TEMPLATE));
            return;
        }
        GuessingBudget.Entry guess = VoterGuesses.take(context, Step.CODE, Optional.of(voter.user()));
        if (guess instanceof GuessingBudget.Refused refused) {
            tries.giveBack(loginTry.get());
            context.challenge(
                    VoterGuesses.tell(context, page(context, config), refused).createForm(TEMPLATE));
            return;
        }
        String code = parsed.code().orElseThrow().canonical();
        boolean right = voter.user()
                .credentialManager()
                .isValid(new UserCredentialModel(null, PostalCodeCredentialProvider.TYPE, code));
        if (right) {
            ((GuessingBudget.Granted) guess).giveBack(context.getSession().singleUseObjects());
            context.getAuthenticationSession()
                    .setAuthNote(PASSED_NOTE, voter.user().getId());
            LoginMethod.codeVerified(context.getAuthenticationSession(), true);
            StepEvents.success(context, Step.CODE)
                    .user(voter.user())
                    .detail(StepEvents.CHANNEL, "postal")
                    .success();
            context.success();
            return;
        }
        StepEvents.of(context, Step.CODE)
                .detail(StepEvents.CHANNEL, "postal")
                .detail(Details.REASON, "wrong_postal_code")
                .error(Errors.INVALID_USER_CREDENTIALS);
        String message = tries.spent() ? "isoloirPostalCodeTooManyAttempts" : "isoloirCodeInvalid";
        context.challenge(
                page(context, config).addError(new FormMessage(FIELD, message)).createForm(TEMPLATE));
    }

    @Override
    public LoginFormsProvider page(AuthenticationFlowContext context, ConnectionCodeConfig config) {
        return ConnectionCodeAuthenticator.form(context, config, true);
    }
}
