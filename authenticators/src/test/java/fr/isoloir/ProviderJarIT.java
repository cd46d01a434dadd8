package fr.isoloir;

import com.fasterxml.jackson.databind.JsonNode;
import fr.isoloir.testsupport.IsoloirServer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/** The one jar an operator installs: what it holds, what it leaves to Keycloak, and that Keycloak loads it. */
class ProviderJarIT {

    static final Path JAR = Path.of(System.getProperty("isoloir.provider.jar"));

    static List<String> entries() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            return jar.stream().map(e -> e.getName()).toList();
        }
    }

    @Nested
    class TheJar {

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "fr/isoloir/code/ConnectionCodeAuthenticator.class",
                    "theme/isoloir/login/template.ftl",
                    "theme/isoloir/login/messages/messages_fr.properties",
                    "theme/isoloir/email/html/isoloir-code.ftl",
                    "META-INF/keycloak-themes.json",
                    "com/twilio/Twilio.class",
                    "com/google/i18n/phonenumbers/PhoneNumberUtil.class",
                    "org/apache/hc/client5/http/classic/HttpClient.class",
                    "com/fasterxml/jackson/dataformat/xml/XmlMapper.class",
                    "org/bouncycastle/openpgp/PGPEncryptedDataGenerator.class"
                })
        void bundlesOurClassesThemesAndTheLibrariesKeycloakLacks(String entry) throws IOException {
            assertThat(entries()).contains(entry);
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "com/fasterxml/jackson/core/",
                    "com/fasterxml/jackson/databind/",
                    "com/fasterxml/jackson/annotation/",
                    "com/fasterxml/jackson/datatype/jsr310/",
                    "org/jboss/logging/",
                    "org/slf4j/",
                    "com/google/gson/",
                    "org/apache/commons/codec/",
                    "org/apache/commons/io/",
                    "org/keycloak/",
                    "jakarta/ws/rs/",
                    "jakarta/persistence/",
                    // Bouncy Castle's provider and utilities (bcprov, bcutil 1.84) are in Keycloak's lib/: only bcpg is
                    // ours.
                    "org/bouncycastle/crypto/",
                    "org/bouncycastle/jce/",
                    "org/bouncycastle/asn1/",
                    "org/bouncycastle/util/"
                })
        void leavesOutWhatKeycloakShips(String prefix) throws IOException {
            assertThat(entries()).noneMatch(name -> name.startsWith(prefix));
        }

        /**
         * The official Keycloak image has no fonts and no display: of everything the jar bundles, only the
         * captcha may draw (shapes, no text: HeadlessCaptchaTest), and nothing refers to Swing.
         */
        @Test
        void drawsOnlyInTheCaptchaAndNeverWithSwing() throws IOException {
            List<String> drawing = new java.util.ArrayList<>();
            try (JarFile jar = new JarFile(JAR.toFile())) {
                for (var entry :
                        jar.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
                    String constants = new String(
                            jar.getInputStream(entry).readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
                    if (constants.contains("java/awt/")
                            || constants.contains("javax/imageio/")
                            || constants.contains("javax/swing/")) {
                        drawing.add(entry.getName());
                    }
                }
            }
            assertThat(drawing)
                    .isNotEmpty()
                    .allMatch(name -> name.startsWith("fr/isoloir/captcha/CaptchaImage")
                            || name.startsWith("fr/isoloir/captcha/StrokeFont"));
        }

        @Test
        void carriesItsVersionInTheManifest() throws IOException {
            try (JarFile jar = new JarFile(JAR.toFile())) {
                assertThat(jar.getManifest().getMainAttributes().getValue("Implementation-Version"))
                        .isEqualTo(System.getProperty("isoloir.version"));
            }
        }
    }

    @Nested
    @ExtendWith(IsoloirServer.Extension.class)
    class InARealKeycloak {

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "authenticator/isoloir-identifier",
                    "authenticator/isoloir-connection-code",
                    "authenticator/isoloir-passphrase",
                    "authenticator/isoloir-lost-identifier",
                    "sms-sender/twilio",
                    "password-policy/isoloirPassphrase",
                    "credential/isoloir-postal-code",
                    "admin-realm-restapi-extension/isoloir",
                    "jpa-entity-provider/isoloir-jobs",
                    "authenticator/isoloir-election-window",
                    "authenticator/isoloir-previous-session",
                    "protocol-mapper/isoloir-acr-mapper"
                })
        void isLoadedAndReportsItsVersionInTheAdminConsole(String spiAndProvider, IsoloirServer server) {
            String[] parts = spiAndProvider.split("/");
            JsonNode provider = server.admin()
                    .get("/admin/serverinfo")
                    .expect(200)
                    .json()
                    .path("providers")
                    .path(parts[0])
                    .path("providers")
                    .path(parts[1]);
            assertThat(provider.isMissingNode()).as(spiAndProvider + " loaded").isFalse();
            assertThat(provider.path("operationalInfo").path("version").asText())
                    .isEqualTo(System.getProperty("isoloir.version"));
        }

        @Test
        void themesAreAvailable(IsoloirServer server) {
            JsonNode themes =
                    server.admin().get("/admin/serverinfo").expect(200).json().path("themes");
            assertThat(themes.path("login").findValuesAsText("name")).contains("isoloir");
            assertThat(themes.path("email").findValuesAsText("name")).contains("isoloir");
        }
    }
}
