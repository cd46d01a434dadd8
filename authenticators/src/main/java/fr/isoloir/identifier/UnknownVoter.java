package fr.isoloir.identifier;

import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Marks a login whose identifier matches no voter. Later steps show the same pages as for a voter and
 * refuse every code, so that nothing tells an unknown identifier from a known one (SEC-G1).
 */
public final class UnknownVoter {

    private static final String NOTE = "isoloir.unknownVoter";

    private UnknownVoter() {}

    public static boolean isMarked(AuthenticationSessionModel authSession) {
        return "true".equals(authSession.getAuthNote(NOTE));
    }

    static void mark(AuthenticationSessionModel authSession) {
        authSession.setAuthNote(NOTE, "true");
    }

    static void clear(AuthenticationSessionModel authSession) {
        authSession.removeAuthNote(NOTE);
    }
}
