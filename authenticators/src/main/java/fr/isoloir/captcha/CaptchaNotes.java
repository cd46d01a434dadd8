package fr.isoloir.captcha;

import org.keycloak.sessions.AuthenticationSessionModel;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/** Where a captcha keeps its state: the authentication session's notes (replicated, per login). */
public interface CaptchaNotes {

    String get(String key);

    void set(String key, String value);

    void remove(String key);

    static CaptchaNotes of(AuthenticationSessionModel authSession) {
        return from(authSession::getAuthNote, authSession::setAuthNote, authSession::removeAuthNote);
    }

    /** Notes in a map, for unit tests. */
    static CaptchaNotes inMemory() {
        Map<String, String> map = new HashMap<>();
        return from(map::get, map::put, map::remove);
    }

    private static CaptchaNotes from(
            UnaryOperator<String> get, BiConsumer<String, String> set, Consumer<String> remove) {
        return new CaptchaNotes() {
            @Override
            public String get(String key) {
                return get.apply(key);
            }

            @Override
            public void set(String key, String value) {
                set.accept(key, value);
            }

            @Override
            public void remove(String key) {
                remove.accept(key);
            }
        };
    }
}
