package fr.isoloir.espace;

import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.util.List;
import java.util.Set;

/**
 * The admin console pages replaced by the Espace gestionnaire ("Voter import" by its "Liste électorale",
 * "Election settings" by its "Paramètres de l'élection"): their items, component rows of a server that ran
 * an earlier Isoloir, are removed at start-up. Left in place they would do nothing (no page shows them, the
 * settings live in realm attributes, the imports in their jobs), but a realm exported with them could not be
 * imported again: Keycloak refuses a component whose provider is missing ("Invalid component type").
 */
final class RetiredConsolePages {

    static final String PAGE_TYPE = "org.keycloak.services.ui.extend.UiPageProvider";
    /** The retired pages' provider ids, as their items were stored. */
    static final Set<String> RETIRED = Set.of("Voter import", "Election settings", "send-identifiers");

    private static final Logger LOG = Logger.getLogger(RetiredConsolePages.class);

    private RetiredConsolePages() {}

    static void remove(KeycloakSession session) {
        session.realms().getRealmsStream().forEach(realm -> remove(realm));
    }

    private static void remove(RealmModel realm) {
        List<ComponentModel> items = realm.getComponentsStream(realm.getId(), PAGE_TYPE)
                .filter(item -> RETIRED.contains(item.getProviderId()))
                .toList();
        items.forEach(realm::removeComponent);
        if (!items.isEmpty()) {
            LOG.infof(
                    "Isoloir: realm %s: removed %d item(s) of the retired console pages %s (the Espace gestionnaire "
                            + "replaces them; the settings and imports themselves are kept)",
                    realm.getName(), items.size(), RETIRED);
        }
    }
}
