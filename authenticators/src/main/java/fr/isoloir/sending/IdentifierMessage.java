package fr.isoloir.sending;

import fr.isoloir.delivery.MessageDelivery;
import fr.isoloir.delivery.OutgoingMessage;
import fr.isoloir.identifier.VoterIdentifier;
import fr.isoloir.voter.DeliveryChannel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.List;
import java.util.Map;

/** The identifier message, in the voter's language with the realm's themes: the email, or the SMS text. */
final class IdentifierMessage {

    private IdentifierMessage() {}

    static OutgoingMessage render(
            KeycloakSession session,
            RealmModel realm,
            UserModel user,
            DeliveryChannel channel,
            String address,
            VoterIdentifier identifier,
            String electionName,
            String votingSiteUrl)
            throws Exception {
        String election = electionName == null ? realm.getName() : electionName;
        String site = votingSiteUrl == null ? "" : votingSiteUrl;
        if (channel == DeliveryChannel.EMAIL) {
            return MessageDelivery.renderEmail(
                    session,
                    realm,
                    user,
                    address,
                    "isoloirIdentifierEmailSubject",
                    List.of(election),
                    "isoloir-identifier.ftl",
                    Map.of("identifier", identifier.display(), "electionName", election, "votingSiteUrl", site));
        }
        return MessageDelivery.renderSms(
                session, realm, user, address, "isoloirSmsIdentifier", identifier.display(), election, site);
    }
}
