package fr.isoloir.recovery;

import fr.isoloir.VoterStep;
import fr.isoloir.captcha.AntiRobotCheck;
import fr.isoloir.captcha.AntiRobotCheck.Verdict;
import fr.isoloir.captcha.CaptchaNotes;
import fr.isoloir.captcha.SpentChallenges;
import fr.isoloir.events.StepEvents;
import fr.isoloir.events.StepEvents.Step;
import fr.isoloir.phone.PhoneNumbers;
import fr.isoloir.voter.DeliveryChannel;
import fr.isoloir.voter.Voter;
import jakarta.ws.rs.core.MultivaluedMap;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.events.Details;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * "Identifiant oublié ou perdu": the only step of the realm's reset-credentials flow, which is where
 * Keycloak's "forgot" link ({@code url.loginResetCredentialsUrl}) already leads. The voter types the
 * email address or mobile number on which the identifier came; the browser solves a proof-of-work and the
 * voter copies the captcha, or leaves it empty once the proof is solved ({@link AntiRobotCheck}). Whatever
 * happens next, the voter sees the same confirmation page (SEC-E1); the work that differs is small
 * (a voter over their cap or a contact matching nobody gets a message rendered and dropped) and the
 * sending happens in the background (SEC-E2).
 *
 * <ul>
 *   <li>Only voters whose email or phoneNumber equals the typed contact get a message, on that
 *       contact (SEC-E3): their {@link fr.isoloir.identifier.PendingIdentifier}, the same one at each
 *       request. Nothing else changes: the current identifier, codes, logins in progress, sessions and
 *       channel stay, so a request never takes access away (SEC-E5). An email shared by several voters
 *       (duplicate emails are allowed in the realm): each gets their own identifier, in one message
 *       each, so that no message carries someone else's identifier. At most {@link #MAX_MATCHES} voters.</li>
 *   <li>Limits per client network, per contact (typed, matching or not), per voter, the realm's SMS
 *       budget and allowed SMS regions (SEC-E4): over a limit, the same confirmation page, nothing
 *       sent, an event with the reason.</li>
 *   <li>Never {@code failureChallenge}: a wrong captcha or contact counts for no lockout (SEC-E6).</li>
 * </ul>
 * Stateless: the captcha lives in authentication-session notes, the limits in singleUseObjects().
 */
final class LostIdentifierAuthenticator extends VoterStep {

    static final String CONTACT = "contact";
    static final String CAPTCHA = "captcha";
    static final String NEW_CAPTCHA = "newCaptcha";
    /** The proof-of-work's payload, filled by the theme's script (ALTCHA's field name). */
    static final String PROOF = "altcha";

    static final String FORM = "isoloir-lost-identifier.ftl";
    static final String SENT = "isoloir-lost-identifier-sent.ftl";
    static final int MAX_MATCHES = 10;
    private static final String EVENT_CONTACT = "isoloir_contact";
    private static final String NOTHING_SENT = "isoloir_nothing_sent";
    private static final Logger LOG = Logger.getLogger(LostIdentifierAuthenticator.class);

    private final AntiRobotCheck check;

    LostIdentifierAuthenticator(AntiRobotCheck check) {
        this.check = check;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        context.challenge(form(context, LostIdentifierConfig.of(context.getAuthenticatorConfig()), null, null)
                .createForm(FORM));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        LostIdentifierConfig config = LostIdentifierConfig.of(context.getAuthenticatorConfig());
        MultivaluedMap<String, String> params = context.getHttpRequest().getDecodedFormParameters();
        String typed = params.getFirst(CONTACT);
        if (params.containsKey(NEW_CAPTCHA)) {
            context.challenge(form(context, config, typed, null).createForm(FORM));
            return;
        }
        // The captcha and the proof-of-work first, consumed whatever follows: one post, one try (single use).
        Verdict verdict = check.verify(
                CaptchaNotes.of(context.getAuthenticationSession()),
                SpentChallenges.of(context.getSession().singleUseObjects()),
                params.getFirst(CAPTCHA),
                params.getFirst(PROOF),
                Instant.now(),
                config.captchaValidity());
        if (verdict != Verdict.PASSED) {
            StepEvents.failure(context, Step.LOST_IDENTIFIER, "isoloir_captcha_failed", verdict.reason());
            context.challenge(form(context, config, typed, new FormMessage(CAPTCHA, verdict.messageKey()))
                    .createForm(FORM));
            return;
        }
        Optional<Contact> contact = Contact.parse(typed, config.defaultRegion());
        if (contact.isEmpty()) {
            String key = typed == null || typed.isBlank() ? "isoloirLostContactEmpty" : "isoloirLostContactInvalid";
            context.challenge(
                    form(context, config, typed, new FormMessage(CONTACT, key)).createForm(FORM));
            return;
        }
        handle(context, config, contact.get());
        context.challenge(context.form().createForm(SENT));
    }

    /** Everything after a valid form: the page that follows is the same whatever happens here. */
    private void handle(AuthenticationFlowContext context, LostIdentifierConfig config, Contact contact) {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        SingleUseObjectProvider store = session.singleUseObjects();
        Optional<RecoveryLimits.Refusal> refusal = RecoveryLimits.take(
                store, realm.getId(), context.getConnection().getRemoteAddr(), contact, config);
        if (refusal.isPresent()) {
            refused(context, contact, refusal.get().reason());
            return;
        }
        if (contact.channel() == DeliveryChannel.SMS
                && !PhoneNumbers.regionAllowed(contact.address(), config.smsRegions())) {
            refused(context, contact, "sms_region_not_allowed");
            return;
        }
        List<UserModel> voters = matching(session, realm, contact);
        if (voters.isEmpty()) {
            renderForStandIn(session, realm, contact, config);
            refused(context, contact, "no_matching_voter");
            return;
        }
        for (UserModel voter : voters) {
            Optional<String> voterSlot = RecoveryLimits.takeForVoter(store, realm.getId(), voter.getId(), config);
            if (voterSlot.isEmpty()) {
                renderForStandIn(session, realm, contact, config); // as long as a message rendered (SEC-E2)
                StepEvents.of(context, Step.LOST_IDENTIFIER)
                        .user(voter)
                        .detail(StepEvents.CHANNEL, contact.channel().attributeValue())
                        .detail(EVENT_CONTACT, contact.masked())
                        .detail(Details.REASON, RecoveryLimits.Refusal.VOTER_DAILY_LIMIT.reason())
                        .error(NOTHING_SENT);
                continue;
            }
            if (contact.channel() == DeliveryChannel.SMS && !RecoveryLimits.takeSms(store, realm.getId(), config)) {
                store.remove(voterSlot.get());
                refused(context, contact, "realm_sms_budget_spent");
                return;
            }
            try {
                IdentifierReissue.Sent sent =
                        IdentifierReissue.offerPending(session, realm, voter, contact, config.votingSiteClientId());
                StepEvents.success(context, Step.LOST_IDENTIFIER)
                        .user(voter)
                        .detail(StepEvents.CHANNEL, contact.channel().attributeValue())
                        .detail(EVENT_CONTACT, contact.masked())
                        .detail(
                                "isoloir_notice",
                                sent.notice().map(Contact::masked).orElse("-"))
                        .success();
            } catch (Exception e) {
                LOG.warnf(
                        "Isoloir: could not send a pending identifier to %s: %s",
                        contact, e.getClass().getName());
                StepEvents.of(context, Step.LOST_IDENTIFIER)
                        .user(voter)
                        .detail(EVENT_CONTACT, contact.masked())
                        .detail(Details.REASON, "render_failed")
                        .error("isoloir_send_failed");
            }
        }
    }

    /** The work of a message for a contact that gets none: the page then takes as long (SEC-E2). */
    private static void renderForStandIn(
            KeycloakSession session, RealmModel realm, Contact contact, LostIdentifierConfig config) {
        try {
            IdentifierReissue.renderForStandIn(session, realm, contact, config.votingSiteClientId());
        } catch (Exception ignored) {
            // Only the work counts (SEC-E2); a voter's failed rendering is reported on the voter's path.
        }
    }

    /** Enabled voters whose email (any case) or E.164 phoneNumber is this contact. */
    static List<UserModel> matching(KeycloakSession session, RealmModel realm, Contact contact) {
        Stream<UserModel> found = contact.channel() == DeliveryChannel.EMAIL
                ? session.users()
                        .searchForUserStream(
                                realm,
                                Map.of(UserModel.EMAIL, contact.address(), UserModel.EXACT, "true"),
                                0,
                                MAX_MATCHES)
                        .filter(u -> contact.address().equalsIgnoreCase(u.getEmail()))
                : session.users()
                        .searchForUserByUserAttributeStream(realm, Voter.PHONE, contact.address())
                        .limit(MAX_MATCHES);
        return found.filter(UserModel::isEnabled).toList();
    }

    private static void refused(AuthenticationFlowContext context, Contact contact, String reason) {
        StepEvents.of(context, Step.LOST_IDENTIFIER)
                .detail(StepEvents.CHANNEL, contact.channel().attributeValue())
                .detail(EVENT_CONTACT, contact.masked())
                .detail(Details.REASON, reason)
                .error(NOTHING_SENT);
    }

    private LoginFormsProvider form(
            AuthenticationFlowContext context, LostIdentifierConfig config, String typed, FormMessage error) {
        LoginFormsProvider form = context.form();
        check.issue(CaptchaNotes.of(context.getAuthenticationSession()), Instant.now(), config.proofOfWorkMaxNumber())
                .forEach(form::setAttribute);
        if (typed != null) {
            form.setAttribute(
                    CONTACT, typed.length() > Contact.MAX_LENGTH ? typed.substring(0, Contact.MAX_LENGTH) : typed);
        }
        if (error != null) {
            form.addError(error);
        }
        return form;
    }

    @Override
    public boolean requiresUser() {
        return false;
    }
}
