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

    @Test
    void removesTheItemsOfTheRetiredPagesAndKeepsTheOthers() {
        KeycloakSession session = mock(KeycloakSession.class);
        RealmProvider realms = mock(RealmProvider.class);
        RealmModel realm = mock(RealmModel.class);
        when(session.realms()).thenReturn(realms);
        when(realms.getRealmsStream()).thenReturn(Stream.of(realm));
        when(realm.getId()).thenReturn("realm-id");
        ComponentModel voterImport = item("Voter import");
        ComponentModel settings = item("Election settings");
        ComponentModel sending = item("Send identifiers");
        when(realm.getComponentsStream("realm-id", RetiredConsolePages.PAGE_TYPE))
                .thenReturn(Stream.of(voterImport, sending, settings));

        RetiredConsolePages.remove(session);

        verify(realm).removeComponent(voterImport);
        verify(realm).removeComponent(settings);
        verify(realm, never()).removeComponent(sending);
    }

    @Test
    void aRealmWithoutThemIsLeftAlone() {
        KeycloakSession session = mock(KeycloakSession.class);
        RealmProvider realms = mock(RealmProvider.class);
        RealmModel realm = mock(RealmModel.class);
        when(session.realms()).thenReturn(realms);
        when(realms.getRealmsStream()).thenReturn(Stream.of(realm));
        when(realm.getId()).thenReturn("realm-id");
        when(realm.getComponentsStream("realm-id", RetiredConsolePages.PAGE_TYPE))
                .thenReturn(Stream.empty());

        RetiredConsolePages.remove(session);

        verify(realm, never()).removeComponent(any());
    }
}
