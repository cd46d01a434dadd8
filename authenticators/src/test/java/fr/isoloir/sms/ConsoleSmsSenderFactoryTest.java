package fr.isoloir.sms;

import fr.isoloir.ProviderVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSessionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class ConsoleSmsSenderFactoryTest {

    static final String TO = "+33612345678";
    static final String TEXT = "Isoloir : votre code de vote est 482916";

    CapturedLog log;

    @BeforeEach
    void captureLogs() {
        log = CapturedLog.of("fr.isoloir.sms");
    }

    @AfterEach
    void releaseLogs() {
        log.close();
    }

    static ConsoleSmsSenderFactory started(boolean devMode, MapConfigScope options) {
        ConsoleSmsSenderFactory factory = new ConsoleSmsSenderFactory(() -> devMode);
        factory.init(options);
        return factory;
    }

    /** A Keycloak whose selected (or default) sms-sender provider is {@code selected}. */
    static KeycloakSessionFactory keycloakSelecting(SmsSenderFactory selected) {
        KeycloakSessionFactory sessions = mock(KeycloakSessionFactory.class);
        when(sessions.getProviderFactory(SmsSender.class)).thenReturn(selected);
        return sessions;
    }

    @Nested
    class InDevMode {

        ConsoleSmsSenderFactory factory = started(true, MapConfigScope.of());

        @Test
        void printsOneMarkedBlockWithTheNumberAndTheText() throws SmsException {
            factory.postInit(keycloakSelecting(factory));

            factory.create(null).send(TO, TEXT);

            assertThat(log.infos())
                    .singleElement()
                    .satisfies(line -> assertThat(line.text())
                            .startsWith("[ISOLOIR DEV SMS] to=" + TO)
                            .contains(TEXT)
                            .endsWith("[ISOLOIR DEV SMS] end"));
        }

        @Test
        void warnsOnceAtStartThatSmsAreNotDelivered() {
            factory.postInit(keycloakSelecting(factory));

            assertThat(log.warnings())
                    .singleElement()
                    .satisfies(line -> assertThat(line.text())
                            .contains("NOT DELIVERED")
                            .contains("--spi-sms-sender--provider=twilio"));
        }

        @Test
        void staysQuietWhenAnotherProviderIsSelected() {
            factory.postInit(keycloakSelecting(new TwilioSmsSenderFactory()));

            assertThat(log.warnings()).isEmpty();
        }

        @Test
        void reportsItsVersionAndMode() {
            assertThat(factory.getOperationalInfo())
                    .containsEntry("version", ProviderVersion.get())
                    .containsEntry("dev-mode", "true")
                    .containsEntry("allow-in-production", "false");
        }

        @Test
        void neverBecomesTheDefaultProvider() {
            assertThat(factory.order())
                    .isLessThan(new TwilioSmsSenderFactory().order())
                    .isLessThanOrEqualTo(0);
        }
    }

    @Nested
    class InProductionMode {

        @Test
        void refusesToStartWhenSelected() {
            ConsoleSmsSenderFactory factory = started(false, MapConfigScope.of());

            assertThatThrownBy(() -> factory.postInit(keycloakSelecting(factory)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("--spi-sms-sender--provider=twilio")
                    .hasMessageContaining("--spi-sms-sender--console--allow-in-production=true");
        }

        @Test
        void refusesAnythingButTrueAsPermission() {
            ConsoleSmsSenderFactory factory = started(false, MapConfigScope.of("allow-in-production", "yes"));

            assertThatThrownBy(() -> factory.postInit(keycloakSelecting(factory)))
                    .isInstanceOf(IllegalStateException.class);
        }

        @Test
        void startsAndPrintsWhenExplicitlyAllowed() throws SmsException {
            ConsoleSmsSenderFactory factory = started(false, MapConfigScope.of("allow-in-production", "true"));

            factory.postInit(keycloakSelecting(factory));
            factory.create(null).send(TO, TEXT);

            assertThat(log.warnings()).hasSize(1);
            assertThat(log.infos())
                    .singleElement()
                    .satisfies(line -> assertThat(line.text()).contains(TEXT));
        }

        @Test
        void letsTheServerStartWhenAnotherProviderIsSelectedButNeverPrints() {
            // With no --spi-sms-sender--provider, Keycloak initialises every factory: twilio is the default.
            ConsoleSmsSenderFactory factory = started(false, MapConfigScope.of());

            assertThatCode(() -> factory.postInit(keycloakSelecting(new TwilioSmsSenderFactory())))
                    .doesNotThrowAnyException();
            assertThatThrownBy(() -> factory.create(null)).isInstanceOf(IllegalStateException.class);
            assertThat(log.all()).doesNotContain("482916");
        }

        @Test
        void isDetectedFromKeycloaksProfileProperty() {
            // The public constructor asks org.keycloak.common.util.Environment, which reads kc.profile first.
            String previous = System.getProperty("kc.profile");
            try {
                System.setProperty("kc.profile", "prod");
                ConsoleSmsSenderFactory factory = new ConsoleSmsSenderFactory();
                factory.init(MapConfigScope.of());

                assertThatThrownBy(() -> factory.postInit(keycloakSelecting(factory)))
                        .isInstanceOf(IllegalStateException.class);
            } finally {
                if (previous == null) {
                    System.clearProperty("kc.profile");
                } else {
                    System.setProperty("kc.profile", previous);
                }
            }
        }
    }
}
