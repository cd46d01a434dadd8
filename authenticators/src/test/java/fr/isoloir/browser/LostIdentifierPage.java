package fr.isoloir.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** "Identifiant oublié ou perdu": the email or mobile number, the captcha and the automatic check. */
public final class LostIdentifierPage extends VoterPage {

    public static final String FORM = "isoloir-lost-form";
    public static final String CONTACT = "isoloir-contact";
    public static final String CAPTCHA = "isoloir-captcha";
    public static final String STATUS = "isoloir-pow-status";
    /** Far above the seconds the default difficulty takes here: a deadline, not a pause. */
    private static final Duration PROOF_DEADLINE = Duration.ofSeconds(60);

    public LostIdentifierPage(ChromeDriver driver) {
        super(driver, "#" + FORM);
    }

    /** The automatic check's status, as the live region says it. */
    public String automaticCheckStatus() {
        return driver.findElement(By.id(STATUS)).getText();
    }

    /**
     * Waits until the theme's script has solved the proof-of-work in this browser and says so; returns
     * the milliseconds the script measured, from its start to the proof.
     */
    public long waitForTheAutomaticCheck() {
        WebElement status = driver.findElement(By.id(STATUS));
        new WebDriverWait(driver, PROOF_DEADLINE)
                .until(d -> status.getDomAttribute("data-elapsed-ms") != null
                        || status.getText().contains("pas pu"));
        String elapsed = status.getDomAttribute("data-elapsed-ms");
        assertThat(elapsed)
                .as("the automatic check's status: %s", status.getText())
                .isNotNull();
        return Long.parseLong(elapsed);
    }

    /** Types characters that are never the image's (O and 0 are not in the alphabet). */
    public LostIdentifierPage askWithAWrongCaptcha(String contact) {
        submit(FORM, CONTACT, contact, CAPTCHA, "O0O0O");
        return new LostIdentifierPage(driver);
    }

    /**
     * Asks as a voter who cannot see the image: waits for the automatic check, leaves the captcha empty
     * and presses "Demander".
     */
    public LostIdentifierSentPage askAfterTheAutomaticCheck(String contact) {
        waitForTheAutomaticCheck();
        submit(FORM, CONTACT, contact);
        return new LostIdentifierSentPage(driver);
    }

    /** Presses "Nouvelle image": a new captcha and a new proof-of-work. */
    public LostIdentifierPage newImage() {
        clickAndWait(By.cssSelector("#" + FORM + " button[name=newCaptcha]"));
        return new LostIdentifierPage(driver);
    }

    /** Presses "Demander" at once, before the automatic check ends: the script holds the post until it does. */
    public LostIdentifierSentPage askAtOnce(String contact) {
        submit(FORM, CONTACT, contact);
        return new LostIdentifierSentPage(driver);
    }
}
