package fr.isoloir.accesschange;

import fr.isoloir.accesschange.AccessChange.By;
import fr.isoloir.accesschange.AccessChange.What;
import fr.isoloir.voter.Voter;
import fr.isoloir.voter.VoterQueries;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.core.Response;
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
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Puts Keycloak's own user changes in the voters' trail ({@link AccessTrail}): a save of the voter's
 * page (PUT {@code users/{id}}) that changes the email, mobile or channel, or sets a password through
 * its {@code credentials}; Keycloak's "Reset password" (PUT {@code users/{id}/reset-password}); a deleted
 * passphrase or postal code (DELETE {@code users/{id}/credentials/{id}}); a deleted user (DELETE
 * {@code users/{id}}). In an election realm ({@link ElectionRealm}) every user but a service account is
 * traced; elsewhere users with an employee number or a channel, before or after the save. Refuses
 * partial imports that would bypass the trail ({@link PartialImportRefusal}) and the identity-provider side
 * door ({@link IdentityProviderRefusal}), and fails closed: a change
 * it cannot record is not saved ({@link Refusal}).
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
    private static final List<String> TRACED_CREDENTIALS = List.of(PasswordCredentialModel.TYPE, POSTAL_CODE_TYPE);

    private final KeycloakSession session;

    AccessChangeListener(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {}

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        if (event.getError() != null || event.getResourcePath() == null) {
            return;
        }
        if (!event.getResourcePath().startsWith(USERS)) {
            RealmModel realm = session.realms().getRealm(event.getRealmId());
            if (realm != null) {
                IdentityProviderRefusal.refuses(session, realm, event);
            }
            return;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        // A partial import's user events carry the realm's resource type, not USER.
        if (realm == null
                || PartialImportRefusal.refuses(session, realm, event)
                || IdentityProviderRefusal.refuses(session, realm, event)
                || !ResourceType.USER.name().equals(event.getResourceTypeAsString())) {
            return;
        }
        String[] path = event.getResourcePath().substring(USERS.length()).split("/");
        try {
            userChanged(realm, path, event);
        } catch (RuntimeException e) {
            // Fail closed: a change the trail cannot record is not saved (the admin gets an error, not a 204).
            LOG.warnf(
                    "Isoloir: access change of voter %s not traced, the change is refused: %s",
                    path[0], e.getClass().getName());
            Refusal.atCommit(
                    session,
                    Response.Status.INTERNAL_SERVER_ERROR,
                    "The change was not saved: the voters' access trail could not record it.");
        }
    }

    private void userChanged(RealmModel realm, String[] path, AdminEvent event) {
        Actor actor = Actor.of(event.getAuthDetails());
        if (path.length == 1 && event.getOperationType() == OperationType.DELETE) {
            committed(session, realm.getId(), path[0])
                    .filter(before -> before.traced(realm))
                    .ifPresent(before -> AccessTrail.voterRemoved(
                            session, realm, path[0], null, before.contacts(), By.DELETED, actor));
            return;
        }
        UserModel user = session.users().getUserById(realm, path[0]);
        if (user == null) {
            return;
        }
        if (path.length == 1 && event.getOperationType() == OperationType.UPDATE) {
            // Decided on the committed state too: a save that drops the voter's employee number and channel is traced.
            committed(session, realm.getId(), user.getId())
                    .filter(before -> before.traced(realm) || traced(realm, user))
                    .ifPresent(before -> consoleSave(realm, user, before, actor));
            return;
        }
        if (!traced(realm, user)) {
            return;
        }
        if (path.length == 2 && RESET_PASSWORD.equals(path[1]) && event.getOperationType() == OperationType.ACTION) {
            AccessTrail.credentialChanged(
                    session, realm, user, What.PASSPHRASE, "hidden", "set by an admin", By.RESET, actor);
        } else if (path.length == 3
                && CREDENTIALS.equals(path[1])
                && event.getOperationType() == OperationType.ACTION) {
            credentialDeleted(realm, user, event);
        }
    }

    private void consoleSave(RealmModel realm, UserModel user, Committed before, Actor actor) {
        // A resend saved with the same form changes the contacts too, and records that itself: this save's own
        // change ends where the resend began, whichever listener Keycloak called first.
        VoterContacts after = AccessTrail.beforeResend(session, user).orElseGet(() -> VoterContacts.of(user));
        AccessTrail.contactsChanged(session, realm, user, before.contacts(), after, By.CONSOLE, actor);
        // A representation carrying "credentials" sets a password (or a postal code) in the same save.
        Set<String> now = credentials(user);
        for (What what : List.of(What.PASSPHRASE, What.POSTAL_CODE)) {
            String type = what == What.PASSPHRASE ? PasswordCredentialModel.TYPE : POSTAL_CODE_TYPE;
            if (!of(type, before.credentials()).equals(of(type, now))) {
                AccessTrail.credentialChanged(
                        session,
                        realm,
                        user,
                        what,
                        of(type, before.credentials()).isEmpty() ? "-" : "hidden",
                        of(type, now).isEmpty() ? "-" : "set by an admin",
                        By.CONSOLE,
                        actor);
            }
        }
    }

    private void credentialDeleted(RealmModel realm, UserModel user, AdminEvent event) {
        String type = event.getDetails() == null ? null : event.getDetails().get(Details.CREDENTIAL_TYPE);
        What what = PasswordCredentialModel.TYPE.equals(type)
                ? What.PASSPHRASE
                : POSTAL_CODE_TYPE.equals(type) ? What.POSTAL_CODE : null;
        if (what != null) {
            AccessTrail.credentialChanged(
                    session, realm, user, what, "hidden", "-", By.CREDENTIAL_DELETED, Actor.of(event.getAuthDetails()));
        }
    }

    /**
     * Whose access changes are traced: in an election realm ({@link ElectionRealm}) every user but a service
     * account, whatever attributes they hold; elsewhere a user with an employee number or a channel.
     */
    private static boolean traced(RealmModel realm, UserModel user) {
        return ElectionRealm.is(realm) ? user.getServiceAccountClientLink() == null : isVoter(user);
    }

    private static boolean isVoter(UserModel user) {
        return user.getFirstAttribute(Voter.EMPLOYEE_NUMBER) != null || user.getFirstAttribute(Voter.CHANNEL) != null;
    }

    /** The user's password and postal-code credentials as stored: type, id, creation date and hash. */
    private static Set<String> credentials(UserModel user) {
        return user.credentialManager()
                .getStoredCredentialsStream()
                .filter(c -> TRACED_CREDENTIALS.contains(c.getType()))
                .map(c -> fingerprint(c.getType(), c.getId(), c.getCreatedDate(), c.getSecretData()))
                .collect(Collectors.toSet());
    }

    private static String fingerprint(String type, String id, Long created, String secret) {
        return type + "|" + id + "|" + created + "|" + secret;
    }

    private static Set<String> of(String type, Set<String> fingerprints) {
        return fingerprints.stream().filter(f -> f.startsWith(type + "|")).collect(Collectors.toSet());
    }

    /**
     * The user as last committed (never logged: the credentials hold hashes).
     *
     * @param voter          whether the user had an employee number or a channel
     * @param serviceAccount whether the user is a client's service account
     * @param credentials    the password and postal-code credentials, as {@link #fingerprint}s
     */
    record Committed(VoterContacts contacts, boolean voter, boolean serviceAccount, Set<String> credentials) {
        boolean traced(RealmModel realm) {
            return voter || ElectionRealm.is(realm) && !serviceAccount;
        }

        @Override
        public String toString() {
            return "Committed[" + contacts + ", voter=" + voter + "]";
        }
    }

    /** The user as last committed, read in a transaction of its own; empty for a user not yet committed. */
    static Optional<Committed> committed(KeycloakSession session, String realmId, String userId) {
        AtomicReference<Committed> found = new AtomicReference<>();
        KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), s -> {
            EntityManager em = VoterQueries.entityManager(s);
            List<Object[]> users = em.createQuery(
                            "select u.email, u.serviceAccountClientLink from UserEntity u "
                                    + "where u.id = :id and u.realmId = :realm",
                            Object[].class)
                    .setParameter("id", userId)
                    .setParameter("realm", realmId)
                    .getResultList();
            if (users.isEmpty()) {
                return;
            }
            Map<String, String> attributes = new HashMap<>();
            em.createQuery(
                            "select a.name, a.value from UserAttributeEntity a where a.user.id = :id and a.name in :names",
                            Object[].class)
                    .setParameter("id", userId)
                    .setParameter("names", List.of(Voter.PHONE, Voter.CHANNEL, Voter.EMPLOYEE_NUMBER))
                    .getResultList()
                    .forEach(a -> attributes.putIfAbsent((String) a[0], (String) a[1]));
            Set<String> credentials = em.createQuery(
                            "select c.type, c.id, c.createdDate, c.secretData from CredentialEntity c "
                                    + "where c.user.id = :id and c.type in :types",
                            Object[].class)
                    .setParameter("id", userId)
                    .setParameter("types", TRACED_CREDENTIALS)
                    .getResultStream()
                    .map(c -> fingerprint((String) c[0], (String) c[1], (Long) c[2], (String) c[3]))
                    .collect(Collectors.toSet());
            found.set(new Committed(
                    new VoterContacts(
                            (String) users.get(0)[0], attributes.get(Voter.PHONE), attributes.get(Voter.CHANNEL)),
                    attributes.get(Voter.EMPLOYEE_NUMBER) != null || attributes.get(Voter.CHANNEL) != null,
                    users.get(0)[1] != null,
                    credentials));
        });
        return Optional.ofNullable(found.get());
    }

    @Override
    public void close() {}
}
