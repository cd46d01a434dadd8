package fr.isoloir.espace;

import fr.isoloir.browser.Chromium;
import fr.isoloir.browser.EspaceGestionnaire;
import fr.isoloir.identifier.VoterIdentifier;
import fr.isoloir.keycloakrunner.KeycloakAdmin;
import fr.isoloir.testsupport.ElectionRealm;
import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.ManagerAccount;
import fr.isoloir.testsupport.Voters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Espace gestionnaire in Debian's Chromium with a French browser: a manager of the master realm
 * holding manage-users on an election realm of its own opens the space, signs in on Keycloak's page and
 * sees the dashboard in French with that election's figures; an account without rights on the election
 * gets the French refusal. With -Disoloir.screenshots=DIR the dashboard is photographed for the guide
 * (espace-tableau-de-bord-1280.png and -360.png).
 */
@ExtendWith(IsoloirServer.Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EspaceGestionnaireBrowserIT {

    private final IsoloirServer server;
    private final KeycloakAdmin admin;
    private final List<String> accounts = new ArrayList<>();
    private ElectionRealm election;
    private ChromeDriver driver;

    EspaceGestionnaireBrowserIT(IsoloirServer server) {
        this.server = server;
        this.admin = server.admin();
    }

    /**
     * Three email voters, an email voter without an address (whose sending fails, without any provider:
     * always the same outcome), two SMS voters and a postal voter; identifiers sent.
     */
    @BeforeAll
    void anElectionWhoseIdentifiersWereSent() throws Exception {
        election = ElectionRealm.create(
                server, "espace-" + UUID.randomUUID().toString().substring(0, 8), "CSE Exemple SA 2027");
        Voters voters = server.voters(election.name());
        for (int i = 0; i < 3; i++) {
            voters.byEmail();
        }
        voters.bySms();
        voters.bySms();
        voter("email", "Sam", "Roux", "N1");
        voter("postal", "Alix", "Petit", "P1");
        election.sendIdentifiersAndWait();
    }

    /** A voter with neither email address nor mobile. */
    private void voter(String channel, String firstName, String lastName, String employeeNumber) {
        admin.post(
                        "/admin/realms/" + election.name() + "/users",
                        Map.of(
                                "username",
                                VoterIdentifier.generate(new SecureRandom()).username(),
                                "enabled",
                                true,
                                "firstName",
                                firstName,
                                "lastName",
                                lastName,
                                "attributes",
                                Map.of("deliveryChannel", List.of(channel), "employeeNumber", List.of(employeeNumber))))
                .expect(201);
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
    void aManagerSignsInAndSeesTheDashboardInFrenchWithTheElectionsFigures() {
        EspaceGestionnaire space = open(manager("manage-users"));

        assertThat(space.showsTheDashboard()).as(space.text()).isTrue();
        assertThat(space.url())
                .as("the code and state are gone from the address")
                .doesNotContain("code=");
        assertThat(space.language()).isEqualTo("fr");
        assertThat(space.h1()).isEqualTo("Tableau de bord de l'élection");
        assertThat(space.text())
                .contains("CSE Exemple SA 2027")
                .contains("À faire maintenant")
                .contains("Envoi des identifiants")
                .contains("Connecté en tant que");
        assertThat(space.tableHeaders())
                .contains(
                        "Courriel",
                        "SMS",
                        "Courrier",
                        "Envoyés (acceptés par le fournisseur)",
                        "En échec",
                        "Électeurs ayant choisi leur phrase secrète",
                        "Connexions aujourd'hui (heure de Paris)");
        assertThat(space.figure("voters.total")).isEqualTo("7");
        assertThat(space.figure("voters.email")).isEqualTo("4");
        assertThat(space.figure("voters.sms")).isEqualTo("2");
        assertThat(space.figure("voters.postal")).isEqualTo("1");
        assertThat(space.figure("identifiers.email.failed")).isEqualTo("1");
        assertThat(space.figure("passphrases")).isEqualTo("0");
        assertThat(space.text()).contains("pas d'adresse de courriel");
        assertThat(space.advice())
                .contains(
                        "1 identifiant en échec : corriger l'adresse puis relancer l'envoi.",
                        "1 électeur par courrier n'a ni courrier ni phrase secrète : produire les courriers.");
        assertThat(space.seriousAccessibilityProblems()).isEmpty();
        space.screenshots("espace-tableau-de-bord");
    }

    @Test
    void aManagerFollowsTheFinishedSendingThenStartsANewOneFromTheSendingPage() {
        String[] account = manager("manage-users");
        EspaceGestionnaire space = open(account).openSending();

        assertThat(space.h1()).isEqualTo("Envoi des identifiants");
        assertThat(space.sendingCell("sending-state")).isEqualTo("terminé");
        assertThat(space.sendingCell("sending-done")).isEqualTo("6 sur 6 (100 %)");
        assertThat(space.sendingCell("sending-channel")).isEqualTo("Courriel et SMS");
        assertThat(space.canPress("send-start")).isTrue();
        assertThat(space.canPress("send-pause")).isFalse();
        assertThat(space.canPress("send-cancel")).isFalse();

        space.startSending(account[0]).awaitSendingState("terminé");
        assertThat(space.sendingCell("sending-by"))
                .as("the sending is in the manager's name")
                .isEqualTo(account[0]);
        assertThat(space.sendingCell("sending-done"))
                .as("every voter was already sent to")
                .isEqualTo("0 sur 0 (100 %)");
        assertThat(space.seriousAccessibilityProblems()).isEmpty();
        space.screenshots("espace-envoi-des-identifiants");
    }

    @Test
    void anAccountWithoutRightsOnTheElectionGetsAFrenchRefusal() {
        EspaceGestionnaire space = open(manager(null));

        assertThat(space.showsTheDashboard()).isFalse();
        assertThat(space.refusal())
                .contains("Accès refusé")
                .contains("n'a pas le droit de consulter l'élection")
                .contains("manage-users")
                .doesNotContain("Forbidden")
                .doesNotContain("403");
        assertThat(space.seriousAccessibilityProblems()).isEmpty();
    }

    private EspaceGestionnaire open(String[] account) {
        driver = Chromium.start();
        driver.manage().window().setSize(new Dimension(1280, 900));
        return EspaceGestionnaire.signIn(driver, server.baseUri(), election.name(), account[0], account[1]);
    }

    /** A master-realm account with this role of the election's management client (none: no rights). */
    private String[] manager(String role) {
        ManagerAccount account = role == null
                ? ManagerAccount.create(admin, election.name())
                : ManagerAccount.create(admin, election.name(), role);
        accounts.add(account.id());
        return new String[] {account.username(), account.password()};
    }
}
