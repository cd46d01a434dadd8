package fr.isoloir;

import org.keycloak.Config;
import org.keycloak.models.AuthenticatorConfigModel;

import java.util.Map;

/**
 * Reading authenticator configs and server options the same way everywhere: a missing, damaged or
 * out-of-range value is the default.
 */
public final class ConfigValues {

    private ConfigValues() {}

    /** The config's map, empty when the execution has no config (never null). */
    public static Map<String, String> of(AuthenticatorConfigModel model) {
        return model == null || model.getConfig() == null ? Map.of() : model.getConfig();
    }

    public static int intIn(Map<String, String> config, String key, int fallback, int min, int max) {
        try {
            int value = Integer.parseInt(config.getOrDefault(key, "").trim());
            return value < min || value > max ? fallback : value;
        } catch (NumberFormatException notSet) {
            return fallback;
        }
    }

    /** A server option of a provider ({@code --spi-<spi>--<provider>--<key>}), read at start. */
    public static int intIn(Config.Scope scope, String key, int fallback, int min, int max) {
        Integer value;
        try {
            value = scope == null ? null : scope.getInt(key);
        } catch (RuntimeException damaged) {
            value = null;
        }
        return value == null || value < min || value > max ? fallback : value;
    }
}
