package fr.isoloir.voterlist;

import fr.isoloir.jobs.JobState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ImportControlTest {

    @Test
    void aRunningImportCanBePausedOrCancelledButNotResumed() {
        assertThat(ImportControl.PAUSE.allowedFrom(JobState.RUNNING)).isTrue();
        assertThat(ImportControl.CANCEL.allowedFrom(JobState.RUNNING)).isTrue();
        assertThat(ImportControl.RESUME.allowedFrom(JobState.RUNNING)).isFalse();
    }

    @Test
    void aPausedImportCanBeResumedOrCancelledButNotPausedAgain() {
        assertThat(ImportControl.RESUME.allowedFrom(JobState.PAUSED)).isTrue();
        assertThat(ImportControl.CANCEL.allowedFrom(JobState.PAUSED)).isTrue();
        assertThat(ImportControl.PAUSE.allowedFrom(JobState.PAUSED)).isFalse();
    }

    @Test
    void nothingIsAllowedOnAnEndedImport() {
        for (JobState ended : new JobState[] {JobState.FINISHED, JobState.CANCELLED, JobState.FAILED}) {
            for (ImportControl control : ImportControl.values()) {
                assertThat(control.allowedFrom(ended))
                        .as(control + " from " + ended)
                        .isFalse();
            }
        }
    }

    @Test
    void eachControlIsReachedOnlyInTheStateItLeadsTo() {
        assertThat(ImportControl.PAUSE.reached(JobState.PAUSED)).isTrue();
        assertThat(ImportControl.PAUSE.reached(JobState.CANCELLED)).isFalse();
        assertThat(ImportControl.RESUME.reached(JobState.RUNNING)).isTrue();
        assertThat(ImportControl.RESUME.reached(JobState.FINISHED)).isFalse();
        assertThat(ImportControl.CANCEL.reached(JobState.CANCELLED)).isTrue();
        assertThat(ImportControl.CANCEL.reached(JobState.PAUSED)).isFalse();
    }

    @Test
    void aRefusalNamesTheStateFieldAndSaysWhatToDoInFrenchAndEnglish() {
        var resumeRunning = ImportControl.RESUME.refusal(JobState.RUNNING);
        assertThat(resumeRunning)
                .containsEntry("error", "invalid_state")
                .containsEntry("field", "state")
                .containsEntry("state", "running");
        assertThat(resumeRunning.get("error_description")).asString().contains("running, not paused");
        assertThat(resumeRunning.get("error_description_fr"))
                .asString()
                .isEqualTo("Cet import est en cours, pas en pause : mettez-le d'abord en pause, ou annulez-le.");

        assertThat(ImportControl.PAUSE.refusal(JobState.PAUSED).get("error_description_fr"))
                .asString()
                .startsWith("Cet import est déjà en pause");
        assertThat(ImportControl.CANCEL.refusal(JobState.FINISHED).get("error_description_fr"))
                .asString()
                .isEqualTo("Cet import est terminé (fini) : il n'y a plus rien à annuler.");
        assertThat(ImportControl.PAUSE.refusal(JobState.CANCELLED).get("error_description"))
                .asString()
                .isEqualTo("This import has ended (cancelled): there is nothing left to pause.");
    }
}
