package fr.isoloir.recovery;

import fr.isoloir.ConfigValues;
import fr.isoloir.phone.PhoneNumbers;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static fr.isoloir.ConfigValues.intIn;

/**
 * The lost-identifier step's settings, from its authenticator config in the admin console
 * (Authentication → isoloir lost identifier → ⚙). Every setting has a default, used when the execution
 * has no config or a value is missing or out of range (SEC-E4).
 *
 * @param smsRegions    libphonenumber region codes SMS may go to
 * @param defaultRegion region of numbers typed without a country code
 * @param proofOfWorkMaxNumber the proof-of-work's difficulty: the secret number is drawn from 0 to this,
 *                      so a browser tries half of it on average (fr.isoloir.captcha.AntiRobotCheck)
 */
public record LostIdentifierConfig(
        int perContactPerHour,
        int perContactPerDay,
        int perVoterPerDay,
        int perIpPerHour,
        int smsPerDay,
        Set<String> smsRegions,
        String defaultRegion,
        Duration captchaValidity,
        String votingSiteClientId,
        int proofOfWorkMaxNumber) {

    static final String PER_CONTACT_PER_HOUR = "perContactPerHour";
    static final String PER_CONTACT_PER_DAY = "perContactPerDay";
    static final String PER_VOTER_PER_DAY = "perVoterPerDay";
    /** The key keeps its first name so that existing configs still apply; it counts per client network. */
    static final String PER_IP_PER_HOUR = "perIpPerHour";

    static final String SMS_PER_DAY = "realmSmsPerDay";
    static final String SMS_REGIONS = "smsRegions";
    static final String DEFAULT_REGION = "defaultRegion";
    static final String CAPTCHA_VALIDITY_SECONDS = "captchaValiditySeconds";
    static final String VOTING_SITE_CLIENT = "votingSiteClientId";
    static final String PROOF_OF_WORK_MAX_NUMBER = "proofOfWorkMaxNumber";
    /**
     * Bounds of the proof-of-work's difficulty: below 1,000 it costs a script nothing; above 5,000,000 a
     * mid-range phone would search for a minute or more in the worst case (docs/benchmarks.md).
     */
    static final int MIN_PROOF_OF_WORK = 1_000;

    static final int MAX_PROOF_OF_WORK = 5_000_000;

    public static final LostIdentifierConfig DEFAULTS = new LostIdentifierConfig(
            3, 5, 3, 20, 200, PhoneNumbers.FRANCE_WITH_OVERSEAS, "FR", Duration.ofMinutes(10), "voting-site", 500_000);

    public static LostIdentifierConfig of(AuthenticatorConfigModel model) {
        Map<String, String> config = ConfigValues.of(model);
        Set<String> regions = Arrays.stream(config.getOrDefault(SMS_REGIONS, "").split("[,\\s]+"))
                .map(r -> r.trim().toUpperCase(Locale.ROOT))
                .filter(r -> r.matches("[A-Z]{2}"))
                .collect(Collectors.toUnmodifiableSet());
        String region = config.getOrDefault(DEFAULT_REGION, "").trim().toUpperCase(Locale.ROOT);
        String client = config.getOrDefault(VOTING_SITE_CLIENT, "").trim();
        return new LostIdentifierConfig(
                intIn(config, PER_CONTACT_PER_HOUR, DEFAULTS.perContactPerHour, 1, 20),
                intIn(config, PER_CONTACT_PER_DAY, DEFAULTS.perContactPerDay, 1, 50),
                intIn(config, PER_VOTER_PER_DAY, DEFAULTS.perVoterPerDay, 1, 50),
                intIn(config, PER_IP_PER_HOUR, DEFAULTS.perIpPerHour, 1, 10_000),
                intIn(config, SMS_PER_DAY, DEFAULTS.smsPerDay, 0, 5_000),
                regions.isEmpty() ? DEFAULTS.smsRegions : regions,
                region.matches("[A-Z]{2}") ? region : DEFAULTS.defaultRegion,
                Duration.ofSeconds(
                        intIn(config, CAPTCHA_VALIDITY_SECONDS, (int) DEFAULTS.captchaValidity.toSeconds(), 1, 3600)),
                client.isEmpty() ? DEFAULTS.votingSiteClientId : client,
                intIn(
                        config,
                        PROOF_OF_WORK_MAX_NUMBER,
                        DEFAULTS.proofOfWorkMaxNumber,
                        MIN_PROOF_OF_WORK,
                        MAX_PROOF_OF_WORK));
    }

    static List<ProviderConfigProperty> properties() {
        return ProviderConfigurationBuilder.create()
                .property()
                .name(PER_CONTACT_PER_HOUR)
                .label("Requests per contact per hour")
                .helpText("How many times one email address or mobile number may be typed per hour, whether or not "
                        + "it matches a voter (SEC-E4). Over the limit the page is the same and nothing is sent.")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(Integer.toString(DEFAULTS.perContactPerHour))
                .add()
                .property()
                .name(PER_CONTACT_PER_DAY)
                .label("Requests per contact per day")
                .helpText("Daily limit per email address or mobile number (SEC-E4).")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(Integer.toString(DEFAULTS.perContactPerDay))
                .add()
                .property()
                .name(PER_VOTER_PER_DAY)
                .label("Messages per voter per day")
                .helpText("How many new-identifier messages one voter may get per day, whichever of their contacts "
                        + "is typed and however it is written. Every message carries the same pending identifier, "
                        + "so a few are enough; this bounds what a stranger can send to, or spend on, one voter.")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(Integer.toString(DEFAULTS.perVoterPerDay))
                .add()
                .property()
                .name(PER_IP_PER_HOUR)
                .label("Requests per client network per hour")
                .helpText("Limit per client network: an IPv4 address, or an IPv6 /64 (one host can use a whole /64). "
                        + "Behind a proxy, configure Keycloak's proxy headers so that this is the voter's address; "
                        + "raise it when many voters share one company address.")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(Integer.toString(DEFAULTS.perIpPerHour))
                .add()
                .property()
                .name(SMS_PER_DAY)
                .label("SMS per day for the realm")
                .helpText(
                        "Realm-wide daily budget of lost-identifier SMS (new identifiers; this page sends no SMS notice) "
                                + "(against SMS pumping, SEC-E4). 0 sends no SMS from this page.")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(Integer.toString(DEFAULTS.smsPerDay))
                .add()
                .property()
                .name(SMS_REGIONS)
                .label("SMS allowed regions")
                .helpText("Comma-separated region codes (libphonenumber) SMS may go to. Default: France including "
                        + "overseas departments (FR, GP, MQ, GF, RE, YT, PM, BL, MF).")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(String.join(",", new TreeSet<>(DEFAULTS.smsRegions)))
                .add()
                .property()
                .name(DEFAULT_REGION)
                .label("Default region of phone numbers")
                .helpText("Region of numbers typed without a country code (06 12 34 56 78).")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(DEFAULTS.defaultRegion)
                .add()
                .property()
                .name(CAPTCHA_VALIDITY_SECONDS)
                .label("Captcha validity (seconds)")
                .helpText("How long a captcha may be answered; each captcha is single-use.")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(Long.toString(DEFAULTS.captchaValidity.toSeconds()))
                .add()
                .property()
                .name(VOTING_SITE_CLIENT)
                .label("Voting site client")
                .helpText("Client id whose root and base URL are the voting site's address given in the messages.")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(DEFAULTS.votingSiteClientId)
                .add()
                .property()
                .name(PROOF_OF_WORK_MAX_NUMBER)
                .label("Proof-of-work difficulty (max number)")
                .helpText("Every lost-identifier request carries a proof-of-work (ALTCHA scheme) that the voter's "
                        + "browser solves by trying numbers from 0 up to this one, half of them on average. Higher "
                        + "costs a script more and makes voters on slow phones wait longer: the default, 500000, "
                        + "takes Chromium on a server core under 1 second at most, an estimated mid-range phone about 2 "
                        + "seconds on average and 4 at most (docs/benchmarks.md). "
                        + "From " + MIN_PROOF_OF_WORK + " to " + MAX_PROOF_OF_WORK + ".")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(Integer.toString(DEFAULTS.proofOfWorkMaxNumber))
                .add()
                .build();
    }
}
