package fr.isoloir.election;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.UserSessionProvider;
import org.keycloak.timer.ScheduledTask;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * At the election's closing instant, ends every session of the election's realm, online and offline, and
 * sets the realm's "not before" to the closing instant: the SSO cookie stops logging anyone in and the
 * voting site's refresh tokens stop working. Its access tokens live on until they expire (the realm's
 * access token lifespan) for a site that checks them itself; Keycloak's userinfo and introspection
 * refuse them. Run by Keycloak's timer on one node of the cluster per tick ({@link fr.isoloir.OneNodePerTick}),
 * so sessions end at most about two ticks after closing. The login itself never waits for this: the election-window step refuses every
 * login from the closing instant, cookie logins included.
 *
 * <p>Every user of an election realm is a voter (election managers log in to the master realm), so the
 * realm's sessions are the voters' sessions. Holds no state: the closing instant is read from the realm
 * at each tick, and a closed realm with no session left costs two counts.
 */
final class SessionsEndAtClosing implements ScheduledTask {

    static final String TASK_NAME = "isoloir-sessions-end-at-closing";
    /** Sessions ended per client and per tick; the next tick ends the rest. */
    static final int BATCH = 1000;

    private static final Logger LOG = Logger.getLogger(SessionsEndAtClosing.class);

    @Override
    public String getTaskName() {
        return TASK_NAME;
    }

    @Override
    public void run(KeycloakSession session) {
        Instant now = Instant.ofEpochMilli(Time.currentTimeMillis());
        session.realms()
                .getRealmsStream()
                .filter(realm -> realm.getAttribute(ElectionSettings.CLOSES_AT) != null)
                .toList()
                .forEach(realm -> closingInstant(realm.getAttributes(), now).ifPresent(closedAt -> {
                    // Keycloak's session and user lookups need the realm in the context, as in a request.
                    session.getContext().setRealm(realm);
                    endSessions(session.sessions(), realm, closedAt);
                }));
    }

    /** When these realm attributes say the election closed, if it has by now (damaged dates: never, as for the login). */
    static Optional<Instant> closingInstant(Map<String, String> attributes, Instant now) {
        ElectionWindow window =
                ElectionSettings.read(attributes, "", "", () -> "").window();
        return window.state(now) == ElectionWindow.State.CLOSED
                ? window.closesAt().map(OffsetDateTime::toInstant)
                : Optional.empty();
    }

    private static void endSessions(UserSessionProvider sessions, RealmModel realm, Instant closedAt) {
        // Tokens issued before closing are refused from now on by Keycloak's refresh, userinfo and introspection,
        // whatever happens to the sessions; set once (a realm write), idempotent across nodes and ticks.
        int notBefore = (int) closedAt.getEpochSecond();
        if (realm.getNotBefore() < notBefore) {
            realm.setNotBefore(notBefore);
        }
        Map<String, Long> online = sessions.getActiveClientSessionStats(realm, false);
        Map<String, Long> offline = sessions.getActiveClientSessionStats(realm, true);
        if (online.isEmpty() && offline.isEmpty()) {
            return;
        }
        // One by one, as a logout does: removeUserSessions(realm) left sessions usable by their refresh tokens.
        long ended = endEach(
                realm,
                online.keySet(),
                client -> sessions.readOnlyStreamUserSessions(realm, client, 0, BATCH),
                id -> Optional.ofNullable(sessions.getUserSession(realm, id))
                        .ifPresent(userSession -> sessions.removeUserSession(realm, userSession)));
        long offlineEnded = endEach(
                realm,
                offline.keySet(),
                client -> sessions.readOnlyStreamOfflineUserSessions(realm, client, 0, BATCH),
                id -> Optional.ofNullable(sessions.getOfflineUserSession(realm, id))
                        .ifPresent(offlineSession -> sessions.removeOfflineUserSession(realm, offlineSession)));
        LOG.infof(
                "Isoloir: realm %s: the election closed at %s; sessions ended: %d, offline sessions ended: %d",
                realm.getName(), closedAt, ended, offlineEnded);
    }

    /** Ends up to {@value #BATCH} sessions of each of these clients; how many were listed. */
    private static long endEach(
            RealmModel realm,
            Set<String> clientIds,
            Function<ClientModel, Stream<UserSessionModel>> list,
            Consumer<String> end) {
        long ended = 0;
        for (String clientId : clientIds) {
            ClientModel client = realm.getClientById(clientId);
            if (client != null) {
                List<String> ids = list.apply(client)
                        .map(UserSessionModel::getId)
                        .distinct()
                        .toList();
                ids.forEach(end);
                ended += ids.size();
            }
        }
        return ended;
    }
}
