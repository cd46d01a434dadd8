package fr.isoloir.voterlist;

import fr.isoloir.jobs.JobState;
import fr.isoloir.jobs.JobView;
import fr.isoloir.jobs.Jobs;
import org.keycloak.models.KeycloakSession;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What an election manager can do to a running import: pause it, resume it, cancel it. Each is one
 * conditional update of the job ({@link Jobs}); this class says which states allow which, and why a
 * refused one was refused (French and English, for the REST answer's 409). Stateless.
 */
enum ImportControl {
    PAUSE("pause", "voter_import_paused", JobState.RUNNING),
    RESUME("resume", "voter_import_resumed", JobState.PAUSED),
    CANCEL("cancel", "voter_import_cancelled", JobState.RUNNING, JobState.PAUSED);

    /** The REST path's last segment. */
    final String path;
    /** The admin event's {@code isoloir_action}, beside the import's own (voter_import_started...). */
    final String action;

    private final JobState[] from;

    ImportControl(String path, String action, JobState... from) {
        this.path = path;
        this.action = action;
        this.from = from;
    }

    boolean allowedFrom(JobState state) {
        for (JobState allowed : from) {
            if (allowed == state) {
                return true;
            }
        }
        return false;
    }

    /** The conditional update, in the session's transaction; empty when the realm has no such import. */
    Optional<JobView> apply(KeycloakSession session, String realmId, String jobId) {
        return switch (this) {
            case PAUSE -> Jobs.pause(session, realmId, VoterImportJob.KIND, jobId);
            case RESUME -> Jobs.resume(session, realmId, VoterImportJob.KIND, jobId);
            case CANCEL -> Jobs.cancel(session, realmId, VoterImportJob.KIND, jobId);
        };
    }

    /** Whether the job now stands where this control leads (applied by this request or a concurrent one). */
    boolean reached(JobState state) {
        return switch (this) {
            case PAUSE -> state == JobState.PAUSED;
            case RESUME -> state == JobState.RUNNING;
            case CANCEL -> state == JobState.CANCELLED;
        };
    }

    /**
     * The 409 body when the import was in {@code state} (not one this control starts from): the code, the
     * field at fault ({@code state}) and what to do, in English and French.
     */
    Map<String, Object> refusal(JobState state) {
        String english;
        String french;
        if (state.ended()) {
            english = "This import has ended (" + state.value() + "): there is nothing left to " + path + ".";
            french = "Cet import est terminé (" + french(state) + ") : il n'y a plus rien à "
                    + switch (this) {
                        case PAUSE -> "mettre en pause.";
                        case RESUME -> "reprendre.";
                        case CANCEL -> "annuler.";
                    };
        } else if (this == PAUSE) {
            english = "This import is already paused: resume it or cancel it.";
            french = "Cet import est déjà en pause : reprenez-le ou annulez-le.";
        } else {
            english = "This import is running, not paused: pause it first, or cancel it.";
            french = "Cet import est en cours, pas en pause : mettez-le d'abord en pause, ou annulez-le.";
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "invalid_state");
        body.put("error_description", english);
        body.put("error_description_fr", french);
        body.put("field", "state");
        body.put("state", state.value());
        return body;
    }

    private static String french(JobState state) {
        return switch (state) {
            case FINISHED -> "fini";
            case CANCELLED -> "annulé";
            case FAILED -> "en échec";
            case PAUSED -> "en pause";
            case RUNNING -> "en cours";
        };
    }
}
