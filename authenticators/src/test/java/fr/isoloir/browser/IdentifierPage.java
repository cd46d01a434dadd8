package fr.isoloir.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/** Step 1: the identifier. */
public final class IdentifierPage extends VoterPage {

    public static final String FIELD = "isoloir-identifier";

    public IdentifierPage(ChromeDriver driver) {
        super(driver, "#isoloir-identifier-form");
    }

    /** Opens the voting site, which sends the voter here. */
    public static IdentifierPage openVotingSite(ChromeDriver driver, String votingSite) {
        driver.get(votingSite + "/login");
        return new IdentifierPage(driver);
    }

    public IdentifierPage typeWrongIdentifier(String typed) {
        submit("isoloir-identifier-form", FIELD, typed);
        return new IdentifierPage(driver);
    }

    public CodePage typeIdentifier(String typed) {
        submit("isoloir-identifier-form", FIELD, typed);
        return new CodePage(driver);
    }

    /** The "Identifiant oublié ou perdu" link. */
    public LostIdentifierPage forgotTheIdentifier() {
        clickAndWait(By.id("isoloir-lost-identifier"));
        return new LostIdentifierPage(driver);
    }

    /** Keyboard only: Tab to the skip link, Enter, Tab to the field, type, Enter. */
    public CodePage typeIdentifierWithTheKeyboard(String typed) {
        tabTo("isoloir-skip");
        pressEnter();
        tabTo(FIELD);
        type(typed);
        submitWithEnter();
        return new CodePage(driver);
    }
}
