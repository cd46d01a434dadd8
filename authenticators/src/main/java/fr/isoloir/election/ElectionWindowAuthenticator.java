package fr.isoloir.election;

import fr.isoloir.ConfigValues;
import fr.isoloir.VoterStep;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.common.util.Time;

import java.time.Instant;
import java.util.Locale;

/**
 * Placed first in the voter login, before the SSO cookie and the identifier step (and first in the
 * lost-identifier flow): outside the election's window the voter gets a page saying when the vote
 * opens, or that it closed and when, instead of a login that would fail for no visible reason; a
 * session opened before closing cannot log anyone in after it. The voter login runs it last too, so
 * that a login under way at the closing instant cannot finish after it. Inside the window it lets the
 * login through at once.
 *
 * <p>The lost-identifier flow uses it with {@value #LET_THROUGH_BEFORE_OPENING}: voters receive their
 * identifiers before the vote opens and may ask for a lost one then too; after closing a new identifier
 * is of no use, so the page says the vote has closed. Stateless: the window is read from the realm at
 * each request (a reload at the opening time lets the voter in).
 */
final class ElectionWindowAuthenticator extends VoterStep {

    static final String TEMPLATE = "isoloir-election-closed.ftl";
    static final String LET_THROUGH_BEFORE_OPENING = "letThroughBeforeOpening";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        ElectionWindow window =
                ElectionSettings.of(context.getSession(), context.getRealm()).window();
        ElectionWindow.State state = window.state(Instant.ofEpochMilli(Time.currentTimeMillis()));
        boolean letThrough = state == ElectionWindow.State.OPEN
                || (state == ElectionWindow.State.NOT_YET_OPEN
                        && Boolean.parseBoolean(ConfigValues.of(context.getAuthenticatorConfig())
                                .get(LET_THROUGH_BEFORE_OPENING)));
        if (letThrough) {
            context.success();
            return;
        }
        Locale locale = context.getSession().getContext().resolveLocale(null);
        var form = context.form()
                .setAttribute("electionState", state == ElectionWindow.State.NOT_YET_OPEN ? "notYetOpen" : "closed");
        window.opensAt().ifPresent(at -> form.setAttribute("electionOpensAt", ElectionWindow.forVoters(at, locale)));
        window.closesAt().ifPresent(at -> form.setAttribute("electionClosesAt", ElectionWindow.forVoters(at, locale)));
        context.challenge(form.createForm(TEMPLATE));
    }

    /** The page has no form; a stray post is answered like a fresh visit. */
    @Override
    public void action(AuthenticationFlowContext context) {
        authenticate(context);
    }

    @Override
    public boolean requiresUser() {
        return false;
    }
}
