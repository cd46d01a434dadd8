package fr.isoloir.code;

import fr.isoloir.voter.DeliveryChannel;
import fr.isoloir.voter.PassphraseSeal;
import fr.isoloir.voter.Voter;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.forms.login.LoginFormsProvider;

import java.util.Optional;

/**
 * What the code step checks, by the voter's channel: a code it sends by email or SMS ({@link SentCode}),
 * or the code printed on the voter's postal letter ({@link PrintedCode}). Made for one request: it holds
 * that request's voter and nothing across requests.
 */
sealed interface CodeCredential permits SentCode, PrintedCode {

    /** Postal voters type their letter's code; everyone else, identifiers matching nobody included, a sent one. */
    static CodeCredential of(Optional<Voter> voter) {
        return voter.isPresent() && voter.get().channel() == DeliveryChannel.POSTAL
                ? new PrintedCode(voter.get())
                : new SentCode(voter);
    }

    /** The voter arrives at the step, or reloads it. */
    void arrive(AuthenticationFlowContext context, ConnectionCodeConfig config, PassphraseSeal.State passphrase);

    /** The voter typed something (not blank) in the code field. */
    void check(AuthenticationFlowContext context, ConnectionCodeConfig config, String typed);

    /** The step's page as this credential shows it. */
    LoginFormsProvider page(AuthenticationFlowContext context, ConnectionCodeConfig config);
}
