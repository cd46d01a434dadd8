package fr.isoloir.browser;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every voter page offers a test: the checks of the accessibility checklist that need a real
 * browser (axe-core, reflow at 320 px, font size, tap targets), keyboard moves, and screenshots.
 * A page object per page extends it with that page's actions.
 */
public abstract class VoterPage {

    public static final int PHONE_WIDTH = 360;
    public static final int SMALL_WIDTH = 320;
    public static final int DESKTOP_WIDTH = 1280;
    /** Where -Disoloir.screenshots asks the pages to be photographed; none when unset. */
    private static final String SCREENSHOTS = System.getProperty("isoloir.screenshots", "");
    /** Elements a voter taps: 44 × 44 CSS px at least (WCAG 2.5.5, the checklist). */
    private static final String TAP_TARGETS =
            "button, summary, input:not([type=hidden]), nav a, .isoloir-link a, a.isoloir-button";

    protected final ChromeDriver driver;

    protected VoterPage(ChromeDriver driver, String formOrMarker) {
        this.driver = driver;
        try {
            new WebDriverWait(driver, Duration.ofSeconds(10))
                    .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(formOrMarker)));
        } catch (TimeoutException e) {
            // Reported below, with the page the voter sees instead.
        }
        assertThat(driver.findElements(By.cssSelector(formOrMarker)))
                .as(
                        "%s on %s: %s",
                        formOrMarker,
                        driver.getCurrentUrl(),
                        driver.findElement(By.tagName("body")).getText())
                .isNotEmpty();
    }

    public static void viewport(ChromeDriver driver, int width, int height) {
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    }

    public String title() {
        return driver.getTitle();
    }

    public String h1() {
        return driver.findElement(By.tagName("h1")).getText();
    }

    /** The error bound to the field through aria-describedby, as a screen reader announces it. */
    public String fieldError(String inputId) {
        WebElement input = driver.findElement(By.id(inputId));
        assertThat(input.getDomAttribute("aria-invalid")).isEqualTo("true");
        for (String id : input.getDomAttribute("aria-describedby").trim().split("\\s+")) {
            WebElement described = driver.findElement(By.id(id));
            if (described.getDomAttribute("class").contains("isoloir-error")) {
                return described.getText();
            }
        }
        throw new AssertionError("No error bound to #" + inputId);
    }

    /**
     * After a refused submit: "Erreur" first in the title, the focus moved to the field in error, and
     * its error bound to it; returns that error.
     */
    public String errorOn(String inputId) {
        assertThat(title()).startsWith("Erreur");
        assertThat(focusedId()).as("focus moved to the field in error").isEqualTo(inputId);
        return fieldError(inputId);
    }

    public String focusedId() {
        return driver.switchTo().activeElement().getDomAttribute("id");
    }

    /** Presses Tab until the element has the focus (bounded), as a keyboard user does. */
    protected void tabTo(String id) {
        for (int i = 0; i < 25; i++) {
            if (id.equals(focusedId())) {
                return;
            }
            new Actions(driver).sendKeys(Keys.TAB).perform();
        }
        throw new AssertionError("Tab never reached #" + id + " on " + driver.getCurrentUrl());
    }

    protected void type(String text) {
        new Actions(driver).sendKeys(text).perform();
    }

    protected void pressEnter() {
        new Actions(driver).sendKeys(Keys.ENTER).perform();
    }

    /** Enter in a form field: submits it; waits until the browser has left this page. */
    protected void submitWithEnter() {
        WebElement page = driver.findElement(By.tagName("html"));
        pressEnter();
        awaitLeaving(page);
    }

    protected void fill(String id, String text) {
        WebElement input = driver.findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    /** Fills the fields (id to text, in order) and clicks the form's submit button. */
    protected void submit(String formId, String... idsAndTexts) {
        for (int i = 0; i < idsAndTexts.length; i += 2) {
            fill(idsAndTexts[i], idsAndTexts[i + 1]);
        }
        clickAndWait(By.cssSelector("#" + formId + " button[type=submit]"));
    }

    /** Clicks a link or button; waits until the browser has left this page. */
    protected void clickAndWait(By target) {
        WebElement page = driver.findElement(By.tagName("html"));
        driver.findElement(target).click();
        awaitLeaving(page);
    }

    /**
     * Waits until the browser has replaced the page whose root is {@code page}. Chromedriver says so with a
     * stale element, or, when asked while the next document is being attached, with "Node with given id
     * does not belong to the document" (seen failing a run): both mean the old page is gone.
     */
    private void awaitLeaving(WebElement page) {
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> {
            try {
                page.isEnabled();
                return false;
            } catch (StaleElementReferenceException gone) {
                return true;
            } catch (WebDriverException e) {
                if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                    return true;
                }
                throw e;
            }
        });
    }

    /**
     * Runs the browser checks on this page in this state, prints axe-core's full result, takes the
     * screenshots when asked, and returns the violations counted by impact.
     */
    public Map<String, Integer> check(String state) {
        Map<String, Integer> byImpact = axe(state);
        assertThat(byImpact.getOrDefault("serious", 0) + byImpact.getOrDefault("critical", 0))
                .as("serious or critical axe-core violations on %s: %s", state, byImpact)
                .isZero();
        Number fontSize = (Number) driver.executeScript("return parseFloat(getComputedStyle(document.body).fontSize)");
        assertThat(fontSize.doubleValue()).as("base font size on %s", state).isGreaterThanOrEqualTo(16);
        @SuppressWarnings("unchecked")
        List<String> small = (List<String>) driver.executeScript("""
                return Array.from(document.querySelectorAll(arguments[0]))
                  .filter(e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')
                  .map(e => [e, e.getBoundingClientRect()])
                  .filter(([e, r]) => r.width < 44 || r.height < 44)
                  .map(([e, r]) => e.outerHTML.slice(0, 80) + ' ' + Math.round(r.width) + 'x' + Math.round(r.height));
                """, TAP_TARGETS);
        assertThat(small).as("tap targets under 44 px on %s", state).isEmpty();
        viewport(driver, SMALL_WIDTH, 640);
        try {
            Boolean fits = (Boolean) driver.executeScript(
                    "return document.documentElement.scrollWidth <= document.documentElement.clientWidth");
            assertThat(fits).as("no horizontal scroll at 320 px on %s", state).isTrue();
        } finally {
            viewport(driver, PHONE_WIDTH, 740);
        }
        screenshots(state);
        return byImpact;
    }

    private Map<String, Integer> axe(String state) {
        Results results = new AxeBuilder().analyze(driver);
        assertThat(results.isErrored())
                .as("axe-core ran on %s: %s", state, results.getErrorMessage())
                .isFalse();
        Map<String, Integer> byImpact = new TreeMap<>();
        StringBuilder report = new StringBuilder("axe-core on ")
                .append(state)
                .append(" (")
                .append(driver.getCurrentUrl())
                .append("): ")
                .append(results.getViolations().size())
                .append(" violations, ")
                .append(results.getIncomplete().size())
                .append(" to review, ")
                .append(results.getPasses().size())
                .append(" rules passed\n");
        for (Rule rule : results.getViolations()) {
            byImpact.merge(String.valueOf(rule.getImpact()), rule.getNodes().size(), Integer::sum);
            report.append("  VIOLATION [")
                    .append(rule.getImpact())
                    .append("] ")
                    .append(rule.getId())
                    .append(": ")
                    .append(rule.getHelp())
                    .append(" (")
                    .append(rule.getHelpUrl())
                    .append(")\n");
            rule.getNodes()
                    .forEach(node -> report.append("    ")
                            .append(node.getTarget())
                            .append(" ")
                            .append(node.getHtml())
                            .append('\n'));
        }
        for (Rule rule : results.getIncomplete()) {
            report.append("  review [")
                    .append(rule.getImpact())
                    .append("] ")
                    .append(rule.getId())
                    .append(": ")
                    .append(rule.getHelp())
                    .append(" (")
                    .append(rule.getNodes().size())
                    .append(" nodes)\n");
        }
        System.out.println(report);
        return byImpact;
    }

    private void screenshots(String state) {
        if (SCREENSHOTS.isBlank()) {
            return;
        }
        try {
            Path directory = Files.createDirectories(Path.of(SCREENSHOTS));
            String name = state.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
            for (int width : new int[] {PHONE_WIDTH, DESKTOP_WIDTH}) {
                viewport(driver, width, 800);
                Number height = (Number) driver.executeScript("return document.documentElement.scrollHeight");
                viewport(driver, width, Math.max(height.intValue(), 400));
                Files.write(directory.resolve(name + "-" + width + ".png"), driver.getScreenshotAs(OutputType.BYTES));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            viewport(driver, PHONE_WIDTH, 740);
        }
    }
}
