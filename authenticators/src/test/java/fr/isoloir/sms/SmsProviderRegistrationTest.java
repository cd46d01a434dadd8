package fr.isoloir.sms;

import fr.isoloir.email.ConsoleEmailSenderProviderFactory;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.email.EmailSenderProviderFactory;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;
import org.keycloak.services.DefaultKeycloakSessionFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A missing line in META-INF/services hides a provider silently: check each one Keycloak will read. */
class SmsProviderRegistrationTest {

    static List<String> servicesListed(Class<?> service) throws IOException {
        List<String> names = new ArrayList<>();
        for (URL file : Collections.list(SmsProviderRegistrationTest.class
                .getClassLoader()
                .getResources("META-INF/services/" + service.getName()))) {
            try (InputStream in = file.openStream()) {
                new String(in.readAllBytes(), StandardCharsets.UTF_8)
                        .lines()
                        .map(line -> line.replaceAll("#.*", "").trim())
                        .filter(line -> !line.isEmpty())
                        .forEach(names::add);
            }
        }
        return names;
    }

    static Object instantiate(String className) throws ReflectiveOperationException {
        return Class.forName(className).getDeclaredConstructor().newInstance();
    }

    @Nested
    class TheSmsSenderSpi {

        @Test
        void isRegisteredUnderItsName() throws Exception {
            assertThat(servicesListed(Spi.class)).contains(SmsSenderSpi.class.getName());

            Spi spi = (Spi) instantiate(SmsSenderSpi.class.getName());
            assertThat(spi.getName()).isEqualTo("sms-sender");
            assertThat(spi.isInternal()).isFalse();
            assertThat(spi.getProviderClass()).isEqualTo(SmsSender.class);
            assertThat(spi.getProviderFactoryClass()).isEqualTo(SmsSenderFactory.class);
        }

        @Test
        void hasTheTwilioAndConsoleProviders() throws Exception {
            List<String> factories = servicesListed(SmsSenderFactory.class);

            assertThat(factories)
                    .containsExactlyInAnyOrder(
                            TwilioSmsSenderFactory.class.getName(), ConsoleSmsSenderFactory.class.getName());
            assertThat(factories)
                    .map(name -> {
                        try {
                            return ((SmsSenderFactory) instantiate(name)).getId();
                        } catch (ReflectiveOperationException e) {
                            throw new AssertionError(e);
                        }
                    })
                    .containsExactlyInAnyOrder("twilio", "console");
        }
    }

    @Nested
    class WhenNoSmsProviderIsConfigured {

        @Test
        @SuppressWarnings("rawtypes") // resolveDefaultProvider takes a raw map
        void keycloakPicksTwilio() {
            // The rule Keycloak applies at start (DefaultKeycloakSessionFactory.checkProvider) and in the Quarkus
            // build step (KeycloakProcessor.checkProviders) when --spi-sms-sender--provider is not set.
            Map<String, ProviderFactory> factories = Map.of(
                    "twilio", new TwilioSmsSenderFactory(),
                    "console", new ConsoleSmsSenderFactory(() -> true));

            assertThat(DefaultKeycloakSessionFactory.resolveDefaultProvider(factories, new SmsSenderSpi()))
                    .isEqualTo("twilio");
        }
    }

    @Nested
    class TheConsoleEmailSender {

        @Test
        void isRegisteredAsAnEmailSender() throws Exception {
            assertThat(servicesListed(EmailSenderProviderFactory.class))
                    .contains(ConsoleEmailSenderProviderFactory.class.getName());
            assertThat(((EmailSenderProviderFactory) instantiate(ConsoleEmailSenderProviderFactory.class.getName()))
                            .getId())
                    .isEqualTo("isoloir-console");
        }
    }
}
