package fr.isoloir.sending;

import fr.isoloir.ConfigValues;
import org.keycloak.Config;

import java.time.Duration;

/**
 * The server's settings for identifier sending: {@code --spi-ui-page--send-identifiers--<option>=...} or
 * {@code KC_SPI_UI_PAGE__SEND_IDENTIFIERS__<OPTION>=...} (the names of the former console page, kept so
 * that existing deployments keep their settings). A missing or out-of-range value is the default.
 *
 * @param tick            how often the worker wakes up; one node of a cluster sends per tick
 * @param outageFailures  consecutive provider failures (errors, time-outs) that pause a job
 * @param outagePause     how long a job paused by an outage or by the provider's throttling waits before
 *                        it resumes by itself
 * @param emailRate       default emails a minute of a new job
 * @param smsRate         default SMS a minute of a new job: Twilio queues about one SMS a second per
 *                        long-code number (60 a minute); a messaging service with several numbers or a
 *                        short code allows more
 * @param maxRate         the highest rate a manager may set
 * @param prepareBatch    voters marked {@code pending} per transaction while a job prepares its list
 */
record SendingConfig(
        Duration tick,
        int outageFailures,
        Duration outagePause,
        int emailRate,
        int smsRate,
        int maxRate,
        int prepareBatch) {

    static final String TICK_SECONDS = "tick-seconds";
    static final String OUTAGE_FAILURES = "outage-failures";
    static final String OUTAGE_PAUSE_SECONDS = "outage-pause-seconds";
    static final String EMAIL_RATE = "email-rate";
    static final String SMS_RATE = "sms-rate";
    static final String MAX_RATE = "max-rate";
    static final String PREPARE_BATCH = "prepare-batch";

    static final SendingConfig DEFAULTS =
            new SendingConfig(Duration.ofSeconds(10), 5, Duration.ofMinutes(5), 600, 60, 6000, 500);

    /** This server's settings. */
    static SendingConfig server() {
        return from(Config.scope("ui-page", "send-identifiers"));
    }

    static SendingConfig from(Config.Scope scope) {
        return new SendingConfig(
                Duration.ofSeconds(ConfigValues.intIn(scope, TICK_SECONDS, (int) DEFAULTS.tick.toSeconds(), 1, 300)),
                ConfigValues.intIn(scope, OUTAGE_FAILURES, DEFAULTS.outageFailures, 1, 1000),
                Duration.ofSeconds(ConfigValues.intIn(
                        scope, OUTAGE_PAUSE_SECONDS, (int) DEFAULTS.outagePause.toSeconds(), 1, 86_400)),
                ConfigValues.intIn(scope, EMAIL_RATE, DEFAULTS.emailRate, 1, 100_000),
                ConfigValues.intIn(scope, SMS_RATE, DEFAULTS.smsRate, 1, 100_000),
                ConfigValues.intIn(scope, MAX_RATE, DEFAULTS.maxRate, 1, 100_000),
                ConfigValues.intIn(scope, PREPARE_BATCH, DEFAULTS.prepareBatch, 10, 10_000));
    }

    /** A tick stops starting new messages after this long, so that ticks never overlap in a cluster. */
    Duration tickBudget() {
        return tick.dividedBy(2);
    }
}
