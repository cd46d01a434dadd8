package fr.isoloir.admin;

import fr.isoloir.accesschange.AccessTrail;
import fr.isoloir.accesschange.Actor;
import fr.isoloir.accesschange.VoterContacts;
import fr.isoloir.phone.PhoneNumbers;
import fr.isoloir.phone.SmsNumber;
import fr.isoloir.recovery.Contact;
import fr.isoloir.recovery.IdentifierReissue;
import fr.isoloir.recovery.LostIdentifierConfig;
import fr.isoloir.voter.DeliveryChannel;
import fr.isoloir.voter.Voter;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The election manager's resend of a new identifier to a contact they give (lost postal letter),
 * shared by its two entry points so they behave alike: the REST endpoint
 * ({@link VoterAdminResource#issueNewIdentifier}) and the voter's page in the admin console (the
 * admin-only user-profile attributes {@value #RESEND_TO} and {@value #RESEND_REASON}, acted on by
 * {@link ResendIdentifierListener}). Stateless.
 */
public final class NewIdentifier {

    /** User-profile attribute: where to send a new identifier (email address or mobile number). */
    public static final String RESEND_TO = "resendIdentifierTo";
    /** User-profile attribute: why (kept in the audit event, SEC-F4). */
    public static final String RESEND_REASON = "resendIdentifierReason";
    /** Longest reason kept in the audit event. */
    public static final int MAX_REASON = 500;

    private NewIdentifier() {}

    /** Why a typed contact is refused: REST error code and text, and the user-profile message key. */
    public enum Problem {
        INVALID_EMAIL("invalid_email", "Not a valid email address.", "isoloirResendToInvalid"),
        INVALID_PHONE("invalid_phone_number", "Not a valid phone number.", "isoloirResendToInvalid"),
        PHONE_NOT_ALLOWED(
                "phone_not_allowed",
                "Not a mobile number in an allowed region (France and overseas).",
                "isoloirResendToNotMobile");

        public final String error;
        public final String description;
        public final String messageKey;

        Problem(String error, String description, String messageKey) {
            this.error = error;
            this.description = description;
            this.messageKey = messageKey;
        }
    }

    /** A typed contact, checked: either {@code contact} or {@code problem} is set. */
    public record Checked(Contact contact, Problem problem) {}

    /**
     * An email address, or a mobile number in any usual French writing, in a region SMS may go to.
     *
     * @param expected the channel the contact must be on, or {@code null} for either
     */
    public static Checked check(String typed, DeliveryChannel expected) {
        boolean email = expected == null ? typed != null && typed.contains("@") : expected == DeliveryChannel.EMAIL;
        Optional<Contact> contact = Contact.parse(typed, LostIdentifierConfig.DEFAULTS.defaultRegion())
                .filter(c -> c.channel() == (email ? DeliveryChannel.EMAIL : DeliveryChannel.SMS));
        if (contact.isEmpty()) {
            return new Checked(null, email ? Problem.INVALID_EMAIL : Problem.INVALID_PHONE);
        }
        if (contact.get().channel() == DeliveryChannel.SMS
                && !SmsNumber.allowed(contact.get().address(), LostIdentifierConfig.DEFAULTS.smsRegions())) {
            return new Checked(null, Problem.PHONE_NOT_ALLOWED);
        }
        return new Checked(contact.get(), null);
    }

    /** The reason as kept, or empty if missing or too long. */
    public static Optional<String> reason(String typed) {
        String reason = typed == null ? "" : typed.strip();
        return reason.isEmpty() || reason.length() > MAX_REASON ? Optional.empty() : Optional.of(reason);
    }

    /**
     * Gives the voter a new identifier sent to {@code to} (never to the admin, SEC-F2): the old
     * identifier, pending codes and sessions stop working (SEC-F3); the contact becomes the voter's
     * and their channel; an ACTION admin event records the admin (the builder's auth details), the
     * time, the voter, the masked contact and the reason (SEC-F4). The caller checks manage-users
     * (SEC-F1). The messages are rendered before anything changes: if this throws, the voter is as before.
     *
     * @param via which entry point, for the audit event: {@code rest} or {@code user-profile}
     */
    public static IdentifierReissue.Sent send(
            KeycloakSession session,
            RealmModel realm,
            UserModel user,
            Contact to,
            String reason,
            AdminEventBuilder adminEvent,
            String via)
            throws Exception {
        VoterContacts before = VoterContacts.of(user);
        IdentifierReissue.Sent sent = IdentifierReissue.reissue(
                session,
                realm,
                user,
                to,
                LostIdentifierConfig.DEFAULTS.votingSiteClientId(),
                NewIdentifier::smsAllowed);
        if (to.channel() == DeliveryChannel.EMAIL) {
            user.setEmail(to.address());
            user.setEmailVerified(true);
        } else {
            user.setSingleAttribute(Voter.PHONE, to.address());
        }
        user.setSingleAttribute(Voter.CHANNEL, to.channel().attributeValue());
        // The voter's trail: the replaced contact hears of it (the other channel's notice above does not reach it).
        AccessTrail.resent(
                session, realm, user, before, Actor.of(adminEvent.getEvent().getAuthDetails()));

        Map<String, String> audit = new LinkedHashMap<>();
        audit.put("voter", user.getId());
        audit.put("channel", to.channel().attributeValue());
        audit.put("sentTo", to.masked());
        audit.put("notice", sent.notice().map(Contact::masked).orElse("-"));
        audit.put("reason", reason);
        audit.put("via", via);
        adminEvent
                .resource("USER")
                .operation(OperationType.ACTION)
                .resourcePath("users", user.getId(), "isoloir-new-identifier")
                .representation(audit)
                .detail("isoloir_action", "new_identifier_sent")
                .detail("isoloir_sent_to", to.masked())
                .detail("isoloir_reason", reason)
                .success();
        return sent;
    }

    private static boolean smsAllowed(String e164) {
        return PhoneNumbers.regionAllowed(e164, LostIdentifierConfig.DEFAULTS.smsRegions());
    }
}
