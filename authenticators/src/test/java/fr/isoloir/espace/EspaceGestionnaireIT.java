package fr.isoloir.espace;

import com.fasterxml.jackson.databind.JsonNode;
import fr.isoloir.keycloakrunner.KeycloakAdmin;
import fr.isoloir.testsupport.IsoloirServer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Espace gestionnaire as the server serves it, without a browser: the page in French or English
 * with its headers, and the sign-in client the extension made in the master realm by itself.
 */
@ExtendWith(IsoloirServer.Extension.class)
class EspaceGestionnaireIT {

    private final IsoloirServer server;
    private final KeycloakAdmin admin;
    private final HttpClient http = HttpClient.newHttpClient();

    EspaceGestionnaireIT(IsoloirServer server) {
        this.server = server;
        this.admin = server.admin();
    }

    private HttpResponse<String> get(String path, String acceptLanguage, String cookie)
            throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(server.baseUri().resolve(path)).GET();
        if (acceptLanguage != null) {
            request.header("Accept-Language", acceptLanguage);
        }
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Nested
    class ThePage {

        static final String PAGE = "/realms/" + IsoloirServer.REALM + "/isoloir-gestion/";

        @Test
        void isFrenchByDefaultWithAStrictContentSecurityPolicy() throws Exception {
            HttpResponse<String> page = get(PAGE, "de-DE,de;q=0.9", null);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body())
                    .contains("<html lang=\"fr\"")
                    .contains("<h1 id=\"page-title\">Tableau de bord de l&#39;élection</h1>")
                    .contains("data-client-id=\"isoloir-gestion\"")
                    .contains("data-auth-realm=\"master\"");
            String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
            assertThat(csp)
                    .contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline")
                    .doesNotContain("unsafe-eval");
            assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
            assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
        }

        @Test
        void followsAnEnglishBrowserAndTheSwitchWhichItRemembers() throws Exception {
            assertThat(get(PAGE, "en-GB,en;q=0.9", null).body())
                    .contains("<html lang=\"en\"")
                    .contains("<h1 id=\"page-title\">Election dashboard</h1>");
            HttpResponse<String> switched = get(PAGE + "?lang=en", "fr-FR,fr", null);
            assertThat(switched.body()).contains("<html lang=\"en\"");
            String cookie = switched.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(cookie).startsWith("isoloir_gestion_lang=en").contains("HttpOnly");
            assertThat(get(PAGE, "fr-FR,fr", cookie.split(";")[0]).body()).contains("<html lang=\"en\"");
        }

        @Test
        void withoutTheTrailingSlashLeadsToTheRegisteredAddress() throws Exception {
            HttpResponse<String> answer = get(PAGE.substring(0, PAGE.length() - 1), null, null);
            assertThat(answer.statusCode()).isEqualTo(303);
            assertThat(URI.create(answer.headers().firstValue("Location").orElseThrow())
                            .getPath())
                    .isEqualTo(PAGE);
        }

        @Test
        void servesItsScriptStyleSheetAndMessagesAndNothingElse() throws Exception {
            assertThat(get(PAGE + "espace.js", null, null)
                            .headers()
                            .firstValue("Content-Type")
                            .orElse(""))
                    .startsWith("text/javascript");
            assertThat(get(PAGE + "espace.css", null, null)
                            .headers()
                            .firstValue("Content-Type")
                            .orElse(""))
                    .startsWith("text/css");
            assertThat(get(PAGE + "messages.json?lang=fr", null, null).body())
                    .contains("\"title\":\"Tableau de bord de l'élection\"");
            assertThat(get(PAGE + "index.html", null, null).statusCode()).isEqualTo(404);
            assertThat(get(PAGE + "messages_fr.properties", null, null).statusCode())
                    .isEqualTo(404);
        }
    }

    @Nested
    class TheSignInClient {

        JsonNode client() {
            return admin.get("/admin/realms/master/clients?clientId=isoloir-gestion")
                    .expect(200)
                    .json()
                    .get(0);
        }

        @Test
        void isAPublicClientOfMasterWithPkceAndOnlyTheAuthorizationCodeFlow() {
            JsonNode client = client();
            assertThat(client.get("publicClient").asBoolean()).isTrue();
            assertThat(client.get("standardFlowEnabled").asBoolean()).isTrue();
            assertThat(client.get("implicitFlowEnabled").asBoolean()).isFalse();
            assertThat(client.get("directAccessGrantsEnabled").asBoolean()).isFalse();
            assertThat(client.path("attributes")
                            .path("pkce.code.challenge.method")
                            .asText())
                    .isEqualTo("S256");
            assertThat(client.get("rootUrl").asText()).isEqualTo("${authBaseUrl}");
            assertThat(redirectUris(client))
                    .contains("/realms/" + IsoloirServer.REALM + "/isoloir-gestion/")
                    .allMatch(uri -> uri.matches("/realms/[^/*]+/isoloir-gestion/"));
        }

        @Test
        void gainsTheAddressOfANewElectionAtItsFirstVisitAndLosesItWithTheElection() throws Exception {
            String realm = "gestion-" + UUID.randomUUID().toString().substring(0, 8);
            admin.post("/admin/realms", Map.of("realm", realm, "enabled", true)).expect(201);
            try {
                assertThat(get("/realms/" + realm + "/isoloir-gestion/", null, null)
                                .statusCode())
                        .isEqualTo(200);
                assertThat(redirectUris(client())).contains("/realms/" + realm + "/isoloir-gestion/");
            } finally {
                admin.delete("/admin/realms/" + realm).expect(204);
            }
            assertThat(redirectUris(client())).doesNotContain("/realms/" + realm + "/isoloir-gestion/");
        }

        private List<String> redirectUris(JsonNode client) {
            List<String> uris = new ArrayList<>();
            client.get("redirectUris").forEach(uri -> uris.add(uri.asText()));
            return uris;
        }
    }
}
