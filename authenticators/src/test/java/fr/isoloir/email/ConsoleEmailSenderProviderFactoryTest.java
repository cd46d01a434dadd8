package fr.isoloir.email;

import fr.isoloir.ProviderVersion;
import fr.isoloir.sms.CapturedLog;
import fr.isoloir.sms.MapConfigScope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailSenderProvider;
import org.keycloak.email.EmailSenderProviderFactory;
import org.keycloak.email.EmailSenderSpi;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.services.DefaultKeycloakSessionFactory;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class ConsoleEmailSenderProviderFactoryTest {

    static final String TO = "voter@example.org";
    static final String SUBJECT = "Votre code Isoloir";
    static final String TEXT = "Votre code de vote est 482916.";

    CapturedLog log;

    @BeforeEach
    void captureLogs() {
        log = CapturedLog.of("fr.isoloir.email");
    }

    @AfterEach
    void releaseLogs() {
        log.close();
    }

    static ConsoleEmailSenderProviderFactory started(boolean devMode, MapConfigScope options) {
        ConsoleEmailSenderProviderFactory factory = new ConsoleEmailSenderProviderFactory(() -> devMode);
        factory.init(options);
        return factory;
    }

    static KeycloakSessionFactory keycloakSelecting(EmailSenderProviderFactory selected) {
        KeycloakSessionFactory sessions = mock(KeycloakSessionFactory.class);
        when(sessions.getProviderFactory(EmailSenderProvider.class)).thenReturn(selected);
        return sessions;
    }

    static EmailSenderProviderFactory keycloaksSmtpSender() {
        EmailSenderProviderFactory smtp = mock(EmailSenderProviderFactory.class);
        when(smtp.getId()).thenReturn("default");
        return smtp;
    }

    @Nested
    class InDevMode {

        ConsoleEmailSenderProviderFactory factory = started(true, MapConfigScope.of());

        @Test
        void printsOneMarkedBlockWithRecipientSubjectAndText() throws EmailException {
            factory.postInit(keycloakSelecting(factory));

            factory.create(null).send(Map.of(), TO, SUBJECT, TEXT, "<p>" + TEXT + "</p>");

            assertThat(log.infos())
                    .singleElement()
                    .satisfies(line -> assertThat(line.text())
                            .startsWith("[ISOLOIR DEV EMAIL] to=" + TO)
                            .contains("Subject: " + SUBJECT)
                            .contains(TEXT)
                            .doesNotContain("<p>")
                            .endsWith("[ISOLOIR DEV EMAIL] end"));
        }

        @Test
        void saysSoWhenThereIsOnlyAnHtmlBody() throws EmailException {
            factory.create(null).send(Map.of(), TO, SUBJECT, null, "<p>hello</p>");

            assertThat(log.infos())
                    .singleElement()
                    .satisfies(line ->
                            assertThat(line.text()).contains("no text body; HTML body of 12 characters not shown"));
        }

        @Test
        void warnsOnceAtStartThatEmailsAreNotDelivered() {
            factory.postInit(keycloakSelecting(factory));

            assertThat(log.warnings())
                    .singleElement()
                    .satisfies(line -> assertThat(line.text()).contains("NOT DELIVERED"));
        }

        @Test
        void reportsItsVersion() {
            assertThat(factory.getOperationalInfo()).containsEntry("version", ProviderVersion.get());
        }
    }

    @Nested
    class InProductionMode {

        @Test
        void refusesToStartWhenSelected() {
            ConsoleEmailSenderProviderFactory factory = started(false, MapConfigScope.of());

            assertThatThrownBy(() -> factory.postInit(keycloakSelecting(factory)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("--spi-email-sender--isoloir-console--allow-in-production=true")
                    .hasMessageContaining("--spi-email-sender--provider=isoloir-console");
        }

        @Test
        void startsWhenExplicitlyAllowed() {
            ConsoleEmailSenderProviderFactory factory =
                    started(false, MapConfigScope.of("allow-in-production", "true"));

            assertThatCode(() -> factory.postInit(keycloakSelecting(factory))).doesNotThrowAnyException();
            assertThat(factory.create(null)).isNotNull();
        }

        @Test
        void letsTheServerStartWithKeycloaksSmtpSenderButNeverPrints() {
            ConsoleEmailSenderProviderFactory factory = started(false, MapConfigScope.of());

            assertThatCode(() -> factory.postInit(keycloakSelecting(keycloaksSmtpSender())))
                    .doesNotThrowAnyException();
            assertThatThrownBy(() -> factory.create(null)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Nested
    class WhenNoEmailProviderIsConfigured {

        @Test
        @SuppressWarnings("rawtypes") // resolveDefaultProvider takes a raw map
        void keycloakKeepsItsSmtpSenderAsTheDefault() {
            // The very rule Keycloak applies at start (and in the Quarkus build step) when
            // --spi-email-sender--provider is not set.
            Map<String, ProviderFactory> factories = Map.of(
                    "default",
                    keycloaksSmtpSender(),
                    ConsoleEmailSenderProviderFactory.PROVIDER_ID,
                    started(true, MapConfigScope.of()));

            assertThat(DefaultKeycloakSessionFactory.resolveDefaultProvider(factories, new EmailSenderSpi()))
                    .isEqualTo("default");
        }
    }
}
