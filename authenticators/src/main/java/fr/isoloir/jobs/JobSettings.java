package fr.isoloir.jobs;

import fr.isoloir.ConfigValues;
import org.keycloak.Config;

import java.time.Duration;

/**
 * The server's settings for durable jobs, read once at start:
 * {@code --spi-jpa-entity-provider--isoloir-jobs--<option>=...} or
 * {@code KC_SPI_JPA_ENTITY_PROVIDER__ISOLOIR_JOBS__<OPTION>=...}. A missing or out-of-range value is the default.
 *
 * @param lease how long a node holds a job without renewing it (it renews at every batch): after a node
 *              stops, its job waits this long at most before another node (or the restarted one) takes it
 * @param check how often every node looks for jobs whose lease has lapsed
 */
public record JobSettings(Duration lease, Duration check) {

    static final String LEASE_SECONDS = "lease-seconds";
    static final String CHECK_SECONDS = "check-seconds";
    public static final JobSettings DEFAULTS = new JobSettings(Duration.ofSeconds(60), Duration.ofSeconds(15));

    static JobSettings from(Config.Scope scope) {
        return new JobSettings(
                Duration.ofSeconds(ConfigValues.intIn(scope, LEASE_SECONDS, (int) DEFAULTS.lease.toSeconds(), 2, 3600)),
                Duration.ofSeconds(ConfigValues.intIn(scope, CHECK_SECONDS, (int) DEFAULTS.check.toSeconds(), 1, 600)));
    }
}
