package fr.isoloir.jobs;

import java.time.Instant;
import java.util.Map;

/** A job as read at one moment, detached from the database. */
public record JobView(
        String id,
        String realmId,
        String kind,
        JobState state,
        int total,
        int done,
        String owner,
        String startedBy,
        Instant startedAt,
        Instant finishedAt,
        String error,
        Map<String, String> details) {

    static JobView of(JobEntity job) {
        JobState state = JobState.of(job.getState());
        return new JobView(
                job.getId(),
                job.getRealmId(),
                job.getKind(),
                state == null ? JobState.FAILED : state,
                job.getTotal(),
                job.getDone(),
                job.getOwner(),
                job.getStartedBy(),
                Jobs.instant(job.getStartedAt()),
                Jobs.instant(job.getFinishedAt()),
                job.getError(),
                Map.copyOf(Jobs.details(job)));
    }

    public JobProgress progress() {
        return new JobProgress(done, total, state, startedBy, startedAt, finishedAt);
    }

    /** A count kept in the details (0 when absent). */
    public int count(String name) {
        try {
            return Integer.parseInt(details.getOrDefault(name, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
