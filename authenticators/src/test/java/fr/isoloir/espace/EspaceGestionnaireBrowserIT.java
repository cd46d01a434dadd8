package fr.isoloir.espace;

import fr.isoloir.browser.Chromium;
import fr.isoloir.browser.EspaceGestionnaire;
import fr.isoloir.browser.EspaceListeElectorale;
import fr.isoloir.identifier.VoterIdentifier;
import fr.isoloir.keycloakrunner.KeycloakAdmin;
import fr.isoloir.testsupport.ElectionRealm;
import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.ManagerAccount;
import fr.isoloir.testsupport.VoterFiles;
import fr.isoloir.testsupport.Voters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;

import java.nio.file.Files;
import java.nio.file.Path;
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
 * gets the French refusal; the voter list is checked, imported, paused, resumed and cancelled from its page.
 * With -Disoloir.screenshots=DIR the dashboard and the voter list are photographed for the guide
 * (espace-tableau-de-bord-1280.png and -360.png, espace-liste-electorale-1280.png and -360.png).
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
        assertThat(space.canPress("send-retry"))
                .as("the voter without an email address failed: the failures can be sent again")
                .isTrue();

        space.startSending(account[0]).awaitSendingState("terminé");
        assertThat(space.canPress("send-retry"))
                .as("the new sending has no failure")
                .isFalse();
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

    /**
     * "Liste électorale", on an election of its own (the import adds voters): French labels and help, a
     * missing file and a refused file explain themselves (focus on the error, problems by line), the check
     * shows the plan, the import runs to the end and a second check of the same file changes nothing.
     * With -Disoloir.screenshots=DIR: espace-liste-electorale-1280.png and -360.png.
     */
    @Test
    void aManagerChecksThenImportsTheVoterListFromTheVoterListPageInFrench(@TempDir Path files) throws Exception {
        Path refused = files.resolve("liste-refusee.csv");
        Files.writeString(
                refused,
                "Matricule;Nom;Prénom;Courriel\r\nL1;Martin;Jeanne;pas-une-adresse\r\n;Durand;Paul;paul.durand@example.test\r\n");
        Path list = files.resolve("liste.csv");
        Files.writeString(
                list,
                "Matricule;Nom;Prénom;Courriel\r\n"
                        + "L1;Martin;Jeanne;jeanne.martin@example.test\r\n"
                        + "L2;Durand;Paul;paul.durand@example.test\r\n"
                        + "L3;Petit;Alix;alix.petit@example.test\r\n");
        try (ElectionRealm listElection = ElectionRealm.create(
                server, "liste-" + UUID.randomUUID().toString().substring(0, 8), "CSE Liste SA 2027")) {
            EspaceGestionnaire space = open(listElection.name(), manager(listElection.name(), "manage-users"));
            EspaceListeElectorale page = space.openVoterList();

            assertThat(page.h1()).isEqualTo("Liste électorale");
            assertThat(page.labelOf("import-file")).isEqualTo("Fichier de la liste électorale (CSV)");
            assertThat(page.descriptionOfTheFileField())
                    .contains("Colonnes obligatoires : Matricule, Nom, Prénom")
                    .contains("Windows-1252");
            assertThat(page.labelOf("import-remove-absent"))
                    .isEqualTo("Retirer de la liste les électeurs absents du fichier");
            assertThat(page.buttonText("import-check")).isEqualTo("Vérifier le fichier");
            assertThat(page.buttonText("import-start")).isEqualTo("Importer la liste");
            assertThat(page.canPress("import-start"))
                    .as("no import before a check")
                    .isFalse();
            assertThat(page.text()).contains("Aucun import pour l'instant.");

            page.check();
            assertThat(page.fileError()).isEqualTo("Choisissez le fichier CSV de la liste électorale.");
            assertThat(page.focused()).isEqualTo("import-file");
            assertThat(page.descriptionOfTheFileField()).contains("Choisissez le fichier CSV");

            page.choose(refused).check();
            assertThat(page.verdict()).startsWith("Le fichier est refusé : 2 problèmes. Rien n'a été importé.");
            assertThat(page.problems())
                    .contains("2 | Courriel | Adresse email invalide.", "3 | Matricule | Matricule absent.");
            assertThat(page.focused()).as("focus on the report").isEqualTo("import-report");
            assertThat(page.canPress("import-start")).isFalse();
            assertThat(space.seriousAccessibilityProblems()).isEmpty();

            page.choose(list).check();
            assertThat(page.verdict())
                    .isEqualTo(
                            "Le fichier est lisible : 3 électeurs. Voici ce que l'import ferait. Rien n'a encore changé.");
            assertThat(page.plan("create")).isEqualTo("3");
            assertThat(page.plan("update")).isEqualTo("0");
            assertThat(page.problems()).isEmpty();
            assertThat(page.canPress("import-start")).isTrue();

            page.startImport().awaitState("terminé");
            assertThat(page.cell("import-done")).isEqualTo("3 sur 3 (100 %)");
            assertThat(page.count("created")).isEqualTo("3");
            assertThat(page.announced()).isEqualTo("Import terminé : 3 ajoutés, 0 mis à jour, 0 retirés.");
            assertThat(page.canPress("import-pause")).isFalse();
            assertThat(page.canPress("import-cancel")).isFalse();
            for (String employeeNumber : List.of("L1", "L2", "L3")) {
                assertThat(admin.get("/admin/realms/" + listElection.name() + "/users?exact=true&q=employeeNumber:"
                                        + employeeNumber)
                                .expect(200)
                                .json())
                        .as("voter %s imported once", employeeNumber)
                        .hasSize(1);
            }

            page.choose(list).check();
            assertThat(page.plan("unchanged"))
                    .as("the same file again changes nothing")
                    .isEqualTo("3");
            assertThat(page.plan("create")).isEqualTo("0");
            assertThat(space.seriousAccessibilityProblems()).isEmpty();
            space.screenshots("espace-liste-electorale");
        }
    }

    /**
     * The buttons of a running import, on an election of its own: pause (then only resume and cancel are
     * offered), resume, cancel; the page says what a cancel leaves.
     */
    @Test
    void aManagerPausesResumesThenCancelsAnImportFromTheVoterListPage(@TempDir Path files) throws Exception {
        Path list = files.resolve("grande-liste.csv");
        Files.write(list, VoterFiles.generate(3000, 31));
        try (ElectionRealm listElection = ElectionRealm.create(
                server, "liste-" + UUID.randomUUID().toString().substring(0, 8), "CSE Grande Liste SA 2027")) {
            EspaceGestionnaire space = open(listElection.name(), manager(listElection.name(), "manage-users"));
            EspaceListeElectorale page = space.openVoterList().choose(list).check();
            assertThat(page.plan("create").replaceAll("\\D", "")).isEqualTo("3000");

            page.startImport().press("import-pause").awaitState("en pause");
            assertThat(page.canPress("import-pause")).isFalse();
            assertThat(page.canPress("import-resume")).isTrue();
            assertThat(page.canPress("import-cancel")).isTrue();
            assertThat(page.canPress("import-check"))
                    .as("no new file while one is paused")
                    .isFalse();
            assertThat(page.announced()).startsWith("en pause : ");

            page.press("import-resume").awaitState("en cours");
            page.press("import-cancel").awaitState("annulé");
            assertThat(page.announced()).startsWith("Import annulé : ").contains("le reste n'a pas été fait");
            assertThat(page.text())
                    .contains("les électeurs déjà importés restent sur la liste, le reste n'est pas fait");
            assertThat(page.canPress("import-cancel")).isFalse();
            assertThat(page.canPress("import-check")).isTrue();
            assertThat(space.seriousAccessibilityProblems()).isEmpty();
        }
    }

    private EspaceGestionnaire open(String[] account) {
        return open(election.name(), account);
    }

    private EspaceGestionnaire open(String realm, String[] account) {
        driver = Chromium.start();
        driver.manage().window().setSize(new Dimension(1280, 900));
        return EspaceGestionnaire.signIn(driver, server.baseUri(), realm, account[0], account[1]);
    }

    /** A master-realm account with this role of the election's management client (none: no rights). */
    private String[] manager(String role) {
        return manager(election.name(), role);
    }

    private String[] manager(String realm, String role) {
        ManagerAccount account =
                role == null ? ManagerAccount.create(admin, realm) : ManagerAccount.create(admin, realm, role);
        accounts.add(account.id());
        return new String[] {account.username(), account.password()};
    }
}
