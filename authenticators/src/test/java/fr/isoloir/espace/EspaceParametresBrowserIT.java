package fr.isoloir.espace;

import com.fasterxml.jackson.databind.JsonNode;
import fr.isoloir.browser.Chromium;
import fr.isoloir.browser.EspaceGestionnaire;
import fr.isoloir.election.ElectionSettings;
import fr.isoloir.keycloakrunner.KeycloakAdmin;
import fr.isoloir.testsupport.ElectionRealm;
import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.ManagerAccount;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Espace's page "Paramètres de l'élection" in Debian's Chromium with a French browser: a manager
 * holding manage-realm reads the French labels, gets French errors under the wrong fields (focus on the
 * first, nothing stored), then saves; a manager with manage-users only reads them, form disabled, told
 * which role changes them. With -Disoloir.screenshots=DIR the page is photographed for the guide
 * (espace-parametres-1280.png and -360.png).
 */
@ExtendWith(IsoloirServer.Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EspaceParametresBrowserIT {

    private final IsoloirServer server;
    private final KeycloakAdmin admin;
    private final List<String> accounts = new ArrayList<>();
    private ElectionRealm election;
    private ChromeDriver driver;

    EspaceParametresBrowserIT(IsoloirServer server) {
        this.server = server;
        this.admin = server.admin();
    }

    @BeforeAll
    void anElection() throws Exception {
        election = ElectionRealm.create(
                server, "parametres-" + UUID.randomUUID().toString().substring(0, 8), "CSE Exemple SA 2027");
    }

    @AfterEach
    void closeTheBrowser() {
        if (driver != null) {
            driver.quit();
            driver = null;
        }
    }

    @AfterAll
    void removeAccountsAndElection() {
        accounts.forEach(id -> admin.delete("/admin/realms/master/users/" + id));
        if (election != null) {
            election.close();
        }
    }

    @Test
    void aRealmManagerReadsFrenchLabelsGetsFrenchErrorsByTheFieldsThenSaves() {
        EspaceGestionnaire space = open(manager("manage-users", "manage-realm")).openSettings();

        assertThat(space.language()).isEqualTo("fr");
        assertThat(space.h1()).isEqualTo("Paramètres de l'élection");
        assertThat(List.of("electionName", "votingSiteUrl", "helpContact", "timeZone", "opensAt", "closesAt").stream()
                        .map(space::settingsLabel)
                        .toList())
                .containsExactly(
                        "Nom de l'élection",
                        "Adresse du site de vote",
                        "Contact d'aide",
                        "Fuseau horaire des dates",
                        "Ouverture du vote",
                        "Clôture du vote");
        assertThat(space.text()).contains("Enregistrer les paramètres").contains("Le vote est ouvert");
        assertThat(space.canEditSettings()).isTrue();
        assertThat(space.settingsValue("timeZone")).isEqualTo("Europe/Paris");

        space.typeSetting("electionName", "CSE Exemple SA 2027")
                .typeSetting("votingSiteUrl", "vote.exemple.fr")
                .setSettingDate("opensAt", "2027-03-19T17:00")
                .setSettingDate("closesAt", "2027-03-12T09:00")
                .saveSettings();

        assertThat(space.settingsMessage()).startsWith("Les paramètres n'ont pas été enregistrés");
        assertThat(space.settingsError("votingSiteUrl"))
                .isEqualTo("Adresse invalide. Format attendu : https://vote.exemple.fr/");
        assertThat(space.settingsError("closesAt")).isEqualTo("La clôture doit venir après l'ouverture.");
        assertThat(space.settingsError("electionName")).isEmpty();
        assertThat(space.ariaInvalid("votingSiteUrl")).isEqualTo("true");
        assertThat(space.focused()).isEqualTo("settings-votingSiteUrl");
        assertThat(space.title()).startsWith("Erreur : Paramètres de l'élection");
        assertThat(attributes().path(ElectionSettings.NAME).asText(""))
                .as("nothing stored")
                .isEmpty();
        assertThat(space.seriousAccessibilityProblems()).isEmpty();

        space.typeSetting("votingSiteUrl", "https://vote.exemple.fr/")
                .typeSetting("helpContact", "Service RH, 01 23 45 67 89")
                .setSettingDate("opensAt", "2027-03-12T09:00")
                .setSettingDate("closesAt", "2027-03-19T17:00")
                .saveSettings();

        assertThat(space.settingsMessage()).startsWith("Paramètres enregistrés le");
        assertThat(space.settingsError("closesAt")).isEmpty();
        assertThat(space.ariaInvalid("votingSiteUrl")).isNull();
        assertThat(space.text()).contains("Le vote n'est pas encore ouvert").contains("vendredi 12 mars 2027");
        JsonNode attributes = attributes();
        assertThat(attributes.path(ElectionSettings.NAME).asText()).isEqualTo("CSE Exemple SA 2027");
        assertThat(attributes.path(ElectionSettings.OPENS_AT).asText()).isEqualTo("2027-03-12T09:00+01:00");
        assertThat(attributes.path(ElectionSettings.CLOSES_AT).asText()).isEqualTo("2027-03-19T17:00+01:00");
        assertThat(space.seriousAccessibilityProblems()).isEmpty();
        space.screenshots("espace-parametres");
    }

    @Test
    void aManagerWithManageUsersOnlyReadsTheSettingsAndIsToldWhichRoleChangesThem() {
        EspaceGestionnaire space = open(manager("manage-users")).openSettings();

        assertThat(space.h1()).isEqualTo("Paramètres de l'élection");
        assertThat(space.canEditSettings()).isFalse();
        assertThat(space.text())
                .contains("Pour les modifier, il faut le rôle « manage-realm » de l'élection")
                .doesNotContain("Forbidden")
                .doesNotContain("403");
        assertThat(space.seriousAccessibilityProblems()).isEmpty();
    }

    private JsonNode attributes() {
        return admin.get("/admin/realms/" + election.name()).expect(200).json().path("attributes");
    }

    private EspaceGestionnaire open(String[] account) {
        driver = Chromium.start();
        driver.manage().window().setSize(new Dimension(1280, 900));
        return EspaceGestionnaire.signIn(driver, server.baseUri(), election.name(), account[0], account[1]);
    }

    /** A master-realm account with these roles of the election's management client. */
    private String[] manager(String... roles) {
        ManagerAccount account = ManagerAccount.create(admin, election.name(), roles);
        accounts.add(account.id());
        return new String[] {account.username(), account.password()};
    }
}
