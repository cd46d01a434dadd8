package fr.isoloir.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import fr.isoloir.election.ElectionSettings;
import fr.isoloir.election.ElectionWindow;
import fr.isoloir.limits.VoterGuesses;
import fr.isoloir.postal.PostalCodeCredentialProvider;
import fr.isoloir.sending.VoterDelivery;
import fr.isoloir.voter.DeliveryChannel;
import fr.isoloir.voter.Voter;
import fr.isoloir.voter.VoterQueries;
import jakarta.persistence.EntityManager;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads the {@link Figures} of a realm with a few counting queries on Keycloak's JPA store (users'
 * attributes and credentials, login events, admin events), never loading the users themselves: the
 * dashboard costs the same at 100 or 100,000 voters in memory, and reads what every node shares.
 * Only reads.
 */
final class FigureQueries {

    /** French workplace elections: "today" is the Paris day. */
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    static final String SENDING_STATUS = VoterDelivery.STATUS;
    static final String SENDING_ERROR = VoterDelivery.ERROR;
    static final String LOCKED_OUT = VoterGuesses.LOCKED_OUT;
    /** StepEvents.success of the lost-identifier step: a new identifier went out. */
    static final String LOST_IDENTIFIER_SENT = "isoloir-lost_identifier";
    /** LostIdentifierAuthenticator's error when nothing was sent (no such contact, a limit reached). */
    static final String NOTHING_SENT = "isoloir_nothing_sent";
    /** PassphraseSeal's label: a password set in the login flow (a reset by an admin leaves no label). */
    static final String SEAL_PREFIX = "isoloir-seal-v1:";

    static final String LETTERS_PATH = "isoloir/postal-letters";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final EntityManager em;

    FigureQueries(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.em = VoterQueries.entityManager(session);
    }

    Figures read(Instant now) {
        Figures.Voters voters = voters();
        return new Figures(
                voters,
                delivery(voters),
                failureReasons(),
                letters(),
                passphrases(),
                logins(now),
                storedCount(EventType.LOGIN_ERROR, "e.error = :error", Map.of("error", LOCKED_OUT)),
                lostIdentifiers(),
                window(now));
    }

    private Figures.Voters voters() {
        Map<String, Long> byChannel = new TreeMap<>();
        for (Object[] row : em.createQuery(
                        "select lower(c.value), count(c) from UserAttributeEntity c, UserAttributeEntity n"
                                + " where c.user = n.user and c.name = :channel and n.name = :number and n.user.realmId = :realm"
                                + " group by lower(c.value)",
                        Object[].class)
                .setParameter("channel", Voter.CHANNEL)
                .setParameter("number", Voter.EMPLOYEE_NUMBER)
                .setParameter("realm", realm.getId())
                .getResultList()) {
            byChannel.put((String) row[0], (Long) row[1]);
        }
        long total = em.createQuery(
                        "select count(distinct n.user.id) from UserAttributeEntity n"
                                + " where n.name = :number and n.user.realmId = :realm",
                        Long.class)
                .setParameter("number", Voter.EMPLOYEE_NUMBER)
                .setParameter("realm", realm.getId())
                .getSingleResult();
        return new Figures.Voters(total, byChannel);
    }

    /** Per channel and status, the voters' own sending status (a voter on the list or not: sends target the channel). */
    private Map<String, Figures.Delivery> delivery(Figures.Voters voters) {
        Map<String, Map<String, Long>> counts = new HashMap<>();
        for (Object[] row : em.createQuery(
                        "select lower(c.value), s.value, count(s) from UserAttributeEntity s, UserAttributeEntity c"
                                + " where s.user = c.user and s.name = :status and c.name = :channel and s.user.realmId = :realm"
                                + " group by lower(c.value), s.value",
                        Object[].class)
                .setParameter("status", SENDING_STATUS)
                .setParameter("channel", Voter.CHANNEL)
                .setParameter("realm", realm.getId())
                .getResultList()) {
            counts.computeIfAbsent((String) row[0], k -> new HashMap<>()).put((String) row[1], (Long) row[2]);
        }
        Map<String, Figures.Delivery> delivery = new LinkedHashMap<>();
        for (DeliveryChannel channel : List.of(DeliveryChannel.EMAIL, DeliveryChannel.SMS)) {
            Map<String, Long> of = counts.getOrDefault(channel.attributeValue(), Map.of());
            long reached = of.values().stream().mapToLong(Long::longValue).sum();
            delivery.put(
                    channel.attributeValue(),
                    new Figures.Delivery(
                            of.getOrDefault("sent", 0L),
                            of.getOrDefault("failed", 0L),
                            of.getOrDefault("sending", 0L),
                            of.getOrDefault("pending", 0L),
                            Math.max(0, voters.on(channel.attributeValue()) - reached)));
        }
        return delivery;
    }

    /** Failed voters by channel and reason ("sms rejected (HTTP 400, Twilio 21211)"), most frequent first. */
    private Map<String, Map<String, Long>> failureReasons() {
        Map<String, Map<String, Long>> reasons = new TreeMap<>();
        for (Object[] row : em.createQuery(
                        "select lower(c.value), e.value, count(e) from UserAttributeEntity s,"
                                + " UserAttributeEntity c, UserAttributeEntity e where s.user = c.user and e.user = s.user"
                                + " and s.name = :status and s.value = 'failed' and c.name = :channel and e.name = :error"
                                + " and s.user.realmId = :realm group by lower(c.value), e.value order by count(e) desc",
                        Object[].class)
                .setParameter("status", SENDING_STATUS)
                .setParameter("channel", Voter.CHANNEL)
                .setParameter("error", SENDING_ERROR)
                .setParameter("realm", realm.getId())
                .getResultList()) {
            reasons.computeIfAbsent((String) row[0], k -> new LinkedHashMap<>()).put((String) row[1], (Long) row[2]);
        }
        return reasons;
    }

    private Figures.Letters letters() {
        long withCode = em.createQuery(
                        "select count(distinct c.user.id) from CredentialEntity c"
                                + " where c.type = :type and c.user.realmId = :realm",
                        Long.class)
                .setParameter("type", PostalCodeCredentialProvider.TYPE)
                .setParameter("realm", realm.getId())
                .getSingleResult();
        long waiting = em.createQuery(
                        "select count(c) from UserAttributeEntity c where c.name = :channel"
                                + " and lower(c.value) = 'postal' and c.user.realmId = :realm and not exists (select k from CredentialEntity k"
                                + " where k.user = c.user and k.type in (:types))",
                        Long.class)
                .setParameter("channel", Voter.CHANNEL)
                .setParameter("realm", realm.getId())
                .setParameter("types", List.of(PostalCodeCredentialProvider.TYPE, PasswordCredentialModel.TYPE))
                .getSingleResult();
        return new Figures.Letters(
                withCode, waiting, realm.isAdminEventsEnabled() ? Optional.of(exports()) : Optional.empty());
    }

    /** Each file handed out is one admin event carrying its number of codes (PostalLettersResource). */
    private Figures.Exports exports() {
        long files = 0;
        long codes = 0;
        Instant last = null;
        for (Object[] row : em.createQuery(
                        "select a.time, a.detailsJson from AdminEventEntity a where a.realmId = :realm"
                                + " and a.resourcePath = :path and a.operationType = 'ACTION' and a.error is null",
                        Object[].class)
                .setParameter("realm", realm.getId())
                .setParameter("path", LETTERS_PATH)
                .getResultList()) {
            JsonNode details = details((String) row[1]);
            if (!"postal_letters_exported".equals(details.path("isoloir_action").asText())) {
                continue;
            }
            files++;
            codes += details.path("codes").asLong();
            Instant at = Instant.ofEpochMilli((Long) row[0]);
            last = last == null || at.isAfter(last) ? at : last;
        }
        return new Figures.Exports(files, codes, Optional.ofNullable(last));
    }

    private static JsonNode details(String json) {
        try {
            return json == null ? JsonSerialization.mapper.nullNode() : JsonSerialization.mapper.readTree(json);
        } catch (IOException unreadable) {
            return JsonSerialization.mapper.nullNode();
        }
    }

    /** Voters whose password carries the login flow's seal (a password set another way does not open the account). */
    private long passphrases() {
        return em.createQuery(
                        "select count(distinct c.user.id) from CredentialEntity c where c.type = :type"
                                + " and c.userLabel like :seal and c.user.realmId = :realm",
                        Long.class)
                .setParameter("type", PasswordCredentialModel.TYPE)
                .setParameter("seal", SEAL_PREFIX + "%")
                .setParameter("realm", realm.getId())
                .getSingleResult();
    }

    private Figures.Logins logins(Instant now) {
        long midnight = ZonedDateTime.ofInstant(now, PARIS)
                .toLocalDate()
                .atStartOfDay(PARIS)
                .toInstant()
                .toEpochMilli();
        return new Figures.Logins(
                storedCount(EventType.LOGIN, "e.time >= :since", Map.of("since", midnight)),
                storedCount(EventType.LOGIN, null, Map.of()));
    }

    private Optional<Figures.LostIdentifiers> lostIdentifiers() {
        Optional<Long> sent = storedCount(
                EventType.CUSTOM_REQUIRED_ACTION,
                "e.detailsJson like :step",
                Map.of("step", "%\"" + LOST_IDENTIFIER_SENT + "\"%"));
        Optional<Long> nothing = storedCount(EventType.LOGIN_ERROR, "e.error = :error", Map.of("error", NOTHING_SENT));
        return sent.isPresent() && nothing.isPresent()
                ? Optional.of(new Figures.LostIdentifiers(sent.get(), nothing.get()))
                : Optional.empty();
    }

    /** How many stored events of this type (and condition) the realm has; empty when it does not store them. */
    private Optional<Long> storedCount(EventType type, String condition, Map<String, Object> parameters) {
        if (!stores(type)) {
            return Optional.empty();
        }
        var query = em.createQuery(
                        "select count(e) from EventEntity e where e.realmId = :realm and e.type = :type"
                                + (condition == null ? "" : " and " + condition),
                        Long.class)
                .setParameter("realm", realm.getId())
                .setParameter("type", type.name());
        parameters.forEach(query::setParameter);
        return Optional.of(query.getSingleResult());
    }

    /** Keycloak stores an event type when events are on and the type is enabled (none listed: the default types). */
    private boolean stores(EventType type) {
        if (!realm.isEventsEnabled()) {
            return false;
        }
        List<String> enabled = realm.getEnabledEventTypesStream().toList();
        return enabled.isEmpty() ? type.isSaveByDefault() : enabled.contains(type.name());
    }

    private Figures.Window window(Instant now) {
        ElectionWindow window = ElectionSettings.of(session, realm).window();
        return new Figures.Window(
                window.opensAt().map(Object::toString),
                window.closesAt().map(Object::toString),
                window.state(now).name().toLowerCase(java.util.Locale.ROOT));
    }
}
