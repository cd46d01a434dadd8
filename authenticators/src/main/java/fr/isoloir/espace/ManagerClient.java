package fr.isoloir.espace;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.RepresentationToModel;
import org.keycloak.representations.idm.ClientRepresentation;

import java.util.List;
import java.util.Map;

/**
 * The client through which election managers sign in to the Espace gestionnaire: a public client of the
 * admin realm ({@code master}, where managers are today), authorization code with PKCE S256 only, and one
 * exact redirect URI per election realm, relative to the server ({@code rootUrl ${authBaseUrl}}, as
 * Keycloak's own admin console client), so that it holds whatever the hostname. Made when absent at
 * start-up and kept in step as realms come and go: nothing for the operator to do. Stored in the
 * database like any client, so every node of a cluster sees the same one.
 */
final class ManagerClient {

    static final String CLIENT_ID = "isoloir-gestion";
    private static final Logger LOG = Logger.getLogger(ManagerClient.class);

    private ManagerClient() {}

    /** The manager's sign-in realm: Keycloak's admin realm. */
    static RealmModel adminRealm(KeycloakSession session) {
        return session.realms().getRealmByName(Config.getAdminRealm());
    }

    /** {@code /realms/vote/isoloir-gestion/}: the page, and the exact address Keycloak sends the code back to. */
    static String redirectPath(String realmName) {
        return "/realms/" + realmName + "/" + EspaceGestionnaireFactory.PROVIDER_ID + "/";
    }

    /** Creates the client when absent, then makes sure every election realm has its redirect URI. */
    static void ensure(KeycloakSession session) {
        RealmModel admin = adminRealm(session);
        if (admin == null) {
            return;
        }
        ClientModel client = admin.getClientByClientId(CLIENT_ID);
        List<RealmModel> elections = session.realms()
                .getRealmsStream()
                .filter(r -> !r.getId().equals(admin.getId()))
                .toList();
        if (client == null) {
            client = create(
                    session,
                    admin,
                    elections.isEmpty() ? null : elections.get(0).getName());
            LOG.infof(
                    "Isoloir: created the client '%s' of realm %s for the Espace gestionnaire",
                    CLIENT_ID, admin.getName());
        }
        for (RealmModel election : elections) {
            client.addRedirectUri(redirectPath(election.getName()));
        }
    }

    /**
     * An election realm made after start-up: its Espace gestionnaire's redirect URI, added when its page
     * is served (a write only when the address is missing). Added from Keycloak's realm-creation event
     * instead, it did not last in 26.7.3 (seen in EspaceGestionnaireIT's server log; cause not pinned down).
     */
    static void addRealm(KeycloakSession session, RealmModel election) {
        RealmModel admin = adminRealm(session);
        if (admin == null || admin.getId().equals(election.getId())) {
            return;
        }
        ClientModel client = admin.getClientByClientId(CLIENT_ID);
        if (client != null && !client.getRedirectUris().contains(redirectPath(election.getName()))) {
            client.addRedirectUri(redirectPath(election.getName()));
            LOG.infof("Isoloir: managers may now sign in to the Espace gestionnaire of realm %s", election.getName());
        }
    }

    static void removeRealm(KeycloakSession session, RealmModel election) {
        RealmModel admin = adminRealm(session);
        if (admin == null || admin.getId().equals(election.getId())) {
            return;
        }
        ClientModel client = admin.getClientByClientId(CLIENT_ID);
        if (client != null) {
            client.removeRedirectUri(redirectPath(election.getName()));
            LOG.infof("Isoloir: realm %s removed; so is its Espace gestionnaire's address", election.getName());
        }
    }

    private static ClientModel create(KeycloakSession session, RealmModel admin, String firstElection) {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(CLIENT_ID);
        client.setName("Espace gestionnaire Isoloir");
        client.setDescription("Sign-in of the election managers' space (Isoloir). Made by the Isoloir extension.");
        client.setProtocol("openid-connect");
        client.setPublicClient(true);
        client.setStandardFlowEnabled(true);
        client.setImplicitFlowEnabled(false);
        client.setDirectAccessGrantsEnabled(false);
        client.setServiceAccountsEnabled(false);
        client.setFrontchannelLogout(true);
        client.setFullScopeAllowed(true);
        client.setRootUrl("${authBaseUrl}");
        if (firstElection != null) {
            client.setBaseUrl(redirectPath(firstElection));
        }
        client.setRedirectUris(List.of());
        // "+": the origins of the redirect URIs, i.e. this server (the page calls the token endpoint and admin API).
        client.setWebOrigins(List.of("+"));
        client.setAttributes(Map.of("pkce.code.challenge.method", "S256", "post.logout.redirect.uris", "+"));
        return RepresentationToModel.createClient(session, admin, client);
    }
}
