package fr.isoloir.election;

import com.fasterxml.jackson.databind.JsonNode;
import fr.isoloir.keycloakrunner.KeycloakAdmin;
import fr.isoloir.recovery.ViewOnlyAdmin;
import fr.isoloir.testsupport.ElectionManager;
import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.VoterBrowser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /admin/realms/{realm}/isoloir/election-settings}, behind the Espace's "Paramètres de l'élection":
 * who may read and who may change, field-bound refusals that store nothing, the realm attributes written
 * with the zone's offset and shown on the voter pages, the change in the trail (admin event, the expert's
 * export), and two managers saving from the same page at once: one saves, the other is told.
 */
@ExtendWith(IsoloirServer.Extension.class)
class ElectionSettingsIT {

    private static final String SETTINGS = "/admin/realms/" + IsoloirServer.REALM + "/isoloir/election-settings";

    private final IsoloirServer server;

    ElectionSettingsIT(IsoloirServer server) {
        this.server = server;
    }

    private static Map<String, Object> form(JsonNode current, String... fieldsAndValues) {
        Map<String, Object> form = new LinkedHashMap<>();
        for (String field :
                List.of("electionName", "votingSiteUrl", "helpContact", "timeZone", "opensAt", "closesAt")) {
            form.put(field, current.path(field).asText(""));
        }
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            form.put(fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        form.put("version", current.path("version").asText());
        return form;
    }

    private JsonNode attributes() {
        return server.admin()
                .get(ElectionAttributes.realmPath())
                .expect(200)
                .json()
                .path("attributes");
    }

    @Test
    void aManagerWithManageUsersReadsTheSettingsButMayNotChangeThem() throws Exception {
        try (ElectionAttributes ignored = ElectionAttributes.set(server, Map.of(ElectionSettings.NAME, "CSE 2027"));
                ElectionManager manager = ElectionManager.create(server, "manage-users")) {
            var read = manager.get(SETTINGS);
            assertThat(read.statusCode()).isEqualTo(200);
            JsonNode settings = new com.fasterxml.jackson.databind.ObjectMapper().readTree(read.body());
            assertThat(settings.path("electionName").asText()).isEqualTo("CSE 2027");
            assertThat(settings.path("canChange").asBoolean()).isFalse();

            var refused = manager.put(SETTINGS, "{\"electionName\":\"Autre élection\"}");

            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(attributes().path(ElectionSettings.NAME).asText()).isEqualTo("CSE 2027");
        }
    }

    @Test
    void withoutATokenOrWithoutARoleNothingIsReadNorChanged() {
        assertThat(ElectionManager.get(
                                java.net.http.HttpClient.newHttpClient(),
                                server.baseUri().resolve(SETTINGS))
                        .statusCode())
                .isEqualTo(401);
        try (ElectionManager stranger = ElectionManager.create(server, "view-events")) {
            assertThat(stranger.get(SETTINGS).statusCode()).isEqualTo(403);
            assertThat(stranger.put(SETTINGS, "{}").statusCode()).isEqualTo(403);
        }
    }

    @Test
    void aRealmManagerChangesThemTheVoterPagesShowThemAndTheTrailRecordsTheChange() {
        try (ElectionAttributes ignored = ElectionAttributes.set(server, Map.of())) {
            KeycloakAdmin realmManager = ViewOnlyAdmin.withRealmRole(server, "manage-realm");
            JsonNode current = realmManager.get(SETTINGS).expect(200).json();
            assertThat(current.path("canChange").asBoolean()).isTrue();

            JsonNode saved = realmManager
                    .put(
                            SETTINGS,
                            form(
                                    current,
                                    "electionName",
                                    "CSE Exemple SA 2027",
                                    "votingSiteUrl",
                                    "https://vote.exemple.fr/",
                                    "helpContact",
                                    "elections@exemple.fr",
                                    "timeZone",
                                    "Europe/Paris",
                                    "opensAt",
                                    "2020-03-12T09:00",
                                    "closesAt",
                                    "2099-07-01T17:00"))
                    .expect(200)
                    .json();

            assertThat(saved.path("opensAt").asText()).isEqualTo("2020-03-12T09:00");
            assertThat(saved.path("state").asText()).isEqualTo("open");
            JsonNode attributes = attributes();
            assertThat(attributes.path(ElectionSettings.NAME).asText()).isEqualTo("CSE Exemple SA 2027");
            assertThat(attributes.path(ElectionSettings.OPENS_AT).asText())
                    .as("winter time")
                    .isEqualTo("2020-03-12T09:00+01:00");
            assertThat(attributes.path(ElectionSettings.CLOSES_AT).asText())
                    .as("summer time")
                    .isEqualTo("2099-07-01T17:00+02:00");

            VoterBrowser.Page page =
                    new VoterBrowser().open(URI.create(server.votingSite().baseUri() + "/login"));
            assertThat(page.document().selectFirst(".isoloir-election").text()).isEqualTo("CSE Exemple SA 2027");
            assertThat(page.document().selectFirst("footer").text()).contains("elections@exemple.fr");

            JsonNode event = server.admin()
                    .get("/admin/realms/" + IsoloirServer.REALM
                            + "/admin-events?resourcePath=isoloir/election-settings&operationTypes=UPDATE&max=1")
                    .expect(200)
                    .json()
                    .get(0);
            assertThat(event.path("resourceType").asText()).isEqualTo("REALM");
            assertThat(event.path("details").path("changed").asText())
                    .contains(ElectionSettings.NAME)
                    .contains(ElectionSettings.OPENS_AT);
            String export = ViewOnlyAdmin.withRealmRole(server, "view-events")
                    .get("/admin/realms/" + IsoloirServer.REALM + "/isoloir/access-changes.csv")
                    .expect(200)
                    .body();
            assertThat(export.lines().filter(line -> line.contains("isoloir/election-settings")))
                    .anySatisfy(row ->
                            assertThat(row).contains("\"configuration change\"").contains("\"REALM\";\"UPDATE\""));
        }
    }

    @Test
    void badValuesAreRefusedFieldByFieldAndNothingIsStored() {
        try (ElectionAttributes ignored = ElectionAttributes.set(server, Map.of(ElectionSettings.NAME, "CSE 2027"))) {
            KeycloakAdmin realmManager = ViewOnlyAdmin.withRealmRole(server, "manage-realm");
            JsonNode current = realmManager.get(SETTINGS).expect(200).json();

            KeycloakAdmin.Answer refused = realmManager.put(
                    SETTINGS,
                    form(
                            current,
                            "electionName",
                            "Nouveau nom",
                            "votingSiteUrl",
                            "vote.exemple.fr",
                            "opensAt",
                            "2027-03-19T17:00",
                            "closesAt",
                            "2027-03-12T09:00"));

            assertThat(refused.status()).isEqualTo(400);
            List<String> fields = new ArrayList<>();
            refused.json()
                    .path("fields")
                    .forEach(f -> fields.add(
                            f.path("field").asText() + "=" + f.path("key").asText()));
            assertThat(fields).containsExactly("votingSiteUrl=settings.error.url", "closesAt=settings.error.order");
            assertThat(attributes().path(ElectionSettings.NAME).asText()).isEqualTo("CSE 2027");
            assertThat(attributes().path(ElectionSettings.OPENS_AT).asText("")).isEmpty();
        }
    }

    @Test
    void aChangeMadeFromSettingsThatChangedMeanwhileIsRefusedWithNothingOverwritten() {
        try (ElectionAttributes ignored = ElectionAttributes.set(server, Map.of())) {
            KeycloakAdmin realmManager = ViewOnlyAdmin.withRealmRole(server, "manage-realm");
            JsonNode read = realmManager.get(SETTINGS).expect(200).json();
            realmManager
                    .put(SETTINGS, form(read, "helpContact", "Mme Martin, poste 1234"))
                    .expect(200);

            KeycloakAdmin.Answer stale = realmManager.put(SETTINGS, form(read, "electionName", "Écrasé"));

            assertThat(stale.status()).isEqualTo(409);
            assertThat(stale.json().path("error").asText()).isEqualTo("settings_changed");
            assertThat(attributes().path(ElectionSettings.HELP_CONTACT).asText())
                    .isEqualTo("Mme Martin, poste 1234");
            assertThat(attributes().path(ElectionSettings.NAME).asText("")).isEmpty();
        }
    }

    @Test
    void ofTwoManagersSavingFromTheSamePageAtOnceOneSavesAndTheOtherIsTold() throws Exception {
        try (ElectionAttributes ignored = ElectionAttributes.set(server, Map.of())) {
            KeycloakAdmin first = ViewOnlyAdmin.withRealmRole(server, "manage-realm");
            KeycloakAdmin second = ViewOnlyAdmin.withRealmRole(server, "manage-realm");
            JsonNode read = first.get(SETTINGS).expect(200).json();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Callable<Integer> one = () -> {
                    start.await();
                    return first.put(SETTINGS, form(read, "electionName", "Premier"))
                            .status();
                };
                Callable<Integer> other = () -> {
                    start.await();
                    return second.put(SETTINGS, form(read, "electionName", "Second"))
                            .status();
                };
                Future<Integer> a = pool.submit(one);
                Future<Integer> b = pool.submit(other);
                start.countDown();
                List<Integer> statuses = List.of(a.get(), b.get());

                assertThat(statuses).containsExactlyInAnyOrder(200, 409);
                String winner = statuses.get(0) == 200 ? "Premier" : "Second";
                assertThat(attributes().path(ElectionSettings.NAME).asText()).isEqualTo(winner);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void theRetiredConsolePagesAreNoLongerOffered() {
        JsonNode pages = server.admin()
                .get("/admin/serverinfo")
                .expect(200)
                .json()
                .path("providers")
                .path("ui-page")
                .path("providers");
        assertThat(pages.has("Voter import")).isFalse();
        assertThat(pages.has("Election settings")).isFalse();
    }
}
