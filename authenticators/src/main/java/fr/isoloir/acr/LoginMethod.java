package fr.isoloir.acr;

import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * How a voter authenticated, as the {@code acr} claim tells the voting site. The connection-code step
 * records which code it verified (an auth note, which a restarted login clears); the passphrase step, the
 * last one, turns it into a user-session note, which Keycloak copies into the session when the login ends
 * and {@link VoterAcrMapper} reads when it issues tokens. A login through the SSO cookie keeps the note of
 * the login that opened the session, but the mapper then says "0": that login ran no step.
 */
public enum LoginMethod {

    /** A one-time code sent by email or SMS, then the passphrase (chosen at first login, typed later). */
    CODE_AND_PASSPHRASE("isoloir-code-passphrase"),
    /** The code printed on the postal letter, then the passphrase chosen (a postal voter's first login). */
    LETTER_AND_PASSPHRASE("isoloir-letter-passphrase"),
    /** The passphrase alone: a postal voter's later logins (the letter's code died with the first passphrase). */
    PASSPHRASE("isoloir-passphrase");

    /** The user-session note {@link VoterAcrMapper} reads. */
    public static final String SESSION_NOTE = "isoloir.acr";
    /** The auth note of the code step: which code this login verified. */
    static final String CODE_NOTE = "isoloir.acr.code";

    private final String acr;

    LoginMethod(String acr) {
        this.acr = acr;
    }

    /** The {@code acr} value. */
    public String acr() {
        return acr;
    }

    /** Called by the code step once it verified a sent code ({@code letter} false) or the letter's code. */
    public static void codeVerified(AuthenticationSessionModel authSession, boolean letter) {
        authSession.setAuthNote(CODE_NOTE, letter ? LETTER_AND_PASSPHRASE.name() : CODE_AND_PASSPHRASE.name());
    }

    /** Called by the passphrase step once the passphrase is chosen or checked: the login's method is known. */
    public static void passphraseVerified(AuthenticationSessionModel authSession) {
        authSession.setUserSessionNote(
                SESSION_NOTE,
                afterPassphrase(authSession.getAuthNote(CODE_NOTE)).acr());
    }

    /** The method of a login whose code step left this note (null: it verified no code). */
    static LoginMethod afterPassphrase(String codeNote) {
        if (codeNote == null) {
            return PASSPHRASE;
        }
        return LETTER_AND_PASSPHRASE.name().equals(codeNote) ? LETTER_AND_PASSPHRASE : CODE_AND_PASSPHRASE;
    }
}
