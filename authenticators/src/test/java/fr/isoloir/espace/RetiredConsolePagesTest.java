package fr.isoloir.espace;

import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RealmProvider;

import java.util.stream.Stream;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class RetiredConsolePagesTest {

    private static ComponentModel item(String providerId) {
        ComponentModel item = new ComponentModel();
        item.setId(providerId + "-id");
        item.setProviderId(providerId);
        item.setProviderType(RetiredConsolePages.PAGE_TYPE);
        return item;
    }

    /** Runs the start-up removal on a server whose one realm holds these console items. */
    private static RealmModel afterStartUpWith(ComponentModel... items) {
        KeycloakSession session = mock(KeycloakSession.class);
        RealmProvider realms = mock(RealmProvider.class);
        RealmModel realm = mock(RealmModel.class);
        when(session.realms()).thenReturn(realms);
        when(realms.getRealmsStream()).thenReturn(Stream.of(realm));
        when(realm.getId()).thenReturn("realm-id");
        when(realm.getComponentsStream("realm-id", RetiredConsolePages.PAGE_TYPE))
                .thenReturn(Stream.of(items));
        RetiredConsolePages.remove(session);
        return realm;
    }

    @Test
    void removesTheItemsOfTheRetiredPagesAndKeepsTheOthers() {
        ComponentModel voterImport = item("Voter import");
        ComponentModel settings = item("Election settings");
        ComponentModel sending = item("send-identifiers");
        ComponentModel another = item("another-extensions-page");

        RealmModel realm = afterStartUpWith(voterImport, sending, another, settings);

        verify(realm).removeComponent(voterImport);
        verify(realm).removeComponent(settings);
        verify(realm).removeComponent(sending);
        verify(realm, never()).removeComponent(another);
    }

    @Test
    void aRealmWithoutThemIsLeftAlone() {
        RealmModel realm = afterStartUpWith(item("another-extensions-page"));

        verify(realm, never()).removeComponent(any());
    }
}
