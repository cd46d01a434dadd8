package fr.isoloir.sending;

import fr.isoloir.jobs.JobRows;
import fr.isoloir.jobs.JobView;
import fr.isoloir.jobs.Jobs;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where sending jobs live: rows of the durable job table ({@code ISOLOIR_JOB}, kind {@value #KIND}), in
 * the database, so they survive a restart and every node of a cluster reads the same. The voters are not
 * in the job: each voter's status attribute says what is left to do ({@link VoterDelivery}).
 */
final class SendJobs {

    static final String KIND = "identifier-sending";

    private SendJobs() {}

    /** Every job of the realm, newest first. */
    static List<SendJob> all(KeycloakSession session, RealmModel realm) {
        return JobRows.ofRealm(session, realm.getId(), KIND).stream()
                .map(SendJobCodec::read)
                .toList();
    }

    static Optional<SendJob> get(KeycloakSession session, RealmModel realm, String id) {
        return Jobs.find(session, realm.getId(), KIND, id).map(SendJobCodec::read);
    }

    /** The realm's running or paused job other than {@code exceptId}: there is at most one. */
    static Optional<SendJob> active(KeycloakSession session, RealmModel realm, String exceptId) {
        return all(session, realm).stream()
                .filter(SendJob::active)
                .filter(j -> !j.id().equals(exceptId))
                .findFirst();
    }

    /** Stores a new job (running); no lease: the worker's tick runs on one node at a time. */
    static SendJob create(KeycloakSession session, RealmModel realm, SendJob job) {
        JobView row = Jobs.create(
                session,
                realm.getId(),
                KIND,
                job.lifecycle().startedBy(),
                SendJobCodec.details(job),
                List.of(),
                null,
                0);
        return SendJobCodec.read(row);
    }

    /**
     * Reads the job as stored now, under its row's lock (the manager may have paused it a second ago), and
     * stores what {@code change} makes of it. Empty when there is no such job.
     */
    static Optional<SendJob> update(
            KeycloakSession session, RealmModel realm, String id, UnaryOperator<SendJob> change) {
        return JobRows.update(session, realm.getId(), KIND, id, row -> {
                    SendJob before = SendJobCodec.read(row);
                    SendJob after = change.apply(before);
                    return after.equals(before) ? row : row(row, after);
                })
                .map(SendJobCodec::read);
    }

    /** The stored row of {@code job}: the table's columns and the job's own details. */
    private static JobView row(JobView stored, SendJob job) {
        return new JobView(
                stored.id(),
                stored.realmId(),
                stored.kind(),
                job.state(),
                job.counts().targeted(),
                job.counts().done(),
                stored.owner(),
                stored.startedBy(),
                stored.startedAt(),
                job.lifecycle().finishedAt(),
                stored.error(),
                SendJobCodec.details(job));
    }
}
