package fr.isoloir.benchmark;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Complete logins over HTTP, step by step: authorization request (PKCE S256), each form post in turn,
 * the redirect to the client with the code, and the token exchange. Each step's duration goes to a
 * {@link Samples}; a page other than the expected one fails the login with the step's name.
 */
final class Logins {

    static final String AUTHORIZE = "authorize";
    static final String IDENTIFIER = "identifier";
    static final String CODE_WAIT = "code delivery";
    static final String CODE = "code";
    static final String PASSPHRASE = "passphrase";
    static final String CHOOSE = "choose passphrase";
    static final String PASSWORD = "password";
    static final String USERNAME = "username";
    static final String OTP = "otp";
    static final String TOKEN = "token";
    static final String LOGIN = "whole login";

    static final String IDENTIFIER_FORM = "isoloir-identifier-form";
    static final String CODE_FORM = "isoloir-code-form";
    static final String PASSPHRASE_FORM = "isoloir-passphrase-form";
    static final String STOCK_FORM = "kc-form-login";
    static final String OTP_FORM = "kc-otp-login-form";
    private static final java.util.regex.Pattern SELECTED_CREDENTIAL =
            java.util.regex.Pattern.compile("name=\"selectedCredentialId\"[^>]*value=\"([^\"]*)\"");

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration CODE_TIMEOUT = Duration.ofSeconds(60);

    /** A failed login: which step, and what came back. */
    static final class Failure extends Exception {
        Failure(String step, String detail) {
            super(step + ": " + detail);
        }
    }

    /** One realm's client: where logins start and end. */
    record Client(URI realm, String clientId, String redirectUri) {
        URI authorization(Pkce pkce) {
            return URI.create(realm + "/protocol/openid-connect/auth?client_id=" + enc(clientId) + "&redirect_uri="
                    + enc(redirectUri) + "&response_type=code&scope=openid&state=" + Pkce.random(12)
                    + "&nonce=" + Pkce.random(12) + "&code_challenge=" + pkce.challenge()
                    + "&code_challenge_method=S256");
        }
    }

    /** A PKCE verifier and its S256 challenge. */
    record Pkce(String verifier, String challenge) {
        static Pkce create() {
            String verifier = random(32);
            try {
                byte[] digest =
                        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
                return new Pkce(
                        verifier, Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        static String random(int bytes) {
            byte[] value = new byte[bytes];
            RANDOM.nextBytes(value);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
        }
    }

    /** A login under way, between steps: the browser, the verifier and the page it is on. */
    static final class InProgress {
        final Browser browser;
        final Pkce pkce = Pkce.create();
        final Account account;
        Browser.Page page;

        InProgress(Browser browser, Account account) {
            this.browser = browser;
            this.account = account;
        }
    }

    private final HttpClient http;
    private final CodeSinks sinks;
    /** Each three-step user's last TOTP step used: Keycloak takes each code once. */
    private final Map<String, Long> lastOtpStep = new java.util.concurrent.ConcurrentHashMap<>();
    /** Three-step logins that waited for their user's next TOTP step (reported: it would lower the figure). */
    final java.util.concurrent.atomic.AtomicLong otpWaits = new java.util.concurrent.atomic.AtomicLong();

    Logins(HttpClient http, CodeSinks sinks) {
        this.http = http;
        this.sinks = sinks;
    }

    /** Identifier, code (read from the fake SMS or SMTP sink), passphrase, token. */
    void voter(Client client, Account account, Samples samples) throws Exception {
        long start = System.nanoTime();
        InProgress login = voterToPassphrase(client, account, samples);
        finishVoter(client, login, samples, PASSPHRASE, Map.of("passphrase", account.secret()));
        samples.add(LOGIN, System.nanoTime() - start);
    }

    /** First login: identifier, code, then choosing the passphrase (hashed with Argon2 by Keycloak). */
    void firstVoter(Client client, Account account, String passphrase, Samples samples) throws Exception {
        long start = System.nanoTime();
        InProgress login = voterToPassphrase(client, account, samples);
        finishVoter(client, login, samples, CHOOSE, Map.of("passphrase", passphrase, "passphrase-confirm", passphrase));
        samples.add(LOGIN, System.nanoTime() - start);
    }

    /** Keycloak's own username and password form, then the token. */
    void stock(Client client, Account account, Samples samples) throws Exception {
        long start = System.nanoTime();
        InProgress login = new InProgress(new Browser(http, client.redirectUri()), account);
        step(login, AUTHORIZE, samples, () -> login.browser.get(client.authorization(login.pkce)), STOCK_FORM);
        step(
                login,
                PASSWORD,
                samples,
                () -> login.browser.post(
                        action(login, STOCK_FORM),
                        Map.of("username", account.login(), "password", account.secret(), "credentialId", "")),
                null);
        token(client, login, samples);
        samples.add(LOGIN, System.nanoTime() - start);
    }

    /** Keycloak's three forms, each a page: username, password, then the TOTP code; then the token. */
    void threeStep(Client client, Account account, Samples samples) throws Exception {
        long start = System.nanoTime();
        InProgress login = new InProgress(new Browser(http, client.redirectUri()), account);
        step(login, AUTHORIZE, samples, () -> login.browser.get(client.authorization(login.pkce)), STOCK_FORM);
        step(
                login,
                USERNAME,
                samples,
                () -> login.browser.post(action(login, STOCK_FORM), Map.of("username", account.login())),
                STOCK_FORM);
        step(
                login,
                PASSWORD,
                samples,
                () -> login.browser.post(
                        action(login, STOCK_FORM), Map.of("password", account.secret(), "credentialId", "")),
                OTP_FORM);
        var selected = SELECTED_CREDENTIAL.matcher(login.page.body());
        String credentialId = selected.find() ? selected.group(1) : "";
        String code = nextOtp(account.login());
        step(
                login,
                OTP,
                samples,
                () -> login.browser.post(
                        action(login, OTP_FORM), Map.of("otp", code, "selectedCredentialId", credentialId)),
                null);
        token(client, login, samples);
        samples.add(LOGIN, System.nanoTime() - start);
    }

    /**
     * The code of the user's next unused TOTP step: the current one, or the next (Keycloak accepts one step
     * either side); when both are used, waits for the next step to begin.
     */
    private String nextOtp(String username) throws InterruptedException {
        int period = BenchServer.OTP_PERIOD;
        long now = Totp.step(System.currentTimeMillis(), period);
        long step = lastOtpStep.merge(username, now, (last, current) -> Math.max(current, last + 1));
        if (step > now + 1) {
            otpWaits.incrementAndGet();
            Thread.sleep(Math.max(0, (step - 1) * period * 1000L - System.currentTimeMillis()));
        }
        return Totp.code(BenchServer.otpSecret(username).getBytes(StandardCharsets.UTF_8), step, 6);
    }

    /** Up to the passphrase page: the sends happen on the way. */
    InProgress voterToPassphrase(Client client, Account account, Samples samples) throws Exception {
        InProgress login = new InProgress(new Browser(http, client.redirectUri()), account);
        step(login, AUTHORIZE, samples, () -> login.browser.get(client.authorization(login.pkce)), IDENTIFIER_FORM);
        sinks.forget(account);
        step(
                login,
                IDENTIFIER,
                samples,
                () -> login.browser.post(action(login, IDENTIFIER_FORM), Map.of("identifier", account.login())),
                CODE_FORM);
        long waitStart = System.nanoTime();
        String code = sinks.awaitCode(account, CODE_TIMEOUT);
        samples.add(CODE_WAIT, System.nanoTime() - waitStart);
        step(
                login,
                CODE,
                samples,
                () -> login.browser.post(action(login, CODE_FORM), Map.of("code", code)),
                PASSPHRASE_FORM);
        return login;
    }

    /** Authorization request and identifier post only: the code is sent, the login goes no further. */
    void voterIdentifierOnly(Client client, Account account, Samples samples) throws Exception {
        InProgress login = new InProgress(new Browser(http, client.redirectUri()), account);
        step(login, AUTHORIZE, samples, () -> login.browser.get(client.authorization(login.pkce)), IDENTIFIER_FORM);
        step(
                login,
                IDENTIFIER,
                samples,
                () -> login.browser.post(action(login, IDENTIFIER_FORM), Map.of("identifier", account.login())),
                CODE_FORM);
    }

    /** The passphrase post (checked or chosen) and the token exchange. */
    void finishVoter(Client client, InProgress login, Samples samples, String step, Map<String, String> form)
            throws Exception {
        step(login, step, samples, () -> login.browser.post(action(login, PASSPHRASE_FORM), form), null);
        token(client, login, samples);
    }

    private void token(Client client, InProgress login, Samples samples) throws Exception {
        URI redirect = login.page.location();
        if (redirect == null) {
            throw new Failure("redirect", "no redirect to the client: " + summary(login.page));
        }
        String code = query(redirect).get("code");
        if (code == null) {
            throw new Failure("redirect", "no code in " + redirect);
        }
        long start = System.nanoTime();
        Browser.Page answer = login.browser.post(
                URI.create(client.realm() + "/protocol/openid-connect/token"),
                Map.of(
                        "grant_type",
                        "authorization_code",
                        "code",
                        code,
                        "redirect_uri",
                        client.redirectUri(),
                        "client_id",
                        client.clientId(),
                        "code_verifier",
                        login.pkce.verifier()));
        samples.add(TOKEN, System.nanoTime() - start);
        if (answer.status() != 200 || !answer.body().contains("\"access_token\"")) {
            throw new Failure(TOKEN, "HTTP " + answer.status() + " " + abbreviate(answer.body()));
        }
    }

    private interface Request {
        Browser.Page send() throws Exception;
    }

    /** Sends, times, and checks the page has {@code expectedForm} (or, when null, is a redirect to the client). */
    private static void step(InProgress login, String name, Samples samples, Request request, String expectedForm)
            throws Exception {
        long start = System.nanoTime();
        Browser.Page page = request.send();
        long took = System.nanoTime() - start;
        login.page = page;
        boolean ok = expectedForm == null
                ? page.location() != null
                : page.status() == 200 && page.body().contains("id=\"" + expectedForm + "\"");
        if (!ok) {
            throw new Failure(
                    name,
                    "expected " + (expectedForm == null ? "the redirect to the client" : expectedForm) + ", got "
                            + summary(page));
        }
        samples.add(name, took);
    }

    private static URI action(InProgress login, String form) throws Failure {
        return Forms.action(login.page.body(), form, login.page.uri())
                .orElseThrow(() -> new Failure(form, "no form " + form + " on " + summary(login.page)));
    }

    private static String summary(Browser.Page page) {
        if (page.location() != null) {
            return "redirect to " + page.location();
        }
        var error = java.util.regex.Pattern.compile(
                        "class=\"[^\"]*(alert|error|isoloir-message)[^\"]*\"[^>]*>\\s*([^<]{0,160})")
                .matcher(page.body());
        return "HTTP " + page.status() + " " + page.uri().getPath()
                + (error.find() ? " «" + error.group(2).trim() + "»" : "");
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> values = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) {
            return values;
        }
        for (String pair : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            values.put(
                    java.net.URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length == 2 ? java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return values;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The steps of each flow, in order, for the report. */
    static List<String> voterSteps() {
        return List.of(AUTHORIZE, IDENTIFIER, CODE_WAIT, CODE, PASSPHRASE, TOKEN, LOGIN);
    }

    static List<String> firstLoginSteps() {
        return List.of(AUTHORIZE, IDENTIFIER, CODE_WAIT, CODE, CHOOSE, TOKEN, LOGIN);
    }

    static List<String> stockSteps() {
        return List.of(AUTHORIZE, PASSWORD, TOKEN, LOGIN);
    }

    static List<String> threeStepSteps() {
        return List.of(AUTHORIZE, USERNAME, PASSWORD, OTP, TOKEN, LOGIN);
    }
}
