package fr.isoloir.browser;

import org.openqa.selenium.chrome.ChromeDriver;

/** Keycloak's "page has expired" (Back button, second tab), in our frame, with two plain choices. */
public final class PageExpiredPage extends VoterPage {

    public PageExpiredPage(ChromeDriver driver) {
        super(driver, "body.isoloir #loginContinueLink");
    }

    /** The voter reopens the address of a step already passed (Back button, history, another tab). */
    public static PageExpiredPage reopen(ChromeDriver driver, String oldStepAddress) {
        driver.get(oldStepAddress);
        return new PageExpiredPage(driver);
    }

    public ChoosePassphrasePage continueTheLogin() {
        driver.findElement(org.openqa.selenium.By.id("loginContinueLink")).click();
        return new ChoosePassphrasePage(driver);
    }
}
