package fr.isoloir.espace;

import com.fasterxml.jackson.databind.JsonNode;
import fr.isoloir.browser.Chromium;
import fr.isoloir.browser.EspaceGestionnaire;
import fr.isoloir.browser.LettersPage;
import fr.isoloir.keycloakrunner.KeycloakAdmin;
import fr.isoloir.postal.PostalLetters;
import fr.isoloir.testsupport.ElectionRealm;
import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.ManagerAccount;
import fr.isoloir.testsupport.TestPrinter;
import fr.isoloir.testsupport.VoterFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page "Courriers postaux" of the Espace gestionnaire in Debian's Chromium with a French browser, in an
 * election realm of its own (a 9-voter file: 3 postal voters): without the printer's key the page says why
 * nothing can be produced; with it, the manager produces the letters, follows the production and downloads
 * the file for the printer, which decrypts with the printer's key into a letter per postal voter; producing
 * again asks first whether to replace the codes. With -Disoloir.screenshots=DIR the page is photographed for
 * the guide (espace-courriers-1280.png and -360.png).
 */
@ExtendWith(IsoloirServer.Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LettersPageBrowserIT {

    private final IsoloirServer server;
    private final KeycloakAdmin admin;
    private ElectionRealm election;
    private String[] manager;
    private ChromeDriver driver;

    LettersPageBrowserIT(IsoloirServer server) {
        this.server = server;
        this.admin = server.admin();
    }

    @BeforeAll
    void anElectionWithThreePostalVoters() throws Exception {
        election = ElectionRealm.create(
                server, "courriers-" + UUID.randomUUID().toString().substring(0, 8), "CSE Exemple SA 2027");
        String importId = admin.post(election.isoloirPath("voter-imports"), "text/csv", VoterFiles.generate(9, 36))
                .expect(202)
                .json()
                .get("jobId")
                .asText();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        JsonNode status;
        do {
            status = admin.get(election.isoloirPath("voter-imports/" + importId))
                    .expect(200)
                    .json();
        } while ("running".equals(status.get("status").asText()) && System.nanoTime() < deadline);
        assertThat(status.get("status").asText()).isEqualTo("done");
        ManagerAccount account = ManagerAccount.create(admin, election.name(), "manage-users");
        manager = new String[] {account.username(), account.password(), account.id()};
    }

    @AfterAll
    void closeEverything() {
        if (driver != null) {
            driver.quit();
        }
        if (manager != null) {
            admin.delete("/admin/realms/master/users/" + manager[2]);
        }
        if (election != null) {
            election.close();
        }
    }

    @Test
    void aManagerProducesTheLettersAndDownloadsTheFileForThePrinterInFrench(@TempDir Path downloads) throws Exception {
        driver = Chromium.start();
        driver.manage().window().setSize(new Dimension(1280, 900));
        EspaceGestionnaire space =
                EspaceGestionnaire.signIn(driver, server.baseUri(), election.name(), manager[0], manager[1]);
        LettersPage letters = space.openLetters();

        assertThat(space.language()).isEqualTo("fr");
        assertThat(letters.h1()).isEqualTo("Courriers postaux");
        assertThat(letters.plan()).startsWith("3 électeurs par courrier recevront un courrier.");
        assertThat(letters.noPrinterKey())
                .as("no printer key yet")
                .hasValueSatisfying(problem -> assertThat(problem)
                        .contains("Impossible de produire les courriers")
                        .contains("clé publique de l'imprimeur"));
        assertThat(letters.produceButton()).isEqualTo("Produire les courriers");
        assertThat(letters.canProduce()).isFalse();
        assertThat(space.seriousAccessibilityProblems()).isEmpty();

        TestPrinter.installIn(admin, election.name());
        driver.navigate().refresh(); // signs in again silently, back on #courriers
        letters = LettersPage.shownAfterSignIn(driver);
        assertThat(letters.noPrinterKey()).isEmpty();
        assertThat(letters.canProduce()).isTrue();

        letters.produce();
        assertThat(letters.confirmation())
                .as("no voter held a code: no question")
                .isEmpty();
        letters.awaitFile();
        assertThat(letters.state()).isEqualTo("terminée");
        assertThat(letters.cell("letters-done")).isEqualTo("3 sur 3 (100 %)");
        assertThat(letters.cell("letters-made")).isEqualTo("3");
        assertThat(letters.cell("letters-by")).isEqualTo(manager[0]);
        assertThat(letters.fileAdvice())
                .contains("Télécharger le fichier pour l'imprimeur")
                .contains("envoyez-le tel quel à l'imprimeur")
                .contains("chiffré pour la clé de l'imprimeur");
        assertThat(space.seriousAccessibilityProblems()).isEmpty();
        space.screenshots("espace-courriers");

        Path zip = letters.download(downloads);
        List<List<String>> rows = TestPrinter.lettersInZip(Files.readAllBytes(zip));
        assertThat(rows.get(0)).containsExactlyElementsOf(PostalLetters.COLUMNS);
        assertThat(rows).hasSize(1 + 3);

        letters.produce();
        assertThat(letters.confirmation())
                .hasValueSatisfying(question -> assertThat(question)
                        .contains("Remplacer les codes déjà imprimés ?")
                        .contains("3 électeurs ont déjà un code d'un courrier précédent")
                        .contains("cessent aussitôt de fonctionner"));
        assertThat(space.seriousAccessibilityProblems()).isEmpty();
        letters.confirm().awaitFile();
        assertThat(letters.state()).isEqualTo("terminée");
    }
}
