package fr.isoloir.jobs;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JobProgressTest {

    private static final Instant START = Instant.parse("2026-12-05T08:00:00Z");

    private static JobProgress running(int done, int total) {
        return new JobProgress(done, total, JobState.RUNNING, "manager", START, null);
    }

    @Nested
    class Rate {

        @Test
        void isTheItemsDoneAMinuteSinceTheStart() {
            assertThat(running(1500, 10_000).ratePerMinute(START.plusSeconds(90)))
                    .isEqualTo(1000.0);
        }

        @Test
        void keepsOneDecimal() {
            assertThat(running(10, 100).ratePerMinute(START.plusSeconds(180))).isEqualTo(3.3);
        }

        @Test
        void isZeroBeforeTheFirstItemOrTheFirstMillisecond() {
            assertThat(running(0, 100).ratePerMinute(START.plusSeconds(60))).isZero();
            assertThat(running(5, 100).ratePerMinute(START)).isZero();
            assertThat(new JobProgress(5, 100, JobState.RUNNING, null, null, null).ratePerMinute(START))
                    .isZero();
        }

        @Test
        void ofAnEndedJobStopsAtItsEnd() {
            JobProgress finished = new JobProgress(600, 600, JobState.FINISHED, "m", START, START.plusSeconds(60));
            assertThat(finished.ratePerMinute(START.plusSeconds(3600))).isEqualTo(600.0);
        }
    }

    @Nested
    class TimeLeft {

        @Test
        void isWhatIsLeftAtTheRateSoFarRoundedUp() {
            // 1,000 a minute, 8,500 left: 510 seconds.
            assertThat(running(1500, 10_000).secondsLeft(START.plusSeconds(90))).isEqualTo(510L);
            // 3.3 a minute, 90 left: 1636.36... seconds, rounded up.
            assertThat(running(10, 100).secondsLeft(START.plusSeconds(180))).isEqualTo(1637L);
        }

        @Test
        void isUnknownBeforeAnyRate() {
            assertThat(running(0, 100).secondsLeft(START.plusSeconds(60))).isNull();
        }

        @Test
        void isZeroWhenNothingIsLeftOrTheJobFinished() {
            assertThat(running(100, 100).secondsLeft(START.plusSeconds(60))).isZero();
            assertThat(new JobProgress(0, 0, JobState.FINISHED, "m", START, START).secondsLeft(START))
                    .isZero();
        }

        @Test
        void neverComesForACancelledOrFailedJob() {
            assertThat(new JobProgress(5, 100, JobState.CANCELLED, "m", START, START.plusSeconds(9)).secondsLeft(START))
                    .isNull();
            assertThat(new JobProgress(5, 100, JobState.FAILED, "m", START, START.plusSeconds(9)).secondsLeft(START))
                    .isNull();
        }

        @Test
        void ofAPausedJobCountsThePauseAgainstTheRate() {
            JobProgress paused = new JobProgress(60, 120, JobState.PAUSED, "m", START, null);
            assertThat(paused.secondsLeft(START.plusSeconds(60))).isEqualTo(60L);
            assertThat(paused.secondsLeft(START.plusSeconds(120))).isEqualTo(120L);
        }
    }

    @Nested
    class Json {

        @Test
        void carriesTheCommonFieldsAndReadsBack() {
            JobProgress progress = running(1500, 10_000);
            Map<String, Object> json = progress.toJson(START.plusSeconds(90));

            assertThat(json)
                    .containsEntry("state", "running")
                    .containsEntry("done", 1500)
                    .containsEntry("total", 10_000)
                    .containsEntry("ratePerMinute", 1000.0)
                    .containsEntry("secondsLeft", 510L)
                    .containsEntry("startedBy", "manager")
                    .containsEntry("startedAt", "2026-12-05T08:00:00Z")
                    .containsEntry("finishedAt", null);
            assertThat(JobProgress.fromJson(json)).isEqualTo(progress);
        }
    }
}
