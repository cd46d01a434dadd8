package fr.isoloir.sms;

import com.twilio.http.TwilioRestClient;
import fr.isoloir.ProviderVersion;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The production SMS provider: Twilio's Messages API through the Twilio Java SDK.
 *
 * <p>Options ({@code --spi-sms-sender--twilio--<option>}, env {@code KC_SPI_SMS_SENDER__TWILIO__<OPTION>}):
 * {@code account-sid}; {@code auth-token}, or {@code api-key-sid} with {@code api-key-secret};
 * {@code from} (a number or an alphanumeric sender id) and/or {@code messaging-service-sid};
 * {@code api-base-url} (default {@code https://api.twilio.com}); {@code connect-timeout-ms} (default 2000);
 * {@code read-timeout-ms} (default 5000).
 *
 * <p>Built once in {@link #init}, then read-only: one {@link TwilioRestClient} (never {@code Twilio.init},
 * which is global static state) and one stateless sender shared by every thread.
 */
public final class TwilioSmsSenderFactory implements SmsSenderFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "twilio";

    private static final Logger LOG = Logger.getLogger(TwilioSmsSenderFactory.class);

    // Assigned once in init(), before Keycloak hands the factory to any request.
    private TwilioConfig config;
    private TwilioHttpClient httpClient;
    private TwilioSmsSender sender;

    @Override
    public void init(Config.Scope scope) {
        config = TwilioConfig.from(scope);
        if (!config.isConfigured()) {
            LOG.warnf(
                    "Twilio SMS sender is not configured: every SMS will fail with 'not-configured'. Set %s with"
                            + " its credentials and sender, or choose another provider with --spi-%s--provider=...",
                    TwilioConfig.option(TwilioConfig.ACCOUNT_SID), SmsSenderSpi.NAME);
            sender = new TwilioSmsSender(config, null);
            return;
        }
        httpClient = new TwilioHttpClient(config.apiBaseUrl(), config.connectTimeout(), config.readTimeout());
        TwilioRestClient client = (config.usesApiKey()
                        ? new TwilioRestClient.Builder(config.apiKeySid(), config.apiKeySecret())
                                .accountSid(config.accountSid())
                        : new TwilioRestClient.Builder(config.accountSid(), config.authToken()))
                .httpClient(httpClient)
                .build();
        sender = new TwilioSmsSender(config, client);
        LOG.infof("Twilio SMS sender ready: %s", config);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // Nothing to wire.
    }

    @Override
    public SmsSender create(KeycloakSession session) {
        return sender;
    }

    @Override
    public void close() {
        if (httpClient != null) {
            httpClient.close();
        }
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    /**
     * Makes {@code twilio} the SMS provider when the operator names none. Keycloak
     * ({@code DefaultKeycloakSessionFactory.resolveDefaultProvider}, which the Quarkus build step
     * {@code KeycloakProcessor.checkProviders} also calls) picks, in this order: the configured
     * {@code --spi-sms-sender--provider}; else {@code --spi-sms-sender--provider-default}; else the only factory;
     * else the factory with the highest {@code order()} above 0; else one with id {@code default}.
     * {@code console} keeps the default 0, so it is used only when named.
     */
    @Override
    public int order() {
        return 1;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new LinkedHashMap<>();
        info.put(ProviderVersion.KEY, ProviderVersion.get());
        info.put("configured", Boolean.toString(config != null && config.isConfigured()));
        if (config != null) {
            info.put(TwilioConfig.API_BASE_URL, config.apiBaseUrl().toString());
            if (config.isConfigured()) {
                info.put("auth", config.usesApiKey() ? "api-key" : "auth-token");
            }
            info.put(
                    TwilioConfig.CONNECT_TIMEOUT_MS,
                    Long.toString(config.connectTimeout().toMillis()));
            info.put(
                    TwilioConfig.READ_TIMEOUT_MS,
                    Long.toString(config.readTimeout().toMillis()));
        }
        return info;
    }
}
