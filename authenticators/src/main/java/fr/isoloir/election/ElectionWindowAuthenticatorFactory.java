package fr.isoloir.election;

import fr.isoloir.OneNodePerTick;
import fr.isoloir.StepAuthenticatorFactory;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.timer.TimerProvider;

import java.time.Duration;
import java.util.List;

/**
 * Before the voter login (the SSO cookie included): outside the election's opening and closing dates,
 * says when it opens or that it closed. Also schedules {@link SessionsEndAtClosing}, which ends the
 * realm's sessions once the election has closed, every
 * {@code --spi-authenticator--isoloir-election-window--closing-check-seconds} (default {@value #DEFAULT_CLOSING_CHECK_SECONDS}).
 */
public final class ElectionWindowAuthenticatorFactory extends StepAuthenticatorFactory {

    public static final String PROVIDER_ID = "isoloir-election-window";
    static final String CLOSING_CHECK_SECONDS = "closing-check-seconds";
    static final int DEFAULT_CLOSING_CHECK_SECONDS = 30;
    private static final Logger LOG = Logger.getLogger(ElectionWindowAuthenticatorFactory.class);

    /** Read once by init; immutable afterwards. */
    private Duration closingCheck = Duration.ofSeconds(DEFAULT_CLOSING_CHECK_SECONDS);

    public ElectionWindowAuthenticatorFactory() {
        super(
                PROVIDER_ID,
                new ElectionWindowAuthenticator(),
                "Isoloir: election opening and closing dates",
                "Outside the opening and closing dates of the realm's election settings (realm attributes "
                        + "isoloir.opensAt and isoloir.closesAt), shows a page saying when the vote opens, or that it "
                        + "closed and when, instead of the login. Without dates, lets every login through. Put it "
                        + "before the SSO cookie, so that a session opened earlier cannot log in after closing, and "
                        + "last, so that a login under way at closing cannot finish after it.",
                null);
    }

    @Override
    public void init(Config.Scope scope) {
        closingCheck = Duration.ofSeconds(closingCheckSeconds(scope));
    }

    /** The option's value when it is a whole number from 1 to 300, else the default. */
    static int closingCheckSeconds(Config.Scope scope) {
        Integer value;
        try {
            value = scope == null ? null : scope.getInt(CLOSING_CHECK_SECONDS);
        } catch (RuntimeException damaged) {
            value = null;
        }
        return value == null || value < 1 || value > 300 ? DEFAULT_CLOSING_CHECK_SECONDS : value;
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        long interval = closingCheck.toMillis();
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, session -> {
                    session.getProvider(TimerProvider.class)
                            .schedule(
                                    new OneNodePerTick(factory, new SessionsEndAtClosing(), interval),
                                    interval,
                                    SessionsEndAtClosing.TASK_NAME);
                    LOG.infof("Isoloir: sessions of closed elections are ended, checked every %s", closingCheck);
                });
            }
        });
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property()
                .name(ElectionWindowAuthenticator.LET_THROUGH_BEFORE_OPENING)
                .label("Let through before opening")
                .helpText("On for the lost-identifier flow: voters may ask for a new identifier before the vote opens. "
                        + "After closing the page still says the vote has closed.")
                .type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue("false")
                .add()
                .build();
    }
}
