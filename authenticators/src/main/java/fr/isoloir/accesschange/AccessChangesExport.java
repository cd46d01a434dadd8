package fr.isoloir.accesschange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.isoloir.postal.MailMergeCsv;
import fr.isoloir.voter.VoterQueries;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /admin/realms/{realm}/isoloir/access-changes.csv}: the realm's whole trail of voters'
 * access changes ({@link AccessTrail}) and, as "configuration change" rows, Keycloak's admin events on
 * what protects every voter (authentication flows and steps, required actions, the realm and its
 * attributes such as the printer key, components such as keys, clients, identity providers, the user
 * profile): type, operation, path, who and when, never the representation. Oldest first, for the
 * independent expert. Requires view-events (the auditor's right; manage-users alone gets 403). The file
 * is the mail-merge kind (UTF-8 with a BOM, {@code ;}, every cell neutralised against formulas by
 * {@link MailMergeCsv}), written page by page as the events are read, so a big election's trail is never
 * held whole; pages follow (time, id), so rows written in the same millisecond are neither repeated nor
 * skipped between pages. The export is itself an admin event.
 */
public final class AccessChangesExport {

    static final List<String> HEADER = List.of(
            "time (UTC)",
            "voter id",
            "what",
            "old (masked)",
            "new (masked)",
            "by",
            "admin user id",
            "admin IP address",
            "notice sent to (masked)",
            "resource type",
            "operation",
            "resource path");
    static final String CONFIGURATION_CHANGE = "configuration change";
    /** Keycloak's admin-event resource types that change how every voter logs in or what protects them. */
    static final List<String> CONFIGURATION = List.of(
            "REALM",
            "AUTH_FLOW",
            "AUTH_EXECUTION_FLOW",
            "AUTH_EXECUTION",
            "AUTHENTICATOR_CONFIG",
            "REQUIRED_ACTION",
            "COMPONENT",
            "CLIENT",
            "CLIENT_SCOPE",
            "PROTOCOL_MAPPER",
            "IDENTITY_PROVIDER",
            "IDENTITY_PROVIDER_MAPPER",
            "USER_PROFILE",
            "USER_FEDERATION_PROVIDER",
            "USER_FEDERATION_MAPPER");

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Events read per query. */
    private static final int PAGE = 500;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    public AccessChangesExport(
            KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    @GET
    @Produces({"text/csv", MediaType.APPLICATION_JSON})
    public Response export() {
        auth.realm().requireViewEvents();
        if (!realm.isAdminEventsEnabled()) {
            return Response.status(Response.Status.CONFLICT)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Map.of(
                            "error",
                            "admin_events_disabled",
                            "error_description",
                            "This realm does not store admin events (Realm settings, Events, Admin events settings), "
                                    + "so it has no trail of voters' access changes to export. Turn them on; changes "
                                    + "made while they were off were not recorded."))
                    .build();
        }
        adminEvent
                .resource("USER")
                .operation(OperationType.ACTION)
                .resourcePath("isoloir", "access-changes")
                .detail("isoloir_action", "access_changes_exported")
                .success();
        String realmId = realm.getId();
        StreamingOutput csv = out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            writer.write(MailMergeCsv.BOM);
            writer.write(MailMergeCsv.line(HEADER));
            EntityManager em = VoterQueries.entityManager(session);
            long time = Long.MIN_VALUE;
            String id = "";
            while (true) {
                List<Stored> page = em.createQuery(
                                "select e.id, e.time, e.resourceType, e.operationType, e.authUserId, "
                                        + "e.authIpAddress, e.resourcePath, e.detailsJson from AdminEventEntity e where e.realmId = :realm "
                                        + "and (e.time > :time or (e.time = :time and e.id > :id)) "
                                        + "and ((e.operationType = 'ACTION' and e.resourcePath like :trail) "
                                        + "or (e.resourceType in :configuration and e.error is null)) "
                                        + "order by e.time, e.id",
                                Object[].class)
                        .setParameter("realm", realmId)
                        .setParameter("time", time)
                        .setParameter("id", id)
                        .setParameter("trail", "users/%/" + AccessTrail.RESOURCE)
                        .setParameter("configuration", CONFIGURATION)
                        .setMaxResults(PAGE)
                        .getResultStream()
                        .map(Stored::of)
                        .toList();
                for (Stored event : page) {
                    writer.write(MailMergeCsv.line(row(event)));
                    time = event.time();
                    id = event.id();
                }
                writer.flush();
                if (page.size() < PAGE) {
                    break;
                }
            }
        };
        return Response.ok(csv, "text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"access-changes-" + realm.getName() + ".csv\"")
                .build();
    }

    /** The columns of Keycloak's stored admin event that the export reads (never the representation). */
    record Stored(
            String id,
            long time,
            String resourceType,
            String operation,
            String adminUserId,
            String adminIp,
            String path,
            String detailsJson) {
        static Stored of(Object[] columns) {
            return new Stored(
                    (String) columns[0],
                    ((Number) columns[1]).longValue(),
                    (String) columns[2],
                    (String) columns[3],
                    (String) columns[4],
                    (String) columns[5],
                    (String) columns[6],
                    (String) columns[7]);
        }
    }

    static List<String> row(Stored event) {
        String path = nonNull(event.path());
        List<String> where = List.of(nonNull(event.resourceType()), nonNull(event.operation()), path);
        List<String> who = List.of(nonNull(event.adminUserId()), nonNull(event.adminIp()));
        String when = Instant.ofEpochMilli(event.time()).toString();
        if (!path.endsWith("/" + AccessTrail.RESOURCE)) {
            return concat(List.of(when, "", CONFIGURATION_CHANGE, "", "", ""), who, List.of(""), where);
        }
        Map<String, String> details = details(event.detailsJson());
        String voterId = path.substring("users/".length(), path.length() - AccessTrail.RESOURCE.length() - 1);
        return concat(
                List.of(
                        when,
                        voterId,
                        details.getOrDefault("what", ""),
                        details.getOrDefault("old", ""),
                        details.getOrDefault("new", ""),
                        details.getOrDefault("by", "")),
                who,
                List.of(details.getOrDefault("notice_to", "")),
                where);
    }

    private static Map<String, String> details(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<Map<String, String>>() {});
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        return java.util.Arrays.stream(parts).flatMap(List::stream).toList();
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
