package fr.isoloir.accesschange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.isoloir.accesschange.AccessChange.By;
import fr.isoloir.accesschange.AccessChange.What;
import fr.isoloir.accesschange.VoterContacts.Recipient;
import fr.isoloir.delivery.MessageDelivery;
import fr.isoloir.delivery.OutgoingMessage;
import fr.isoloir.election.ElectionSettings;
import fr.isoloir.phone.PhoneNumbers;
import fr.isoloir.recovery.LostIdentifierConfig;
import fr.isoloir.voter.DeliveryChannel;
import org.jboss.logging.Logger;
import org.keycloak.events.EventStoreProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The per-voter trail of access changes made by someone other than the voter (import, console save,
 * manager's resend, reset or deleted credential): one admin event per change, with the old and new
 * values masked, and a notice to whoever may be losing access: the previous contact for a contact or
 * channel change, every current contact for a credential change. Called inside the transaction that
 * makes the change, so the events commit with it; notices are rendered there and sent in the background
 * once it has committed ({@link MessageDelivery#sendInBackground}), never when it rolls back.
 * A rendering failure never stops the change: the event then says the notice failed. Stateless.
 */
public final class AccessTrail {

    /** The events' resource path under {@code users/{id}/}, also what the expert's export selects. */
    public static final String RESOURCE = "isoloir-access-change";

    static final String ACTION = "access_changed";
    /** Session attribute (one request, one thread): the contacts before a resend of this request. */
    private static final String BEFORE_RESEND = "isoloir.accesschange.beforeResend.";

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = Logger.getLogger(AccessTrail.class);

    private AccessTrail() {}

    /**
     * Records what changed on the voter's contacts since {@code before} (the user as it is now is the
     * "after"), and tells the previous contacts. Nothing when nothing changed.
     *
     * @return the changes recorded
     */
    public static List<AccessChange> contactsChanged(
            KeycloakSession session, RealmModel realm, UserModel user, VoterContacts before, By by, Actor actor) {
        return contactsChanged(session, realm, user, before, VoterContacts.of(user), by, actor);
    }

    /** As above with an explicit "after" (the console save, see {@link AccessChangeListener}). */
    static List<AccessChange> contactsChanged(
            KeycloakSession session,
            RealmModel realm,
            UserModel user,
            VoterContacts before,
            VoterContacts after,
            By by,
            Actor actor) {
        List<AccessChange> changes = before.changesTo(after, user.getId(), by);
        if (!changes.isEmpty()) {
            String noticeTo =
                    notify(session, realm, user, before.previousContactsLosing(after), changes, Notice.CONTACTS);
            changes.forEach(change -> store(session, realm, actor, change, noticeTo));
        }
        return changes;
    }

    /**
     * The manager's resend ({@code NewIdentifier}): records its contact changes as {@link By#RESEND} and
     * notes, for this request, the contacts just before it, where a console save's own change ends.
     */
    public static List<AccessChange> resent(
            KeycloakSession session, RealmModel realm, UserModel user, VoterContacts before, Actor actor) {
        session.setAttribute(BEFORE_RESEND + user.getId(), before);
        return contactsChanged(session, realm, user, before, By.RESEND, actor);
    }

    /** The contacts just before a resend made in this request, if one was. */
    static Optional<VoterContacts> beforeResend(KeycloakSession session, UserModel user) {
        return Optional.ofNullable(session.getAttribute(BEFORE_RESEND + user.getId(), VoterContacts.class));
    }

    /** Records a credential set or removed by an admin, and tells every current contact of the voter. */
    public static AccessChange credentialChanged(
            KeycloakSession session,
            RealmModel realm,
            UserModel user,
            What what,
            String before,
            String after,
            By by,
            Actor actor) {
        AccessChange change = AccessChange.of(user.getId(), what, before, after, by);
        String noticeTo =
                notify(session, realm, user, VoterContacts.of(user).current(), List.of(change), Notice.CREDENTIAL);
        store(session, realm, actor, change, noticeTo);
        return change;
    }

    /**
     * Records that the voter's account was removed (a {@code DELETE users/{id}}, or an import removing absent
     * voters) and tells every contact it had: whoever re-creates the voter with the same employee number and
     * other contacts is then seen. {@code user} is the voter still loaded, or, once gone, a stand-in holding
     * one contact at a time (the notice is then in the realm's default language).
     */
    public static AccessChange voterRemoved(
            KeycloakSession session,
            RealmModel realm,
            String voterId,
            UserModel user,
            VoterContacts before,
            By by,
            Actor actor) {
        AccessChange change = AccessChange.of(voterId, What.ACCOUNT, "present", "removed", by);
        String noticeTo = notify(session, realm, user, before.current(), List.of(change), Notice.REMOVED);
        store(session, realm, actor, change, noticeTo);
        return change;
    }

    /** Which notice a change sends. */
    private enum Notice {
        CONTACTS,
        CREDENTIAL,
        REMOVED
    }

    /** Renders and queues the notices; returns what the event says about them (masked). */
    private static String notify(
            KeycloakSession session,
            RealmModel realm,
            UserModel user,
            Set<Recipient> recipients,
            List<AccessChange> changes,
            Notice notice) {
        if (recipients.isEmpty()) {
            return "none: no contact to tell (postal voter)";
        }
        List<String> said = new ArrayList<>();
        for (Recipient to : recipients) {
            try {
                if (to.channel() == DeliveryChannel.SMS
                        && !PhoneNumbers.regionAllowed(to.address(), LostIdentifierConfig.DEFAULTS.smsRegions())) {
                    said.add(to.masked() + " (not sent: region)");
                    continue;
                }
                UserModel addressee =
                        user != null ? user : MessageDelivery.standIn(session, realm, to.channel(), to.address());
                MessageDelivery.sendInBackground(
                        session, realm, render(session, realm, addressee, to, changes, notice));
                said.add(to.masked());
            } catch (Exception e) {
                LOG.warnf(
                        "Isoloir: access-change notice for voter %s to %s not sent: %s",
                        user.getId(), to.masked(), e.getClass().getSimpleName());
                said.add(to.masked() + " (not sent: " + e.getClass().getSimpleName() + ")");
            }
        }
        return String.join(", ", said);
    }

    private static OutgoingMessage render(
            KeycloakSession session,
            RealmModel realm,
            UserModel user,
            Recipient to,
            List<AccessChange> changes,
            Notice notice)
            throws Exception {
        // The name only: resolving the voting site's address needs a request, which the import's thread has not.
        String election = ElectionSettings.read(
                        realm.getAttributes(), realm.getDisplayName(), realm.getName(), () -> "")
                .electionName();
        Locale locale = session.getContext().resolveLocale(user);
        String when = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm", locale)
                .withZone(PARIS)
                .format(Instant.now());
        if (to.channel() == DeliveryChannel.SMS) {
            return switch (notice) {
                case CREDENTIAL ->
                    MessageDelivery.renderSms(
                            session, realm, user, to.address(), "isoloirSmsAccessReset", election, when);
                case REMOVED ->
                    MessageDelivery.renderSms(
                            session, realm, user, to.address(), "isoloirSmsAccessRemoved", election, when);
                case CONTACTS ->
                    MessageDelivery.renderSms(
                            session,
                            realm,
                            user,
                            to.address(),
                            "isoloirSmsAccessChange",
                            election,
                            when,
                            smsSummary(changes));
            };
        }
        List<Map<String, String>> lines = changes.stream()
                .map(c -> Map.of("what", c.what().value, "before", c.oldMasked(), "after", c.newMasked()))
                .toList();
        return MessageDelivery.renderEmail(
                session,
                realm,
                user,
                to.address(),
                "isoloirAccessChangeEmailSubject",
                List.of(election),
                "isoloir-access-change.ftl",
                Map.of(
                        "electionName",
                        election,
                        "when",
                        when,
                        "by",
                        changes.get(0).by().value(),
                        "changes",
                        lines,
                        "credential",
                        notice == Notice.CREDENTIAL,
                        "removed",
                        notice == Notice.REMOVED));
    }

    /** The new contacts, masked; the new channel when only the channel changed. */
    static String smsSummary(List<AccessChange> changes) {
        List<AccessChange> contacts =
                changes.stream().filter(c -> c.what() != What.CHANNEL).toList();
        return (contacts.isEmpty() ? changes : contacts)
                .stream().map(AccessChange::newMasked).collect(Collectors.joining(", "));
    }

    /**
     * Stores the event straight in the realm's admin events (when the realm keeps them), in the
     * caller's transaction: no admin-event builder, which needs the admin's models (gone in a background
     * import) and would call the realm's listeners, ours included, again.
     */
    private static void store(
            KeycloakSession session, RealmModel realm, Actor actor, AccessChange change, String noticeTo) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("isoloir_action", ACTION);
        details.put("what", change.what().value);
        details.put("old", change.oldMasked());
        details.put("new", change.newMasked());
        details.put("by", change.by().value());
        details.put("notice_to", noticeTo);
        LOG.infof("Isoloir: voter %s access change %s", change.voterId(), details);
        if (!realm.isAdminEventsEnabled()) {
            return;
        }
        AdminEvent event = new AdminEvent();
        event.setId(UUID.randomUUID().toString());
        event.setTime(System.currentTimeMillis());
        event.setRealmId(realm.getId());
        event.setRealmName(realm.getName());
        event.setAuthDetails(actor.details());
        event.setOperationType(OperationType.ACTION);
        event.setResourceType(ResourceType.USER);
        event.setResourcePath("users/" + change.voterId() + "/" + RESOURCE);
        event.setDetails(details);
        try {
            event.setRepresentation(JSON.writeValueAsString(details));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        session.getProvider(EventStoreProvider.class).onEvent(event, realm.isAdminEventsDetailsEnabled());
    }
}
