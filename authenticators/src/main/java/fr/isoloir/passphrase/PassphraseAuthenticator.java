package fr.isoloir.passphrase;

import fr.isoloir.events.StepEvents;
import fr.isoloir.events.StepEvents.Step;
import fr.isoloir.limits.GuessingBudget;
import fr.isoloir.limits.VoterGuesses;
import fr.isoloir.postal.PostalCodeCredentialProvider;
import fr.isoloir.voter.Voter;
import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.authentication.AuthenticationFlowContext;
import fr.isoloir.VoterStep;
import org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.ModelException;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Step 3: the passphrase. At first login the voter chooses it (SEC-D1..D8); it is stored as the
 * voter's Keycloak password, hashed by the realm's policy (Argon2id), and the letter's postal code
 * stops working (SEC-C3). Later logins ask for it; each comparison takes a slot of the voter's
 * guessing budget first ({@link VoterGuesses}: per identifier and network, under a cap per identifier). An election manager who deletes the password in the admin
 * console makes the next login ask for a new one.
 */
final class PassphraseAuthenticator extends VoterStep {

    static final String FIELD = "passphrase";
    static final String CONFIRMATION = "passphrase-confirm";
    static final String CHOOSE_TEMPLATE = "isoloir-passphrase-new.ftl";
    static final String ENTER_TEMPLATE = "isoloir-passphrase.ftl";
    /** Longer than any accepted passphrase could be, in UTF-16 units: refused without hashing a megabyte. */
    private static final int MAX_CHECKED_UNITS = PassphraseRules.DEFAULT_MAX_LENGTH * 8;

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        if (identifierReplaced(context)) {
            restartWithTheNewIdentifier(context);
            return;
        }
        boolean choosing = !new Voter(context.getUser()).hasPassphrase();
        context.challenge(choosing ? choosePage(context).createForm(CHOOSE_TEMPLATE)
                : context.form().createForm(ENTER_TEMPLATE));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        if (identifierReplaced(context)) {
            restartWithTheNewIdentifier(context);
            return;
        }
        if (new Voter(context.getUser()).hasPassphrase()) {
            check(context);
        } else {
            choose(context);
        }
    }

    private void choose(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> params = context.getHttpRequest().getDecodedFormParameters();
        UserModel user = context.getUser();
        String passphrase = params.getFirst(FIELD);
        List<PassphraseProblem> problems = PassphrasePolicyProviderFactory.rules(context.getRealm())
                .check(passphrase, params.getFirst(CONFIRMATION), user.getUsername());
        if (!problems.isEmpty()) {
            LoginFormsProvider form = choosePage(context);
            for (PassphraseProblem problem : problems) {
                String field = problem.reason() == PassphraseProblem.Reason.MISMATCH ? CONFIRMATION : FIELD;
                form.addError(new FormMessage(field, problem.messageKey(), problem.parameters().toArray()));
            }
            StepEvents.of(context, Step.PASSPHRASE).user(user).detail(Details.REASON,
                    problems.get(0).reason().name().toLowerCase(Locale.ROOT)).error("isoloir_passphrase_refused");
            context.challenge(form.createForm(CHOOSE_TEMPLATE));
            return;
        }
        try {
            user.credentialManager().updateCredential(UserCredentialModel.password(PassphraseRules.normalise(passphrase), false));
        } catch (ModelException refusedByAnotherPolicy) {
            // Another policy an admin added (history, for example): its message, on the field.
            StepEvents.of(context, Step.PASSPHRASE).user(user).detail(Details.REASON, "realm_policy")
                    .error("isoloir_passphrase_refused");
            context.challenge(choosePage(context).addError(new FormMessage(FIELD, refusedByAnotherPolicy.getMessage(),
                    refusedByAnotherPolicy.getParameters())).createForm(CHOOSE_TEMPLATE));
            return;
        }
        PostalCodeCredentialProvider.removeAll(user);
        StepEvents.success(context, Step.PASSPHRASE).user(user).detail(Details.REASON, "passphrase_set").success();
        context.success();
    }

    private void check(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        String passphrase = context.getHttpRequest().getDecodedFormParameters().getFirst(FIELD);
        if (passphrase == null || passphrase.isEmpty()) {
            context.challenge(context.form().addError(new FormMessage(FIELD, "isoloirPassphraseEmpty")).createForm(ENTER_TEMPLATE));
            return;
        }
        // A slot of the voter's guessing budget before comparing: concurrent posts cannot compare more.
        GuessingBudget.Entry guess = VoterGuesses.take(context, Step.PASSPHRASE, Optional.of(user));
        if (guess instanceof GuessingBudget.Refused refused) {
            context.challenge(VoterGuesses.tell(context, context.form(), refused).createForm(ENTER_TEMPLATE));
            return;
        }
        boolean valid = passphrase.length() <= MAX_CHECKED_UNITS
                && user.credentialManager().isValid(UserCredentialModel.password(PassphraseRules.normalise(passphrase)));
        if (valid) {
            ((GuessingBudget.Granted) guess).giveBack(context.getSession().singleUseObjects());
            StepEvents.success(context, Step.PASSPHRASE).user(user).success();
            context.success();
            return;
        }
        StepEvents.of(context, Step.PASSPHRASE).user(user).detail(Details.REASON, "wrong_passphrase")
                .error(Errors.INVALID_USER_CREDENTIALS);
        context.challenge(context.form().addError(new FormMessage(FIELD, "isoloirPassphraseInvalid")).createForm(ENTER_TEMPLATE));
    }

    /**
     * The voter got a new identifier (lost identifier, manager's resend: SEC-E5, SEC-F3) after this login
     * typed the old one and passed the code step: the old identifier is dead, so this login is too.
     */
    private static boolean identifierReplaced(AuthenticationFlowContext context) {
        String typed = context.getAuthenticationSession().getAuthNote(AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME);
        return typed != null && !typed.equals(context.getUser().getUsername());
    }

    /** Back to the identifier page, saying why: only someone who passed the code step sees this. */
    private static void restartWithTheNewIdentifier(AuthenticationFlowContext context) {
        StepEvents.of(context, Step.PASSPHRASE).user(context.getUser()).detail(Details.REASON, "identifier_replaced")
                .error("isoloir_identifier_replaced");
        context.resetFlow(() -> context.setForwardedInfoMessage("isoloirIdentifierReplaced"));
    }

    private static LoginFormsProvider choosePage(AuthenticationFlowContext context) {
        PassphraseRules rules = PassphrasePolicyProviderFactory.rules(context.getRealm());
        return context.form()
                .setAttribute("passphraseMinLength", rules.minLength())
                .setAttribute("passphraseMaxLength", rules.maxLength());
    }

    @Override
    public boolean requiresUser() {
        return true;
    }
}
