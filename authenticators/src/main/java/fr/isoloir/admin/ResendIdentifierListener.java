package fr.isoloir.admin;

import fr.isoloir.recovery.Contact;
import org.jboss.logging.Logger;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;

import java.util.Optional;

/**
 * The console-native resend: when an election manager saves a voter's page in the admin console
 * (or PUTs the user through the admin REST API) with the admin-only attributes
 * {@value NewIdentifier#RESEND_TO} and {@value NewIdentifier#RESEND_REASON} set, sends a new
 * identifier there exactly as the REST endpoint does ({@link NewIdentifier#send}), then removes the
 * two attributes so that a second save does not resend.
 * <p>
 * In Keycloak 26.7.3, {@code AdminEventBuilder.success()} calls the realm's listeners synchronously,
 * with the admin request's session, before {@code UserResource.updateUser} commits; the user
 * profile has already written the attributes. So this runs in the admin's own transaction: the
 * new identifier, the contact, the removal and the audit event are committed together with the
 * save, and a separate transaction would neither see the uncommitted attributes nor be able to
 * update the row the request holds. Manage-users was checked by {@code updateUser} before the
 * profile was even read (SEC-F1). Keycloak swallows a listener's exceptions (the admin gets 204):
 * on failure nothing was changed (messages are rendered first) and the attributes stay, so the
 * manager sees the field still filled; the validator refuses bad input before this point.
 */
public final class ResendIdentifierListener implements EventListenerProvider {

    private static final Logger LOG = Logger.getLogger(ResendIdentifierListener.class);
    private static final String USERS = "users/";

    private final KeycloakSession session;

    ResendIdentifierListener(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {}

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        if (!ResourceType.USER.name().equals(event.getResourceTypeAsString())
                || (event.getOperationType() != OperationType.UPDATE
                        && event.getOperationType() != OperationType.CREATE)
                || event.getResourcePath() == null
                || !event.getResourcePath().startsWith(USERS)) {
            return;
        }
        String userId = event.getResourcePath().substring(USERS.length());
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        UserModel user =
                userId.contains("/") || realm == null ? null : session.users().getUserById(realm, userId);
        if (user == null || user.getFirstAttribute(NewIdentifier.RESEND_TO) == null) {
            return;
        }
        NewIdentifier.Checked checked = NewIdentifier.check(user.getFirstAttribute(NewIdentifier.RESEND_TO), null);
        Optional<String> reason = NewIdentifier.reason(user.getFirstAttribute(NewIdentifier.RESEND_REASON));
        if (checked.problem() != null || reason.isEmpty()) {
            // Only reachable around the validator (an import, say): nothing to send, and nothing to keep.
            LOG.warnf(
                    "Isoloir: new identifier for voter %s not sent: %s",
                    userId, checked.problem() != null ? checked.problem().error : "no reason");
            clear(user);
            return;
        }
        Contact to = checked.contact();
        Optional<AdminEventBuilder> audit = auditBy(realm, event.getAuthDetails());
        if (audit.isEmpty()) {
            LOG.warnf("Isoloir: new identifier for voter %s not sent: the admin of the save is unknown", userId);
            return;
        }
        try {
            NewIdentifier.send(session, realm, user, to, reason.get(), audit.get(), "user-profile");
            clear(user);
        } catch (Exception e) {
            LOG.warnf(
                    "Isoloir: could not issue a new identifier to %s: %s",
                    to, e.getClass().getName());
        }
    }

    private static void clear(UserModel user) {
        user.removeAttribute(NewIdentifier.RESEND_TO);
        user.removeAttribute(NewIdentifier.RESEND_REASON);
    }

    /** An admin event builder for the admin who saved, from the update event's auth details. */
    private Optional<AdminEventBuilder> auditBy(RealmModel realm, AuthDetails details) {
        RealmModel authRealm = details == null ? null : session.realms().getRealm(details.getRealmId());
        if (authRealm == null) {
            return Optional.empty();
        }
        UserModel admin =
                details.getUserId() == null ? null : session.users().getUserById(authRealm, details.getUserId());
        ClientModel client = details.getClientId() == null ? null : authRealm.getClientById(details.getClientId());
        if (admin == null || client == null) {
            return Optional.empty();
        }
        return Optional.of(new AdminEventBuilder(
                realm,
                new AdminAuth(authRealm, null, admin, client),
                session,
                session.getContext().getConnection()));
    }

    @Override
    public void close() {}
}
