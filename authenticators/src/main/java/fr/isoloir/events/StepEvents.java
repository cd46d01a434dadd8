package fr.isoloir.events;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;

/**
 * Keycloak events for each step of the voter login (SEC-G4): a failure is a LOGIN_ERROR with an error
 * code and a reason; a success is a CUSTOM_REQUIRED_ACTION event named after the step (Keycloak has no
 * event type per authenticator step, and LOGIN would count as a login). Details never carry a secret.
 * Events are built on a clone, so that the flow's own LOGIN event does not inherit step details.
 */
public final class StepEvents {

    public static final String STEP = "isoloir_step";
    public static final String CHANNEL = "isoloir_channel";

    private StepEvents() {
    }

    public enum Step {
        IDENTIFIER, CODE, PASSPHRASE, LOST_IDENTIFIER;

        String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A detail-carrying builder for this step, to add details to and finish with error() or success(). */
    public static EventBuilder of(AuthenticationFlowContext context, Step step) {
        return context.getEvent().clone().detail(STEP, step.id());
    }

    public static void failure(AuthenticationFlowContext context, Step step, String error, String reason) {
        of(context, step).detail(Details.REASON, reason).error(error);
    }

    public static EventBuilder success(AuthenticationFlowContext context, Step step) {
        return of(context, step).event(EventType.CUSTOM_REQUIRED_ACTION)
                .detail(Details.CUSTOM_REQUIRED_ACTION, "isoloir-" + step.id());
    }
}
