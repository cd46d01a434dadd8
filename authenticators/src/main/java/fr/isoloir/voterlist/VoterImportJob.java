package fr.isoloir.voterlist;

import fr.isoloir.AfterCommit;
import fr.isoloir.accesschange.AccessChange;
import fr.isoloir.accesschange.AccessTrail;
import fr.isoloir.accesschange.Actor;
import fr.isoloir.accesschange.VoterContacts;
import fr.isoloir.delivery.MessageDelivery;
import fr.isoloir.identifier.VoterIdentifier;
import fr.isoloir.voter.Voter;
import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/**
 * Applies an {@link ImportPlan} in the background, in batches of {@value #BATCH} users, each its own
 * transaction: a big list never holds one huge transaction, and what is done stays done. Progress is
 * kept in Keycloak's singleUseObjects store (replicated: every node answers the status call), and on
 * the console item when the import came from the console.
 *
 * <p>If the node stops mid-import, the batches committed stay; the manager uploads the same file again
 * and the import, keyed by employee number, does only what is left (see docs/election.md). One import
 * per realm at a time: a lock in the same store, which expires by itself if its node disappears.
 */
public final class VoterImportJob {

    /**
     * Users per transaction. Small enough that Hibernate's flush at each new user (dirty-checking the
     * whole transaction's entities) stays cheap, big enough that commits do not dominate.
     */
    static final int BATCH = 100;
    private static final Logger LOG = Logger.getLogger(VoterImportJob.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String EXECUTOR = "isoloir-voter-import";
    private static final String STATUS_PREFIX = "isoloir-voter-import:";
    private static final String LOCK_PREFIX = "isoloir-voter-import-lock:";
    /** How long a finished import's status is kept. */
    private static final long STATUS_SECONDS = 7 * 24 * 3600;
    /** The lock outlives a stopped node by at most this; each batch renews it. */
    private static final long LOCK_SECONDS = 300;
    /** Longest wait for room in the delivery queue before a batch (then the batch goes on: notices may queue up). */
    private static final long NOTICE_ROOM_MILLIS = 60_000;
    /** The console item is updated at most this often (each update invalidates the realm cache cluster-wide). */
    private static final long COMPONENT_UPDATE_MILLIS = 3000;

    private VoterImportJob() {
    }

    /**
     * Where the import came from: the file's hash and size, the console item to update (or null), and the
     * manager who started it (named in each voter's access-change event).
     */
    record Origin(String sha256, long size, String componentId, Actor actor) {
    }

    /**
     * Reserves the realm's import slot and schedules the plan to run once this request commits.
     *
     * @return the job id, or null when another import of this realm is running
     */
    static String start(KeycloakSession session, RealmModel realm, ImportPlan plan, Set<String> usernames,
                        boolean removeAbsent, Origin origin) {
        String jobId = UUID.randomUUID().toString();
        if (!session.singleUseObjects().putIfAbsent(LOCK_PREFIX + realm.getId(), LOCK_SECONDS)) {
            return null;
        }
        int total = plan.work(removeAbsent);
        Map<String, String> status = new LinkedHashMap<>();
        status.put("jobId", jobId);
        status.put("realmId", realm.getId());
        status.put("status", "running");
        status.put("total", Integer.toString(total));
        status.put("done", "0");
        status.put("created", "0");
        status.put("updated", "0");
        status.put("removed", "0");
        status.put("skipped", "0");
        status.put("unchanged", Integer.toString(plan.unchanged()));
        status.put("absent", Integer.toString(plan.absent().size()));
        status.put("removeAbsent", Boolean.toString(removeAbsent));
        status.put("sha256", origin.sha256());
        status.put("startedAt", Instant.now().toString());
        session.singleUseObjects().put(STATUS_PREFIX + jobId, STATUS_SECONDS, status);

        List<BiConsumer<KeycloakSession, Counts>> work = new ArrayList<>();
        Set<String> taken = new java.util.HashSet<>(usernames);
        for (VoterRow row : plan.creates()) {
            String username = newIdentifier(taken);
            work.add((s, counts) -> counts.add(create(s, row, username) ? "created" : "skipped"));
        }
        for (ImportPlan.Update update : plan.updates()) {
            work.add((s, counts) -> counts.add(update(s, update, origin.actor()) ? "updated" : "skipped"));
        }
        if (removeAbsent) {
            for (ExistingVoter voter : plan.absent()) {
                work.add((s, counts) -> counts.add(remove(s, voter, origin.actor()) ? "removed" : "skipped"));
            }
        }
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        String realmId = realm.getId();
        var executor = session.getProvider(ExecutorsProvider.class).getExecutor(EXECUTOR);
        Executor notices = MessageDelivery.executor(session);
        AfterCommit.run(session, () -> executor.execute(() -> run(factory, realmId, jobId, work, origin, notices)),
                () -> KeycloakModelUtils.runJobInTransaction(factory, s -> {
                    s.singleUseObjects().remove(LOCK_PREFIX + realmId);
                    s.singleUseObjects().remove(STATUS_PREFIX + jobId);
                }));
        return jobId;
    }

    /** The status of an import of this realm, or null when unknown (never started, or older than a week). */
    static Map<String, String> status(KeycloakSession session, RealmModel realm, String jobId) {
        Map<String, String> status = session.singleUseObjects().get(STATUS_PREFIX + jobId);
        return status == null || !realm.getId().equals(status.get("realmId")) ? null : status;
    }

    /** "4 500 / 10 000 (45 %)". */
    static String progress(Map<String, String> status) {
        int done = Integer.parseInt(status.getOrDefault("done", "0"));
        int total = Integer.parseInt(status.getOrDefault("total", "0"));
        return done + " / " + total + " (" + (total == 0 ? 100 : done * 100L / total) + " %)";
    }

    private static final class Counts {
        final Map<String, Integer> counts = new HashMap<>();

        void add(String what) {
            counts.merge(what, 1, Integer::sum);
        }
    }

    private static void run(KeycloakSessionFactory factory, String realmId, String jobId,
                            List<BiConsumer<KeycloakSession, Counts>> work, Origin origin, Executor notices) {
        long started = System.nanoTime();
        long lastComponentUpdate = 0;
        Counts counts = new Counts();
        int done = 0;
        String outcome = "done";
        String error = null;
        try {
            for (int from = 0; from < work.size(); from += BATCH) {
                List<BiConsumer<KeycloakSession, Counts>> batch = work.subList(from, Math.min(work.size(), from + BATCH));
                Counts batchCounts = new Counts();
                // Each batch queues its voters' access-change notices once it commits: at most one per changed
                // contact, BATCH voters, so waiting for room first keeps a big import from filling the queue.
                MessageDelivery.waitForRoom(notices, NOTICE_ROOM_MILLIS);
                KeycloakModelUtils.runJobInTransaction(factory, s -> {
                    s.getContext().setRealm(s.realms().getRealm(realmId));
                    batch.forEach(item -> item.accept(s, batchCounts));
                });
                batchCounts.counts.forEach((k, v) -> counts.counts.merge(k, v, Integer::sum));
                done += batch.size();
                boolean updateComponent = System.currentTimeMillis() - lastComponentUpdate >= COMPONENT_UPDATE_MILLIS;
                record(factory, realmId, jobId, "running", done, counts, null, updateComponent ? origin.componentId() : null);
                if (updateComponent) {
                    lastComponentUpdate = System.currentTimeMillis();
                }
            }
        } catch (RuntimeException e) {
            outcome = "failed";
            error = e.getClass().getSimpleName();
            LOG.warnf(e, "Isoloir: voter import %s stopped after %d of %d changes; uploading the file again finishes it",
                    jobId, done, work.size());
        }
        try {
            record(factory, realmId, jobId, outcome, done, counts, error, origin.componentId());
        } finally {
            KeycloakModelUtils.runJobInTransaction(factory, s -> s.singleUseObjects().remove(LOCK_PREFIX + realmId));
        }
        LOG.infof("Isoloir: voter import %s %s: %d changes in %d ms %s", jobId, outcome, done,
                (System.nanoTime() - started) / 1_000_000, counts.counts);
    }

    private static void record(KeycloakSessionFactory factory, String realmId, String jobId, String state, int done,
                               Counts counts, String error, String componentId) {
        KeycloakModelUtils.runJobInTransaction(factory, s -> {
            Map<String, String> status = s.singleUseObjects().get(STATUS_PREFIX + jobId);
            if (status == null) {
                return;
            }
            Map<String, String> updated = new LinkedHashMap<>(status);
            updated.put("status", state);
            updated.put("done", Integer.toString(done));
            for (String what : List.of("created", "updated", "removed", "skipped")) {
                updated.put(what, Integer.toString(counts.counts.getOrDefault(what, 0)));
            }
            if (!"running".equals(state)) {
                updated.put("finishedAt", Instant.now().toString());
            }
            if (error != null) {
                updated.put("error", error);
            }
            s.singleUseObjects().put(STATUS_PREFIX + jobId, STATUS_SECONDS, updated);
            if ("running".equals(state)) {
                s.singleUseObjects().put(LOCK_PREFIX + realmId, LOCK_SECONDS, Map.of("jobId", jobId));
            }
            if (componentId != null) {
                RealmModel realm = s.realms().getRealm(realmId);
                ComponentModel item = realm.getComponent(componentId);
                if (item != null) {
                    VoterImportPage.showStatus(item, updated);
                    realm.updateComponent(item);
                }
            }
        });
    }

    private static String newIdentifier(Set<String> taken) {
        while (true) {
            String username = VoterIdentifier.generate(RANDOM).username();
            if (taken.add(username)) {
                return username;
            }
        }
    }

    private static boolean create(KeycloakSession session, VoterRow row, String username) {
        RealmModel realm = session.getContext().getRealm();
        UserModel user = session.users().addUser(realm, username);
        user.setEnabled(true);
        user.setSingleAttribute(Voter.EMPLOYEE_NUMBER, row.employeeNumber());
        row.fields().forEach((name, value) -> set(user, name, value));
        return true;
    }

    private static boolean update(KeycloakSession session, ImportPlan.Update update, Actor actor) {
        RealmModel realm = session.getContext().getRealm();
        UserModel user = session.users().getUserById(realm, update.userId());
        if (user == null || !update.row().employeeNumber().equals(user.getFirstAttribute(Voter.EMPLOYEE_NUMBER))) {
            return false;   // removed or renumbered since the plan: left alone, counted as skipped
        }
        Map<String, String> fields = update.row().fields();
        VoterContacts before = VoterContacts.of(user);
        update.changed().forEach(name -> set(user, name, fields.get(name)));
        // Per voter, beside the file's own event: a changed contact or channel is traced and its previous contact told.
        AccessTrail.contactsChanged(session, realm, user, before, AccessChange.By.IMPORT, actor);
        return true;
    }

    private static boolean remove(KeycloakSession session, ExistingVoter voter, Actor actor) {
        RealmModel realm = session.getContext().getRealm();
        UserModel user = session.users().getUserById(realm, voter.userId());
        if (user == null || !voter.employeeNumber().equals(user.getFirstAttribute(Voter.EMPLOYEE_NUMBER))) {
            return false;
        }
        // No admin event per removed user: the voter's own trail row and a notice to the contacts it had.
        AccessTrail.voterRemoved(session, realm, user.getId(), user, VoterContacts.of(user), AccessChange.By.IMPORT, actor);
        return session.users().removeUser(realm, user);
    }

    /** Writes one field; the identifier (username) is never among them, so re-imports keep it. */
    private static void set(UserModel user, String name, String value) {
        switch (name) {
            case VoterRow.FIRST_NAME -> user.setFirstName(value);
            case VoterRow.LAST_NAME -> user.setLastName(value);
            case VoterRow.EMAIL -> {
                // The employer's file is the source of voters' addresses: no verification email to send.
                user.setEmail(value);
                user.setEmailVerified(value != null);
            }
            default -> {
                if (value == null) {
                    user.removeAttribute(name);
                } else {
                    user.setSingleAttribute(name, value);
                }
            }
        }
    }
}
