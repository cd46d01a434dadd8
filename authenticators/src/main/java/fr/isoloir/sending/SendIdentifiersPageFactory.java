package fr.isoloir.sending;

import fr.isoloir.IsoloirProviderFactory;
import fr.isoloir.OneNodePerTick;
import fr.isoloir.PageItems;
import fr.isoloir.election.ElectionSettings;
import fr.isoloir.jobs.Jobs;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.ui.extend.UiPageProvider;
import org.keycloak.services.ui.extend.UiPageProviderFactory;
import org.keycloak.timer.TimerProvider;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The admin console's "Send identifiers" page (Declarative UI, feature {@code declarative-ui}): each item
 * is one job. Creating an item starts a job; its read-only fields show the worker's progress; editing
 * its state pauses, resumes or cancels it, and its retry field retries the failed voters. Also starts
 * the worker ({@link SendWorker}) on every node once the database is ready: it finds the running jobs
 * in the database, so a restart resumes them.
 */
public final class SendIdentifiersPageFactory
        implements UiPageProviderFactory<UiPageProvider>, IsoloirProviderFactory<UiPageProvider> {

    /** The page's id: the console's menu entry and URL (labelled through the realm's localization texts). */
    public static final String PROVIDER_ID = "send-identifiers";

    private static final Logger LOG = Logger.getLogger(SendIdentifiersPageFactory.class);

    /** Read once at start; immutable. */
    private SendingConfig config = SendingConfig.DEFAULTS;

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public void init(Config.Scope scope) {
        config = SendingConfig.from(scope);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        SendingConfig settings = config;
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, session -> {
                    long interval = settings.tick().toMillis();
                    session.getProvider(TimerProvider.class)
                            .schedule(
                                    new OneNodePerTick(factory, new SendWorker(settings, Clock.systemUTC()), interval),
                                    interval,
                                    SendWorker.TASK_NAME);
                    LOG.infof("Isoloir: identifier sending worker scheduled every %s", settings.tick());
                });
            }
        });
    }

    @Override
    public void close() {
        // the timer task ends with the server
    }

    SendingConfig config() {
        return config;
    }

    @Override
    public String getHelpText() {
        return "Sends each email and SMS voter their identifier and the voting site's address, in the background, "
                + "at the rates set here. Create an item to start; open it to follow its progress, pause, resume, "
                + "cancel or retry the failed voters. A voter is never sent twice unless you ask.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property()
                .name(SendJob.CHANNEL)
                .label("Channel")
                .type(ProviderConfigProperty.LIST_TYPE)
                .options("both", "email", "sms")
                .defaultValue("both")
                .helpText("Voters whose delivery channel is email, SMS, or both. Postal voters get letters instead.")
                .add()
                .property()
                .name(SendJob.EMAIL_RATE)
                .label("Emails per minute")
                .type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(config.emailRate())
                .helpText(
                        "Highest rate of emails, for your SMTP provider's limits (default " + config.emailRate() + ").")
                .add()
                .property()
                .name(SendJob.SMS_RATE)
                .label("SMS per minute")
                .type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(config.smsRate())
                .helpText("Highest rate of SMS (default " + config.smsRate()
                        + ": Twilio sends about one a second per number).")
                .add()
                .property()
                .name(SendJob.RESEND)
                .label("Send again to voters already sent")
                .type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue(false)
                .helpText(
                        "Off: only voters never sent to. On: every voter of the channel, even those who already received "
                                + "their identifier or whose delivery is uncertain.")
                .add()
                .property()
                .name(SendJob.STATE)
                .label("State")
                .type(ProviderConfigProperty.LIST_TYPE)
                .options("running", "paused", "cancelled", "finished")
                .defaultValue("running")
                .helpText("Change to paused, running or cancelled and save to pause, resume or cancel the send.")
                .add()
                .property()
                .name(SendJob.RETRY)
                .label("Retry")
                .type(ProviderConfigProperty.LIST_TYPE)
                .options(SendJob.RETRY_NONE, SendJob.RETRY_FAILED_VALUE, SendJob.RETRY_FAILED_AND_UNCERTAIN_VALUE)
                .defaultValue(SendJob.RETRY_NONE)
                .helpText(
                        "Choose failed (or failed-and-uncertain) and save to send again to those voters. Uncertain: "
                                + "the server stopped or the provider timed out during the send, so the voter may have the message.")
                .add()
                .property(
                        readOnly(SendJob.STATUS, "Status", "Updated by the server every few seconds: reload the page."))
                .property(readOnly(
                        SendJob.PROGRESS, "Progress", "Voters done out of voters to send to, and how it went."))
                .property(readOnly(SendJob.STARTED_AT, "Started at", "UTC."))
                .property(readOnly(SendJob.STARTED_BY, "Started by", "The administrator who started the send."))
                .build();
    }

    private static ProviderConfigProperty readOnly(String name, String label, String help) {
        ProviderConfigProperty property =
                new ProviderConfigProperty(name, label, help, ProviderConfigProperty.STRING_TYPE, null);
        property.setReadOnly(true);
        return property;
    }

    @Override
    public Map<String, Object> getTypeMetadata() {
        return Map.of("displayFields", List.of(SendJob.STARTED_AT, SendJob.CHANNEL, SendJob.STATUS, SendJob.PROGRESS));
    }

    /**
     * Every write of a job comes here first. A new item starts a job from the manager's fields; a saved
     * item only changes the job's state or asks for a retry (all else is the worker's, kept as stored);
     * the worker's own writes pass as they are.
     */
    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        if (session.getAttribute(SendJobs.WORKER_WRITE) != null) {
            return;
        }
        PageItems.requireRealmParent(realm, model);
        Instant now = Instant.now();
        ComponentModel stored = model.getId() == null ? null : realm.getComponent(model.getId());
        SendJob job;
        if (stored == null) {
            job = newJob(session, realm, model, now);
            model.setName("Send identifiers " + job.startedAt());
            model.setParentId(realm.getId());
        } else {
            SendJob before = SendJobs.job(stored);
            try {
                job = before.managerChange(model.get(SendJob.STATE), model.get(SendJob.RETRY), now);
            } catch (IllegalStateException e) {
                throw new ComponentValidationException(e.getMessage());
            }
            if (job.active() && !before.active()) {
                requireNoOtherActive(realm, job.id());
            }
            model.setName(stored.getName());
        }
        model.setConfig(SendJobs.config(job));
    }

    private SendJob newJob(KeycloakSession session, RealmModel realm, ComponentModel model, Instant now) {
        SendJob.Channels channels = SendJob.Channels.of(valueOr(model.get(SendJob.CHANNEL), "both"));
        if (channels == null) {
            throw new ComponentValidationException("Channel must be email, sms or both.");
        }
        int emailRate = rate(model.get(SendJob.EMAIL_RATE), config.emailRate(), "Emails per minute");
        int smsRate = rate(model.get(SendJob.SMS_RATE), config.smsRate(), "SMS per minute");
        requireNoOtherActive(realm, null);
        // Resolved now, in the manager's request: the worker has no request to resolve a relative URL against.
        ElectionSettings settings = ElectionSettings.of(session, realm);
        String election = settings.electionName();
        String site = settings.votingSiteUrl();
        return SendJob.start(
                channels,
                emailRate,
                smsRate,
                Boolean.parseBoolean(model.get(SendJob.RESEND)),
                Jobs.startedBy(session),
                now,
                election,
                site);
    }

    static void requireNoOtherActive(RealmModel realm, String exceptId) {
        SendJobs.active(realm, exceptId).ifPresent(other -> {
            throw new ComponentValidationException(
                    "Another send is " + other.state().value() + " (started " + other.startedAt()
                            + "): only one send at a time; let it finish or cancel it first.");
        });
    }

    private int rate(String typed, int fallback, String label) {
        if (typed == null || typed.isBlank()) {
            return fallback;
        }
        try {
            int rate = Integer.parseInt(typed.trim());
            if (rate >= 1 && rate <= config.maxRate()) {
                return rate;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ComponentValidationException(label + " must be a whole number from 1 to " + config.maxRate() + ".");
    }

    private static String valueOr(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
