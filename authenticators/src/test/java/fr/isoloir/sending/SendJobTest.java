package fr.isoloir.sending;

import fr.isoloir.jobs.JobProgress;
import fr.isoloir.jobs.JobState;
import fr.isoloir.sending.SendJob.Channels;
import fr.isoloir.sending.SendJob.Counts;
import fr.isoloir.sending.SendJob.Prepare;
import fr.isoloir.sending.SendJob.State;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SendJobTest {

    static final Instant T0 = Instant.parse("2027-03-01T08:00:00Z");

    static SendJob started(boolean resend) {
        return SendJob.start(Channels.BOTH, 600, 60, resend, "manager", T0, "CSE 2027", "https://vote.example/")
                .withId("job-1");
    }

    @Test
    void aNewJobRunsAndFirstPreparesTheVotersNeverSentTo() {
        SendJob job = started(false);
        assertThat(job.state()).isEqualTo(State.RUNNING);
        assertThat(job.prepare()).isEqualTo(Prepare.NEW);
        assertThat(started(true).prepare()).isEqualTo(Prepare.ALL);
    }

    @Test
    void storedAndReadBackItIsTheSameJob() {
        SendJob job = started(false)
                .prepared(Prepare.DONE, 0, 0, new Counts(52, 0, 0, 0))
                .ticked(T0.plusSeconds(10), 0.4, 0.2, new Counts(0, 40, 3, 1), 2)
                .pausedForOutage("provider outage", T0.plusSeconds(10), Duration.ofMinutes(5));
        assertThat(SendJob.fromConfig("job-1", job.toConfig())).isEqualTo(job);
    }

    @Test
    void theManagerPausesResumesAndCancels() {
        SendJob job = started(false);
        SendJob paused = job.managerChange("paused", null, T0);
        assertThat(paused.state()).isEqualTo(State.PAUSED);
        assertThat(paused.pauseReason()).isEqualTo(SendJob.PAUSED_BY_MANAGER);
        assertThat(paused.resumedIfDue(T0.plus(Duration.ofDays(1))).state())
                .as("paused by the manager: waits for the manager")
                .isEqualTo(State.PAUSED);
        assertThat(paused.managerChange("running", null, T0).state()).isEqualTo(State.RUNNING);
        SendJob cancelled = paused.managerChange("cancelled", null, T0.plusSeconds(60));
        assertThat(cancelled.state()).isEqualTo(State.CANCELLED);
        assertThat(cancelled.finishedAt()).isEqualTo(T0.plusSeconds(60));
        assertThatThrownBy(() -> cancelled.managerChange("running", null, T0)).hasMessageContaining("cancelled");
    }

    @Test
    void theConsoleSavingStaleFiguresChangesOnlyTheState() {
        SendJob job = started(false)
                .prepared(Prepare.DONE, 0, 0, new Counts(10, 0, 0, 0))
                .ticked(T0.plusSeconds(10), 0, 0, new Counts(0, 7, 0, 0), 0);
        // The console sends back what it read; only state and retry are taken from it.
        assertThat(job.managerChange("running", "none", T0)).isEqualTo(job);
        assertThat(job.managerChange("", "", T0)).isEqualTo(job);
    }

    @Test
    void finishedIsNotSomethingTheManagerSets() {
        assertThatThrownBy(() -> started(false).managerChange("finished", null, T0))
                .hasMessageContaining("by itself");
        assertThatThrownBy(() -> started(false).managerChange("done", null, T0))
                .hasMessageContaining("running, paused or cancelled");
    }

    @Test
    void anOutagePausesThenTheJobResumesByItselfWhenThePauseIsOver() {
        SendJob paused = started(false).pausedForOutage("provider outage", T0, Duration.ofMinutes(5));
        assertThat(paused.state()).isEqualTo(State.PAUSED);
        assertThat(paused.resumedIfDue(T0.plus(Duration.ofMinutes(4))).state()).isEqualTo(State.PAUSED);
        SendJob resumed = paused.resumedIfDue(T0.plus(Duration.ofMinutes(5)));
        assertThat(resumed.state()).isEqualTo(State.RUNNING);
        assertThat(resumed.pauseReason()).isNull();
        assertThat(paused.statusText()).contains("provider outage").contains("2027-03-01 08:05:00 UTC");
    }

    @Test
    void aRetryRunsAFinishedJobAgainFromAFreshPreparation() {
        SendJob finished = started(false)
                .prepared(Prepare.DONE, 0, 0, new Counts(10, 0, 0, 0))
                .ticked(T0, 0, 0, new Counts(0, 7, 2, 1), 3)
                .finished(T0.plusSeconds(30));
        assertThat(finished.state()).isEqualTo(State.FINISHED);
        SendJob retried = finished.managerChange(null, "failed", T0.plusSeconds(60));
        assertThat(retried.state()).isEqualTo(State.RUNNING);
        assertThat(retried.prepare()).isEqualTo(Prepare.RETRY_FAILED);
        assertThat(retried.finishedAt()).isNull();
        assertThat(retried.failureStreak()).isZero();
        assertThat(finished.managerChange(null, "failed-and-uncertain", T0).prepare())
                .isEqualTo(Prepare.RETRY_FAILED_AND_UNCERTAIN);
        assertThatThrownBy(() -> finished.managerChange(null, "everyone", T0)).hasMessageContaining("Retry must be");
    }

    @Test
    void retriedVotersMoveFromThisJobsFailuresBackToPending() {
        Counts counts = new Counts(10, 7, 2, 1);
        // 3 failed voters found, but this job failed only 2: the third failed in an earlier send.
        Counts delta = SendWorker.retryDelta(counts, 0, 3, 1);
        Counts after = counts.plus(delta);
        assertThat(after).isEqualTo(new Counts(11, 7, 0, 0));
        assertThat(after.pending()).isEqualTo(4);
    }

    @Test
    void votersLeftSendingByARestartCountAsUncertainWhenTheJobFinishes() {
        // 16 targeted, 15 counted: the server stopped while one message was with the provider.
        SendJob job = started(false)
                .prepared(Prepare.DONE, 0, 0, new Counts(16, 0, 0, 0))
                .ticked(T0, 0, 0, new Counts(0, 15, 0, 0), 0)
                .finished(T0.plusSeconds(30));
        assertThat(job.counts()).isEqualTo(new Counts(16, 15, 0, 1));
        assertThat(job.counts().pending()).isZero();
    }

    @Test
    void progressSaysWhatIsDoneOutOfWhatIsTargeted() {
        SendJob job = started(false)
                .prepared(Prepare.DONE, 0, 0, new Counts(52, 0, 0, 0))
                .ticked(T0, 0, 0, new Counts(0, 40, 3, 1), 0);
        assertThat(job.progressText()).isEqualTo("44 / 52 (84 %): 40 sent, 3 failed, 1 uncertain, 8 pending");
        assertThat(job.counts().pending()).isEqualTo(8);
    }

    @Test
    void itsCommonProgressCountsEveryMessageTriedAsDoneAndItsStateAsTheJobsOne() {
        SendJob job = started(false)
                .prepared(Prepare.DONE, 0, 0, new Counts(52, 0, 0, 0))
                .ticked(T0, 0, 0, new Counts(0, 40, 3, 1), 0);
        assertThat(job.progress()).isEqualTo(new JobProgress(44, 52, JobState.RUNNING, "manager", T0, null));
        assertThat(job.toJson())
                .containsEntry("done", 44)
                .containsEntry("total", 52)
                .containsEntry("state", "running")
                .containsKeys("ratePerMinute", "secondsLeft", "progress", "counts");
        assertThat(job.cancelled(T0.plusSeconds(60)).progress().state()).isEqualTo(JobState.CANCELLED);
    }

    @Test
    void aDamagedStoredFieldReadsAsItsSafeValue() {
        var config = started(false).toConfig();
        config.put(SendJob.STATE, "garbage");
        config.put(SendJob.SENT, "many");
        SendJob read = SendJob.fromConfig("job-1", config);
        assertThat(read.state())
                .as("unknown state: paused, never sending by surprise")
                .isEqualTo(State.PAUSED);
        assertThat(read.counts().sent()).isZero();
    }
}
