package fr.isoloir.browser;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
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

    // --- Paramètres de l'élection (#parametres)

    /** Follows the link to "Paramètres de l'élection" and waits for the form to hold the stored settings. */
    public EspaceGestionnaire openSettings() {
        driver.findElement(By.cssSelector("#sections a[data-view=settings]")).click();
        wait.until(d -> shown(d.findElement(By.id("settings-form")))
                && !d.findElement(By.id("settings-state")).getText().isEmpty());
        return this;
    }

    /** The visible label of a settings field ("electionName", "opensAt"...). */
    public String settingsLabel(String field) {
        return driver.findElement(By.cssSelector("label[for='settings-" + field + "']"))
                .getText();
    }

    public String settingsValue(String field) {
        return driver.findElement(By.id("settings-" + field)).getDomProperty("value");
    }

    public boolean canEditSettings() {
        return driver.findElement(By.id("settings-electionName")).isEnabled()
                && driver.findElement(By.id("settings-save")).isEnabled();
    }

    /** Types into a text field of the settings (replacing what it held). */
    public EspaceGestionnaire typeSetting(String field, String text) {
        WebElement input = driver.findElement(By.id("settings-" + field));
        input.clear();
        input.sendKeys(text);
        return this;
    }

    /**
     * Sets a date field as its date picker would ({@code 2027-03-12T09:00}): Chromium's datetime-local
     * field is typed segment by segment in the browser's own order, which a test cannot type reliably.
     */
    public EspaceGestionnaire setSettingDate(String field, String localDateTime) {
        driver.executeScript(
                "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
                driver.findElement(By.id("settings-" + field)),
                localDateTime);
        return this;
    }

    /** Presses "Enregistrer les paramètres" and waits for the answer's message. */
    public EspaceGestionnaire saveSettings() {
        driver.executeScript("document.getElementById('settings-message').textContent = '';");
        driver.findElement(By.id("settings-save")).click();
        wait.until(d -> !d.findElement(By.id("settings-message")).getText().isEmpty());
        return this;
    }

    public String settingsMessage() {
        return driver.findElement(By.id("settings-message")).getText();
    }

    /** The error shown under a settings field, or empty when it has none. */
    public String settingsError(String field) {
        WebElement error = driver.findElement(By.id("settings-" + field + "-error"));
        return error.isDisplayed() ? error.getText() : "";
    }

    public String ariaInvalid(String field) {
        return driver.findElement(By.id("settings-" + field)).getDomAttribute("aria-invalid");
    }

    /** The id of the element holding the keyboard focus. */
    public String focused() {
        return driver.switchTo().activeElement().getDomAttribute("id");
    }

    public String title() {
        return driver.getTitle();
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
