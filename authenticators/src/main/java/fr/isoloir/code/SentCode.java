package fr.isoloir.code;

import fr.isoloir.acr.LoginMethod;
import fr.isoloir.delivery.DeliveryLog;
import fr.isoloir.delivery.MessageDelivery;
import fr.isoloir.delivery.OutgoingMessage;
import fr.isoloir.election.ElectionSettings;
import fr.isoloir.events.StepEvents;
import fr.isoloir.events.StepEvents.Step;
import fr.isoloir.limits.ClientNetwork;
import fr.isoloir.limits.GuessingBudget;
import fr.isoloir.limits.VoterGuesses;
import fr.isoloir.voter.DeliveryChannel;
import fr.isoloir.voter.PassphraseSeal;
import fr.isoloir.voter.Voter;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator;
import org.keycloak.events.Errors;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static fr.isoloir.code.ConnectionCodeAuthenticator.FIELD;
import static fr.isoloir.code.ConnectionCodeAuthenticator.PASSED_NOTE;
import static fr.isoloir.code.ConnectionCodeAuthenticator.TEMPLATE;

/**
 * The code the step sends by email or SMS (SEC-B1..B8): issued when the voter arrives and when they ask
 * for a new one, never on a mere reload; compared within its own tries ({@link CodeTries}) and the
 * voter's guessing budget. An identifier that matches nobody goes through the same steps, unsent, and
 * every code fails for it (SEC-G1).
 */
final class SentCode implements CodeCredential {

    private static final String DELIVERY_NOTE = "isoloir.code.deliveryId";
    private static final String REPORTED_FAILURE_NOTE = "isoloir.code.reportedFailure";
    /** The step's log category, as before the two credentials were split. */
    private static final Logger LOG = Logger.getLogger(ConnectionCodeAuthenticator.class);
    /** Thread-safe, and holds no voter state: safe to share. */
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The stand-in's address: a reserved domain (RFC 2606), never written to. */
    private static final String STAND_IN_EMAIL = "voter@stand-in.invalid";

    /** Empty for an identifier that matches nobody. */
    private final Optional<Voter> voter;

    SentCode(Optional<Voter> voter) {
        this.voter = voter;
    }

    @Override
    public void arrive(
            AuthenticationFlowContext context, ConnectionCodeConfig config, PassphraseSeal.State passphrase) {
        LoginFormsProvider form = page(context, config);
        // Send on arrival only: a reload finds the code already issued and sends nothing.
        if (CodeState.fromNotes(context.getAuthenticationSession()::getAuthNote).isEmpty()) {
            issueAndSend(context, config).ifPresent(refusal -> form.setError(refusal.key(), refusal.parameters()));
        }
        context.challenge(form.createForm(TEMPLATE));
    }

    @Override
    public void check(AuthenticationFlowContext context, ConnectionCodeConfig config, String typed) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (ConnectionCode.normalise(typed).isEmpty()) {
            context.challenge(page(context, config)
                    .addError(new FormMessage(FIELD, "isoloirCodeMalformed"))
                    .createForm(TEMPLATE));
            return;
        }
        Optional<CodeState> state = CodeState.fromNotes(authSession::getAuthNote);
        Instant now = Instant.now();
        if (state.isEmpty() || state.get().isExpired(now)) {
            StepEvents.failure(context, Step.CODE, Errors.EXPIRED_CODE, "code_expired");
            context.challenge(page(context, config)
                    .addError(new FormMessage(FIELD, "isoloirCodeExpired"))
                    .createForm(TEMPLATE));
            return;
        }
        // Both tries are taken before comparing: concurrent posts can never compare more than the limits.
        CodeTries tries = CodeTries.ofSentCode(
                context.getSession().singleUseObjects(), state.get(), config.maxWrongAttempts(), now);
        Optional<String> codeTry = tries.take();
        if (codeTry.isEmpty()) {
            StepEvents.failure(context, Step.CODE, Errors.INVALID_CODE, "code_exhausted");
            context.challenge(page(context, config)
                    .addError(new FormMessage(FIELD, "isoloirCodeTooManyAttempts"))
                    .createForm(TEMPLATE));
            return;
        }
        GuessingBudget.Entry guess = VoterGuesses.take(context, Step.CODE, voter.map(Voter::user));
        if (guess instanceof GuessingBudget.Refused refused) {
            tries.giveBack(codeTry.get());
            context.challenge(
                    VoterGuesses.tell(context, page(context, config), refused).createForm(TEMPLATE));
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
        StepEvents.failure(
                context,
                Step.CODE,
                Errors.INVALID_USER_CREDENTIALS,
                voter.isPresent() ? "wrong_code" : "unknown_identifier");
        String message = tries.spent() ? "isoloirCodeTooManyAttempts" : "isoloirCodeInvalid";
        context.challenge(
                page(context, config).addError(new FormMessage(FIELD, message)).createForm(TEMPLATE));
    }

    /** The voter asks for a new code. */
    void resend(AuthenticationFlowContext context, ConnectionCodeConfig config) {
        LoginFormsProvider form = page(context, config);
        Optional<CodeState> state = CodeState.fromNotes(context.getAuthenticationSession()::getAuthNote);
        Instant now = Instant.now();
        // The wait spaces out codes that may still be on their way. A code already dead (expired, or
        // killed by wrong entries) is replaced at once: the send budget still bounds the sends (SEC-B8).
        if (state.isPresent()
                && !state.get().isExpired(now)
                && !CodeTries.ofSentCode(
                                context.getSession().singleUseObjects(), state.get(), config.maxWrongAttempts(), now)
                        .spent()) {
            long waitMillis = Duration.between(now, state.get().sentAt().plus(config.resendWait()))
                    .toMillis();
            if (waitMillis > 0) {
                long waitSeconds = (waitMillis + 999) / 1000;
                context.challenge(
                        form.setError("isoloirCodeResendWait", waitSeconds).createForm(TEMPLATE));
                return;
            }
        }
        Optional<Refusal> refusal = issueAndSend(context, config);
        if (refusal.isPresent()) {
            form.setError(refusal.get().key(), refusal.get().parameters());
        } else {
            form.setInfo("isoloirCodeResent");
        }
        context.challenge(form.createForm(TEMPLATE));
    }

    /** Why no code was issued, as a page message. */
    private record Refusal(String key, Object... parameters) {}

    /**
     * Issues a new code (the earlier one stops working, SEC-B4) and sends it in the background, within
     * the identifier's send budget. Unknown identifiers go through the same budget and state, unsent.
     */
    private Optional<Refusal> issueAndSend(AuthenticationFlowContext context, ConnectionCodeConfig config) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String identifier = authSession.getAuthNote(AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME);
        Optional<SendBudget.Refusal> spent = SendBudget.take(
                context.getSession().singleUseObjects(),
                context.getRealm().getId(),
                identifier,
                ClientNetwork.of(context.getConnection().getRemoteAddr()),
                config);
        if (spent.isPresent()) {
            StepEvents.failure(
                    context, Step.CODE, "isoloir_send_throttled", spent.get().reason());
            return Optional.of(
                    spent.get() == SendBudget.Refusal.SHORT_WINDOW
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
            authSession.setAuthNote(
                    DELIVERY_NOTE, MessageDelivery.sendInBackground(context.getSession(), context.getRealm(), message));
            StepEvents.success(context, Step.CODE)
                    .user(voter.get().user())
                    .detail(StepEvents.CHANNEL, channel.get().attributeValue())
                    .detail("isoloir_sent_to", DeliveryLog.mask(channel.get(), message.address()))
                    .success();
            return Optional.empty();
        } catch (Exception e) {
            LOG.warnf(
                    "Isoloir: could not render the %s code message: %s",
                    channel.get().attributeValue(), e.getClass().getName());
            StepEvents.failure(context, Step.CODE, "isoloir_send_failed", "render_failed");
            return Optional.of(new Refusal("isoloirCodeSendFailed"));
        }
    }

    /**
     * An unknown identifier: the code email a voter's request renders, rendered for a stand-in and dropped,
     * so that the answer takes as long as a voter's (SEC-G1). The code is the login's own (it matches nothing).
     */
    private static void renderForStandIn(
            AuthenticationFlowContext context, ConnectionCodeConfig config, ConnectionCode code) {
        try {
            render(
                    context,
                    config,
                    new Voter(MessageDelivery.standIn(
                            context.getSession(), context.getRealm(), DeliveryChannel.EMAIL, STAND_IN_EMAIL)),
                    DeliveryChannel.EMAIL,
                    code);
        } catch (Exception ignored) {
            // Only the work counts; a voter's failed rendering is reported on the voter's path.
        }
    }

    private static OutgoingMessage render(
            AuthenticationFlowContext context,
            ConnectionCodeConfig config,
            Voter voter,
            DeliveryChannel channel,
            ConnectionCode code)
            throws Exception {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        String election = ElectionSettings.of(session, realm).electionName();
        if (channel == DeliveryChannel.EMAIL) {
            return MessageDelivery.renderEmail(
                    session,
                    realm,
                    voter.user(),
                    voter.email().orElseThrow(),
                    "isoloirCodeEmailSubject",
                    List.of(election),
                    "isoloir-code.ftl",
                    Map.of(
                            "code",
                            code.digits(),
                            "validityMinutes",
                            config.validityMinutes(),
                            "electionName",
                            election));
        }
        return MessageDelivery.renderSms(
                session,
                realm,
                voter.user(),
                voter.phone().orElseThrow(),
                "isoloirSmsCode",
                code.digits(),
                election,
                config.validityMinutes());
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

    @Override
    public LoginFormsProvider page(AuthenticationFlowContext context, ConnectionCodeConfig config) {
        LoginFormsProvider form = ConnectionCodeAuthenticator.form(context, config, false);
        reportFailedDelivery(context, form);
        return form;
    }
}
