package fr.isoloir.demo.site;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tiny demo voting site: the OpenID Connect relying party of the Isoloir demo and of the end-to-end tests.
 *
 * <p>It is clearly a demo, not a voting application: a home page with a "Se connecter" button, the login through
 * Isoloir (Keycloak) with the authorization code flow and PKCE (S256) as a public client, and a personal space
 * ("espace personnel") that shows the claims of the ID token once Nimbus oauth2-oidc-sdk checked it (signature
 * against the realm's JWKS, iss, aud, azp, exp, nonce): electoral college, acr, employee number, never the
 * voter's login identifier nor name. Everything (pending logins,
 * sessions) lives in small bounded in-memory maps; the site listens on 127.0.0.1 only, over plain HTTP.
 *
 * <p>Routes: {@code GET /}, {@code /site.css}, {@code /login}, {@code /callback}, {@code /espace}, {@code /logout};
 * {@code POST /backchannel-logout} (OIDC Back-Channel Logout: the provider ends the site's sessions).
 * The demo launcher and the end-to-end tests start it with {@link #start(Settings)}.
 */
public final class DemoVotingSite implements AutoCloseable {

    /**
     * How to start the demo voting site.
     *
     * @param issuer   the OpenID provider's issuer, e.g. {@code http://localhost:8080/realms/vote}; its discovery
     *                 document is read from {@code {issuer}/.well-known/openid-configuration}
     * @param clientId the site's client id at the provider (a public client: no secret), e.g. {@code voting-site}
     * @param port     the port to listen on, on 127.0.0.1; 0 for any free port
     * @param uiLocale the {@code ui_locales} sent to the provider, e.g. {@code fr}
     * @param bindAddress the address to listen on: 127.0.0.1 (demo, tests) or 0.0.0.0 (in a container)
     * @param freshLogin  whether each login asks the provider for the voter's steps again ({@code prompt=login})
     *                    rather than accepting the provider's SSO session: on a shared terminal (a kiosk at
     *                    the workplace) the next person must not be logged in as the previous voter. On by default
     */
    public record Settings(
            URI issuer, String clientId, int port, String uiLocale, String bindAddress, boolean freshLogin) {

        public static final String DEFAULT_CLIENT_ID = "voting-site";
        public static final String DEFAULT_UI_LOCALE = "fr";
        public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";

        public Settings {
            Objects.requireNonNull(issuer, "issuer");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(uiLocale, "uiLocale");
            Objects.requireNonNull(bindAddress, "bindAddress");
            if (!issuer.isAbsolute() || issuer.getHost() == null) {
                throw new IllegalArgumentException("the issuer must be an absolute URL: " + issuer);
            }
            if (clientId.isBlank()) {
                throw new IllegalArgumentException("the client id must not be blank");
            }
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("not a port: " + port);
            }
        }

        public Settings(URI issuer, String clientId, int port, String uiLocale) {
            this(issuer, clientId, port, uiLocale, DEFAULT_BIND_ADDRESS);
        }

        public Settings(URI issuer, String clientId, int port, String uiLocale, String bindAddress) {
            this(issuer, clientId, port, uiLocale, bindAddress, true);
        }

        /** Client id {@code voting-site}, any free port, French user interface, on 127.0.0.1, fresh logins. */
        public static Settings forIssuer(URI issuer) {
            return new Settings(issuer, DEFAULT_CLIENT_ID, 0, DEFAULT_UI_LOCALE);
        }

        public Settings withPort(int port) {
            return new Settings(issuer, clientId, port, uiLocale, bindAddress, freshLogin);
        }

        public Settings withBindAddress(String bindAddress) {
            return new Settings(issuer, clientId, port, uiLocale, bindAddress, freshLogin);
        }

        public Settings withFreshLogin(boolean freshLogin) {
            return new Settings(issuer, clientId, port, uiLocale, bindAddress, freshLogin);
        }
    }

    static final String LOGIN_COOKIE = "demo_site_login";
    static final String SESSION_COOKIE = "demo_site_session";

    private static final System.Logger LOG = System.getLogger(DemoVotingSite.class.getName());
    private static final Duration LOGIN_TIME_LIMIT = Duration.ofMinutes(10);
    private static final Duration SESSION_DURATION = Duration.ofHours(1);
    private static final int MAX_PENDING_LOGINS = 1_000;
    private static final int MAX_SESSIONS = 1_000;
    /**
     * What the site asks for: {@code isoloir-voter-ref} adds the employee number (for the signing sheet) to the
     * claims of the default scopes (electoral college, acr, auth_time). See docs/voting-site.md.
     */
    static final String SCOPE = "openid isoloir-voter-ref";

    /** What /login remembers until /callback: the nonce and the PKCE code verifier, keyed by state. */
    private record PendingLogin(String nonce, String codeVerifier) {}

    private final Settings settings;
    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final OpenIdProvider provider;
    private final URI baseUri;
    private final ExpiringMap<PendingLogin> pendingLogins;
    private final ExpiringMap<IdToken> sessions;
    private final SecureRandom random = new SecureRandom();

    private DemoVotingSite(Settings settings, HttpServer server, ThreadPoolExecutor executor) {
        this.settings = settings;
        this.server = server;
        this.executor = executor;
        this.provider = new OpenIdProvider(settings.issuer(), settings.clientId());
        this.baseUri = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        this.pendingLogins = new ExpiringMap<>(LOGIN_TIME_LIMIT, MAX_PENDING_LOGINS, Clock.systemUTC());
        this.sessions = new ExpiringMap<>(SESSION_DURATION, MAX_SESSIONS, Clock.systemUTC());
    }

    /**
     * The site alone, as the Docker stack runs it (docker/Dockerfile, stage "voting-site"): settings from
     * the environment: ISSUER (required, e.g. http://localhost:8080/realms/vote), PORT (8081),
     * BIND_ADDRESS (127.0.0.1; 0.0.0.0 in a container), CLIENT_ID (voting-site), FRESH_LOGIN (true; false lets
     * the provider's SSO session log the voter in without the steps).
     */
    public static void main(String[] args) throws InterruptedException {
        String issuer = System.getenv("ISSUER");
        if (issuer == null || issuer.isBlank()) {
            System.err.println("Set ISSUER to the realm's address, e.g. http://localhost:8080/realms/vote");
            System.exit(2);
        }
        Settings settings = new Settings(
                URI.create(issuer),
                env("CLIENT_ID", Settings.DEFAULT_CLIENT_ID),
                Integer.parseInt(env("PORT", "8081")),
                Settings.DEFAULT_UI_LOCALE,
                env("BIND_ADDRESS", Settings.DEFAULT_BIND_ADDRESS),
                !"false".equalsIgnoreCase(env("FRESH_LOGIN", "true")));
        DemoVotingSite site = start(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(site::close, "demo-site-stop"));
        Thread.currentThread().join();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /**
     * Starts the site on its bind address (127.0.0.1 unless told). The provider is contacted only at the first login.
     *
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static DemoVotingSite start(Settings settings) {
        Objects.requireNonNull(settings, "settings");
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(settings.bindAddress(), settings.port()), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + settings.bindAddress() + ":" + settings.port(), e);
        }
        AtomicInteger threads = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(
                4,
                4,
                30,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(64),
                runnable -> {
                    Thread thread = new Thread(runnable, "demo-voting-site-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                },
                new ThreadPoolExecutor.CallerRunsPolicy());
        executor.allowCoreThreadTimeOut(true);
        server.setExecutor(executor);
        DemoVotingSite site = new DemoVotingSite(settings, server, executor);
        server.createContext("/", site::handle);
        server.start();
        LOG.log(
                System.Logger.Level.INFO,
                "Demo voting site on {0} (issuer {1}, client {2})",
                site.baseUri,
                settings.issuer(),
                settings.clientId());
        return site;
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public URI baseUri() {
        return baseUri;
    }

    @Override
    public void close() {
        server.stop(1);
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private URI redirectUri() {
        return URI.create(baseUri + "/callback");
    }

    // ---------------------------------------------------------------------------------------------- routing

    private void handle(HttpExchange exchange) {
        try {
            securityHeaders(exchange);
            if ("/backchannel-logout".equals(exchange.getRequestURI().getPath())
                    && "POST".equals(exchange.getRequestMethod())) {
                backchannelLogout(exchange);
                return;
            }
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                sendPage(exchange, 405, "Méthode non autorisée", "<p>Ce site n’accepte que des requêtes GET.</p>");
                return;
            }
            switch (exchange.getRequestURI().getPath()) {
                case "/" -> home(exchange);
                case "/site.css" -> {
                    exchange.getResponseHeaders().set("Cache-Control", "max-age=300");
                    send(exchange, 200, "text/css; charset=utf-8", Html.STYLE_SHEET);
                }
                case "/login" -> login(exchange);
                case "/callback" -> callback(exchange);
                case "/espace" -> personalSpace(exchange);
                case "/logout" -> logout(exchange);
                default ->
                    sendPage(
                            exchange,
                            404,
                            "Page introuvable",
                            "<p>Cette page n’existe pas.</p><p><a href=\"/\">Retour à l’accueil</a></p>");
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "Demo voting site: response not sent", e);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Demo voting site: unexpected error", e);
            if (exchange.getResponseCode() == -1) {
                try {
                    sendPage(
                            exchange,
                            500,
                            "Erreur interne",
                            "<p>Une erreur inattendue s’est produite.</p><p><a href=\"/\">Retour à l’accueil</a></p>");
                } catch (IOException | RuntimeException ignored) {
                    // the client is gone
                }
            }
        } finally {
            exchange.close();
        }
    }

    // ----------------------------------------------------------------------------------------------- routes

    private void home(HttpExchange exchange) throws IOException {
        IdToken session = session(exchange);
        StringBuilder body = new StringBuilder("""
                <p>Ce site de démonstration joue le rôle d’un site de vote : il confie la connexion des électeurs \
                à Isoloir (Keycloak), par OpenID Connect.</p>
                <p><a class="button" href="/login">Se connecter</a></p>
                """);
        if (session != null) {
            body.append("<p>Vous êtes connecté : <strong>")
                    .append(Html.escape(displayName(session)))
                    .append("</strong>.</p>\n")
                    .append("<p><a href=\"/espace\">Accéder à votre espace personnel</a> · ")
                    .append("<a href=\"/logout\">Se déconnecter</a></p>\n");
        }
        sendPage(exchange, 200, Html.SITE_NAME, Html.SITE_NAME, body.toString());
    }

    private void login(HttpExchange exchange) throws IOException {
        OpenIdProvider.Endpoints endpoints;
        try {
            endpoints = provider.endpoints();
        } catch (LoginFailure failure) {
            sendFailure(exchange, 502, failure);
            return;
        }
        String state = randomToken();
        String nonce = randomToken();
        String codeVerifier = randomToken();
        pendingLogins.put(state, new PendingLogin(nonce, codeVerifier));

        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", settings.clientId());
        query.put("redirect_uri", redirectUri().toString());
        query.put("scope", SCOPE);
        query.put("state", state);
        query.put("nonce", nonce);
        query.put("code_challenge", codeChallenge(codeVerifier));
        query.put("code_challenge_method", "S256");
        query.put("ui_locales", settings.uiLocale());
        if (settings.freshLogin()) {
            // A shared terminal: whoever clicks "Se connecter" goes through the steps, even if the browser
            // still holds the previous voter's session at the provider.
            query.put("prompt", "login");
        }
        // The cookie binds this browser to the state: a callback arriving in another browser is refused.
        setCookie(exchange, LOGIN_COOKIE, state, LOGIN_TIME_LIMIT);
        redirect(
                exchange,
                OpenIdProvider.withQuery(endpoints.authorization(), query).toString());
    }

    private void callback(HttpExchange exchange) throws IOException {
        String browserState = cookies(exchange).get(LOGIN_COOKIE);
        clearCookie(exchange, LOGIN_COOKIE);
        IdToken idToken;
        try {
            idToken = completeLogin(query(exchange), browserState);
        } catch (LoginFailure failure) {
            sendFailure(exchange, 400, failure);
            return;
        }
        String sessionId = randomToken();
        sessions.put(sessionId, idToken);
        setCookie(exchange, SESSION_COOKIE, sessionId, SESSION_DURATION);
        redirect(exchange, "/espace");
    }

    private IdToken completeLogin(Map<String, String> query, String browserState) throws LoginFailure {
        String state = query.get("state");
        boolean sameBrowser = state != null
                && browserState != null
                && MessageDigest.isEqual(
                        state.getBytes(StandardCharsets.UTF_8), browserState.getBytes(StandardCharsets.UTF_8));
        if (query.containsKey("error")) {
            if (sameBrowser) {
                pendingLogins.take(state); // this login is over
            }
            String description = query.get("error_description");
            throw new LoginFailure("Le fournisseur d’identité n’a pas accordé la connexion (« "
                    + shorten(query.get("error")) + " »" + (description == null ? "" : " : " + shorten(description))
                    + ").");
        }
        if (state == null || state.isEmpty()) {
            throw new LoginFailure("La réponse du fournisseur d’identité ne contient pas de paramètre state.");
        }
        if (!sameBrowser) {
            throw new LoginFailure("Cette réponse de connexion ne correspond pas à une connexion demandée depuis ce "
                    + "navigateur (state). Veuillez recommencer.");
        }
        PendingLogin pending = pendingLogins.take(state); // one use only
        if (pending == null) {
            throw new LoginFailure(
                    "Cette demande de connexion a expiré ou a déjà été utilisée (state). " + "Veuillez recommencer.");
        }
        String code = query.get("code");
        if (code == null || code.isEmpty()) {
            throw new LoginFailure("La réponse du fournisseur d’identité ne contient pas de code d’autorisation.");
        }
        return provider.verify(
                provider.exchangeCode(code, redirectUri(), pending.codeVerifier())
                        .serialize(),
                pending.nonce());
    }

    /**
     * What the callback does with the ID token it receives, for the tests: the token's claims once every check
     * passed (signature against the realm's JWKS, iss, aud, azp, exp, nonce).
     *
     * @throws IllegalArgumentException saying in French why the token is refused
     */
    public Map<String, Object> checkIdToken(String idToken, String nonce) {
        try {
            return provider.verify(idToken, nonce).claims();
        } catch (LoginFailure failure) {
            throw new IllegalArgumentException(failure.getMessage());
        }
    }

    /**
     * OIDC Back-Channel Logout: the provider posts a signed logout token when the voter's session there ends
     * (logout from another site, an administrator ending it); the site's sessions of that provider session end too.
     */
    private void backchannelLogout(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readNBytes(16_384), StandardCharsets.UTF_8);
        String logoutToken = null;
        for (String pair : body.split("&")) {
            if (pair.startsWith("logout_token=")) {
                logoutToken = URLDecoder.decode(pair.substring("logout_token=".length()), StandardCharsets.UTF_8);
            }
        }
        try {
            var claims = provider.verifyLogoutToken(logoutToken);
            String sid =
                    claims.getSessionID() == null ? null : claims.getSessionID().getValue();
            String sub =
                    claims.getSubject() == null ? null : claims.getSubject().getValue();
            sessions.removeIf(
                    token -> sid != null ? sid.equals(token.sessionId()) : sub != null && sub.equals(token.subject()));
            send(exchange, 200, "text/plain; charset=utf-8", "");
        } catch (LoginFailure | RuntimeException refused) {
            send(exchange, 400, "application/json", "{\"error\":\"invalid_request\"}");
        }
    }

    private void personalSpace(HttpExchange exchange) throws IOException {
        IdToken session = session(exchange);
        if (session == null) {
            redirect(exchange, "/");
            return;
        }
        // The login identifier, the name and the contacts never reach the site: the realm does not put them in tokens.
        StringBuilder body = new StringBuilder();
        body.append("<p>Vous êtes à présent sur votre espace personnel.</p>\n")
                .append("<p>Collège électoral : <strong id=\"college\">")
                .append(Html.escape(orUnknown(session.claim("electoral_college"))))
                .append("</strong></p>\n")
                .append("<p>Matricule (liste d’émargement) : <strong id=\"employee-number\">")
                .append(Html.escape(orUnknown(session.claim("employee_number"))))
                .append("</strong></p>\n")
                .append("<p>Mode de connexion : <span id=\"acr\">")
                .append(Html.escape(howLoggedIn(session.claim("acr"))))
                .append("</span></p>\n")
                .append("<p>Identifiant technique (sub) : <code id=\"sub\">")
                .append(Html.escape(session.subject()))
                .append("</code></p>\n")
                .append("<h2>Jeton d’identité vérifié</h2>\n")
                .append("<dl id=\"claims\">\n");
        claim(body, "iss", session.issuer());
        claim(body, "aud", String.join(" ", session.audience()));
        claim(body, "sub", session.subject());
        session.claims().forEach((name, value) -> {
            if (!List.of("iss", "aud", "sub").contains(name)) {
                claim(body, name, String.valueOf(value));
            }
        });
        body.append("</dl>\n").append("<p><a href=\"/\">Accueil</a> · <a href=\"/logout\">Se déconnecter</a></p>\n");
        sendPage(exchange, 200, "Espace personnel", body.toString());
    }

    private static String orUnknown(String value) {
        return value == null ? "(non communiqué)" : value;
    }

    /** The realm's acr values (docs/voting-site.md), in words. */
    static String howLoggedIn(String acr) {
        return switch (acr == null ? "" : acr) {
            case "isoloir-code-passphrase" -> "code reçu par email ou SMS et phrase de passe";
            case "isoloir-letter-passphrase" -> "code du courrier et phrase de passe";
            case "isoloir-passphrase" -> "phrase de passe";
            default -> "inconnu (" + (acr == null ? "pas d’acr" : acr) + ")";
        };
    }

    private void logout(HttpExchange exchange) throws IOException {
        IdToken session = sessions.take(cookies(exchange).get(SESSION_COOKIE));
        clearCookie(exchange, SESSION_COOKIE);
        URI endSession;
        try {
            endSession = provider.endpoints().endSession();
        } catch (LoginFailure failure) {
            endSession = null; // logged out locally; nothing more we can do
        }
        if (endSession == null) {
            redirect(exchange, "/");
            return;
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put("post_logout_redirect_uri", baseUri + "/");
        query.put("client_id", settings.clientId());
        if (session != null) {
            query.put("id_token_hint", session.raw());
        }
        query.put("ui_locales", settings.uiLocale());
        redirect(exchange, OpenIdProvider.withQuery(endSession, query).toString());
    }

    // ------------------------------------------------------------------------------------------- helpers

    private IdToken session(HttpExchange exchange) {
        return sessions.get(cookies(exchange).get(SESSION_COOKIE));
    }

    private static String displayName(IdToken token) {
        String college = token.claim("electoral_college");
        return college == null ? token.subject() : "électeur du collège « " + college + " »";
    }

    private static void claim(StringBuilder body, String name, String value) {
        body.append("<dt>")
                .append(Html.escape(name))
                .append("</dt><dd>")
                .append(Html.escape(value))
                .append("</dd>\n");
    }

    private static String shorten(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    /** 32 random bytes, base64url without padding (43 characters). */
    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** RFC 7636: BASE64URL(SHA256(ASCII(code_verifier))). */
    static String codeChallenge(String codeVerifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(codeVerifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The query parameters; a repeated or malformed parameter is refused (RFC 6749 section 3.1). */
    private static Map<String, String> query(HttpExchange exchange) throws LoginFailure {
        Map<String, String> parameters = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return parameters;
        }
        try {
            for (String pair : raw.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                if (parameters.putIfAbsent(name, value) != null) {
                    throw new LoginFailure(
                            "La réponse du fournisseur d’identité répète le paramètre « " + name + " ».");
                }
            }
        } catch (IllegalArgumentException e) {
            throw new LoginFailure("La réponse du fournisseur d’identité est mal formée.");
        }
        return parameters;
    }

    /**
     * The request's cookies. A quoted value is unquoted (RFC 6265 allows it, and {@link java.net.CookieManager}
     * sends {@code name="value";$Path="/"} for cookies with a Max-Age).
     */
    private static Map<String, String> cookies(HttpExchange exchange) {
        Map<String, String> cookies = new HashMap<>();
        for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String cookie : header.split("[;,]")) {
                int equals = cookie.indexOf('=');
                if (equals > 0) {
                    String value = cookie.substring(equals + 1).trim();
                    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                        value = value.substring(1, value.length() - 1);
                    }
                    cookies.putIfAbsent(cookie.substring(0, equals).trim(), value);
                }
            }
        }
        return cookies;
    }

    /** HttpOnly, SameSite=Lax (the callback is a top-level navigation from the provider), Path=/. Not Secure:
     * the demo runs over plain HTTP on 127.0.0.1. */
    private static void setCookie(HttpExchange exchange, String name, String value, Duration maxAge) {
        exchange.getResponseHeaders()
                .add(
                        "Set-Cookie",
                        name + "=" + value + "; Max-Age=" + maxAge.toSeconds() + "; Path=/; HttpOnly; SameSite=Lax");
    }

    private static void clearCookie(HttpExchange exchange, String name) {
        setCookie(exchange, name, "", Duration.ZERO);
    }

    private static void securityHeaders(HttpExchange exchange) {
        var headers = exchange.getResponseHeaders();
        headers.set(
                "Content-Security-Policy",
                "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Cache-Control", "no-store");
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(302, -1);
    }

    private void sendFailure(HttpExchange exchange, int status, LoginFailure failure) throws IOException {
        sendPage(
                exchange,
                status,
                "Connexion refusée",
                "<p class=\"error\" id=\"reason\">"
                        + Html.escape(failure.getMessage()) + "</p>\n<p><a href=\"/\">Retour à l’accueil</a> · "
                        + "<a href=\"/login\">Recommencer la connexion</a></p>\n");
    }

    private static void sendPage(HttpExchange exchange, int status, String heading, String body) throws IOException {
        sendPage(exchange, status, heading + " — " + Html.SITE_NAME, heading, body);
    }

    private static void sendPage(HttpExchange exchange, int status, String title, String heading, String body)
            throws IOException {
        send(exchange, status, "text/html; charset=utf-8", Html.page(title, heading, body));
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
