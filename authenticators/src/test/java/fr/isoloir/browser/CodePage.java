package fr.isoloir.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/** Step 2: the connection code. */
public final class CodePage extends VoterPage {

    public static final String FIELD = "isoloir-code";

    public CodePage(ChromeDriver driver) {
        super(driver, "#isoloir-code-form");
    }

    public String validity() {
        return driver.findElement(By.id("isoloir-code-validity")).getText();
    }

    public CodePage typeWrongCode(String code) {
        submit("isoloir-code-form", FIELD, code);
        return new CodePage(driver);
    }

    public ChoosePassphrasePage typeCodeForAFirstLogin(String code) {
        submit("isoloir-code-form", FIELD, code);
        return new ChoosePassphrasePage(driver);
    }

    public PassphrasePage typeCode(String code) {
        submit("isoloir-code-form", FIELD, code);
        return new PassphrasePage(driver);
    }

    /** Keyboard only; after a wrong code the field already has the focus. */
    public CodePage typeWrongCodeWithTheKeyboard(String code) {
        tabTo(FIELD);
        type(code);
        submitWithEnter();
        return new CodePage(driver);
    }

    /** Keyboard only; the page comes back with an empty field. */
    public ChoosePassphrasePage typeCodeWithTheKeyboardForAFirstLogin(String code) {
        tabTo(FIELD);
        type(code);
        submitWithEnter();
        return new ChoosePassphrasePage(driver);
    }
}
