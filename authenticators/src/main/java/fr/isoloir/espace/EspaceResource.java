package fr.isoloir.espace;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import org.keycloak.headers.SecurityHeadersProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.util.Locale;
import java.util.Optional;

/**
 * {@code /realms/{realm}/isoloir-gestion/}: the Espace gestionnaire's page, its script, style sheet and
 * messages, from the provider jar. No data and no secret here: the page signs in and reads the figures
 * from the admin REST API with the manager's token. Every answer carries a CSP that allows this
 * server's own files and nothing inline, and the page may not be framed.
 */
final class EspaceResource {

    static final String LANGUAGE_COOKIE = "isoloir_gestion_lang";
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    private final KeycloakSession session;
    private final RealmModel realm;

    EspaceResource(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    /**
     * The page, in the language asked by the switch ({@code ?lang=}, remembered in a cookie for the
     * return from the login page), else the browser's, else French.
     */
    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response page(@QueryParam("lang") String asked) {
        String path = session.getContext().getUri().getPath();
        if (!path.endsWith("/")) {
            // The one address registered as the client's redirect URI ends with a slash.
            return Response.seeOther(session.getContext()
                            .getUri()
                            .getRequestUriBuilder()
                            .replacePath(path + "/")
                            .build())
                    .build();
        }
        // A realm created since start-up whose creation event did not reach us still gets its address.
        ManagerClient.addRealm(session, realm);
        Optional<String> switched = EspaceLanguage.supported(asked);
        String language = switched.orElseGet(
                () -> EspaceLanguage.of(cookie(), session.getContext().getRequestHeaders()));
        String html = EspacePage.render(
                language, realm, ManagerClient.adminRealm(session).getName());
        Response.ResponseBuilder answer = secured(Response.ok(html, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")));
        switched.ifPresent(lang -> answer.cookie(new NewCookie.Builder(LANGUAGE_COOKIE)
                .value(lang)
                .path(ManagerClient.redirectPath(realm.getName()))
                .maxAge(365 * 24 * 3600)
                .httpOnly(true)
                .sameSite(NewCookie.SameSite.LAX)
                .secure(session.getContext().getUri().getBaseUri().getScheme().equals("https"))
                .build()));
        return answer.build();
    }

    @GET
    @Path("messages.json")
    @Produces(MediaType.APPLICATION_JSON)
    public Response messages(@QueryParam("lang") String asked) {
        String language = EspaceLanguage.supported(asked).orElse(EspaceLanguage.DEFAULT);
        return secured(Response.ok(EspacePage.messages(language), MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8")))
                .build();
    }

    @GET
    @Path("espace.js")
    public Response script() {
        return file("espace.js", "text/javascript; charset=utf-8");
    }

    @GET
    @Path("espace.css")
    public Response styleSheet() {
        return file("espace.css", "text/css; charset=utf-8");
    }

    private Response file(String name, String type) {
        return secured(Response.ok(EspacePage.resource(name), type)).build();
    }

    private String cookie() {
        Cookie cookie = session.getContext().getRequestHeaders().getCookies().get(LANGUAGE_COOKIE);
        return cookie == null ? null : cookie.getValue();
    }

    /** Our headers, which Keycloak's realm-wide security headers (a looser CSP) would otherwise replace. */
    private Response.ResponseBuilder secured(Response.ResponseBuilder answer) {
        session.getProvider(SecurityHeadersProvider.class).options().skipHeaders();
        return answer.header("Content-Security-Policy", CSP)
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Robots-Tag", "none")
                .header("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
                .header("Cache-Control", "no-store");
    }

    /** French unless the manager chose or the browser prefers English. */
    static final class EspaceLanguage {

        static final String DEFAULT = "fr";

        private EspaceLanguage() {}

        static Optional<String> supported(String language) {
            return Optional.ofNullable(language)
                    .map(l -> l.trim().toLowerCase(Locale.ROOT))
                    .filter(l -> l.equals("fr") || l.equals("en"));
        }

        static String of(String cookie, HttpHeaders headers) {
            return supported(cookie)
                    .orElseGet(() -> headers.getAcceptableLanguages().stream()
                            .map(Locale::getLanguage)
                            .map(EspaceLanguage::supported)
                            .flatMap(Optional::stream)
                            .findFirst()
                            .orElse(DEFAULT));
        }
    }
}
