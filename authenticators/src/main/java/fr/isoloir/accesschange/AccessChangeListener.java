package fr.isoloir.accesschange;

import fr.isoloir.accesschange.AccessChange.By;
import fr.isoloir.accesschange.AccessChange.What;
import fr.isoloir.voter.Voter;
import fr.isoloir.voter.VoterQueries;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Puts Keycloak's own user changes in the voters' trail ({@link AccessTrail}): a save of the voter's
 * page (PUT {@code users/{id}}) that changes the email, mobile or channel; Keycloak's "Reset password"
 * (PUT {@code users/{id}/reset-password}); a deleted passphrase or postal code (DELETE
 * {@code users/{id}/credentials/{id}}). Users without an employee number or a channel (managers,
 * service accounts) are left alone.
 *
 * <p>Keycloak 26.7.3 calls admin-event listeners synchronously, in the admin's transaction, after the
 * user profile wrote the new values and before the commit (see {@code ResendIdentifierListener}): the
 * trail's events commit with the save, and a rolled-back save sends no notice. The values before the
 * save are read in a transaction of their own, straight from the database ({@link #committed}): the
 * admin's uncommitted writes are invisible there (read committed, which H2 and PostgreSQL give a reader
 * without waiting for the writer's locks), and going to the database skips Keycloak's user cache, whose
 * state during the admin's transaction is not a contract. A record of "last known contacts" kept on the
 * voter would be the other way, but every path that writes a contact (imports, resends, admin API,
 * other extensions) would have to keep it right.
 */
final class AccessChangeListener implements EventListenerProvider {

    private static final Logger LOG = Logger.getLogger(AccessChangeListener.class);
    private static final String USERS = "users/";
    private static final String RESET_PASSWORD = "reset-password";
    private static final String CREDENTIALS = "credentials";
    private static final String POSTAL_CODE_TYPE = "isoloir-postal-code";

    private final KeycloakSession session;

    AccessChangeListener(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        if (!ResourceType.USER.name().equals(event.getResourceTypeAsString()) || event.getError() != null
                || event.getResourcePath() == null || !event.getResourcePath().startsWith(USERS)) {
            return;
        }
        String[] path = event.getResourcePath().substring(USERS.length()).split("/");
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        UserModel user = realm == null ? null : session.users().getUserById(realm, path[0]);
        if (user == null || !isVoter(user)) {
            return;
        }
        try {
            if (path.length == 1 && event.getOperationType() == OperationType.UPDATE) {
                consoleSave(realm, user, Actor.of(event.getAuthDetails()));
            } else if (path.length == 2 && RESET_PASSWORD.equals(path[1]) && event.getOperationType() == OperationType.ACTION) {
                AccessTrail.credentialChanged(session, realm, user, What.PASSPHRASE, "hidden", "set by an admin",
                        By.RESET, Actor.of(event.getAuthDetails()));
            } else if (path.length == 3 && CREDENTIALS.equals(path[1]) && event.getOperationType() == OperationType.ACTION) {
                credentialDeleted(realm, user, event);
            }
        } catch (RuntimeException e) {
            // Keycloak would swallow it (the admin still gets their answer): say which voter, without a stack trace.
            LOG.warnf("Isoloir: access change of voter %s not traced: %s", user.getId(), e.getClass().getName());
        }
    }

    private void consoleSave(RealmModel realm, UserModel user, Actor actor) {
        Optional<VoterContacts> before = committed(session, realm.getId(), user.getId());
        if (before.isEmpty()) {
            return;   // created in this very transaction: not a change
        }
        // A resend saved with the same form changes the contacts too, and records that itself: this save's own
        // change ends where the resend began, whichever listener Keycloak called first.
        VoterContacts after = AccessTrail.beforeResend(session, user).orElseGet(() -> VoterContacts.of(user));
        AccessTrail.contactsChanged(session, realm, user, before.get(), after, By.CONSOLE, actor);
    }

    private void credentialDeleted(RealmModel realm, UserModel user, AdminEvent event) {
        String type = event.getDetails() == null ? null : event.getDetails().get(Details.CREDENTIAL_TYPE);
        What what = PasswordCredentialModel.TYPE.equals(type) ? What.PASSPHRASE
                : POSTAL_CODE_TYPE.equals(type) ? What.POSTAL_CODE : null;
        if (what != null) {
            AccessTrail.credentialChanged(session, realm, user, what, "hidden", "-", By.CREDENTIAL_DELETED,
                    Actor.of(event.getAuthDetails()));
        }
    }

    private static boolean isVoter(UserModel user) {
        return user.getFirstAttribute(Voter.EMPLOYEE_NUMBER) != null || user.getFirstAttribute(Voter.CHANNEL) != null;
    }

    /** The voter's contacts as last committed, read in a transaction of its own; empty for a user not yet committed. */
    static Optional<VoterContacts> committed(KeycloakSession session, String realmId, String userId) {
        AtomicReference<VoterContacts> found = new AtomicReference<>();
        KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), s -> {
            EntityManager em = VoterQueries.entityManager(s);
            List<String> emails = em.createQuery("select u.email from UserEntity u where u.id = :id and u.realmId = :realm",
                    String.class).setParameter("id", userId).setParameter("realm", realmId).getResultList();
            if (emails.isEmpty()) {
                return;
            }
            Map<String, String> attributes = new HashMap<>();
            em.createQuery("select a.name, a.value from UserAttributeEntity a where a.user.id = :id and a.name in :names",
                            Object[].class).setParameter("id", userId)
                    .setParameter("names", List.of(Voter.PHONE, Voter.CHANNEL)).getResultList()
                    .forEach(a -> attributes.putIfAbsent((String) a[0], (String) a[1]));
            found.set(new VoterContacts(emails.get(0), attributes.get(Voter.PHONE), attributes.get(Voter.CHANNEL)));
        });
        return Optional.ofNullable(found.get());
    }

    @Override
    public void close() {
    }
}
