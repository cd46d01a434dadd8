package fr.isoloir.sms;

import org.keycloak.Config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The {@code twilio} provider's settings, read once at start from Keycloak's SPI configuration:
 * {@code --spi-sms-sender--twilio--<option>=...} or {@code KC_SPI_SMS_SENDER__TWILIO__<OPTION>=...}.
 *
 * <p>Without an account SID the provider is "not configured": it starts, warns, and refuses to send.
 * With one, the rest must be complete, so that a half-done configuration fails at start rather than
 * during the vote. {@link #toString()} leaves the secrets out.
 */
record TwilioConfig(
        String accountSid,
        String authToken,
        String apiKeySid,
        String apiKeySecret,
        String from,
        String messagingServiceSid,
        URI apiBaseUrl,
        Duration connectTimeout,
        Duration readTimeout) {

    static final String ACCOUNT_SID = "account-sid";
    static final String AUTH_TOKEN = "auth-token";
    static final String API_KEY_SID = "api-key-sid";
    static final String API_KEY_SECRET = "api-key-secret";
    static final String FROM = "from";
    static final String MESSAGING_SERVICE_SID = "messaging-service-sid";
    static final String API_BASE_URL = "api-base-url";
    static final String CONNECT_TIMEOUT_MS = "connect-timeout-ms";
    static final String READ_TIMEOUT_MS = "read-timeout-ms";

    static final URI DEFAULT_API_BASE_URL = URI.create("https://api.twilio.com");
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofMillis(2000);
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofMillis(5000);

    TwilioConfig {
        if (accountSid != null) {
            boolean token = authToken != null;
            boolean apiKey = apiKeySid != null || apiKeySecret != null;
            if (token == apiKey) {
                throw new IllegalArgumentException("Twilio SMS sender: set either " + option(AUTH_TOKEN) + ", or "
                        + option(API_KEY_SID) + " and " + option(API_KEY_SECRET) + " (exactly one of the two)");
            }
            if (apiKey && (apiKeySid == null || apiKeySecret == null)) {
                throw new IllegalArgumentException("Twilio SMS sender: " + option(API_KEY_SID) + " and "
                        + option(API_KEY_SECRET) + " go together");
            }
            if (from == null && messagingServiceSid == null) {
                throw new IllegalArgumentException("Twilio SMS sender: set " + option(FROM)
                        + " (sender number or id) or " + option(MESSAGING_SERVICE_SID));
            }
        }
    }

    static TwilioConfig from(Config.Scope scope) {
        return read(scope::get);
    }

    /** For tests and tools: the same keys as the SPI options ({@code "account-sid"}, ...). */
    static TwilioConfig from(Map<String, String> options) {
        return read(options::get);
    }

    private static TwilioConfig read(UnaryOperator<String> raw) {
        UnaryOperator<String> option = key -> {
            String value = raw.apply(key);
            // An empty environment variable means "not set", not "empty password".
            return value == null || value.isBlank() ? null : value.trim();
        };
        return new TwilioConfig(
                option.apply(ACCOUNT_SID),
                option.apply(AUTH_TOKEN),
                option.apply(API_KEY_SID),
                option.apply(API_KEY_SECRET),
                option.apply(FROM),
                option.apply(MESSAGING_SERVICE_SID),
                baseUrl(option.apply(API_BASE_URL)),
                millis(CONNECT_TIMEOUT_MS, option.apply(CONNECT_TIMEOUT_MS), DEFAULT_CONNECT_TIMEOUT),
                millis(READ_TIMEOUT_MS, option.apply(READ_TIMEOUT_MS), DEFAULT_READ_TIMEOUT));
    }

    boolean isConfigured() {
        return accountSid != null;
    }

    boolean usesApiKey() {
        return apiKeySid != null;
    }

    static String option(String key) {
        return "--spi-" + SmsSenderSpi.NAME + "--" + TwilioSmsSenderFactory.PROVIDER_ID + "--" + key;
    }

    private static URI baseUrl(String value) {
        if (value == null) {
            return DEFAULT_API_BASE_URL;
        }
        URI uri;
        try {
            uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null
                || uri.getHost() == null
                || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
            throw new IllegalArgumentException("Twilio SMS sender: " + option(API_BASE_URL)
                    + " must be an https URL such as " + DEFAULT_API_BASE_URL);
        }
        // The account's credentials travel with every request: plain http only to this machine (a local
        // fake in development and tests, or a local relay), never across a network.
        if ("http".equals(uri.getScheme()) && !isLoopback(uri.getHost())) {
            throw new IllegalArgumentException("Twilio SMS sender: " + option(API_BASE_URL)
                    + " must use https (plain http is accepted only for localhost, 127.0.0.1 or [::1])");
        }
        return uri;
    }

    private static boolean isLoopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return "localhost".equalsIgnoreCase(bare)
                || bare.matches("127(\\.\\d{1,3}){3}")
                || "::1".equals(bare)
                || "0:0:0:0:0:0:0:1".equals(bare);
    }

    private static Duration millis(String key, String value, Duration defaultValue) {
        if (value == null) {
            return defaultValue;
        }
        try {
            long millis = Long.parseLong(value);
            if (millis > 0) {
                return Duration.ofMillis(millis);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                "Twilio SMS sender: " + option(key) + " must be a positive number of milliseconds");
    }

    @Override
    public String toString() {
        // Never the auth token nor the API key secret: this may end up in a log line.
        return "TwilioConfig[configured=" + isConfigured()
                + ", auth=" + (usesApiKey() ? "api-key" : authToken != null ? "auth-token" : "none")
                + ", from=" + from
                + ", messagingServiceSid=" + messagingServiceSid
                + ", apiBaseUrl=" + apiBaseUrl
                + ", connectTimeout=" + connectTimeout.toMillis() + "ms"
                + ", readTimeout=" + readTimeout.toMillis() + "ms]";
    }
}
