package fr.isoloir.sending;

import fr.isoloir.jobs.JobProgress;
import fr.isoloir.jobs.JobState;
import fr.isoloir.sending.SendJob.Channels;
import fr.isoloir.sending.SendJob.Counts;
import fr.isoloir.sending.SendJob.Pace;
import fr.isoloir.sending.SendJob.Preparation;
import fr.isoloir.sending.SendJob.Prepare;
import fr.isoloir.sending.SendJob.Request;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SendJobTest {

    static final Instant T0 = Instant.parse("2027-03-01T08:00:00Z");

    static SendJob started(boolean resend) {
        return SendJob.start(
                        new Request(Channels.BOTH, 600, 60, resend, "CSE 2027", "https://vote.example/"), "manager", T0)
                .withId("job-1");
    }

    /** A job whose preparation marked {@code targeted} voters and whose ticks had these outcomes. */
    static SendJob sending(int targeted, Counts outcomes) {
        return started(false)
                .prepared(Preparation.DONE, new Counts(targeted, 0, 0, 0))
                .ticked(new Pace(0, 0, T0, 0), outcomes);
    }

    @Test
    void aNewJobRunsAndFirstPreparesTheVotersNeverSentTo() {
        SendJob job = started(false);
        assertThat(job.state()).isEqualTo(JobState.RUNNING);
        assertThat(job.preparation()).isEqualTo(new Preparation(Prepare.NEW, 0, null));
        assertThat(started(true).preparation().mode()).isEqualTo(Prepare.ALL);
    }

    @Test
    void theManagerPausesAndResumesWithTheReasonShown() {
        SendJob paused = started(false).pausedByManager();
        assertThat(paused.state()).isEqualTo(JobState.PAUSED);
        assertThat(paused.lifecycle().pauseReason()).isEqualTo(SendJob.PAUSED_BY_MANAGER);
        assertThat(paused.resumedIfDue(T0.plus(Duration.ofDays(1))).state())
                .as("paused by the manager: waits for the manager")
                .isEqualTo(JobState.PAUSED);
        SendJob resumed = paused.resumedByManager();
        assertThat(resumed.state()).isEqualTo(JobState.RUNNING);
        assertThat(resumed.lifecycle().pauseReason()).isNull();
    }

    @Test
    void anOutagePausesThenTheJobResumesByItselfWhenThePauseIsOver() {
        SendJob paused = started(false).pausedForOutage("provider outage", T0, Duration.ofMinutes(5));
        assertThat(paused.state()).isEqualTo(JobState.PAUSED);
        assertThat(paused.resumedIfDue(T0.plus(Duration.ofMinutes(4))).state()).isEqualTo(JobState.PAUSED);
        SendJob resumed = paused.resumedIfDue(T0.plus(Duration.ofMinutes(5)));
        assertThat(resumed.state()).isEqualTo(JobState.RUNNING);
        assertThat(resumed.lifecycle().pauseReason()).isNull();
        assertThat(paused.statusText()).contains("provider outage").contains("2027-03-01 08:05:00 UTC");
    }

    @Test
    void aRetryRunsAFinishedJobAgainFromAFreshPreparation() {
        SendJob finished = sending(10, new Counts(0, 7, 2, 1)).finished(T0.plusSeconds(30));
        assertThat(finished.state()).isEqualTo(JobState.FINISHED);
        SendJob retried = finished.retry(false);
        assertThat(retried.state()).isEqualTo(JobState.RUNNING);
        assertThat(retried.preparation()).isEqualTo(new Preparation(Prepare.RETRY_FAILED, 0, null));
        assertThat(retried.lifecycle().finishedAt()).isNull();
        assertThat(retried.pace().failureStreak()).isZero();
        assertThat(finished.retry(true).preparation().mode()).isEqualTo(Prepare.RETRY_FAILED_AND_UNCERTAIN);
    }

    @Test
    void aCancelledJobIsNotRetried() {
        SendJob cancelled = new SendJob(
                "job-1",
                started(false).request(),
                started(false).lifecycle().to(JobState.CANCELLED, null, null, T0),
                Preparation.DONE,
                Counts.NONE,
                Pace.NONE);
        assertThatThrownBy(() -> cancelled.retry(false)).hasMessageContaining("cancelled");
    }

    @Test
    void retriedVotersMoveFromThisJobsFailuresBackToPending() {
        Counts counts = new Counts(10, 7, 2, 1);
        // 3 failed voters found, but this job failed only 2: the third failed in an earlier send.
        Counts after = counts.plus(SendList.retryDelta(counts, 3, 1));
        assertThat(after).isEqualTo(new Counts(11, 7, 0, 0));
        assertThat(after.pending()).isEqualTo(4);
    }

    @Test
    void votersLeftSendingByARestartCountAsUncertainWhenTheJobFinishes() {
        // 16 targeted, 15 counted: the server stopped while one message was with the provider.
        SendJob job = sending(16, new Counts(0, 15, 0, 0)).finished(T0.plusSeconds(30));
        assertThat(job.counts()).isEqualTo(new Counts(16, 15, 0, 1));
        assertThat(job.counts().pending()).isZero();
    }

    @Test
    void progressSaysWhatIsDoneOutOfWhatIsTargeted() {
        SendJob job = sending(52, new Counts(0, 40, 3, 1));
        assertThat(job.progressText()).isEqualTo("44 / 52 (84 %): 40 sent, 3 failed, 1 uncertain, 8 pending");
        assertThat(job.counts().pending()).isEqualTo(8);
    }

    @Test
    void itsCommonProgressCountsEveryMessageTriedAsDoneAndItsStateAsTheJobsOne() {
        SendJob job = sending(52, new Counts(0, 40, 3, 1));
        assertThat(job.progress()).isEqualTo(new JobProgress(44, 52, JobState.RUNNING, "manager", T0, null));
    }

    @Test
    void aRateIsAWholeNumberFromOneToTheServersHighestAndAbsentIsTheDefault() {
        assertThat(IdentifierSendingResource.rate(null, 600, 6000)).hasValue(600);
        assertThat(IdentifierSendingResource.rate(" ", 600, 6000)).hasValue(600);
        assertThat(IdentifierSendingResource.rate(120, 600, 6000)).hasValue(120);
        assertThat(IdentifierSendingResource.rate("120", 600, 6000)).hasValue(120);
        assertThat(IdentifierSendingResource.rate(6000, 600, 6000)).hasValue(6000);
        assertThat(IdentifierSendingResource.rate(6001, 600, 6000)).isEmpty();
        assertThat(IdentifierSendingResource.rate(0, 600, 6000)).isEmpty();
        assertThat(IdentifierSendingResource.rate(1.5, 600, 6000)).isEmpty();
        assertThat(IdentifierSendingResource.rate("lots", 600, 6000)).isEmpty();
        assertThat(IdentifierSendingResource.rate(1e30, 600, 6000)).isEmpty();
    }
}
