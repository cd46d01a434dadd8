package fr.isoloir.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/** Keycloak's own error page, in our frame. */
public final class ErrorPage extends VoterPage {

    public ErrorPage(ChromeDriver driver) {
        super(driver, "body.isoloir #isoloir-message[role=alert]");
    }

    /** An authorization request from a client the realm does not know: Keycloak answers with its error page. */
    public static ErrorPage openUnknownClient(ChromeDriver driver, String realmUri) {
        driver.get(realmUri + "/protocol/openid-connect/auth?client_id=no-such-site&response_type=code&scope=openid"
                + "&redirect_uri=http%3A%2F%2F127.0.0.1%2F");
        return new ErrorPage(driver);
    }

    public String message() {
        return driver.findElement(By.id("isoloir-message")).getText();
    }
}
