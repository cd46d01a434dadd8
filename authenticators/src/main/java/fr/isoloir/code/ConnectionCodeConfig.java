package fr.isoloir.code;

import fr.isoloir.ConfigValues;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static fr.isoloir.ConfigValues.intIn;

/**
 * The code step's settings, from its authenticator config in the admin console. Every setting has a
 * default, used when the execution has no config or a value is missing or out of range.
 */
record ConnectionCodeConfig(
        int codeLength,
        Duration validity,
        int maxWrongAttempts,
        Duration resendWait,
        int sendsPer15Minutes,
        int sendsPerDay,
        int sendsPerDayPerIdentifier,
        boolean separateChannels) {

    static final String CODE_LENGTH = "codeLength";
    static final String VALIDITY_SECONDS = "codeValiditySeconds";
    static final String MAX_WRONG_ATTEMPTS = "maxWrongAttempts";
    static final String RESEND_WAIT_SECONDS = "resendWaitSeconds";
    static final String SENDS_PER_15_MINUTES = "sendsPer15Minutes";
    static final String SENDS_PER_DAY = "sendsPerDay";
    static final String SENDS_PER_DAY_PER_IDENTIFIER = "sendsPerDayPerIdentifier";
    static final String SEPARATE_CHANNELS = "separateChannels";

    /** Separate channels by default (SEC-A1): who reads the identifier's mailbox alone cannot log in. */
    static final ConnectionCodeConfig DEFAULTS =
            new ConnectionCodeConfig(6, Duration.ofMinutes(10), 5, Duration.ofSeconds(60), 3, 10, 30, true);

    static ConnectionCodeConfig of(AuthenticatorConfigModel model) {
        Map<String, String> config = ConfigValues.of(model);
        return new ConnectionCodeConfig(
                intIn(config, CODE_LENGTH, DEFAULTS.codeLength, ConnectionCode.MIN_DIGITS, ConnectionCode.MAX_DIGITS),
                Duration.ofSeconds(intIn(config, VALIDITY_SECONDS, (int) DEFAULTS.validity.toSeconds(), 1, (int)
                        CodeState.MAX_VALIDITY.toSeconds())),
                intIn(config, MAX_WRONG_ATTEMPTS, DEFAULTS.maxWrongAttempts, 1, 10),
                Duration.ofSeconds(intIn(config, RESEND_WAIT_SECONDS, (int) DEFAULTS.resendWait.toSeconds(), 0, 3600)),
                intIn(config, SENDS_PER_15_MINUTES, DEFAULTS.sendsPer15Minutes, 1, 20),
                intIn(config, SENDS_PER_DAY, DEFAULTS.sendsPerDay, 1, 100),
                // Above the per-network budget, so that one network can never spend it alone.
                Math.max(
                        intIn(config, SENDS_PER_DAY_PER_IDENTIFIER, DEFAULTS.sendsPerDayPerIdentifier, 1, 1000),
                        intIn(config, SENDS_PER_DAY, DEFAULTS.sendsPerDay, 1, 100) + 1),
                Boolean.parseBoolean(
                        config.getOrDefault(SEPARATE_CHANNELS, Boolean.toString(DEFAULTS.separateChannels))));
    }

    /** Validity in whole minutes, as the pages and messages state it. */
    int validityMinutes() {
        return (int) Math.max(1, (validity.toSeconds() + 59) / 60);
    }

    static List<ProviderConfigProperty> properties() {
        return ProviderConfigurationBuilder.create()
                .property()
                .name(CODE_LENGTH)
                .label("Code length")
                .helpText("Digits in an email or SMS code, 6 to 10 (SEC-B1).")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(Integer.toString(DEFAULTS.codeLength))
                .add()
                .property()
                .name(VALIDITY_SECONDS)
                .label("Code validity (seconds)")
                .helpText("How long a code works, at most 600 (SEC-B2).")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(Long.toString(DEFAULTS.validity.toSeconds()))
                .add()
                .property()
                .name(MAX_WRONG_ATTEMPTS)
                .label("Wrong entries per code")
                .helpText("After this many wrong entries the code is dead and the voter asks for a new one (SEC-B5). "
                        + "Postal codes: the login must be restarted. Failures also count in the voter's guessing "
                        + "budget: per identifier and network 10 per quarter hour and 30 per day, 100 per day in all.")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(Integer.toString(DEFAULTS.maxWrongAttempts))
                .add()
                .property()
                .name(RESEND_WAIT_SECONDS)
                .label("Wait before a new code (seconds)")
                .helpText("How long the voter waits between two codes while the current one still works; the page "
                        + "states it. An expired code, or one killed by wrong entries, is replaced at once.")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(Long.toString(DEFAULTS.resendWait.toSeconds()))
                .add()
                .property()
                .name(SENDS_PER_15_MINUTES)
                .label("Codes per voter and network per 15 minutes")
                .helpText("Send budget per identifier and client network (IPv4 address, IPv6 /64), shared by the "
                        + "cluster and by restarted logins (SEC-B8).")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(Integer.toString(DEFAULTS.sendsPer15Minutes))
                .add()
                .property()
                .name(SENDS_PER_DAY)
                .label("Codes per voter and network per day")
                .helpText("Daily send budget per identifier and client network (SEC-B8).")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(Integer.toString(DEFAULTS.sendsPerDay))
                .add()
                .property()
                .name(SENDS_PER_DAY_PER_IDENTIFIER)
                .label("Codes per voter per day, all networks")
                .helpText("Daily cap per identifier across networks, above the per-network budget: one network "
                        + "cannot spend it alone, so it bounds the messages a voter can be sent in a day.")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(Integer.toString(DEFAULTS.sendsPerDayPerIdentifier))
                .add()
                .property()
                .name(SEPARATE_CHANNELS)
                .label("Code on another channel than the identifier")
                .helpText("When a voter has both an email address and a mobile number, send the code on the channel "
                        + "that did not carry the identifier (SEC-A1, CNIL: two distinct channels). A voter with one "
                        + "contact gets the code there. On by default.")
                .type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue(Boolean.toString(DEFAULTS.separateChannels))
                .add()
                .build();
    }
}
