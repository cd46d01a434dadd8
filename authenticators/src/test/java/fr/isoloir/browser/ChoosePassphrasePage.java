package fr.isoloir.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/** Step 3 at a first login: choosing the passphrase. */
public final class ChoosePassphrasePage extends VoterPage {

    public static final String FIELD = "isoloir-passphrase";
    public static final String CONFIRMATION = "isoloir-passphrase-confirm";

    public ChoosePassphrasePage(ChromeDriver driver) {
        super(driver, "#isoloir-passphrase-form #" + CONFIRMATION);
    }

    public String counter() {
        return driver.findElement(By.id("isoloir-passphrase-counter")).getText();
    }

    /** Types in the passphrase field only, to read the live counter. */
    public ChoosePassphrasePage startTyping(String text) {
        fill(FIELD, text);
        return this;
    }

    public ChoosePassphrasePage chooseRefused(String passphrase, String confirmation) {
        submit("isoloir-passphrase-form", FIELD, passphrase, CONFIRMATION, confirmation);
        return new ChoosePassphrasePage(driver);
    }

    public void choose(String passphrase) {
        submit("isoloir-passphrase-form", FIELD, passphrase, CONFIRMATION, passphrase);
    }

    /** Keyboard only: the show/hide button sits between the two fields; Tab passes it. */
    public void chooseWithTheKeyboard(String passphrase) {
        tabTo(FIELD);
        type(passphrase);
        tabTo(CONFIRMATION);
        type(passphrase);
        submitWithEnter();
    }

    public boolean showHideButtonsShown() {
        return driver.findElements(By.cssSelector(".isoloir-toggle[aria-controls]"))
                        .size()
                == 2;
    }

    /** The accessible name of the show/hide button of a field, and the field's type after a press. */
    public String showHide(String fieldId) {
        var button = driver.findElement(By.cssSelector(".isoloir-toggle[aria-controls='" + fieldId + "']"));
        button.click();
        return button.getDomAttribute("aria-label") + " / "
                + driver.findElement(By.id(fieldId)).getDomAttribute("type");
    }
}
