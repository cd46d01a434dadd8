package fr.isoloir.recovery;

import fr.isoloir.delivery.MessageDelivery;
import fr.isoloir.delivery.OutgoingMessage;
import fr.isoloir.election.ElectionSettings;
import fr.isoloir.identifier.PendingIdentifier;
import fr.isoloir.identifier.VoterIdentifier;
import fr.isoloir.voter.DeliveryChannel;
import fr.isoloir.voter.Voter;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Gives a voter a new identifier on one contact, in one of two ways:
 * <ul>
 *   <li>{@link #offerPending}, "Identifiant oublié" (anyone who types the voter's contact): the voter's
 *       {@link PendingIdentifier}, the same one each time until it is used; the current identifier,
 *       codes, logins in progress, sessions and channel stay as they are, so a request never takes
 *       access away. A voter who asked by text gets an email notice on their email, if any; no SMS
 *       notice ever goes out from this page (it would spend the realm's SMS budget on an email request);</li>
 *   <li>{@link #reissue}, the election manager's resend (admin endpoint and voter page): the new
 *       identifier replaces the username at once, so the old one, pending codes, any pending
 *       identifier and the voter's sessions stop (SEC-F3). The code step only accepts a code while the
 *       login's identifier is still the voter's username. A postal voter's channel becomes the
 *       contact's, and the voter's other channel, if any, is told a new identifier was issued (not which).</li>
 * </ul>
 * The passphrase is kept and brute-force counts, kept per user id, carry over. Messages are rendered
 * here (theme, voter's locale) and sent in the background after commit. Stateless.
 */
public final class IdentifierReissue {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int UNIQUE_TRIES = 5;

    private IdentifierReissue() {}

    /** What was sent, for events: the masked contacts only. */
    public record Sent(Contact to, Optional<Contact> notice) {}

    /**
     * @param smsAllowed whether an SMS (new identifier or notice) may go to this E.164 number now:
     *                   region allowed and budget left; asked once per SMS actually sent
     */
    public static Sent reissue(
            KeycloakSession session,
            RealmModel realm,
            UserModel user,
            Contact to,
            String votingSiteClientId,
            Predicate<String> smsAllowed)
            throws Exception {
        VoterIdentifier identifier = unusedIdentifier(session, realm);
        String election =
                ElectionSettings.of(session, realm, votingSiteClientId).electionName();
        OutgoingMessage message = message(session, realm, user, to, identifier, votingSiteClientId, false);
        Optional<OutgoingMessage> notice = notice(session, realm, user, to, election, smsAllowed, false);

        user.setUsername(identifier.username());
        PendingIdentifier.clear(user);
        Voter voter = new Voter(user);
        if (voter.channel() == DeliveryChannel.POSTAL) {
            user.setSingleAttribute(Voter.CHANNEL, to.channel().attributeValue());
        }
        session.sessions()
                .getUserSessionsStream(realm, user)
                .toList()
                .forEach(userSession -> session.sessions().removeUserSession(realm, userSession));

        MessageDelivery.sendInBackground(session, realm, message);
        notice.ifPresent(n -> MessageDelivery.sendInBackground(session, realm, n));
        return new Sent(to, notice.map(n -> new Contact(n.channel(), n.address())));
    }

    /**
     * Sends the voter's pending identifier to {@code to} (a contact of theirs) and changes nothing else:
     * the current identifier works until the pending one is first used. Repeated requests send the same
     * pending identifier. The only notice is an email one, to a voter who asked by text.
     */
    public static Sent offerPending(
            KeycloakSession session, RealmModel realm, UserModel user, Contact to, String votingSiteClientId)
            throws Exception {
        PendingIdentifier.Offer pending = PendingIdentifier.choose(session, realm, user);
        String election =
                ElectionSettings.of(session, realm, votingSiteClientId).electionName();
        OutgoingMessage message = message(session, realm, user, to, pending.identifier(), votingSiteClientId, true);
        Optional<OutgoingMessage> notice = notice(session, realm, user, to, election, phone -> false, true);
        // The pending identifier is recorded by the delivery job, just before its message goes out, not by this
        // request: the request for a known contact then writes nothing, like one for a contact matching nobody
        // (SEC-E2).
        String userId = user.getId();
        String current = user.getUsername();
        MessageDelivery.sendInBackground(session, realm, message, job -> {
            UserModel voter = job.users().getUserById(job.getContext().getRealm(), userId);
            if (voter == null || !current.equals(voter.getUsername())) {
                throw new IllegalStateException("the voter's identifier changed before the pending one was recorded");
            }
            pending.recordOn(voter);
        });
        notice.ifPresent(n -> MessageDelivery.sendInBackground(session, realm, n));
        return new Sent(to, notice.map(n -> new Contact(n.channel(), n.address())));
    }

    /**
     * A contact that matches no voter, or a voter over their cap: the same work as {@link #offerPending}
     * up to the message (an identifier checked unused, the message rendered on the contact's channel), for
     * a stand-in voter, and the message dropped: never sent, never logged. The answer takes as long (SEC-E2).
     */
    public static void renderForStandIn(
            KeycloakSession session, RealmModel realm, Contact to, String votingSiteClientId) throws Exception {
        message(
                session,
                realm,
                MessageDelivery.standIn(session, realm, to.channel(), to.address()),
                to,
                unusedIdentifier(session, realm),
                votingSiteClientId,
                true);
    }

    private static OutgoingMessage message(
            KeycloakSession session,
            RealmModel realm,
            UserModel user,
            Contact to,
            VoterIdentifier identifier,
            String votingSiteClientId,
            boolean pending)
            throws Exception {
        ElectionSettings settings = ElectionSettings.of(session, realm, votingSiteClientId);
        String election = settings.electionName();
        String site = settings.votingSiteUrl();
        return to.channel() == DeliveryChannel.EMAIL
                ? MessageDelivery.renderEmail(
                        session,
                        realm,
                        user,
                        to.address(),
                        "isoloirNewIdentifierEmailSubject",
                        List.of(election),
                        "isoloir-new-identifier.ftl",
                        Map.of(
                                "identifier",
                                identifier.display(),
                                "electionName",
                                election,
                                "votingSiteUrl",
                                site,
                                "oldStillWorks",
                                pending))
                : MessageDelivery.renderSms(
                        session,
                        realm,
                        user,
                        to.address(),
                        pending ? "isoloirSmsPendingIdentifier" : "isoloirSmsNewIdentifier",
                        identifier.display(),
                        election,
                        site);
    }

    private static Optional<OutgoingMessage> notice(
            KeycloakSession session,
            RealmModel realm,
            UserModel user,
            Contact to,
            String election,
            Predicate<String> smsAllowed,
            boolean oldStillWorks)
            throws Exception {
        Voter voter = new Voter(user);
        String masked = to.masked();
        if (to.channel() == DeliveryChannel.SMS) {
            Optional<String> email = voter.email().filter(e -> !e.equalsIgnoreCase(to.address()));
            if (email.isPresent()) {
                return Optional.of(MessageDelivery.renderEmail(
                        session,
                        realm,
                        user,
                        email.get(),
                        "isoloirIdentifierNoticeEmailSubject",
                        List.of(election),
                        "isoloir-identifier-notice.ftl",
                        Map.of("electionName", election, "sentTo", masked, "oldStillWorks", oldStillWorks)));
            }
            return Optional.empty();
        }
        Optional<String> phone = voter.phone().filter(p -> !p.equals(to.address()));
        if (phone.isPresent() && smsAllowed.test(phone.get())) {
            return Optional.of(MessageDelivery.renderSms(
                    session, realm, user, phone.get(), "isoloirSmsIdentifierNotice", election, masked));
        }
        return Optional.empty();
    }

    private static VoterIdentifier unusedIdentifier(KeycloakSession session, RealmModel realm) {
        for (int i = 0; i < UNIQUE_TRIES; i++) {
            VoterIdentifier candidate = VoterIdentifier.generate(RANDOM);
            if (PendingIdentifier.isUnused(session, realm, candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("No unused identifier after " + UNIQUE_TRIES + " tries");
    }
}
