package fr.isoloir.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The "Liste électorale" view of the Espace gestionnaire (#liste): choose the voter file, check it (dry run),
 * read the plan or the problems, import it, follow the import and pause, resume or cancel it. Reached from
 * {@link EspaceGestionnaire#openVoterList()}.
 */
public final class EspaceListeElectorale {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final ChromeDriver driver;
    private final WebDriverWait wait;

    EspaceListeElectorale(ChromeDriver driver) {
        this.driver = driver;
        this.wait = new WebDriverWait(driver, PATIENCE);
        wait.until(d -> shown("import-job") || shown("import-none") || shown("import-forbidden"));
    }

    private boolean shown(String id) {
        return driver.findElement(By.id(id)).isDisplayed();
    }

    public String h1() {
        return driver.findElement(By.tagName("h1")).getText();
    }

    /** The visible label of a form field, by the field's id. */
    public String labelOf(String fieldId) {
        return driver.findElement(By.cssSelector("label[for='" + fieldId + "']"))
                .getText();
    }

    /** The texts the file field points to with aria-describedby (its help, and its error when there is one). */
    public String descriptionOfTheFileField() {
        String ids = driver.findElement(By.id("import-file")).getDomAttribute("aria-describedby");
        StringBuilder description = new StringBuilder();
        for (String id : ids.split(" ")) {
            description.append(driver.findElement(By.id(id)).getText()).append('\n');
        }
        return description.toString();
    }

    public String buttonText(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    public boolean canPress(String buttonId) {
        return driver.findElement(By.id(buttonId)).isEnabled();
    }

    public EspaceListeElectorale choose(Path file) {
        driver.findElement(By.id("import-file")).sendKeys(file.toAbsolutePath().toString());
        return this;
    }

    /** Presses "Vérifier le fichier" and waits for the report (the plan or the problems) or a message. */
    public EspaceListeElectorale check() {
        String before = verdict();
        driver.findElement(By.id("import-check")).click();
        wait.until(d -> (shown("import-report") && !verdict().equals(before))
                || !d.findElement(By.id("import-message")).getText().isEmpty()
                || shown("import-file-error"));
        return this;
    }

    public String verdict() {
        return driver.findElement(By.id("import-verdict")).getText();
    }

    /** A figure of the plan: "create", "update", "absent", "unchanged". */
    public String plan(String figure) {
        return driver.findElement(By.cssSelector("[data-plan='" + figure + "']"))
                .getText();
    }

    public boolean showsThePlan() {
        return shown("import-plan");
    }

    /** The file's problems as shown, one "line | column | reason" per row. */
    public List<String> problems() {
        return driver.findElements(By.cssSelector("#import-problem-rows tr")).stream()
                .map(row -> String.join(
                        " | ",
                        row.findElements(By.cssSelector("th, td")).stream()
                                .map(WebElement::getText)
                                .toList()))
                .toList();
    }

    public String fileError() {
        return driver.findElement(By.id("import-file-error")).getText();
    }

    /** The id of the element that has the keyboard focus. */
    public String focused() {
        return driver.switchTo().activeElement().getDomAttribute("id");
    }

    /** Presses "Importer la liste" and waits until the page follows the import it started. */
    public EspaceListeElectorale startImport() {
        driver.findElement(By.id("import-start")).click();
        wait.until(d -> (shown("import-job")
                        && !d.findElement(By.id("import-live")).getText().isEmpty())
                || !d.findElement(By.id("import-message")).getText().isEmpty());
        return this;
    }

    /** Presses a button of the import (pause, resume, cancel) and waits for the page to show the server's answer. */
    public EspaceListeElectorale press(String buttonId) {
        String before = cell("import-state");
        driver.findElement(By.id(buttonId)).click();
        wait.until(d -> !cell("import-state").equals(before)
                || !d.findElement(By.id("import-message")).getText().isEmpty());
        return this;
    }

    /** Waits (the page refreshes itself every 2 seconds) until the import's state reads this. */
    public EspaceListeElectorale awaitState(String state) {
        wait.until(d -> state.equals(cell("import-state")));
        return this;
    }

    /** What the import's table shows in this cell ("import-state", "import-done", "import-by"...). */
    public String cell(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    /** A count of the import: "created", "updated", "removed", "skipped". */
    public String count(String name) {
        return driver.findElement(By.cssSelector("[data-import='" + name + "']"))
                .getText();
    }

    /** The live region's sentence (what a screen reader announces). */
    public String announced() {
        return driver.findElement(By.id("import-live")).getText();
    }

    public String message() {
        return driver.findElement(By.id("import-message")).getText();
    }

    public String text() {
        return driver.findElement(By.id("voterlist")).getText();
    }
}
