package fr.isoloir.code;

import fr.isoloir.acr.LoginMethod;
import fr.isoloir.election.ElectionSettings;
import fr.isoloir.delivery.DeliveryLog;
import fr.isoloir.delivery.MessageDelivery;
import fr.isoloir.delivery.OutgoingMessage;
import fr.isoloir.events.StepEvents;
import fr.isoloir.events.StepEvents.Step;
import fr.isoloir.identifier.UnknownVoter;
import fr.isoloir.limits.ClientNetwork;
import fr.isoloir.limits.GuessingBudget;
import fr.isoloir.limits.VoterGuesses;
import fr.isoloir.postal.PostalCode;
import fr.isoloir.postal.PostalCodeCredentialProvider;
import fr.isoloir.postal.PostalCodeParseResult;
import fr.isoloir.voter.DeliveryChannel;
import fr.isoloir.voter.PassphraseSeal;
import fr.isoloir.voter.Voter;
import jakarta.ws.rs.core.MultivaluedMap;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import fr.isoloir.VoterStep;
import org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Step 2: the connection code. Email and SMS voters get a one-time code (SEC-B1..B8) when they arrive
 * at the step and when they ask for a new one, never on a mere refresh; postal voters type the code
 * printed on their letter (SEC-C1..C4). Identifiers that match no voter see the email/SMS page, get
 * nothing, and every code fails for them (SEC-G1).
 *
 * <p>Guessing is bounded by slots taken before any comparison: per sent code ({@link CodeTries}), per
 * login for the postal code, and per identifier and client network ({@link VoterGuesses}, SEC-B6). Keycloak's
 * own brute-force detection, per user, is off in the shipped realm: it let anyone holding an identifier
 * lock its voter out. Wrong codes are therefore plain challenges, not Keycloak failures.
 */
final class ConnectionCodeAuthenticator extends VoterStep {

    static final String FIELD = "code";
    static final String RESEND = "resend";
    static final String TEMPLATE = "isoloir-code.ftl";
    private static final String DELIVERY_NOTE = "isoloir.code.deliveryId";
    private static final String REPORTED_FAILURE_NOTE = "isoloir.code.reportedFailure";
    /** The id of the voter whose code this login verified: only then may the passphrase step let a passphrase be chosen. */
    static final String PASSED_NOTE = "isoloir.code.passedFor";
    private static final Logger LOG = Logger.getLogger(ConnectionCodeAuthenticator.class);
    /** Thread-safe, and holds no voter state: safe to share. */
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The stand-in's address: a reserved domain (RFC 2606), never written to. */
    private static final String STAND_IN_EMAIL = "voter@stand-in.invalid";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        ConnectionCodeConfig config = ConnectionCodeConfig.of(context.getAuthenticatorConfig());
        Optional<Voter> voter = knownVoter(context);
        PassphraseSeal.State passphrase = voter.map(v -> PassphraseSeal.of(context.getSession(), context.getRealm(), v.user()))
                .orElse(PassphraseSeal.State.NONE);
        if (passphrase == PassphraseSeal.State.UNSEALED) {
            // A password set outside the login flow (admin reset, account console...) opens nothing: code first.
            StepEvents.failure(context, Step.CODE, "isoloir_passphrase_unsealed", "passphrase_unsealed");
        }
        if (voter.isPresent() && voter.get().channel() == DeliveryChannel.POSTAL) {
            if (passphrase == PassphraseSeal.State.SEALED) {
                // The letter's code died with the first passphrase (SEC-C3): later logins go to the passphrase.
                context.success();
                return;
            }
            LoginFormsProvider form = page(context, config, true);
            if (passphrase == PassphraseSeal.State.UNSEALED) {
                // The letter's code may have died with the voter's own passphrase: say where a new one comes from.
                form.setInfo("isoloirPostalPassphraseUnsealed");
            }
            context.challenge(form.createForm(TEMPLATE));
            return;
        }
        LoginFormsProvider form = page(context, config, false);
        // Send on arrival only: a refresh finds the code already issued and sends nothing.
        if (CodeState.fromNotes(context.getAuthenticationSession()::getAuthNote).isEmpty()) {
            issueAndSend(context, config, voter).ifPresent(refusal -> form.setError(refusal.key(), refusal.parameters()));
        }
        context.challenge(form.createForm(TEMPLATE));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        ConnectionCodeConfig config = ConnectionCodeConfig.of(context.getAuthenticatorConfig());
        MultivaluedMap<String, String> params = context.getHttpRequest().getDecodedFormParameters();
        Optional<Voter> voter = knownVoter(context);
        boolean postal = voter.isPresent() && voter.get().channel() == DeliveryChannel.POSTAL;
        if (params.containsKey(RESEND) && !postal) {
            resend(context, config, voter);
            return;
        }
        String typed = params.getFirst(FIELD);
        if (typed == null || typed.isBlank()) {
            context.challenge(page(context, config, postal).addError(new FormMessage(FIELD, "isoloirCodeEmpty")).createForm(TEMPLATE));
            return;
        }
        if (postal) {
            checkPostalCode(context, config, voter.get(), typed);
        } else {
            checkSentCode(context, config, voter, typed);
        }
    }

    private void checkSentCode(AuthenticationFlowContext context, ConnectionCodeConfig config, Optional<Voter> voter,
                               String typed) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (ConnectionCode.normalise(typed).isEmpty()) {
            context.challenge(page(context, config, false)
                    .addError(new FormMessage(FIELD, "isoloirCodeMalformed")).createForm(TEMPLATE));
            return;
        }
        Optional<CodeState> state = CodeState.fromNotes(authSession::getAuthNote);
        Instant now = Instant.now();
        if (state.isEmpty() || state.get().isExpired(now)) {
            StepEvents.failure(context, Step.CODE, Errors.EXPIRED_CODE, "code_expired");
            context.challenge(page(context, config, false)
                    .addError(new FormMessage(FIELD, "isoloirCodeExpired")).createForm(TEMPLATE));
            return;
        }
        // Both tries are taken before comparing: concurrent posts can never compare more than the limits.
        CodeTries tries = CodeTries.ofSentCode(context.getSession().singleUseObjects(), state.get(), config.maxWrongAttempts(), now);
        Optional<String> codeTry = tries.take();
        if (codeTry.isEmpty()) {
            StepEvents.failure(context, Step.CODE, Errors.INVALID_CODE, "code_exhausted");
            context.challenge(page(context, config, false)
                    .addError(new FormMessage(FIELD, "isoloirCodeTooManyAttempts")).createForm(TEMPLATE));
            return;
        }
        GuessingBudget.Entry guess = VoterGuesses.take(context, Step.CODE, voter.map(Voter::user));
        if (guess instanceof GuessingBudget.Refused refused) {
            tries.giveBack(codeTry.get());
            context.challenge(VoterGuesses.tell(context, page(context, config, false), refused).createForm(TEMPLATE));
            return;
        }
        // Unknown identifiers compare too (same work); they cannot get through.
        boolean right = state.get().matches(typed);
        if (right && voter.isPresent()) {
            ((GuessingBudget.Granted) guess).giveBack(context.getSession().singleUseObjects());
            CodeState.NOTE_KEYS.forEach(authSession::removeAuthNote);
            authSession.removeAuthNote(DELIVERY_NOTE);
            authSession.setAuthNote(PASSED_NOTE, voter.get().user().getId());
            LoginMethod.codeVerified(authSession, false);
            StepEvents.success(context, Step.CODE).user(voter.get().user()).success();
            context.success();
            return;
        }
        StepEvents.failure(context, Step.CODE, Errors.INVALID_USER_CREDENTIALS,
                voter.isPresent() ? "wrong_code" : "unknown_identifier");
        String message = tries.spent() ? "isoloirCodeTooManyAttempts" : "isoloirCodeInvalid";
        context.challenge(page(context, config, false).addError(new FormMessage(FIELD, message)).createForm(TEMPLATE));
    }

    private void checkPostalCode(AuthenticationFlowContext context, ConnectionCodeConfig config, Voter voter, String typed) {
        PostalCodeParseResult parsed = PostalCode.parse(typed);
        if (parsed instanceof PostalCodeParseResult.Invalid invalid) {
            context.challenge(page(context, config, true).addError(new FormMessage(FIELD, invalid.messageKey(),
                    invalid.messageParameters().toArray())).createForm(TEMPLATE));
            return;
        }
        CodeTries tries = CodeTries.ofPostalLogin(context.getSession().singleUseObjects(),
                context.getAuthenticationSession(), config.maxWrongAttempts());
        Optional<String> loginTry = tries.take();
        if (loginTry.isEmpty()) {
            // The letter's code stays valid (killing it would lock the voter out until a new letter):
            // this login is spent; the voter's guessing budget bounds the guesses across logins (SEC-C4).
            StepEvents.failure(context, Step.CODE, Errors.INVALID_CODE, "postal_attempts_exhausted");
            context.challenge(page(context, config, true)
                    .addError(new FormMessage(FIELD, "isoloirPostalCodeTooManyAttempts")).createForm(TEMPLATE));
            return;
        }
        GuessingBudget.Entry guess = VoterGuesses.take(context, Step.CODE, Optional.of(voter.user()));
        if (guess instanceof GuessingBudget.Refused refused) {
            tries.giveBack(loginTry.get());
            context.challenge(VoterGuesses.tell(context, page(context, config, true), refused).createForm(TEMPLATE));
            return;
        }
        String code = parsed.code().orElseThrow().canonical();
        boolean right = voter.user().credentialManager().isValid(
                new UserCredentialModel(null, PostalCodeCredentialProvider.TYPE, code));
        if (right) {
            ((GuessingBudget.Granted) guess).giveBack(context.getSession().singleUseObjects());
            context.getAuthenticationSession().setAuthNote(PASSED_NOTE, voter.user().getId());
            LoginMethod.codeVerified(context.getAuthenticationSession(), true);
            StepEvents.success(context, Step.CODE).user(voter.user()).detail(StepEvents.CHANNEL, "postal").success();
            context.success();
            return;
        }
        StepEvents.of(context, Step.CODE).detail(StepEvents.CHANNEL, "postal")
                .detail(Details.REASON, "wrong_postal_code").error(Errors.INVALID_USER_CREDENTIALS);
        String message = tries.spent() ? "isoloirPostalCodeTooManyAttempts" : "isoloirCodeInvalid";
        context.challenge(page(context, config, true).addError(new FormMessage(FIELD, message)).createForm(TEMPLATE));
    }

    private void resend(AuthenticationFlowContext context, ConnectionCodeConfig config, Optional<Voter> voter) {
        LoginFormsProvider form = page(context, config, false);
        Optional<CodeState> state = CodeState.fromNotes(context.getAuthenticationSession()::getAuthNote);
        Instant now = Instant.now();
        // The wait spaces out codes that may still be on their way. A code already dead (expired, or
        // killed by wrong entries) is replaced at once: the send budget still bounds the sends (SEC-B8).
        if (state.isPresent() && !state.get().isExpired(now) && !CodeTries.ofSentCode(context.getSession().singleUseObjects(),
                state.get(), config.maxWrongAttempts(), now).spent()) {
            long waitMillis = Duration.between(now, state.get().sentAt().plus(config.resendWait())).toMillis();
            if (waitMillis > 0) {
                long waitSeconds = (waitMillis + 999) / 1000;
                context.challenge(form.setError("isoloirCodeResendWait", waitSeconds).createForm(TEMPLATE));
                return;
            }
        }
        Optional<Refusal> refusal = issueAndSend(context, config, voter);
        if (refusal.isPresent()) {
            form.setError(refusal.get().key(), refusal.get().parameters());
        } else {
            form.setInfo("isoloirCodeResent");
        }
        context.challenge(form.createForm(TEMPLATE));
    }

    /** Why no code was issued, as a page message. */
    private record Refusal(String key, Object... parameters) {
    }

    /**
     * Issues a new code (the earlier one stops working, SEC-B4) and sends it in the background, within
     * the identifier's send budget. Unknown identifiers go through the same budget and state, unsent.
     */
    private Optional<Refusal> issueAndSend(AuthenticationFlowContext context, ConnectionCodeConfig config,
                                           Optional<Voter> voter) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String identifier = authSession.getAuthNote(AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME);
        Optional<SendBudget.Refusal> spent = SendBudget.take(context.getSession().singleUseObjects(), context.getRealm().getId(),
                identifier, ClientNetwork.of(context.getConnection().getRemoteAddr()), config);
        if (spent.isPresent()) {
            StepEvents.failure(context, Step.CODE, "isoloir_send_throttled", spent.get().reason());
            return Optional.of(spent.get() == SendBudget.Refusal.SHORT_WINDOW
                    ? new Refusal("isoloirCodeSendBudgetExhausted", SendBudget.SHORT_WINDOW.toMinutes())
                    : new Refusal("isoloirCodeSendBudgetExhaustedToday"));
        }
        ConnectionCode code = ConnectionCode.generate(RANDOM, config.codeLength());
        CodeState state = CodeState.issue(code, Instant.now(), config.validity(), RANDOM);
        state.toNotes().forEach(authSession::setAuthNote);
        authSession.removeAuthNote(DELIVERY_NOTE);
        if (voter.isEmpty()) {
            renderForStandIn(context, config, code);
            return Optional.empty();
        }
        Optional<DeliveryChannel> channel = voter.get().codeChannel(config.separateChannels());
        if (channel.isEmpty()) {
            StepEvents.failure(context, Step.CODE, "isoloir_no_contact", "no_address_for_channel");
            return Optional.empty();
        }
        try {
            OutgoingMessage message = render(context, config, voter.get(), channel.get(), code);
            authSession.setAuthNote(DELIVERY_NOTE,
                    MessageDelivery.sendInBackground(context.getSession(), context.getRealm(), message));
            StepEvents.success(context, Step.CODE).user(voter.get().user())
                    .detail(StepEvents.CHANNEL, channel.get().attributeValue())
                    .detail("isoloir_sent_to", DeliveryLog.mask(channel.get(), message.address())).success();
            return Optional.empty();
        } catch (Exception e) {
            LOG.warnf("Isoloir: could not render the %s code message: %s", channel.get().attributeValue(), e.getClass().getName());
            StepEvents.failure(context, Step.CODE, "isoloir_send_failed", "render_failed");
            return Optional.of(new Refusal("isoloirCodeSendFailed"));
        }
    }

    /**
     * An unknown identifier: the code email a voter's request renders, rendered for a stand-in and dropped,
     * so that the answer takes as long as a voter's (SEC-G1). The code is the login's own (it matches nothing).
     */
    private static void renderForStandIn(AuthenticationFlowContext context, ConnectionCodeConfig config, ConnectionCode code) {
        try {
            render(context, config, new Voter(MessageDelivery.standIn(context.getSession(), context.getRealm(),
                    DeliveryChannel.EMAIL, STAND_IN_EMAIL)), DeliveryChannel.EMAIL, code);
        } catch (Exception ignored) {
            // Only the work counts; a voter's failed rendering is reported on the voter's path.
        }
    }

    private static OutgoingMessage render(AuthenticationFlowContext context, ConnectionCodeConfig config, Voter voter,
                                          DeliveryChannel channel, ConnectionCode code) throws Exception {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        String election = ElectionSettings.of(session, realm).electionName();
        if (channel == DeliveryChannel.EMAIL) {
            return MessageDelivery.renderEmail(session, realm, voter.user(), voter.email().orElseThrow(),
                    "isoloirCodeEmailSubject", List.of(election), "isoloir-code.ftl",
                    Map.of("code", code.digits(), "validityMinutes", config.validityMinutes(), "electionName", election));
        }
        return MessageDelivery.renderSms(session, realm, voter.user(), voter.phone().orElseThrow(), "isoloirSmsCode",
                code.digits(), election, config.validityMinutes());
    }

    /**
     * Tells the voter that the background send of the current code failed, on every page until a new
     * code is asked for (a page saying "we have just sent you a code" would mislead), and records the
     * failure as an event once.
     */
    private static void reportFailedDelivery(AuthenticationFlowContext context, LoginFormsProvider form) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String deliveryId = authSession.getAuthNote(DELIVERY_NOTE);
        MessageDelivery.failureReason(context.getSession(), deliveryId).ifPresent(reason -> {
            if (!deliveryId.equals(authSession.getAuthNote(REPORTED_FAILURE_NOTE))) {
                StepEvents.failure(context, Step.CODE, "isoloir_send_failed", reason);
                authSession.setAuthNote(REPORTED_FAILURE_NOTE, deliveryId);
            }
            form.setError("isoloirCodeSendFailed");
        });
    }

    private static LoginFormsProvider page(AuthenticationFlowContext context, ConnectionCodeConfig config, boolean postal) {
        LoginFormsProvider form = context.form()
                .setAttribute("postal", postal)
                .setAttribute("codeLength", config.codeLength())
                .setAttribute("codeValidityMinutes", config.validityMinutes())
                .setAttribute("resendWaitSeconds", config.resendWait().toSeconds());
        if (!postal) {
            reportFailedDelivery(context, form);
        }
        return form;
    }

    private static Optional<Voter> knownVoter(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        if (user == null || UnknownVoter.isMarked(context.getAuthenticationSession())) {
            return Optional.empty();
        }
        // The voter got a new identifier during this login (lost identifier, SEC-E5/F3): the identifier
        // typed is dead, and so is the code sent for it.
        String typed = context.getAuthenticationSession().getAuthNote(AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME);
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
