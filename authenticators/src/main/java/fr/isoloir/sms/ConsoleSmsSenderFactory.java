package fr.isoloir.sms;

import fr.isoloir.DevelopmentChannel;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.common.util.Environment;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The development SMS provider: prints each SMS to the server log instead of sending it. Chosen with
 * {@code --spi-sms-sender--provider=console} ({@code start-dev}, the demo).
 *
 * <p>Production servers ({@code kc.sh start}) refuse to start with it, unless
 * {@code --spi-sms-sender--console--allow-in-production=true}: one-time codes in a production log would
 * let anyone who reads the logs vote in someone else's name.
 *
 * <p>The check runs in {@link #postInit} and only when this provider is the selected one: with no
 * {@code --spi-sms-sender--provider} option Keycloak initialises every factory of the SPI, so refusing in
 * {@code init} would stop production servers that use the default {@code twilio} provider.
 */
public final class ConsoleSmsSenderFactory implements SmsSenderFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "console";
    static final String ALLOW_IN_PRODUCTION = DevelopmentChannel.ALLOW_IN_PRODUCTION;

    private static final Logger LOG = Logger.getLogger(ConsoleSmsSenderFactory.class);

    private final BooleanSupplier devMode;

    // Assigned once in init().
    private DevelopmentChannel channel;
    private ConsoleSmsSender sender;

    public ConsoleSmsSenderFactory() {
        this(Environment::isDevMode);
    }

    /** For tests: decides dev mode without touching the {@code kc.profile} system property. */
    ConsoleSmsSenderFactory(BooleanSupplier devMode) {
        this.devMode = devMode;
    }

    @Override
    public void init(Config.Scope scope) {
        channel = DevelopmentChannel.read(
                scope,
                devMode,
                "SMS sender",
                SmsSenderSpi.NAME,
                PROVIDER_ID,
                "In production configure the Twilio provider: --spi-" + SmsSenderSpi.NAME + "--provider="
                        + TwilioSmsSenderFactory.PROVIDER_ID + " and its --spi-" + SmsSenderSpi.NAME + "--"
                        + TwilioSmsSenderFactory.PROVIDER_ID + "--* options.");
        sender = new ConsoleSmsSender();
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        if (factory.getProviderFactory(SmsSender.class) != this) {
            return; // loaded but not selected: it will not print anything
        }
        channel.requireAllowed();
        channel.warnNotDelivered(LOG, "SMS");
    }

    @Override
    public SmsSender create(KeycloakSession session) {
        // Only refuses when this provider is asked for by id on a production server.
        channel.requireAllowed();
        return sender;
    }

    @Override
    public void close() {
        // Nothing to release.
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    // order() stays at the default 0 so that it never becomes the default provider: see TwilioSmsSenderFactory#order().

    @Override
    public Map<String, String> getOperationalInfo() {
        return channel.operationalInfo();
    }
}
