package fr.isoloir.accesschange;

import org.keycloak.events.admin.AuthDetails;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessToken;

import java.util.Optional;

/**
 * The admin behind a change, as Keycloak's admin events name them: realm, client and user ids and
 * the address of the request. Plain ids, so that a background job (the voter import) can still name
 * the manager who started it, after the request is gone.
 */
public record Actor(String realmId, String clientId, String userId, String ipAddress) {

    /** The admin of an admin event (a console save, a reset password...). */
    public static Actor of(AuthDetails details) {
        return details == null
                ? unknown()
                : new Actor(details.getRealmId(), details.getClientId(), details.getUserId(), details.getIpAddress());
    }

    /**
     * The admin of this admin request (a console page's save, which gets no admin-event builder), from the
     * context Keycloak's AdminRoot authenticated: the bearer token's user, or its session's for the console's
     * lightweight tokens, which carry no subject. Ids left null when unknown.
     */
    public static Actor ofRequest(KeycloakSession session) {
        String ip = session.getContext().getConnection() == null
                ? null
                : session.getContext().getConnection().getRemoteHost();
        UserModel admin = session.getContext().getUser();
        if (!(session.getContext().getBearerToken() instanceof AccessToken token)
                || token.getIssuer() == null
                || admin == null) {
            return new Actor(null, null, admin == null ? null : admin.getId(), ip);
        }
        String issuer = token.getIssuer();
        RealmModel realm = session.realms().getRealmByName(issuer.substring(issuer.lastIndexOf('/') + 1));
        String clientId = realm == null
                ? null
                : Optional.ofNullable(token.getIssuedFor())
                        .map(realm::getClientByClientId)
                        .map(ClientModel::getId)
                        .orElse(null);
        return new Actor(realm == null ? null : realm.getId(), clientId, admin.getId(), ip);
    }

    public static Actor unknown() {
        return new Actor(null, null, null, null);
    }

    AuthDetails details() {
        AuthDetails details = new AuthDetails();
        details.setRealmId(realmId);
        details.setClientId(clientId);
        details.setUserId(userId);
        details.setIpAddress(ipAddress);
        return details;
    }
}
