package fr.isoloir.voterlist;

import com.fasterxml.jackson.core.type.TypeReference;
import fr.isoloir.accesschange.AccessChange;
import fr.isoloir.accesschange.AccessTrail;
import fr.isoloir.accesschange.Actor;
import fr.isoloir.accesschange.VoterContacts;
import fr.isoloir.delivery.MessageDelivery;
import fr.isoloir.identifier.VoterIdentifier;
import fr.isoloir.jobs.JobProgress;
import fr.isoloir.jobs.JobResumer;
import fr.isoloir.jobs.JobRunner;
import fr.isoloir.jobs.JobState;
import fr.isoloir.jobs.JobView;
import fr.isoloir.jobs.Jobs;
import fr.isoloir.voter.Voter;
import fr.isoloir.voter.VoterQueries;
import org.keycloak.connections.jpa.support.EntityManagers;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Applies an {@link ImportPlan} in the background as a durable job ({@link fr.isoloir.jobs}): the plan is
 * cut into steps of {@value #BATCH} users, stored in the database with the job in the upload's transaction,
 * and applied one batch per transaction, each batch's rows deleted as it commits (they hold personal data;
 * those left are deleted when the job ends). A big list never holds one huge transaction, and what is done
 * stays done.
 *
 * <p>If the node stops mid-import, any node (the restarted one included) takes the job over once its lease
 * lapses and goes on from the first batch not committed: no new upload. A batch that would run twice does
 * no harm: creations are keyed by employee number (a voter already there is skipped), updates write the
 * same values again, removals find the voter gone ({@link #apply}). One import per realm at a time.
 */
public final class VoterImportJob {

    /**
     * Users per transaction: a failed batch is done again whole, and notices wait for their batch's commit;
     * big enough that commits do not dominate. (A batch's creations are flushed once, in Keycloak's batch mode.)
     */
    static final int BATCH = 100;
    /** The job kind, in the job table. */
    static final String KIND = "voter-import";

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Held by an upload between its check that no import runs and its commit: two uploads cannot both start. */
    private static final String LOCK_PREFIX = "isoloir-voter-import-lock:";

    private static final long LOCK_SECONDS = 300;
    /** Longest wait for room in the delivery queue before a batch (then the batch goes on: notices may queue up). */
    private static final long NOTICE_ROOM_MILLIS = 60_000;

    private static final TypeReference<List<Step>> STEPS = new TypeReference<>() {};

    // Details kept with the job (no personal data: the file's hash, options, counts, the manager's ids).
    static final String SHA256 = "sha256";
    static final String SIZE = "size";
    static final String REMOVE_ABSENT = "removeAbsent";
    static final String UNCHANGED = "unchanged";
    static final String ABSENT = "absent";
    static final String CREATED = "created";
    static final String UPDATED = "updated";
    static final String REMOVED = "removed";
    static final String SKIPPED = "skipped";
    private static final String ACTOR_REALM = "actorRealmId";
    private static final String ACTOR_CLIENT = "actorClientId";
    private static final String ACTOR_USER = "actorUserId";
    private static final String ACTOR_IP = "actorIpAddress";

    private VoterImportJob() {}

    /**
     * Where the import came from: the file's hash and size, and the manager who started it (named in each
     * voter's access-change event).
     */
    record Origin(String sha256, long size, Actor actor) {}

    /**
     * One user to write: a voter to create (with its new identifier), to update, or to remove. Stored as
     * JSON in the job's batches until applied.
     */
    record Step(VoterRow create, String username, ImportPlan.Update update, ExistingVoter remove) {}

    /**
     * Stores the plan as a job held by this node and starts it once this request commits.
     *
     * @return the job id, or null when another import of this realm is running
     */
    static String start(
            KeycloakSession session,
            RealmModel realm,
            ImportPlan plan,
            Set<String> usernames,
            boolean removeAbsent,
            Origin origin) {
        String realmId = realm.getId();
        // The lock before the check: an upload racing this one either finds the lock taken or sees its job.
        if (!session.singleUseObjects().putIfAbsent(LOCK_PREFIX + realmId, LOCK_SECONDS)) {
            return null;
        }
        Runnable unlock = () -> session.singleUseObjects().remove(LOCK_PREFIX + realmId);
        // A paused import blocks a new one too: resumed later, its older plan would undo the newer file's changes.
        if (Jobs.running(session, realmId, KIND).isPresent()
                || latest(session, realmId).filter(job -> !job.state().ended()).isPresent()) {
            unlock.run();
            return null;
        }
        // Whatever fails before the job is stored must free the lock at once, not after its timeout.
        try {
            List<Step> steps = new ArrayList<>();
            Set<String> taken = new HashSet<>(usernames);
            plan.creates().forEach(row -> steps.add(new Step(row, newIdentifier(taken), null, null)));
            plan.updates().forEach(update -> steps.add(new Step(null, null, update, null)));
            if (removeAbsent) {
                plan.absent().forEach(voter -> steps.add(new Step(null, null, null, voter)));
            }
            List<Jobs.Chunk> chunks = new ArrayList<>();
            for (int from = 0; from < steps.size(); from += BATCH) {
                List<Step> batch = steps.subList(from, Math.min(steps.size(), from + BATCH));
                chunks.add(new Jobs.Chunk(batch.size(), encode(batch)));
            }
            Map<String, String> details = new LinkedHashMap<>();
            details.put(SHA256, origin.sha256());
            details.put(SIZE, Long.toString(origin.size()));
            details.put(REMOVE_ABSENT, Boolean.toString(removeAbsent));
            details.put(UNCHANGED, Integer.toString(plan.unchanged()));
            details.put(ABSENT, Integer.toString(plan.absent().size()));
            putIfKnown(details, ACTOR_REALM, origin.actor().realmId());
            putIfKnown(details, ACTOR_CLIENT, origin.actor().clientId());
            putIfKnown(details, ACTOR_USER, origin.actor().userId());
            putIfKnown(details, ACTOR_IP, origin.actor().ipAddress());
            JobView job = JobResumer.startHere(session, realmId, KIND, details, chunks, work(session), unlock);
            return job.id();
        } catch (RuntimeException e) {
            unlock.run();
            throw e;
        }
    }

    /** Schedules, on this node, the takeover of imports whose node stopped. */
    public static void scheduleResumer(KeycloakSession session) {
        JobResumer.schedule(session, KIND, VoterImportJob::work);
    }

    /** The status of an import of this realm as the REST API gives it, or empty when unknown. */
    static Optional<Map<String, Object>> status(KeycloakSession session, RealmModel realm, String jobId) {
        return Jobs.find(session, realm.getId(), KIND, jobId).map(job -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("jobId", job.id());
            statusFields(job)
                    .forEach((key, value) ->
                            body.put(key, value.matches("\\d{1,9}") ? (Object) Integer.valueOf(value) : value));
            body.putAll(job.progress().toJson(Instant.now()));
            // Batches still stored (with the voters' data): 0 once the import has ended.
            body.put("batchesLeft", Jobs.chunksLeft(session, job.id()));
            return body;
        });
    }

    /** Statuses listed by {@link #recent}: the week's imports (ended ones are kept a week), newest first. */
    static final int RECENT = 20;
    /** Tries of a pause, resume or cancel whose update timed out waiting for the batch in flight's row lock. */
    private static final int CONTROL_TRIES = 5;

    /** The realm's imports, newest first, as {@link #status} gives each. */
    static List<Map<String, Object>> recent(KeycloakSession session, RealmModel realm) {
        return ids(session, realm.getId(), RECENT).stream()
                .map(id -> status(session, realm, id))
                .flatMap(Optional::stream)
                .toList();
    }

    private static Optional<JobView> latest(KeycloakSession session, String realmId) {
        return ids(session, realmId, 1).stream().findFirst().flatMap(id -> Jobs.find(session, realmId, KIND, id));
    }

    private static List<String> ids(KeycloakSession session, String realmId, int max) {
        return VoterQueries.entityManager(session)
                .createQuery(
                        "select j.id from JobEntity j where j.realmId = :realmId and j.kind = :kind"
                                + " order by j.startedAt desc",
                        String.class)
                .setParameter("realmId", realmId)
                .setParameter("kind", KIND)
                .setMaxResults(max)
                .getResultList();
    }

    /** Where a pause, resume or cancel left the import: its state before, the job after, its status after. */
    record Controlled(JobState before, JobView after, Map<String, Object> status) {}

    /**
     * Applies a pause, resume or cancel in a transaction of its own, committed before the answer, so that the
     * runner (on any node) sees it before its next chunk. The update waits for the chunk in flight, which
     * holds the job's row; on a lock time-out (H2's is short) it is tried again.
     *
     * @return empty when the realm has no such import
     */
    static Optional<Controlled> control(
            KeycloakSession session, RealmModel realm, ImportControl control, String jobId) {
        for (int attempt = 1; ; attempt++) {
            try {
                return KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(), s -> {
                    Optional<JobView> before = Jobs.find(s, realm.getId(), KIND, jobId);
                    if (before.isEmpty()) {
                        return Optional.empty();
                    }
                    JobView after = control.allowedFrom(before.get().state())
                            ? control.apply(s, realm.getId(), jobId).orElseThrow()
                            : before.get();
                    return Optional.of(new Controlled(
                            before.get().state(), after, status(s, realm, jobId).orElseThrow()));
                });
            } catch (RuntimeException lockTimeout) {
                if (attempt >= CONTROL_TRIES) {
                    throw lockTimeout;
                }
            }
        }
    }

    /**
     * The fields the import's status has always had ({@code status}: running, done, failed or cancelled), as
     * text: the REST answer and the console item show them.
     */
    static Map<String, String> statusFields(JobView job) {
        Map<String, String> status = new LinkedHashMap<>();
        status.put(
                "status",
                job.state() == JobState.FINISHED ? "done" : job.state().value());
        status.put("total", Integer.toString(job.total()));
        status.put("done", Integer.toString(job.done()));
        for (String count : List.of(CREATED, UPDATED, REMOVED, SKIPPED, UNCHANGED, ABSENT)) {
            status.put(count, Integer.toString(job.count(count)));
        }
        status.put(REMOVE_ABSENT, job.details().getOrDefault(REMOVE_ABSENT, "false"));
        status.put(SHA256, job.details().get(SHA256));
        status.put("startedAt", job.startedAt().toString());
        if (job.finishedAt() != null) {
            status.put("finishedAt", job.finishedAt().toString());
        }
        if (job.error() != null) {
            status.put("error", job.error());
        }
        status.put("progress", progress(job.progress()));
        return status;
    }

    /** "4 500 / 10 000 (45 %)". */
    static String progress(JobProgress progress) {
        int done = progress.done();
        int total = progress.total();
        return done + " / " + total + " (" + (total == 0 ? 100 : done * 100L / total) + " %)";
    }

    /** The import's work for the job runner, on this node. */
    private static JobRunner.Work work(KeycloakSession session) {
        Executor notices = MessageDelivery.executor(session);
        return new JobRunner.Work() {
            @Override
            public void beforeBatch() {
                // Each batch queues its voters' access-change notices once it commits: at most one per changed
                // contact, BATCH voters, so waiting for room first keeps a big import from filling the queue.
                MessageDelivery.waitForRoom(notices, NOTICE_ROOM_MILLIS);
            }

            @Override
            public Map<String, Integer> apply(KeycloakSession s, RealmModel realm, JobView job, String payload) {
                List<Step> steps = decode(payload);
                Set<String> existing = RealmVoters.employeeNumbersAmong(
                        s,
                        realm,
                        steps.stream()
                                .filter(step -> step.create() != null)
                                .map(step -> step.create().employeeNumber())
                                .toList());
                Actor actor = new Actor(
                        job.details().get(ACTOR_REALM),
                        job.details().get(ACTOR_CLIENT),
                        job.details().get(ACTOR_USER),
                        job.details().get(ACTOR_IP));
                return VoterImportJob.apply(steps, existing, new Effects() {
                    @Override
                    public void creating(Runnable creations) {
                        // Keycloak's batch mode, as its own realm import uses: the batch's new users are written
                        // in a persistence context of their own (same connection and transaction) flushed once at
                        // the end, in JDBC batches, instead of two flushes per user (after the user's row and
                        // after its default role) each dirty-checking every entity of the batch so far. Writes
                        // still go through the UserProvider: its cache layer registers each new user's
                        // invalidation (id, username, email) as it does outside batch mode, sent to the other
                        // nodes when the batch commits.
                        EntityManagers.runInBatch(s, creations, true);
                    }

                    @Override
                    public boolean create(VoterRow row, String username) {
                        return VoterImportJob.create(s, row, username);
                    }

                    @Override
                    public boolean update(ImportPlan.Update update) {
                        return VoterImportJob.update(s, update, actor);
                    }

                    @Override
                    public boolean remove(ExistingVoter voter) {
                        return VoterImportJob.remove(s, voter, actor);
                    }
                });
            }
        };
    }

    /** What a step does to the realm; the job's are Keycloak's user API, a test's a record of calls. */
    interface Effects {
        /** Runs a batch's creations, all of them at once (the job: in Keycloak's batch mode). */
        default void creating(Runnable creations) {
            creations.run();
        }

        boolean create(VoterRow row, String username);

        boolean update(ImportPlan.Update update);

        boolean remove(ExistingVoter voter);
    }

    /**
     * Applies a batch's steps. {@code existing} holds the employee numbers of the batch's creations already in
     * the realm: a batch applied again (its first run committed, then its node stopped before it could say so)
     * skips them instead of creating the voter twice. Updates and removals check the voter themselves.
     * Creations run first, together ({@link Effects#creating}), then updates and removals one by one, each
     * with its trail and notices: the order in which {@link #start} stores them.
     *
     * @return how many users were created, updated, removed and skipped
     */
    static Map<String, Integer> apply(List<Step> steps, Set<String> existing, Effects effects) {
        Map<String, Integer> counts = new HashMap<>();
        List<Step> creations =
                steps.stream().filter(step -> step.create() != null).toList();
        if (!creations.isEmpty()) {
            effects.creating(() -> {
                for (Step step : creations) {
                    boolean created = !existing.contains(step.create().employeeNumber())
                            && effects.create(step.create(), step.username());
                    counts.merge(created ? CREATED : SKIPPED, 1, Integer::sum);
                }
            });
        }
        for (Step step : steps) {
            if (step.update() != null) {
                counts.merge(effects.update(step.update()) ? UPDATED : SKIPPED, 1, Integer::sum);
            } else if (step.remove() != null) {
                counts.merge(effects.remove(step.remove()) ? REMOVED : SKIPPED, 1, Integer::sum);
            }
        }
        return counts;
    }

    static String encode(List<Step> steps) {
        try {
            return JsonSerialization.writeValueAsString(steps);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Step> decode(String payload) {
        try {
            return JsonSerialization.readValue(payload, STEPS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void putIfKnown(Map<String, String> details, String key, String value) {
        if (value != null) {
            details.put(key, value);
        }
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
            return false; // removed or renumbered since the plan: left alone, counted as skipped
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
        AccessTrail.voterRemoved(
                session, realm, user.getId(), user, VoterContacts.of(user), AccessChange.By.IMPORT, actor);
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
