package fr.isoloir.sending;

import fr.isoloir.jobs.JobState;
import fr.isoloir.jobs.JobView;
import fr.isoloir.sending.SendJob.Counts;
import fr.isoloir.sending.SendJob.Pace;
import fr.isoloir.sending.SendJob.Preparation;
import fr.isoloir.sending.SendJob.Prepare;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static fr.isoloir.sending.SendJobTest.T0;
import static fr.isoloir.sending.SendJobTest.started;
import static org.assertj.core.api.Assertions.assertThat;

class SendJobCodecTest {

    /** The row the job table would hold for {@code job}, its details as stored. */
    static JobView row(SendJob job, Map<String, String> details) {
        return new JobView(
                job.id(),
                "realm-1",
                SendJobs.KIND,
                job.state(),
                job.counts().targeted(),
                job.counts().done(),
                null,
                job.lifecycle().startedBy(),
                job.lifecycle().startedAt(),
                job.lifecycle().finishedAt(),
                null,
                details);
    }

    @Test
    void storedAndReadBackItIsTheSameJob() {
        SendJob job = started(false)
                .prepared(new Preparation(Prepare.NEW, 1, "4f1c-user-id"), new Counts(52, 0, 0, 0))
                .ticked(new Pace(0.4, 0.2, T0.plusSeconds(10), 2), new Counts(0, 40, 3, 1))
                .pausedForOutage("provider outage", T0.plusSeconds(10), Duration.ofMinutes(5));
        assertThat(SendJobCodec.read(row(job, SendJobCodec.details(job)))).isEqualTo(job);
    }

    @Test
    void noVoterAndNoContactIsStoredOnlyTheJobsOwnFields() {
        SendJob job = started(true);
        assertThat(SendJobCodec.details(job))
                .containsEntry("channel", "both")
                .containsEntry("resend", "true")
                .containsEntry("prepare", "all")
                .doesNotContainKeys("state", "startedBy", "startedAt", "finishedAt");
    }

    @Test
    void aDamagedStoredFieldReadsAsItsSafeValue() {
        SendJob job = started(false);
        Map<String, String> details = new HashMap<>(SendJobCodec.details(job));
        details.put(SendJobCodec.SENT, "many");
        details.put(SendJobCodec.CHANNEL, "pigeon");
        details.put(SendJobCodec.EMAIL_CREDIT, "NaN");
        details.put(SendJobCodec.RESUME_AT, "tomorrow");
        details.put(SendJobCodec.PREPARE, "everything");
        SendJob read = SendJobCodec.read(row(job, details));
        assertThat(read.counts().sent()).isZero();
        assertThat(read.request().channels()).isEqualTo(SendJob.Channels.BOTH);
        assertThat(read.pace().emailCredit()).isZero();
        assertThat(read.lifecycle().resumeAt()).isNull();
        assertThat(read.preparation().done())
                .as("an unknown phase prepares nothing more")
                .isTrue();
    }

    @Test
    void theRestShapeKeepsTheFieldsTheEspaceReadsAndTheCommonProgress() {
        SendJob job = started(false)
                .prepared(Preparation.DONE, new Counts(52, 0, 0, 0))
                .ticked(new Pace(0, 0, T0, 0), new Counts(0, 40, 3, 1));
        Map<String, Object> json = SendJobCodec.json(job, T0.plusSeconds(60));
        assertThat(json)
                .containsEntry("id", "job-1")
                .containsEntry("state", "running")
                .containsEntry("channel", "both")
                .containsEntry("emailRate", 600)
                .containsEntry("smsRate", 60)
                .containsEntry("startedBy", "manager")
                .containsEntry("preparing", false)
                .containsEntry("done", 44)
                .containsEntry("total", 52)
                .containsEntry("ratePerMinute", 44.0)
                .containsKeys("status", "progress", "pauseReason", "resumeAt", "finishedAt", "secondsLeft");
        assertThat(json.get("counts"))
                .isEqualTo(Map.of("targeted", 52, "sent", 40, "failed", 3, "uncertain", 1, "pending", 8));
        assertThat(SendJobCodec.json(job.pausedByManager(), T0).get("state")).isEqualTo(JobState.PAUSED.value());
    }
}
