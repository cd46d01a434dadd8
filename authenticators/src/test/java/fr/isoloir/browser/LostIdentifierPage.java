package fr.isoloir.browser;

import fr.isoloir.testsupport.VoterJourney;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/** "Identifiant oublié ou perdu": the email or mobile number, and the captcha. */
public final class LostIdentifierPage extends VoterPage {

    public static final String FORM = "isoloir-lost-form";
    public static final String CONTACT = "isoloir-contact";
    public static final String CAPTCHA = "isoloir-captcha";

    public LostIdentifierPage(ChromeDriver driver) {
        super(driver, "#" + FORM);
    }

    /** The captcha's text alternative, the question in words a screen reader reads after the field. */
    public String captchaQuestion() {
        return driver.findElement(By.id("isoloir-captcha-question")).getText();
    }

    /** A sum of two numbers from one to nine is never 99. */
    public LostIdentifierPage askWithAWrongCaptcha(String contact) {
        submit(FORM, CONTACT, contact, CAPTCHA, "99");
        return new LostIdentifierPage(driver);
    }

    /** Answers the captcha through its text alternative, as a screen-reader user does. */
    public LostIdentifierSentPage ask(String contact) {
        submit(FORM, CONTACT, contact, CAPTCHA, VoterJourney.captchaAnswer(captchaQuestion()));
        return new LostIdentifierSentPage(driver);
    }
}
