package fr.isoloir.election;

import com.fasterxml.jackson.databind.JsonNode;
import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.VoterBrowser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's "Election settings" page, driven through the admin REST API exactly as the console's
 * Declarative UI page saves an item: readable refusals for bad values and for a second item, the realm
 * attributes written on create and update and removed with the item, and the voter pages showing them.
 */
@ExtendWith(IsoloirServer.Extension.class)
class ElectionSettingsPageIT {

    static final String COMPONENTS = "/admin/realms/" + IsoloirServer.REALM + "/components";

    private final IsoloirServer server;

    ElectionSettingsPageIT(IsoloirServer server) {
        this.server = server;
    }

    Map<String, Object> item(Map<String, String> fields) {
        String realmId = server.admin()
                .get(ElectionAttributes.realmPath())
                .expect(200)
                .json()
                .get("id")
                .asText();
        Map<String, Object> config = new LinkedHashMap<>();
        fields.forEach((k, v) -> config.put(k, List.of(v)));
        return Map.of(
                "name",
                "settings",
                "providerId",
                ElectionSettingsPageFactory.PROVIDER_ID,
                "providerType",
                "org.keycloak.services.ui.extend.UiPageProvider",
                "parentId",
                realmId,
                "config",
                config);
    }

    JsonNode attributes() {
        return server.admin()
                .get(ElectionAttributes.realmPath())
                .expect(200)
                .json()
                .path("attributes");
    }

    @Test
    void savingTheItemChecksTheValuesWritesTheRealmAttributesAndTheVoterPagesShowThem() {
        try (ElectionAttributes ignored = ElectionAttributes.set(server, Map.of())) {
            var refused = server.admin()
                    .post(
                            COMPONENTS,
                            item(Map.of(
                                    "electionName",
                                    "CSE 2027",
                                    "votingSiteUrl",
                                    "vote.exemple.fr",
                                    "opensAt",
                                    "12/03/2027 9h")));
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().get("errorMessage").asText())
                    .contains("Voting site address: \"vote.exemple.fr\" is not a web address")
                    .contains(
                            "Opens at: \"12/03/2027 9h\" is not a date and time with its offset, such as 2027-03-12T09:00:00+01:00");
            assertThat(attributes().path(ElectionSettings.NAME).asText(""))
                    .as("nothing stored")
                    .isNotEqualTo("CSE 2027");

            Map<String, String> fields = new LinkedHashMap<>(Map.of(
                    "electionName",
                    "CSE Exemple SA 2027",
                    "votingSiteUrl",
                    "https://vote.exemple.fr/",
                    "helpContact",
                    "elections@exemple.fr",
                    "opensAt",
                    "2020-03-12T09:00:00+01:00",
                    "closesAt",
                    "2099-03-19T17:00:00+01:00"));
            String id = server.admin().post(COMPONENTS, item(fields)).createdId();
            try {
                JsonNode attributes = attributes();
                assertThat(attributes.path(ElectionSettings.NAME).asText()).isEqualTo("CSE Exemple SA 2027");
                assertThat(attributes.path(ElectionSettings.VOTING_SITE_URL).asText())
                        .isEqualTo("https://vote.exemple.fr/");
                assertThat(attributes.path(ElectionSettings.HELP_CONTACT).asText())
                        .isEqualTo("elections@exemple.fr");
                assertThat(attributes.path(ElectionSettings.OPENS_AT).asText()).isEqualTo("2020-03-12T09:00:00+01:00");

                VoterBrowser.Page page =
                        new VoterBrowser().open(URI.create(server.votingSite().baseUri() + "/login"));
                assertThat(page.document().selectFirst(".isoloir-election").text())
                        .isEqualTo("CSE Exemple SA 2027");
                assertThat(page.title()).endsWith(" - CSE Exemple SA 2027");
                assertThat(page.document().selectFirst("footer").text()).contains("elections@exemple.fr");

                var second = server.admin().post(COMPONENTS, item(Map.of("electionName", "Autre")));
                assertThat(second.status()).isEqualTo(400);
                assertThat(second.json().get("errorMessage").asText()).contains("edit the existing item");

                Map<String, Object> updated = new LinkedHashMap<>(item(Map.of(
                        "electionName",
                        "CSE Exemple SA 2027 (2e tour)",
                        "votingSiteUrl",
                        "https://vote.exemple.fr/",
                        "helpContact",
                        "",
                        "opensAt",
                        "",
                        "closesAt",
                        "")));
                updated.put("id", id);
                server.admin().put(COMPONENTS + "/" + id, updated).expect(204);
                attributes = attributes();
                assertThat(attributes.path(ElectionSettings.NAME).asText()).isEqualTo("CSE Exemple SA 2027 (2e tour)");
                assertThat(attributes.path(ElectionSettings.HELP_CONTACT).asText(""))
                        .as("emptied")
                        .isEmpty();
                assertThat(attributes.path(ElectionSettings.OPENS_AT).asText(""))
                        .isEmpty();
            } finally {
                server.admin().delete(COMPONENTS + "/" + id).expect(204);
            }
            assertThat(attributes().path(ElectionSettings.NAME).asText(""))
                    .as("removed with the item")
                    .isEmpty();
        }
    }
}
