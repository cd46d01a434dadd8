package fr.isoloir.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/** The lost-identifier confirmation: the same page whether or not the contact matched a voter. */
public final class LostIdentifierSentPage extends VoterPage {

    public LostIdentifierSentPage(ChromeDriver driver) {
        super(driver, "#isoloir-lost-sent");
    }

    public String intro() {
        return driver.findElement(By.id("isoloir-lost-sent")).getText();
    }
}
