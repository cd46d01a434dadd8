package fr.isoloir;

import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.RealmModel;

/**
 * What every item of our admin console pages (Declarative UI components) checks first: it belongs to
 * the realm. The console always sends the realm's id as the parent; Keycloak stores any other value
 * unchecked and fails at commit on an over-long one (a 500), so it is refused here with a message.
 */
public final class PageItems {

    private PageItems() {}

    public static void requireRealmParent(RealmModel realm, ComponentModel model) throws ComponentValidationException {
        if (model.getParentId() == null) {
            model.setParentId(realm.getId());
        } else if (!model.getParentId().equals(realm.getId())) {
            throw new ComponentValidationException(
                    "An item of this page belongs to the realm: parentId must be the realm's id.");
        }
    }
}
