package fr.isoloir.postal;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Encode;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;

import java.util.Optional;

/**
 * An admin event of ours from where Keycloak gives no event builder: a console page's component
 * callbacks (the admin is the request's bearer token) and the download link (the admin who produced the
 * file). Empty when the admin cannot be told, which the caller then logs.
 */
final class ConsoleAdminEvent {

    private static final Logger LOG = Logger.getLogger(ConsoleAdminEvent.class);

    /** The admin, in their own realm (master, usually). */
    record Who(RealmModel realm, UserModel user, ClientModel client) {
    }

    private ConsoleAdminEvent() {
    }

    /** An event builder for the admin of the current request, on the election realm. */
    static Optional<AdminEventBuilder> of(KeycloakSession session, RealmModel realm) {
        if (!(session.getContext().getBearerToken() instanceof AccessToken token)) {
            LOG.warnf("Isoloir: no admin token in this request (%s): no admin event of ours for this export",
                    session.getContext().getBearerToken() == null ? "none" : session.getContext().getBearerToken().getClass().getSimpleName());
            return Optional.empty();
        }
        return admin(session, token).map(auth -> builder(session, realm, auth));
    }

    static Optional<AdminEventBuilder> of(KeycloakSession session, RealmModel realm, Who who) {
        return Optional.of(builder(session, realm, new AdminAuth(who.realm(), null, who.user(), who.client())));
    }

    static Optional<AdminAuth> admin(KeycloakSession session, AccessToken token) {
        if (token.getIssuer() == null) {
            LOG.warn("Isoloir: the admin's token has no issuer: no admin event of ours for this export");
            return Optional.empty();
        }
        String realmName = Encode.decodePath(token.getIssuer().substring(token.getIssuer().lastIndexOf('/') + 1));
        RealmModel adminRealm = session.realms().getRealmByName(realmName);
        // The context resolves the user from the token's subject, else from the user session.
        UserModel user = session.getContext().getUser();
        ClientModel client = adminRealm == null || token.getIssuedFor() == null ? null
                : adminRealm.getClientByClientId(token.getIssuedFor());
        if (adminRealm == null || user == null || client == null) {
            LOG.warnf("Isoloir: the admin of this request is not known (realm %s, user %s, client %s): no admin event "
                    + "of ours for this export", adminRealm != null, user != null, client != null);
            return Optional.empty();
        }
        return Optional.of(new AdminAuth(adminRealm, token, user, client));
    }

    private static AdminEventBuilder builder(KeycloakSession session, RealmModel realm, AdminAuth auth) {
        return new AdminEventBuilder(realm, auth, session, session.getContext().getConnection()).resource("USER");
    }
}
