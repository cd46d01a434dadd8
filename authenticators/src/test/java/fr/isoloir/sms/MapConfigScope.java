package fr.isoloir.sms;

import org.keycloak.Config;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** A provider's SPI options as a test writes them: {@code MapConfigScope.of("account-sid", "AC...", ...)}. */
public final class MapConfigScope extends Config.AbstractScope {

    private final Map<String, String> values;

    public MapConfigScope(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static MapConfigScope of(String... keysAndValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new MapConfigScope(values);
    }

    @Override
    public String get(String key) {
        return values.get(key);
    }

    @Override
    public Config.Scope scope(String... scope) {
        return new MapConfigScope(Map.of());
    }

    @Override
    @SuppressWarnings("deprecation") // still abstract in Config.Scope
    public Set<String> getPropertyNames() {
        return values.keySet();
    }

    @Override
    public Config.Scope root() {
        return this;
    }
}
