package fr.isoloir.voterlist;

import com.fasterxml.jackson.databind.JsonNode;
import fr.isoloir.browser.AdminConsole;
import fr.isoloir.browser.Chromium;
import fr.isoloir.keycloakrunner.KeycloakAdmin;
import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.VoterFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.chrome.ChromeDriver;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "Voter import" page as an election manager uses it: Keycloak's admin console in Debian's
 * Chromium, a file chosen with the file picker, a dry run, then the import, in a realm of its own. The
 * manager is a master-realm account holding the realm's management roles, not a full administrator.
 * A failed test leaves the page's HTML and a screenshot in target/console-browser/.
 */
@ExtendWith(IsoloirServer.Extension.class)
class VoterImportConsoleBrowserIT {

    private static final String PAGE = VoterImportPage.PROVIDER_ID;
    private static final List<String> MANAGER_ROLES =
            List.of("manage-realm", "view-realm", "manage-users", "view-users");

    private final IsoloirServer server;
    private final KeycloakAdmin admin;
    private String realm;
    private String managerId;
    private ChromeDriver driver;
    private AdminConsole console;

    VoterImportConsoleBrowserIT(IsoloirServer server) {
        this.server = server;
        this.admin = server.admin();
    }

    @BeforeEach
    void managerLoggedInToTheConsoleOfAnElectionOfItsOwn() {
        realm = "console-" + UUID.randomUUID().toString().substring(0, 8);
        admin.post("/admin/realms", Map.of("realm", realm, "enabled", true, "duplicateEmailsAllowed", true))
                .expect(201);
        JsonNode profile = admin.get("/admin/realms/" + IsoloirServer.REALM + "/users/profile")
                .expect(200)
                .json();
        admin.put("/admin/realms/" + realm + "/users/profile", profile).expect(200);

        String username = "manager-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "Mot de passe du responsable " + UUID.randomUUID();
        managerId = admin.post(
                        "/admin/realms/master/users",
                        Map.of(
                                "username",
                                username,
                                "enabled",
                                true,
                                "firstName",
                                "Responsable",
                                "lastName",
                                "Élections",
                                "email",
                                username + "@isoloir.test",
                                "emailVerified",
                                true,
                                "credentials",
                                List.of(Map.of("type", "password", "value", password, "temporary", false))))
                .createdId();
        String clientId = admin.get("/admin/realms/master/clients?clientId=" + realm + "-realm")
                .expect(200)
                .json()
                .get(0)
                .get("id")
                .asText();
        List<JsonNode> roles = new ArrayList<>();
        for (String role : MANAGER_ROLES) {
            roles.add(admin.get("/admin/realms/master/clients/" + clientId + "/roles/" + role)
                    .expect(200)
                    .json());
        }
        admin.post("/admin/realms/master/users/" + managerId + "/role-mappings/clients/" + clientId, roles)
                .expect(204);

        driver = Chromium.start();
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
        console = AdminConsole.logIn(driver, server.baseUri(), realm, username, password);
    }

    @AfterEach
    void cleanUp() {
        if (driver != null) {
            driver.quit();
        }
        admin.delete("/admin/realms/master/users/" + managerId).expect(204);
        admin.delete("/admin/realms/" + realm).expect(204);
    }

    @Test
    void aDryRunShowsThePlanWithoutChangingAnythingThenTheImportCreatesEveryVoter() throws Exception {
        Path file = csvFile(VoterFiles.text(12, 77));
        recordingFailures("dry-run-then-import", () -> {
            assertThat(console.openNewItem(PAGE)
                            .chooseFile(VoterImportPage.FILE, file)
                            .save())
                    .containsIgnoringCase("saved");
            console.openPage(PAGE).awaitText("12 voters: 12 to create");
            assertThat(console.text()).contains("checked (dry run)");
            assertThat(userCount()).as("a dry run changes nothing").isZero();

            assertThat(console.openNewItem(PAGE)
                            .chooseFile(VoterImportPage.FILE, file)
                            .setSwitch(VoterImportPage.DRY_RUN, false)
                            .save())
                    .containsIgnoringCase("saved");
            Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
            while (!console.openPage(PAGE).text().contains("done: 12 created")
                    && Instant.now().isBefore(deadline)) {
                Thread.sleep(1000); // the list shows the import's progress when reloaded
            }
            assertThat(console.text()).contains("done: 12 created, 0 updated, 0 removed, 0 skipped");
            assertThat(userCount()).isEqualTo(12);
        });
    }

    @Test
    void aFileWithProblemsIsRefusedWithTheProblemsByLineAndImportsNothing() throws Exception {
        Path file = csvFile(VoterFiles.HEADER + "\nA1;Roux;Sam;sam.example.org;;;;;;Employés;\n");
        recordingFailures("file-with-problems", () -> {
            String alert = console.openNewItem(PAGE)
                    .chooseFile(VoterImportPage.FILE, file)
                    .setSwitch(VoterImportPage.DRY_RUN, false)
                    .save();
            assertThat(alert).contains("nothing imported").contains("line 2, Courriel: Not a valid email address.");
            assertThat(userCount()).isZero();
        });
    }

    private int userCount() {
        return Integer.parseInt(admin.get("/admin/realms/" + realm + "/users/count")
                .expect(200)
                .body()
                .strip());
    }

    private static Path csvFile(String csv) throws Exception {
        Path file = Files.createTempFile("voters-", ".csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        file.toFile().deleteOnExit();
        return file;
    }

    interface Steps {
        void run() throws Exception;
    }

    private void recordingFailures(String name, Steps steps) throws Exception {
        try {
            steps.run();
        } catch (Exception | AssertionError e) {
            console.keepForTheRecord(Path.of("target", "console-browser"), name);
            throw e;
        }
    }
}
