package fr.isoloir;

import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * What the voter-login steps answer alike: each applies to every voter, sets no required action and
 * holds nothing. Steps are singletons shared by all requests: they keep per-login state in
 * authentication-session notes, never in fields.
 */
public abstract class VoterStep implements Authenticator {

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        // none: each step asks for what is missing itself
    }

    @Override
    public void close() {
        // stateless
    }
}
