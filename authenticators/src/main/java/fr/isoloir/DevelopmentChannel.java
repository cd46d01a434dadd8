package fr.isoloir;

import org.jboss.logging.Logger;
import org.keycloak.Config;

import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The rule shared by the development channels (console SMS and email senders, which print one-time
 * codes to the log): they run in development mode ({@code kc.sh start-dev}); a production server
 * refuses to start with them unless the operator sets {@code --spi-<spi>--<provider>--allow-in-production=true}.
 * Codes in a production log would let anyone who reads the logs vote in someone else's name.
 *
 * @param what            "SMS sender" or "email sender", for messages
 * @param spiOption       the SPI's command-line name, e.g. {@code sms-sender}
 * @param providerId      the development provider's id
 * @param productionAdvice what to configure instead, in a sentence
 */
public record DevelopmentChannel(
        String what,
        String spiOption,
        String providerId,
        String productionAdvice,
        boolean inDevMode,
        boolean allowedInProduction) {

    public static final String ALLOW_IN_PRODUCTION = "allow-in-production";

    /** Reads the factory's SPI scope once, in {@code init}. */
    public static DevelopmentChannel read(
            Config.Scope scope,
            BooleanSupplier devMode,
            String what,
            String spiOption,
            String providerId,
            String productionAdvice) {
        return new DevelopmentChannel(
                what,
                spiOption,
                providerId,
                productionAdvice,
                devMode.getAsBoolean(),
                scope.getBoolean(ALLOW_IN_PRODUCTION, false));
    }

    /** Throws with a message saying what to do when the channel may not run here. */
    public void requireAllowed() {
        if (!inDevMode && !allowedInProduction) {
            throw new IllegalStateException("The '" + providerId + "' " + what
                    + " prints one-time codes to the log and is"
                    + " for development only (kc.sh start-dev). " + productionAdvice + " To run a demo on a production"
                    + " build anyway, set --spi-" + spiOption + "--" + providerId + "--" + ALLOW_IN_PRODUCTION
                    + "=true.");
        }
    }

    /** The loud start-up warning of a selected development channel. */
    public void warnNotDelivered(Logger log, String messages) {
        log.warnf(
                "%n****%n**** %s ARE NOT DELIVERED: the '%s' %s prints every one, one-time codes included, to this log."
                        + "%n**** For development only. %s%n****",
                messages, providerId, what, productionAdvice);
    }

    public Map<String, String> operationalInfo() {
        return Map.of(
                ProviderVersion.KEY,
                ProviderVersion.get(),
                "dev-mode",
                Boolean.toString(inDevMode),
                ALLOW_IN_PRODUCTION,
                Boolean.toString(allowedInProduction));
    }
}
