package fr.isoloir.browser;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Debian's headless Chromium driven by Debian's chromedriver: no download, no Selenium Manager.
 * Missing binaries fail the test with the command that installs them; browser tests never skip.
 * Paths can be set with -Disoloir.chromium=... and -Disoloir.chromedriver=....
 */
public final class Chromium {

    private static final String BROWSER = System.getProperty("isoloir.chromium", "/usr/bin/chromium");
    private static final String DRIVER = System.getProperty("isoloir.chromedriver", "/usr/bin/chromedriver");

    private Chromium() {}

    /** A fresh browser with its own profile, pages in French as a French voter's browser asks. */
    public static ChromeDriver start() {
        for (String binary : new String[] {BROWSER, DRIVER}) {
            if (!Files.isExecutable(Path.of(binary))) {
                throw new AssertionError(
                        "Browser tests need Debian's Chromium: " + binary + " is missing. Install it with "
                                + "`apt-get update && apt-get install -y chromium chromium-driver` (.ci/run does), or set "
                                + "-Disoloir.chromium and -Disoloir.chromedriver.");
            }
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("isoloir-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER);
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--lang=fr-FR",
                "--user-data-dir=" + profile);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "fr-FR,fr"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(DRIVER).toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }
}
