package fr.isoloir.browser;

import org.openqa.selenium.chrome.ChromeDriver;

/** Step 3 at a later login: giving the passphrase. */
public final class PassphrasePage extends VoterPage {

    public static final String FIELD = "isoloir-passphrase";

    public PassphrasePage(ChromeDriver driver) {
        super(driver, "#isoloir-passphrase-form #" + FIELD + "[autocomplete=current-password]");
    }

    public void give(String passphrase) {
        submit("isoloir-passphrase-form", FIELD, passphrase);
    }
}
