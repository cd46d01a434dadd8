package fr.isoloir.rest;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * What Keycloak gives each call to one of our admin endpoints ({@code /admin/realms/{realm}/isoloir/...}):
 * the session, the realm, the caller's permissions and the admin-event builder. A class, not a record:
 * Quarkus REST refuses records as resources unless every component is a request parameter.
 */
public abstract class AdminEndpoint {

    protected final KeycloakSession session;
    protected final RealmModel realm;
    protected final AdminPermissionEvaluator auth;
    protected final AdminEventBuilder adminEvent;

    protected AdminEndpoint(
            KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }
}
