package fr.isoloir.browser;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import fr.isoloir.keycloakrunner.KeycloakAdmin;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The Espace gestionnaire (/realms/{realm}/isoloir-gestion/) as an election manager uses it: opened in
 * the browser, it sends the manager to Keycloak's login page of the admin realm and back, then shows the
 * dashboard, or the refusal when the account has no rights on the election.
 */
public final class EspaceGestionnaire {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final ChromeDriver driver;
    private final WebDriverWait wait;

    private EspaceGestionnaire(ChromeDriver driver) {
        this.driver = driver;
        this.wait = new WebDriverWait(driver, PATIENCE);
    }

    /** Opens the space of this election and signs in on the login page it leads to. */
    public static EspaceGestionnaire signIn(
            ChromeDriver driver, URI keycloak, String realm, String username, String password) {
        EspaceGestionnaire space = new EspaceGestionnaire(driver);
        driver.get(keycloak.resolve("/realms/" + realm + "/isoloir-gestion/").toString());
        space.wait
                .until(ExpectedConditions.elementToBeClickable(By.id("username")))
                .sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("kc-login")).click();
        space.wait.until(d -> d.getCurrentUrl().contains("/isoloir-gestion/")
                && (shown(d.findElement(By.id("dashboard"))) || shown(d.findElement(By.id("refused")))));
        return space;
    }

    private static boolean shown(WebElement element) {
        return element.isDisplayed();
    }

    public boolean showsTheDashboard() {
        return shown(driver.findElement(By.id("dashboard")));
    }

    public String url() {
        return driver.getCurrentUrl();
    }

    public String language() {
        return driver.findElement(By.tagName("html")).getDomAttribute("lang");
    }

    public String h1() {
        return driver.findElement(By.tagName("h1")).getText();
    }

    public String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    /** The figure shown in the cell bound to this path of the dashboard's JSON ("voters.email"). */
    public String figure(String path) {
        return driver.findElement(By.cssSelector("[data-figure='" + path + "']"))
                .getText();
    }

    /** The headings of every table's rows and columns, as the manager reads them. */
    public List<String> tableHeaders() {
        return driver.findElements(By.cssSelector("#dashboard th")).stream()
                .map(WebElement::getText)
                .toList();
    }

    public List<String> advice() {
        return driver.findElements(By.cssSelector("#advice li")).stream()
                .map(WebElement::getText)
                .toList();
    }

    /** Follows the link to "Envoi des identifiants" and waits for the latest sending (or none) to show. */
    public EspaceGestionnaire openSending() {
        driver.findElement(By.cssSelector("#sections a[data-view=sending]")).click();
        wait.until(d -> shown(d.findElement(By.id("sending-job"))) || shown(d.findElement(By.id("sending-none"))));
        return this;
    }

    /** Follows the link to "Liste électorale" and waits for the latest import (or none) to show. */
    public EspaceListeElectorale openVoterList() {
        driver.findElement(By.cssSelector("#sections a[data-view=voterlist]")).click();
        return new EspaceListeElectorale(driver);
    }

    /** What the sending page shows in this cell ("sending-state", "sending-done", "sending-by"...). */
    public String sendingCell(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    public boolean canPress(String buttonId) {
        return driver.findElement(By.id(buttonId)).isEnabled();
    }

    /** Presses "Lancer l'envoi" and waits until the page shows a sending started by this account. */
    public EspaceGestionnaire startSending(String username) {
        driver.findElement(By.id("send-start")).click();
        wait.until(d -> username.equals(d.findElement(By.id("sending-by")).getText())
                || !d.findElement(By.id("sending-message")).getText().isEmpty());
        return this;
    }

    /** Waits (the page refreshes itself every few seconds) until the sending's state reads this. */
    public EspaceGestionnaire awaitSendingState(String state) {
        wait.until(d -> state.equals(d.findElement(By.id("sending-state")).getText()));
        return this;
    }

    /** Follows the link to "Courriers postaux" and waits until the page has told what a production would do. */
    public LettersPage openLetters() {
        driver.findElement(By.cssSelector("#sections a[data-view=letters]")).click();
        return LettersPage.shown(driver);
    }

    /**
     * A master-realm account holding this role of the election's management client (none when null), as an
     * election manager gets from the Keycloak administrator: {username, password, user id}.
     */
    public static String[] account(KeycloakAdmin admin, String realm, String role) {
        String username = "gestionnaire-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "Mot de passe du gestionnaire " + UUID.randomUUID();
        String id = admin.post(
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
        if (role != null) {
            String client = admin.get("/admin/realms/master/clients?clientId=" + realm + "-realm")
                    .expect(200)
                    .json()
                    .get(0)
                    .get("id")
                    .asText();
            var roleJson = admin.get("/admin/realms/master/clients/" + client + "/roles/" + role)
                    .expect(200)
                    .json();
            admin.post("/admin/realms/master/users/" + id + "/role-mappings/clients/" + client, List.of(roleJson))
                    .expect(204);
        }
        return new String[] {username, password, id};
    }

    public String refusal() {
        return driver.findElement(By.id("refused")).getText();
    }

    /** Serious and critical axe-core violations on the page as shown, described; empty when none. */
    public List<String> seriousAccessibilityProblems() {
        Results results = new AxeBuilder().analyze(driver);
        if (results.isErrored()) {
            throw new AssertionError("axe-core did not run: " + results.getErrorMessage());
        }
        return results.getViolations().stream()
                .filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
                .map(EspaceGestionnaire::describe)
                .toList();
    }

    private static String describe(Rule rule) {
        return rule.getId() + ": " + rule.getHelp() + " "
                + rule.getNodes().stream().map(n -> n.getTarget().toString()).toList();
    }

    /**
     * Photographs the whole page at 1280 and 360 px wide, as {@code <name>-1280.png} and {@code <name>-360.png}
     * in -Disoloir.screenshots (docs/screenshots for the guide), else in target/screenshots.
     */
    public void screenshots(String name) {
        Path directory = Path.of(System.getProperty("isoloir.screenshots", "target/screenshots"));
        try {
            Files.createDirectories(directory);
            for (int width : new int[] {VoterPage.DESKTOP_WIDTH, VoterPage.PHONE_WIDTH}) {
                VoterPage.viewport(driver, width, 800);
                Number height = (Number) driver.executeScript("return document.documentElement.scrollHeight");
                VoterPage.viewport(driver, width, Math.max(height.intValue(), 400));
                Files.write(directory.resolve(name + "-" + width + ".png"), driver.getScreenshotAs(OutputType.BYTES));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            VoterPage.viewport(driver, VoterPage.DESKTOP_WIDTH, 900);
        }
    }
}
