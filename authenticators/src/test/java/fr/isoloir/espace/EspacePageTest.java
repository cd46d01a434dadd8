package fr.isoloir.espace;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.models.RealmModel;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class EspacePageTest {

    /** A realm with only a name, a display name and attributes: what the page reads of it. */
    static RealmModel realm(String name, String displayName, Map<String, String> attributes) {
        return (RealmModel) Proxy.newProxyInstance(
                RealmModel.class.getClassLoader(),
                new Class<?>[] {RealmModel.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getName" -> name;
                    case "getDisplayName" -> displayName;
                    case "getAttributes" -> attributes;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Nested
    class Bundles {
        @Test
        void frenchAndEnglishHaveTheSameKeys() {
            assertThat(EspacePage.bundle("en").keySet())
                    .isEqualTo(EspacePage.bundle("fr").keySet());
        }

        @Test
        void everyKeyThePageAndTheScriptUseIsInTheBundles() throws IOException {
            Set<String> used = new TreeSet<>();
            Matcher page = Pattern.compile("\\{\\{([\\w.]+)}}").matcher(EspacePage.resource("index.html"));
            while (page.find()) {
                used.add(page.group(1));
            }
            Matcher script = Pattern.compile("text\\('([\\w.]+)'\\s*[,)]").matcher(EspacePage.resource("espace.js"));
            while (script.find()) {
                used.add(script.group(1));
            }
            used.removeAll(Set.of(
                    "lang",
                    "realm",
                    "authRealm",
                    "clientId",
                    "base",
                    "electionName",
                    "consoleUrl",
                    "currentFr",
                    "currentEn"));
            assertThat(used).isNotEmpty();
            assertThat(EspacePage.bundle("fr").keySet()).containsAll(used);
        }

        @Test
        void everyAdviceTheDashboardGivesIsTranslated() throws IOException {
            // The keys NextSteps hands out, read from its source as written.
            String source = java.nio.file.Files.readString(java.nio.file.Path.of(
                    System.getProperty("basedir", "."), "src/main/java/fr/isoloir/dashboard/NextSteps.java"));
            Matcher advice = Pattern.compile("Advice\\.of\\(\"(\\w+)\"").matcher(source);
            Set<String> keys = new TreeSet<>();
            while (advice.find()) {
                keys.add(advice.group(1));
            }
            assertThat(keys).hasSize(11);
            assertThat(EspacePage.bundle("fr").keySet()).containsAll(keys);
        }
    }

    @Nested
    class Page {
        @Test
        void isInFrenchWithTheElectionsNameAndNoPlaceholderLeft() {
            String html = EspacePage.render(
                    "fr", realm("vote", "Vote", Map.of("isoloir.electionName", "CSE Exemple SA 2027")), "master");
            assertThat(html)
                    .contains("<html lang=\"fr\"")
                    .contains("<h1 id=\"page-title\">Tableau de bord de l&#39;élection</h1>")
                    .contains("CSE Exemple SA 2027")
                    .contains("data-base=\"/realms/vote/isoloir-gestion/\"")
                    .contains("data-auth-realm=\"master\"")
                    .contains("href=\"?lang=fr\" lang=\"fr\" hreflang=\"fr\" aria-current=\"true\"")
                    .doesNotContain("{{")
                    .doesNotContain("style=")
                    .doesNotContain("<script>");
        }

        @Test
        void inEnglishWhenAsked() {
            String html = EspacePage.render("en", realm("vote", null, Map.of()), "master");
            assertThat(html).contains("<html lang=\"en\"").contains("<h1 id=\"page-title\">Election dashboard</h1>");
        }

        @Test
        void escapesTheElectionsNameSetByAnAdministrator() {
            String html = EspacePage.render("fr", realm("vote", "<script>alert(1)</script>", Map.of()), "master");
            assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert");
        }
    }

    @Nested
    class Language {
        @Test
        void onlyFrenchAndEnglishAreSupported() {
            assertThat(EspaceResource.EspaceLanguage.supported(" EN ")).contains("en");
            assertThat(EspaceResource.EspaceLanguage.supported("de")).isEmpty();
            assertThat(EspaceResource.EspaceLanguage.supported(null)).isEmpty();
        }
    }
}
