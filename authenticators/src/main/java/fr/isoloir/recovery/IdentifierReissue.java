package fr.isoloir.recovery;

import fr.isoloir.delivery.MessageDelivery;
import fr.isoloir.election.ElectionSettings;
import fr.isoloir.delivery.OutgoingMessage;
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
 * Gives a voter a new identifier and sends it on one contact: the voter's (lost-identifier page) or
 * the one an election manager just set (admin endpoint). Shared by both so they behave alike:
 * <ul>
 *   <li>the new identifier replaces the username, so the old one stops working at once, and the
 *       voter's sessions end (SEC-E5, SEC-F3). Pending codes die too: the code step only accepts a
 *       code while the login's identifier is still the voter's username. The passphrase is kept,
 *       and brute-force counts, kept per user id, carry over;</li>
 *   <li>a postal voter's channel becomes the contact's, since the identifier no longer comes by post;</li>
 *   <li>the message is rendered here (theme, voter's locale) and sent in the background after commit;</li>
 *   <li>the voter's other channel, if any, is told that a new identifier was issued (not which).</li>
 * </ul>
 * Stateless.
 */
public final class IdentifierReissue {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int UNIQUE_TRIES = 5;

    private IdentifierReissue() {
    }

    /** What was sent, for events: the masked contacts only. */
    public record Sent(Contact to, Optional<Contact> notice) {
    }

    /**
     * @param smsAllowed whether an SMS (new identifier or notice) may go to this E.164 number now:
     *                   region allowed and budget left; asked once per SMS actually sent
     */
    public static Sent reissue(KeycloakSession session, RealmModel realm, UserModel user, Contact to,
                               String votingSiteClientId, Predicate<String> smsAllowed) throws Exception {
        VoterIdentifier identifier = unusedIdentifier(session, realm);
        String election = ElectionSettings.of(session, realm, votingSiteClientId).electionName();
        OutgoingMessage message = message(session, realm, user, to, identifier, votingSiteClientId);
        Optional<OutgoingMessage> notice = notice(session, realm, user, to, election, smsAllowed);

        user.setUsername(identifier.username());
        Voter voter = new Voter(user);
        if (voter.channel() == DeliveryChannel.POSTAL) {
            user.setSingleAttribute(Voter.CHANNEL, to.channel().attributeValue());
        }
        session.sessions().getUserSessionsStream(realm, user).toList()
                .forEach(userSession -> session.sessions().removeUserSession(realm, userSession));

        MessageDelivery.sendInBackground(session, realm, message);
        notice.ifPresent(n -> MessageDelivery.sendInBackground(session, realm, n));
        return new Sent(to, notice.map(n -> new Contact(n.channel(), n.address())));
    }

    /**
     * A contact that matches no voter: the same work as {@link #reissue} up to the message (an unused
     * identifier looked up, the message rendered on the contact's channel), for a stand-in voter, and the
     * message dropped: never sent, never logged. The lost-identifier answer then takes as long (SEC-E2).
     */
    public static void renderForStandIn(KeycloakSession session, RealmModel realm, Contact to, String votingSiteClientId)
            throws Exception {
        message(session, realm, MessageDelivery.standIn(session, realm, to.channel(), to.address()), to,
                unusedIdentifier(session, realm), votingSiteClientId);
    }

    private static OutgoingMessage message(KeycloakSession session, RealmModel realm, UserModel user, Contact to,
                                           VoterIdentifier identifier, String votingSiteClientId) throws Exception {
        ElectionSettings settings = ElectionSettings.of(session, realm, votingSiteClientId);
        String election = settings.electionName();
        String site = settings.votingSiteUrl();
        return to.channel() == DeliveryChannel.EMAIL
                ? MessageDelivery.renderEmail(session, realm, user, to.address(), "isoloirNewIdentifierEmailSubject",
                List.of(election), "isoloir-new-identifier.ftl",
                Map.of("identifier", identifier.display(), "electionName", election, "votingSiteUrl", site))
                : MessageDelivery.renderSms(session, realm, user, to.address(), "isoloirSmsNewIdentifier",
                identifier.display(), election, site);
    }

    private static Optional<OutgoingMessage> notice(KeycloakSession session, RealmModel realm, UserModel user,
                                                    Contact to, String election, Predicate<String> smsAllowed)
            throws Exception {
        Voter voter = new Voter(user);
        String masked = to.masked();
        if (to.channel() == DeliveryChannel.SMS) {
            Optional<String> email = voter.email().filter(e -> !e.equalsIgnoreCase(to.address()));
            if (email.isPresent()) {
                return Optional.of(MessageDelivery.renderEmail(session, realm, user, email.get(),
                        "isoloirIdentifierNoticeEmailSubject", List.of(election), "isoloir-identifier-notice.ftl",
                        Map.of("electionName", election, "sentTo", masked)));
            }
            return Optional.empty();
        }
        Optional<String> phone = voter.phone().filter(p -> !p.equals(to.address()));
        if (phone.isPresent() && smsAllowed.test(phone.get())) {
            return Optional.of(MessageDelivery.renderSms(session, realm, user, phone.get(), "isoloirSmsIdentifierNotice",
                    election, masked));
        }
        return Optional.empty();
    }

    private static VoterIdentifier unusedIdentifier(KeycloakSession session, RealmModel realm) {
        for (int i = 0; i < UNIQUE_TRIES; i++) {
            VoterIdentifier candidate = VoterIdentifier.generate(RANDOM);
            if (session.users().getUserByUsername(realm, candidate.username()) == null) {
                return candidate;
            }
        }
        throw new IllegalStateException("No unused identifier after " + UNIQUE_TRIES + " tries");
    }
}
