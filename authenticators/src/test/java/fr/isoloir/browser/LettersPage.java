package fr.isoloir.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Espace gestionnaire's page "Courriers postaux" (#courriers): what a production would do, the
 * button that starts one, the confirmation before codes are replaced, the production's progress and the
 * download of the file for the printer.
 */
public final class LettersPage {

    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private final ChromeDriver driver;
    private final WebDriverWait wait;

    private LettersPage(ChromeDriver driver) {
        this.driver = driver;
        this.wait = (WebDriverWait) new WebDriverWait(driver, PATIENCE).ignoring(StaleElementReferenceException.class);
    }

    /** The page once it has told what a production would do. */
    static LettersPage shown(ChromeDriver driver) {
        LettersPage page = new LettersPage(driver);
        page.wait.until(d -> d.findElement(By.id("letters")).isDisplayed()
                && !d.findElement(By.id("letters-plan")).getText().isBlank());
        return page;
    }

    /** After a reload: the page signs in again (silently while the Keycloak session lasts) and comes back here. */
    public static LettersPage shownAfterSignIn(ChromeDriver driver) {
        new WebDriverWait(driver, PATIENCE)
                .ignoring(StaleElementReferenceException.class)
                .until(d -> d.getCurrentUrl().contains("/isoloir-gestion/")
                        && d.getCurrentUrl().endsWith("#courriers"));
        return shown(driver);
    }

    public String h1() {
        return driver.findElement(By.tagName("h1")).getText();
    }

    public String text() {
        return driver.findElement(By.id("letters")).getText();
    }

    /** "3 électeurs par courrier recevront un courrier." and what follows. */
    public String plan() {
        return driver.findElement(By.id("letters-plan")).getText();
    }

    public Optional<String> noPrinterKey() {
        WebElement problem = driver.findElement(By.id("letters-no-key"));
        return problem.isDisplayed() ? Optional.of(problem.getText()) : Optional.empty();
    }

    public String produceButton() {
        return driver.findElement(By.id("letters-start")).getText();
    }

    public boolean canProduce() {
        return driver.findElement(By.id("letters-start")).isEnabled();
    }

    /** Presses "Produire les courriers" and waits for the confirmation or for a production to show. */
    public LettersPage produce() {
        String before = state();
        driver.findElement(By.id("letters-start")).click();
        wait.until(d -> d.findElement(By.id("letters-confirm")).isDisplayed()
                || "en cours".equals(state())
                || (!state().equals(before) && !state().isEmpty())
                || !d.findElement(By.id("letters-message")).getText().isEmpty());
        return this;
    }

    /** The confirmation asked before codes are replaced, when shown. */
    public Optional<String> confirmation() {
        WebElement box = driver.findElement(By.id("letters-confirm"));
        return box.isDisplayed() ? Optional.of(box.getText()) : Optional.empty();
    }

    /** Presses "Remplacer les codes et produire les courriers" and waits until the page shows the new production. */
    public LettersPage confirm() {
        String before = production();
        driver.findElement(By.id("letters-confirm-yes")).click();
        wait.until(d -> !production().equals(before));
        return this;
    }

    /** The id of the production shown (empty when none). */
    public String production() {
        String id = driver.findElement(By.id("letters-job")).getDomAttribute("data-id");
        return id == null ? "" : id;
    }

    public String state() {
        WebElement job = driver.findElement(By.id("letters-job"));
        return job.isDisplayed() ? driver.findElement(By.id("letters-state")).getText() : "";
    }

    public String cell(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    /** Waits (the page refreshes itself every 2 seconds) until the production ends with the file offered. */
    public LettersPage awaitFile() {
        wait.until(d -> d.findElement(By.id("letters-file")).isDisplayed());
        return this;
    }

    /** What the page says of the file: what it is and what to do with it. */
    public String fileAdvice() {
        return driver.findElement(By.id("letters-file")).getText();
    }

    /**
     * Presses "Télécharger le fichier pour l'imprimeur" with downloads going to {@code folder}, and waits
     * until the browser has written the whole file there.
     */
    public Path download(Path folder) {
        driver.executeCdpCommand(
                "Browser.setDownloadBehavior",
                Map.of(
                        "behavior",
                        "allow",
                        "downloadPath",
                        folder.toAbsolutePath().toString()));
        driver.findElement(By.id("letters-download")).click();
        Path file = folder.resolve("isoloir-courriers.zip");
        wait.until(d -> Files.isRegularFile(file) && noPartialDownload(folder));
        return file;
    }

    private static boolean noPartialDownload(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.noneMatch(f -> f.getFileName().toString().endsWith(".crdownload"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
