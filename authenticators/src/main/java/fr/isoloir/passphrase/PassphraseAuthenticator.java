package fr.isoloir.passphrase;

import fr.isoloir.VoterStep;
import fr.isoloir.acr.LoginMethod;
import fr.isoloir.code.ConnectionCodeAuthenticatorFactory;
import fr.isoloir.events.StepEvents;
import fr.isoloir.events.StepEvents.Step;
import fr.isoloir.limits.GuessingBudget;
import fr.isoloir.limits.VoterGuesses;
import fr.isoloir.postal.PostalCodeCredentialProvider;
import fr.isoloir.voter.PassphraseSeal;
import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator;
import org.keycloak.credential.CredentialModel;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
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
 * voter's Keycloak password, hashed by the realm's policy (Argon2id) and sealed ({@link PassphraseSeal}),
 * and the letter's postal code stops working (SEC-C3). Later logins ask for it while it is sealed; each
 * comparison takes a slot of the voter's guessing budget first ({@link VoterGuesses}: per identifier and
 * network, under a cap per identifier). A password set any other way (an admin's "Reset password") is
 * never compared: after a code, the voter chooses a new passphrase. An election manager who deletes the
 * password in the admin console makes the next login ask for a new one.
 */
final class PassphraseAuthenticator extends VoterStep {

    static final String FIELD = "passphrase";
    static final String CONFIRMATION = "passphrase-confirm";
    static final String CHOOSE_TEMPLATE = "isoloir-passphrase-new.ftl";
    static final String ENTER_TEMPLATE = "isoloir-passphrase.ftl";
    /** Event detail: what the chosen passphrase replaced. */
    static final String REPLACED = "isoloir_replaced";
    /** Longer than any accepted passphrase could be, in UTF-16 units: refused without hashing a megabyte. */
    private static final int MAX_CHECKED_UNITS = PassphraseRules.DEFAULT_MAX_LENGTH * 8;

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        if (identifierReplaced(context)) {
            restartWithTheNewIdentifier(context);
            return;
        }
        PassphraseSeal.State passphrase =
                PassphraseSeal.of(context.getSession(), context.getRealm(), context.getUser());
        if (passphrase == PassphraseSeal.State.SEALED) {
            context.challenge(context.form().createForm(ENTER_TEMPLATE));
        } else if (!ConnectionCodeAuthenticatorFactory.passedInThisLogin(
                context.getAuthenticationSession(), context.getUser())) {
            restartForTheCode(context);
        } else {
            context.challenge(choosePage(context, passphrase).createForm(CHOOSE_TEMPLATE));
        }
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        if (identifierReplaced(context)) {
            restartWithTheNewIdentifier(context);
            return;
        }
        UserModel user = context.getUser();
        Optional<CredentialModel> sealed =
                PassphraseSeal.sealedPassword(context.getSession(), context.getRealm(), user);
        if (sealed.isPresent()) {
            check(context, sealed.get());
            return;
        }
        // Only a login that verified a code may choose: a postal voter's sealed passphrase skips the code,
        // and a password reset meanwhile must not let whoever is at the passphrase page choose one.
        if (!ConnectionCodeAuthenticatorFactory.passedInThisLogin(context.getAuthenticationSession(), user)) {
            restartForTheCode(context);
            return;
        }
        PassphraseSeal.State passphrase = PassphraseSeal.of(context.getSession(), context.getRealm(), user);
        if (passphrase == PassphraseSeal.State.UNSEALED
                && !context.getHttpRequest().getDecodedFormParameters().containsKey(CONFIRMATION)) {
            // The entry page was posted, and the password was replaced since: the voter chooses anew.
            context.challenge(choosePage(context, passphrase).createForm(CHOOSE_TEMPLATE));
            return;
        }
        choose(context, passphrase);
    }

    private void choose(AuthenticationFlowContext context, PassphraseSeal.State before) {
        MultivaluedMap<String, String> params = context.getHttpRequest().getDecodedFormParameters();
        UserModel user = context.getUser();
        String passphrase = params.getFirst(FIELD);
        List<PassphraseProblem> problems = PassphrasePolicyProviderFactory.rules(context.getRealm())
                .check(passphrase, params.getFirst(CONFIRMATION), user.getUsername());
        if (!problems.isEmpty()) {
            LoginFormsProvider form = choosePage(context, before);
            for (PassphraseProblem problem : problems) {
                String field = problem.reason() == PassphraseProblem.Reason.MISMATCH ? CONFIRMATION : FIELD;
                form.addError(new FormMessage(
                        field, problem.messageKey(), problem.parameters().toArray()));
            }
            StepEvents.of(context, Step.PASSPHRASE)
                    .user(user)
                    .detail(Details.REASON, problems.get(0).reason().name().toLowerCase(Locale.ROOT))
                    .error("isoloir_passphrase_refused");
            context.challenge(form.createForm(CHOOSE_TEMPLATE));
            return;
        }
        try {
            user.credentialManager()
                    .updateCredential(UserCredentialModel.password(PassphraseRules.normalise(passphrase), false));
        } catch (ModelException refusedByAnotherPolicy) {
            // Another policy an admin added (history, for example): its message, on the field.
            StepEvents.of(context, Step.PASSPHRASE)
                    .user(user)
                    .detail(Details.REASON, "realm_policy")
                    .error("isoloir_passphrase_refused");
            context.challenge(choosePage(context, before)
                    .addError(new FormMessage(
                            FIELD, refusedByAnotherPolicy.getMessage(), refusedByAnotherPolicy.getParameters()))
                    .createForm(CHOOSE_TEMPLATE));
            return;
        }
        PassphraseSeal.sealCurrent(context.getSession(), context.getRealm(), user);
        PostalCodeCredentialProvider.removeAll(user);
        // An admin's "temporary" reset asks for a new password at the end of the login: the voter just chose one.
        user.removeRequiredAction(UserModel.RequiredAction.UPDATE_PASSWORD);
        EventBuilder event =
                StepEvents.success(context, Step.PASSPHRASE).user(user).detail(Details.REASON, "passphrase_set");
        if (before == PassphraseSeal.State.UNSEALED) {
            event.detail(REPLACED, "unsealed_password");
        }
        event.success();
        LoginMethod.passphraseVerified(context.getAuthenticationSession());
        context.success();
    }

    private void check(AuthenticationFlowContext context, CredentialModel sealed) {
        UserModel user = context.getUser();
        String passphrase = context.getHttpRequest().getDecodedFormParameters().getFirst(FIELD);
        if (passphrase == null || passphrase.isEmpty()) {
            context.challenge(context.form()
                    .addError(new FormMessage(FIELD, "isoloirPassphraseEmpty"))
                    .createForm(ENTER_TEMPLATE));
            return;
        }
        // A slot of the voter's guessing budget before comparing: concurrent posts cannot compare more.
        GuessingBudget.Entry guess = VoterGuesses.take(context, Step.PASSPHRASE, Optional.of(user));
        if (guess instanceof GuessingBudget.Refused refused) {
            context.challenge(
                    VoterGuesses.tell(context, context.form(), refused).createForm(ENTER_TEMPLATE));
            return;
        }
        boolean valid = passphrase.length() <= MAX_CHECKED_UNITS
                && SealedPassphrase.verify(
                        context.getSession(), context.getRealm(), user, sealed, PassphraseRules.normalise(passphrase));
        if (valid) {
            ((GuessingBudget.Granted) guess).giveBack(context.getSession().singleUseObjects());
            StepEvents.success(context, Step.PASSPHRASE).user(user).success();
            LoginMethod.passphraseVerified(context.getAuthenticationSession());
            context.success();
            return;
        }
        StepEvents.of(context, Step.PASSPHRASE)
                .user(user)
                .detail(Details.REASON, "wrong_passphrase")
                .error(Errors.INVALID_USER_CREDENTIALS);
        context.challenge(context.form()
                .addError(new FormMessage(FIELD, "isoloirPassphraseInvalid"))
                .createForm(ENTER_TEMPLATE));
    }

    /**
     * The voter got a new identifier (lost identifier, manager's resend: SEC-E5, SEC-F3) after this login
     * typed the old one and passed the code step: the old identifier is dead, so this login is too.
     */
    private static boolean identifierReplaced(AuthenticationFlowContext context) {
        String typed =
                context.getAuthenticationSession().getAuthNote(AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME);
        return typed != null && !typed.equals(context.getUser().getUsername());
    }

    /** Back to the identifier page, saying why: only someone who passed the code step sees this. */
    private static void restartWithTheNewIdentifier(AuthenticationFlowContext context) {
        StepEvents.of(context, Step.PASSPHRASE)
                .user(context.getUser())
                .detail(Details.REASON, "identifier_replaced")
                .error("isoloir_identifier_replaced");
        context.resetFlow(() -> context.setForwardedInfoMessage("isoloirIdentifierReplaced"));
    }

    /**
     * The passphrase became unsealed after the code step let this login through without a code (a reset
     * while a postal voter with a passphrase was at the passphrase page): from the start, so that the code
     * step asks for a code.
     */
    private static void restartForTheCode(AuthenticationFlowContext context) {
        StepEvents.of(context, Step.PASSPHRASE)
                .detail(Details.REASON, "passphrase_unsealed")
                .error("isoloir_passphrase_unsealed");
        context.resetFlow(() -> context.setForwardedInfoMessage("isoloirPassphraseChangedDuringLogin"));
    }

    private static LoginFormsProvider choosePage(AuthenticationFlowContext context, PassphraseSeal.State before) {
        PassphraseRules rules = PassphrasePolicyProviderFactory.rules(context.getRealm());
        LoginFormsProvider form = context.form()
                .setAttribute("passphraseMinLength", rules.minLength())
                .setAttribute("passphraseMaxLength", rules.maxLength());
        if (before == PassphraseSeal.State.UNSEALED) {
            form.setInfo("isoloirPassphraseChooseAgain");
        }
        return form;
    }

    @Override
    public boolean requiresUser() {
        return true;
    }
}
