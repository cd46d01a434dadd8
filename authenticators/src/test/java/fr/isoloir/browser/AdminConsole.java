package fr.isoloir.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Keycloak's admin console as an election manager uses it: our pages ("Voter import", "Send
 * identifiers"...) are Declarative UI pages listed in the realm's menu, each item a form of fields.
 * Selectors are the console's own: ids and {@code data-testid}s of its dynamic components.
 */
public final class AdminConsole {

    /** The console is a single-page app that loads its bundles and the realm's data: it may take a while. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static final By ALERT = By.cssSelector(".pf-v6-c-alert, .pf-v5-c-alert");

    private final WebDriver driver;
    private final URI base;
    private final String realm;
    private final WebDriverWait wait;

    private AdminConsole(WebDriver driver, URI base, String realm) {
        this.driver = driver;
        this.base = base;
        this.realm = realm;
        this.wait = new WebDriverWait(driver, PATIENCE);
    }

    /** Opens the console on this realm and logs in on the master realm's login page. */
    public static AdminConsole logIn(WebDriver driver, URI keycloak, String realm, String username, String password) {
        AdminConsole console = new AdminConsole(driver, keycloak, realm);
        driver.get(keycloak.resolve("/admin/master/console/#/" + realm).toString());
        console.wait
                .until(ExpectedConditions.elementToBeClickable(By.id("username")))
                .sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("kc-login")).click();
        console.wait.until(d -> d.getCurrentUrl().contains("/console/")
                && !d.findElements(By.cssSelector("nav")).isEmpty());
        return console;
    }

    /** The list of a page's items. */
    public AdminConsole openPage(String page) {
        driver.get(pageUrl(page));
        wait.until(d -> d.findElement(By.tagName("body")).getText().contains(page));
        return this;
    }

    /** The form of a new item of a page. */
    public AdminConsole openNewItem(String page) {
        driver.get(pageUrl(page) + "/add");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=save]")));
        return this;
    }

    /** Types into a text field of the item's form. */
    public AdminConsole type(String field, String text) {
        WebElement input = wait.until(ExpectedConditions.elementToBeClickable(By.id(field)));
        input.clear();
        input.sendKeys(text);
        return this;
    }

    /** Chooses a file in a file field, as the manager does with "Browse...". */
    public AdminConsole chooseFile(String field, Path file) {
        WebElement input =
                driver.findElement(By.cssSelector("[id^='" + field + "'] input[type=file], input[type=file]"));
        input.sendKeys(file.toAbsolutePath().toString());
        // The console reads the file in the browser: its content then fills the field's text area.
        wait.until(d -> !d.findElement(By.cssSelector("textarea[id^='" + field + "'], #" + field + " textarea"))
                .getAttribute("value")
                .isEmpty());
        return this;
    }

    /** Sets an on/off switch (the visible label toggles it, as a click of the manager does). */
    public AdminConsole setSwitch(String field, boolean on) {
        WebElement input = driver.findElement(By.id(field));
        if (input.isSelected() != on) {
            driver.findElement(By.cssSelector("label[for='" + field + "']")).click();
        }
        wait.until(d -> d.findElement(By.id(field)).isSelected() == on);
        return this;
    }

    /** Saves the item and waits for the console's alert (saved, or the error); returns its text. */
    public String save() {
        int before = driver.findElements(ALERT).size();
        driver.findElement(By.cssSelector("[data-testid=save]")).click();
        wait.until(d -> d.findElements(ALERT).size() > before);
        List<WebElement> alerts = driver.findElements(ALERT);
        return alerts.get(alerts.size() - 1).getText();
    }

    /** Waits until the page shows this text (an alert, a field, a column of the list). */
    public AdminConsole awaitText(String text) {
        wait.until(d -> d.findElement(By.tagName("body")).getText().contains(text));
        return this;
    }

    public String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    /** What the manager sees, kept for a failed test's report. */
    public void keepForTheRecord(Path directory, String name) {
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve(name + ".html"), driver.getPageSource(), StandardCharsets.UTF_8);
            Files.write(directory.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String pageUrl(String page) {
        return base.resolve("/admin/master/console/").toString() + "#/" + realm + "/page-section/"
                + URLEncoder.encode(page, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
