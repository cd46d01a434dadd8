package fr.isoloir.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import fr.isoloir.election.ElectionSettings;
import fr.isoloir.election.ElectionWindow;
import fr.isoloir.events.StepEvents;
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
 * Reads the {@link Figures} of a realm with a fixed handful of counting queries on Keycloak's JPA store,
 * never loading the users themselves, so that a load costs the same number of round trips at 100 or
 * 100,000 voters: the voters by channel (1), their sending status with the failures' reasons (1), the
 * letter codes and sealed passphrases (1), the postal voters still without a letter (1) and, for an
 * admin who may read events, the letter files (1, admin events) and every event figure in one GROUP BY
 * on the event table's indexed realm column (1). Before: 13 queries, two of them a LIKE over details.
 * Reads what every node shares; only reads.
 */
final class FigureQueries {

    /** French workplace elections: "today" is the Paris day, as the voters' pages state times. */
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    static final String SENDING_STATUS = VoterDelivery.STATUS;
    static final String SENDING_ERROR = VoterDelivery.ERROR;
    static final String LOCKED_OUT = VoterGuesses.LOCKED_OUT;
    /**
     * The lost-identifier step's success: a new identifier went out ({@link StepEvents}). In an election
     * realm the reset-credentials flow is the lost-identifier flow, so nothing else writes this type.
     */
    static final EventType LOST_IDENTIFIER_SENT = StepEvents.Step.LOST_IDENTIFIER.successType();
    /**
     * LostIdentifierAuthenticator's error when nothing was sent (no such contact, a limit reached): a
     * RESET_PASSWORD_ERROR, as the lost-identifier flow is Keycloak's reset-credentials flow.
     */
    static final String NOTHING_SENT = "isoloir_nothing_sent";
    /**
     * PassphraseSeal's label prefix: a password set in the login flow (a reset by an admin leaves no
     * label). The seal is an HMAC, different for every credential: there is no whole value to compare,
     * and a prefix is what a count can check (the login checks the HMAC itself).
     */
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

    /** @param eventFigures whether to read the event stores (the admin may view events) */
    Figures read(Instant now, boolean eventFigures) {
        Figures.Voters voters = voters();
        Map<String, Map<String, Map<String, Long>>> sending = sending();
        long[] credentials = credentials();
        EventCounts events = eventFigures ? events(now) : EventCounts.NONE;
        return new Figures(
                voters,
                delivery(voters, sending),
                failureReasons(sending),
                new Figures.Letters(
                        credentials[0],
                        postalWithoutLetter(),
                        eventFigures && realm.isAdminEventsEnabled() ? Optional.of(exports()) : Optional.empty()),
                credentials[1],
                new Figures.Logins(events.loginsToday, events.logins),
                events.lockouts,
                events.lostIdentifiers,
                window(now),
                eventFigures);
    }

    /** Voters on the list (users with an employee number) by channel, those without one under null: one query. */
    private Figures.Voters voters() {
        Map<String, Long> byChannel = new TreeMap<>();
        long total = 0;
        for (Object[] row : em.createQuery(
                        "select lower(c.value), count(n) from UserAttributeEntity n"
                                + " left join UserAttributeEntity c on c.user = n.user and c.name = :channel"
                                + " where n.name = :number and n.user.realmId = :realm group by lower(c.value)",
                        Object[].class)
                .setParameter("channel", Voter.CHANNEL)
                .setParameter("number", Voter.EMPLOYEE_NUMBER)
                .setParameter("realm", realm.getId())
                .getResultList()) {
            long count = (Long) row[1];
            total += count;
            if (row[0] != null) {
                byChannel.put((String) row[0], count);
            }
        }
        return new Figures.Voters(total, byChannel);
    }

    /**
     * Channel, then sending status, then failure reason (none but for failed voters), with their number of
     * voters: one query for the sending table and the failures' reasons.
     */
    private Map<String, Map<String, Map<String, Long>>> sending() {
        Map<String, Map<String, Map<String, Long>>> counts = new HashMap<>();
        for (Object[] row : em.createQuery(
                        "select lower(c.value), s.value, e.value, count(s) from UserAttributeEntity s"
                                + " join UserAttributeEntity c on c.user = s.user and c.name = :channel"
                                + " left join UserAttributeEntity e on e.user = s.user and e.name = :error and s.value = 'failed'"
                                + " where s.name = :status and s.user.realmId = :realm"
                                + " group by lower(c.value), s.value, e.value",
                        Object[].class)
                .setParameter("status", SENDING_STATUS)
                .setParameter("channel", Voter.CHANNEL)
                .setParameter("error", SENDING_ERROR)
                .setParameter("realm", realm.getId())
                .getResultList()) {
            counts.computeIfAbsent((String) row[0], k -> new HashMap<>())
                    .computeIfAbsent((String) row[1], k -> new HashMap<>())
                    .merge(String.valueOf(row[2]), (Long) row[3], Long::sum);
        }
        return counts;
    }

    /** Per channel and status, the voters' own sending status (a voter on the list or not: sends target the channel). */
    private static Map<String, Figures.Delivery> delivery(
            Figures.Voters voters, Map<String, Map<String, Map<String, Long>>> sending) {
        Map<String, Figures.Delivery> delivery = new LinkedHashMap<>();
        for (DeliveryChannel channel : List.of(DeliveryChannel.EMAIL, DeliveryChannel.SMS)) {
            Map<String, Long> of = new HashMap<>();
            sending.getOrDefault(channel.attributeValue(), Map.of())
                    .forEach((status, reasons) -> of.put(
                            status,
                            reasons.values().stream().mapToLong(Long::longValue).sum()));
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
    private static Map<String, Map<String, Long>> failureReasons(Map<String, Map<String, Map<String, Long>>> sending) {
        Map<String, Map<String, Long>> reasons = new TreeMap<>();
        sending.forEach((channel, statuses) -> {
            Map<String, Long> failed = new HashMap<>(statuses.getOrDefault("failed", Map.of()));
            failed.remove("null"); // a failed voter without a recorded reason counts in the table, not here
            if (failed.isEmpty()) {
                return;
            }
            Map<String, Long> ordered = new LinkedHashMap<>();
            failed.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue()
                            .reversed()
                            .thenComparing(Map.Entry.comparingByKey()))
                    .forEach(e -> ordered.put(e.getKey(), e.getValue()));
            reasons.put(channel, ordered);
        });
        return reasons;
    }

    /**
     * Voters holding a letter code, and voters whose password carries the login flow's seal (a password
     * set another way does not open the account): one pass over the realm's credentials of these types.
     */
    private long[] credentials() {
        Object[] row = em.createQuery(
                        "select count(distinct case when k.type = :postal then k.user.id end),"
                                + " count(distinct case when k.type = :password and k.userLabel like :seal then k.user.id end)"
                                + " from CredentialEntity k where k.user.realmId = :realm and k.type in (:postal, :password)",
                        Object[].class)
                .setParameter("postal", PostalCodeCredentialProvider.TYPE)
                .setParameter("password", PasswordCredentialModel.TYPE)
                .setParameter("seal", SEAL_PREFIX + "%")
                .setParameter("realm", realm.getId())
                .getSingleResult();
        return new long[] {((Number) row[0]).longValue(), ((Number) row[1]).longValue()};
    }

    /** Postal voters with neither a letter code nor a passphrase: their letter is still to produce. */
    private long postalWithoutLetter() {
        return em.createQuery(
                        "select count(c) from UserAttributeEntity c where c.name = :channel"
                                + " and lower(c.value) = 'postal' and c.user.realmId = :realm and not exists (select k from CredentialEntity k"
                                + " where k.user = c.user and k.type in (:types))",
                        Long.class)
                .setParameter("channel", Voter.CHANNEL)
                .setParameter("realm", realm.getId())
                .setParameter("types", List.of(PostalCodeCredentialProvider.TYPE, PasswordCredentialModel.TYPE))
                .getSingleResult();
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

    /**
     * Every event figure in one query: the realm's LOGIN and lost-identifier successes by type, its
     * lockouts and lost-identifier refusals by error code, each also counted from this Paris midnight.
     * It groups on the type and error columns within the realm (EVENT_ENTITY's index on REALM_ID and
     * EVENT_TIME), reading no details. A figure whose event type the realm does not store stays empty.
     */
    private EventCounts events(Instant now) {
        if (!realm.isEventsEnabled()) {
            return EventCounts.NONE;
        }
        long midnight = ZonedDateTime.ofInstant(now, PARIS)
                .toLocalDate()
                .atStartOfDay(PARIS)
                .toInstant()
                .toEpochMilli();
        long logins = 0;
        long loginsToday = 0;
        long lockouts = 0;
        long sent = 0;
        long nothingSent = 0;
        for (Object[] row : em.createQuery(
                        "select e.type, e.error, count(e), sum(case when e.time >= :midnight then 1 else 0 end)"
                                + " from EventEntity e where e.realmId = :realm"
                                + " and (e.type in (:types) or e.error in (:errors)) group by e.type, e.error",
                        Object[].class)
                .setParameter("realm", realm.getId())
                .setParameter("midnight", midnight)
                .setParameter("types", List.of(EventType.LOGIN.name(), LOST_IDENTIFIER_SENT.name()))
                .setParameter("errors", List.of(LOCKED_OUT, NOTHING_SENT))
                .getResultList()) {
            String type = (String) row[0];
            String error = (String) row[1];
            long count = ((Number) row[2]).longValue();
            if (LOCKED_OUT.equals(error)) {
                lockouts += count;
            } else if (NOTHING_SENT.equals(error)) {
                nothingSent += count;
            } else if (EventType.LOGIN.name().equals(type)) {
                logins += count;
                loginsToday += row[3] == null ? 0 : ((Number) row[3]).longValue();
            } else if (LOST_IDENTIFIER_SENT.name().equals(type)) {
                sent += count;
            }
        }
        boolean lostStored = stores(LOST_IDENTIFIER_SENT) && stores(EventType.RESET_PASSWORD_ERROR);
        return new EventCounts(
                stores(EventType.LOGIN) ? Optional.of(loginsToday) : Optional.empty(),
                stores(EventType.LOGIN) ? Optional.of(logins) : Optional.empty(),
                stores(EventType.LOGIN_ERROR) ? Optional.of(lockouts) : Optional.empty(),
                lostStored ? Optional.of(new Figures.LostIdentifiers(sent, nothingSent)) : Optional.empty());
    }

    /** The event figures as read (all empty: not read, or not stored). */
    private record EventCounts(
            Optional<Long> loginsToday,
            Optional<Long> logins,
            Optional<Long> lockouts,
            Optional<Figures.LostIdentifiers> lostIdentifiers) {
        static final EventCounts NONE =
                new EventCounts(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Keycloak stores an event type when events are on and the type is enabled (none listed: the default types). */
    private boolean stores(EventType type) {
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
