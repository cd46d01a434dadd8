package fr.isoloir.email;

import fr.isoloir.DevelopmentChannel;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.common.util.Environment;
import org.keycloak.email.EmailSenderProvider;
import org.keycloak.email.EmailSenderProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Development email sender: prints emails to the server log. Chosen with
 * {@code --spi-email-sender--provider=isoloir-console}; Keycloak's own SMTP sender ({@code default}) stays the
 * default otherwise (see {@link #order()}).
 *
 * <p>Production servers refuse to start with it selected, unless
 * {@code --spi-email-sender--isoloir-console--allow-in-production=true}: emails carry codes and links that
 * must not land in a production log. As for the console SMS sender, the check runs in {@link #postInit} and
 * only when this provider is the selected one, since Keycloak initialises every factory of the SPI when none
 * is configured.
 *
 * <p>Keycloak marks the {@code emailSender} SPI internal, so it logs at start that this provider implements an
 * SPI that may change: expected.
 */
public final class ConsoleEmailSenderProviderFactory
        implements EmailSenderProviderFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "isoloir-console";
    static final String ALLOW_IN_PRODUCTION = DevelopmentChannel.ALLOW_IN_PRODUCTION;
    /** Keycloak's {@code EmailSenderSpi#getName()}, in its command-line form. */
    static final String SPI_OPTION_NAME = "email-sender";

    private static final Logger LOG = Logger.getLogger(ConsoleEmailSenderProviderFactory.class);

    private final BooleanSupplier devMode;

    // Assigned once in init().
    private DevelopmentChannel channel;
    private ConsoleEmailSenderProvider provider;

    public ConsoleEmailSenderProviderFactory() {
        this(Environment::isDevMode);
    }

    /** For tests: decides dev mode without touching the {@code kc.profile} system property. */
    ConsoleEmailSenderProviderFactory(BooleanSupplier devMode) {
        this.devMode = devMode;
    }

    @Override
    public void init(Config.Scope scope) {
        channel = DevelopmentChannel.read(
                scope,
                devMode,
                "email sender",
                SPI_OPTION_NAME,
                PROVIDER_ID,
                "In production remove --spi-" + SPI_OPTION_NAME + "--provider=" + PROVIDER_ID
                        + " so that Keycloak's SMTP sender ('default') is used with the realm's email settings.");
        provider = new ConsoleEmailSenderProvider();
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        if (factory.getProviderFactory(EmailSenderProvider.class) != this) {
            return; // loaded but not selected: Keycloak's SMTP sender does the work
        }
        channel.requireAllowed();
        channel.warnNotDelivered(LOG, "EMAILS");
    }

    @Override
    public EmailSenderProvider create(KeycloakSession session) {
        // Only refuses when this provider is asked for by id on a production server.
        channel.requireAllowed();
        return provider;
    }

    @Override
    public void close() {
        // Nothing to release.
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    /**
     * Must stay at or below 0. With no {@code --spi-email-sender--provider}, Keycloak
     * ({@code DefaultKeycloakSessionFactory.resolveDefaultProvider}) takes the factory with the highest
     * {@code order()} above 0, and only when there is none falls back to the factory whose id is {@code default}:
     * Keycloak's SMTP sender. A positive order here would silently replace real email delivery.
     */
    @Override
    public int order() {
        return 0;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return channel.operationalInfo();
    }
}
