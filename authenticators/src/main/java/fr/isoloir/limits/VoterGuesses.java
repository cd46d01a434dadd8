package fr.isoloir.limits;

import fr.isoloir.events.StepEvents;
import fr.isoloir.events.StepEvents.Step;
import fr.isoloir.limits.GuessingBudget.Entry;
import fr.isoloir.limits.GuessingBudget.Refused;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator;
import org.keycloak.events.Details;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.UserModel;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@link GuessingBudget} as the code and passphrase steps apply it: a slot for the identifier typed
 * in this login and the network the request comes from, taken before any secret is compared. A lockout
 * is told to the person, with when it ends, the same way whether the identifier is a voter's or not; it
 * is recorded once for the election manager (an event, and a count on the voter's page).
 */
public final class VoterGuesses {

    /** The voter's lockout count, shown (read-only) on the voter's page in the admin console. */
    public static final String LOCKOUTS_ATTRIBUTE = "isoloirLockouts";
    /** The event error of a new lockout; its reason is the {@link GuessingBudget.Scope}. */
    public static final String LOCKED_OUT = "isoloir_locked_out";
    /** The event error of each request refused during a lockout. */
    public static final String REFUSED = "isoloir_attempt_refused";
    /** Page message: the lockout and its end (day, time). */
    public static final String MESSAGE = "isoloirGuessesLockedOut";
    /** French workplace elections: times are stated in Paris time, and the message says so. */
    static final ZoneId ZONE = ZoneId.of("Europe/Paris");

    private VoterGuesses() {}

    /**
     * Takes one comparison for this login's identifier from this request's network; on a refusal, records
     * it (the lockout once) and returns it.
     *
     * @param voter the voter the identifier is, when it is one (to count the lockout on the voter's page)
     */
    public static Entry take(AuthenticationFlowContext context, Step step, Optional<UserModel> voter) {
        String identifier =
                context.getAuthenticationSession().getAuthNote(AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME);
        String network = ClientNetwork.of(context.getConnection().getRemoteAddr());
        Entry entry = GuessingBudget.take(
                context.getSession().singleUseObjects(),
                context.getRealm().getId(),
                String.valueOf(identifier),
                network,
                GuessingBudget.Limits.DEFAULTS,
                Instant.now());
        if (entry instanceof Refused refused) {
            if (refused.newLockout()) {
                voter.ifPresent(VoterGuesses::countLockout);
            }
            StepEvents.of(context, step)
                    .detail(Details.REASON, refused.scope().reason())
                    .error(refused.newLockout() ? LOCKED_OUT : REFUSED);
        }
        return entry;
    }

    /** Adds the lockout message, with its end in the person's language, to the step's page. */
    public static LoginFormsProvider tell(AuthenticationFlowContext context, LoginFormsProvider form, Refused refused) {
        Locale locale = context.getSession().getContext().resolveLocale(context.getUser());
        return form.setError(MESSAGE, until(refused.until(), locale));
    }

    /** "5 décembre à 1h15", "5 December at 01:15": Paris time. */
    public static String until(Instant until, Locale locale) {
        boolean french = "fr".equals(locale.getLanguage());
        return DateTimeFormatter.ofPattern(french ? "d MMMM 'à' H'h'mm" : "d MMMM 'at' HH:mm", locale)
                .withZone(ZONE)
                .format(until);
    }

    /**
     * Not atomic (a user attribute has no increment): two lockouts of one voter in the same instant may
     * count once. The event is the exact record; this is the manager's at-a-glance count.
     */
    private static void countLockout(UserModel voter) {
        int count;
        try {
            count = Integer.parseInt(Optional.ofNullable(voter.getFirstAttribute(LOCKOUTS_ATTRIBUTE))
                    .orElse("0"));
        } catch (NumberFormatException damaged) {
            count = 0;
        }
        voter.setSingleAttribute(LOCKOUTS_ATTRIBUTE, Integer.toString(count + 1));
    }
}
