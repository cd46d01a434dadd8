package fr.isoloir.accesschange;

import fr.isoloir.postal.MailMergeCsv;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.keycloak.events.EventStoreProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
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
 * access changes ({@link AccessTrail}), oldest first, for the independent expert. Requires view-events
 * (the auditor's right; manage-users alone gets 403). The file is the mail-merge kind (UTF-8 with a
 * BOM, {@code ;}, every cell neutralised against formulas by {@link MailMergeCsv}), written page by page
 * as the events are read, so a big election's trail is never held whole. The export is itself an admin event.
 */
public final class AccessChangesExport {

    static final List<String> HEADER = List.of("time (UTC)", "voter id", "what", "old (masked)", "new (masked)", "by",
            "admin user id", "admin IP address", "notice sent to (masked)");
    /** Events read per query. */
    private static final int PAGE = 500;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    public AccessChangesExport(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                               AdminEventBuilder adminEvent) {
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
            return Response.status(Response.Status.CONFLICT).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Map.of("error", "admin_events_disabled", "error_description",
                            "This realm does not store admin events (Realm settings, Events, Admin events settings), "
                                    + "so it has no trail of voters' access changes to export. Turn them on; changes "
                                    + "made while they were off were not recorded.")).build();
        }
        adminEvent.resource("USER").operation(OperationType.ACTION).resourcePath("isoloir", "access-changes")
                .detail("isoloir_action", "access_changes_exported").success();
        String realmId = realm.getId();
        StreamingOutput csv = out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            writer.write(MailMergeCsv.BOM);
            writer.write(MailMergeCsv.line(HEADER));
            EventStoreProvider events = session.getProvider(EventStoreProvider.class);
            for (int first = 0; ; first += PAGE) {
                List<AdminEvent> page = events.createAdminQuery().realm(realmId).resourceType(ResourceType.USER)
                        .operation(OperationType.ACTION).resourcePath("users/*/" + AccessTrail.RESOURCE)
                        .orderByAscTime().firstResult(first).maxResults(PAGE).getResultStream().toList();
                for (AdminEvent event : page) {
                    writer.write(MailMergeCsv.line(row(event)));
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

    static List<String> row(AdminEvent event) {
        Map<String, String> details = event.getDetails() == null ? Map.of() : event.getDetails();
        AuthDetails by = event.getAuthDetails();
        String path = event.getResourcePath();
        String voterId = path.substring("users/".length(), path.length() - AccessTrail.RESOURCE.length() - 1);
        return List.of(Instant.ofEpochMilli(event.getTime()).toString(), voterId, details.getOrDefault("what", ""),
                details.getOrDefault("old", ""), details.getOrDefault("new", ""), details.getOrDefault("by", ""),
                by == null || by.getUserId() == null ? "" : by.getUserId(),
                by == null || by.getIpAddress() == null ? "" : by.getIpAddress(), details.getOrDefault("notice_to", ""));
    }
}
