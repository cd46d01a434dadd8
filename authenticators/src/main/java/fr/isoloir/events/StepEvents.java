package fr.isoloir.events;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.UserModel;

/**
 * Keycloak events for each step of the voter login (SEC-G4): a failure is a LOGIN_ERROR with an error
 * code and a reason; a success is a CUSTOM_REQUIRED_ACTION event named after the step (Keycloak has no
 * event type per authenticator step, and LOGIN would count as a login), except the lost-identifier
 * step's, a SEND_RESET_PASSWORD as Keycloak's own reset-credentials flow writes when its message goes
 * out: a type of its own, so that the dashboard counts the new identifiers sent by type, on an indexed
 * column, without reading details. Details never carry a secret.
 * Events are built on a clone, so that the flow's own LOGIN event does not inherit step details.
 *
 * <p>Each event names the voter once the identifier step has found one (Keycloak's flow event does not:
 * {@code context.setUser} leaves it without a user), so that an election manager can list a voter's
 * failures; and the identifier typed as {@code username}, as Keycloak's own forms do, so that failures
 * for identifiers matching nobody can be traced too: as its {@link IdentifierTag} only, so that the events
 * (kept for the expert, readable by view-events admins) and the log lines are no list of identifiers.
 */
public final class StepEvents {

    public static final String STEP = "isoloir_step";
    public static final String CHANNEL = "isoloir_channel";

    private StepEvents() {}

    public enum Step {
        IDENTIFIER(EventType.CUSTOM_REQUIRED_ACTION),
        CODE(EventType.CUSTOM_REQUIRED_ACTION),
        PASSPHRASE(EventType.CUSTOM_REQUIRED_ACTION),
        /** Runs in the reset-credentials flow and sends a new identifier. */
        LOST_IDENTIFIER(EventType.SEND_RESET_PASSWORD);

        private final EventType successType;

        Step(EventType successType) {
            this.successType = successType;
        }

        String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The type of this step's success event. */
        public EventType successType() {
            return successType;
        }
    }

    /**
     * A detail-carrying builder for this step, to add details to and finish with error() or success().
     * It names the voter once the identifier matched one: Keycloak's flow event does not carry the user
     * before the login completes, and a failure nobody can trace to a voter ("could not send the code")
     * is of no use to the election manager. Identifiers that match nobody stay anonymous.
     */
    public static EventBuilder of(AuthenticationFlowContext context, Step step) {
        EventBuilder event = context.getEvent().clone().detail(STEP, step.id());
        UserModel user = context.getUser();
        if (user != null) {
            event.user(user);
        }
        String identifier =
                context.getAuthenticationSession().getAuthNote(AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME);
        if (identifier != null) {
            event.detail(Details.USERNAME, IdentifierTag.of(context.getSession(), context.getRealm(), identifier));
        }
        return event;
    }

    public static void failure(AuthenticationFlowContext context, Step step, String error, String reason) {
        of(context, step).detail(Details.REASON, reason).error(error);
    }

    public static EventBuilder success(AuthenticationFlowContext context, Step step) {
        return of(context, step)
                .event(step.successType())
                .detail(Details.CUSTOM_REQUIRED_ACTION, "isoloir-" + step.id());
    }
}
