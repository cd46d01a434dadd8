package fr.isoloir.voterlist;

import fr.isoloir.accesschange.Actor;
import fr.isoloir.jobs.JobView;
import fr.isoloir.rest.AdminEndpoint;
import fr.isoloir.rest.ContentTypeCheck;
import fr.isoloir.rest.ErrorResponse;
import fr.isoloir.rest.QueryFlag;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /admin/realms/{realm}/isoloir/voter-imports}: upload the voter list as CSV (the body, as is),
 * get the report (400 when the file has problems: nothing imported), the plan (dry run) or a started
 * import (202, then GET its status, or the list of the week's imports); pause, resume or cancel it. Every
 * call needs manage-users; every upload and control leaves an admin event.
 */
public final class VoterImportResource extends AdminEndpoint {

    public VoterImportResource(
            KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        super(session, realm, auth, adminEvent);
    }

    @POST
    @Consumes({"text/csv", MediaType.APPLICATION_OCTET_STREAM, MediaType.TEXT_PLAIN})
    @Produces(MediaType.APPLICATION_JSON)
    public Response upload(InputStream body, @Context UriInfo uriInfo, @Context HttpHeaders headers)
            throws IOException {
        auth.users().requireManage();
        Optional<Response> unreadable = ContentTypeCheck.refusal(headers);
        if (unreadable.isPresent()) {
            return unreadable.get();
        }
        Optional<Boolean> dryRunValue = QueryFlag.read(uriInfo, "dryRun");
        Optional<Boolean> removeAbsentValue = QueryFlag.read(uriInfo, "removeAbsent");
        if (dryRunValue.isEmpty() || removeAbsentValue.isEmpty()) {
            return QueryFlag.refused(dryRunValue.isEmpty() ? "dryRun" : "removeAbsent");
        }
        boolean dryRun = dryRunValue.get();
        boolean removeAbsent = removeAbsentValue.get();
        byte[] content = body == null ? new byte[0] : body.readNBytes(VoterImports.MAX_BYTES + 1);
        if (content.length > VoterImports.MAX_BYTES) {
            return ErrorResponse.of(
                    Response.Status.REQUEST_ENTITY_TOO_LARGE,
                    "file_too_large",
                    "The file is larger than " + VoterImports.MAX_BYTES / (1024 * 1024)
                            + " MB: split it, or remove columns the import does not use.");
        }
        VoterImports.Checked checked = VoterImports.check(session, realm, content);
        Map<String, Object> report = VoterImports.report(checked);
        if (!checked.file().valid()) {
            VoterImports.audit(adminEvent, "voter_import_refused", checked, null, removeAbsent, "rest");
            report.put("error", "invalid_file");
            report.put("error_description", checked.file().summary(3));
            return Response.status(Response.Status.BAD_REQUEST).entity(report).build();
        }
        if (!checked.plan().conflicts().isEmpty()) {
            VoterImports.audit(adminEvent, "voter_import_refused", checked, null, removeAbsent, "rest");
            report.put("error", "employee_number_conflict");
            report.put(
                    "error_description",
                    "Several users of the realm have the employee number "
                            + String.join(", ", checked.plan().conflicts())
                            + ": give each its own, then upload again.");
            return Response.status(Response.Status.CONFLICT).entity(report).build();
        }
        report.put("dryRun", dryRun);
        report.put("removeAbsent", removeAbsent);
        if (dryRun) {
            VoterImports.audit(adminEvent, "voter_import_dry_run", checked, null, removeAbsent, "rest");
            return Response.ok(report).build();
        }
        String jobId = VoterImportJob.start(
                session,
                realm,
                checked.plan(),
                checked.snapshot().usernames(),
                removeAbsent,
                new VoterImportJob.Origin(
                        checked.sha256(),
                        checked.size(),
                        Actor.of(adminEvent.getEvent().getAuthDetails())));
        if (jobId == null) {
            return ErrorResponse.of(
                    Response.Status.CONFLICT,
                    "import_running",
                    "Another voter import of this realm is running: wait for it to finish, then upload again.");
        }
        VoterImports.audit(adminEvent, "voter_import_started", checked, jobId, removeAbsent, "rest");
        URI status = uriInfo.getAbsolutePathBuilder().path(jobId).build();
        report.put("jobId", jobId);
        report.put("statusUrl", status.toString());
        return Response.accepted(report).location(status).build();
    }

    /** The realm's imports of the last week, newest first (the Espace gestionnaire follows the first). */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> list() {
        auth.users().requireManage();
        return VoterImportJob.recent(session, realm);
    }

    @GET
    @Path("{jobId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response status(@PathParam("jobId") String jobId) {
        auth.users().requireManage();
        return VoterImportJob.status(session, realm, jobId)
                .map(status -> Response.ok(status).build())
                .orElseGet(VoterImportResource::unknown);
    }

    @POST
    @Path("{jobId}/pause")
    @Produces(MediaType.APPLICATION_JSON)
    public Response pause(@PathParam("jobId") String jobId, @Context HttpHeaders headers) {
        return control(ImportControl.PAUSE, jobId, headers);
    }

    @POST
    @Path("{jobId}/resume")
    @Produces(MediaType.APPLICATION_JSON)
    public Response resume(@PathParam("jobId") String jobId, @Context HttpHeaders headers) {
        return control(ImportControl.RESUME, jobId, headers);
    }

    @POST
    @Path("{jobId}/cancel")
    @Produces(MediaType.APPLICATION_JSON)
    public Response cancel(@PathParam("jobId") String jobId, @Context HttpHeaders headers) {
        return control(ImportControl.CANCEL, jobId, headers);
    }

    /**
     * Pause, resume or cancel: 200 with the status once the import stands where the control leads, 409 when
     * its state does not allow it (say, resume of a running import, anything on an ended one), 404 when the
     * realm has no such import. The change commits before the answer (its own transaction), so the runner's
     * next chunk sees it on any node.
     */
    private Response control(ImportControl control, String jobId, HttpHeaders headers) {
        auth.users().requireManage();
        Optional<Response> unreadable = ContentTypeCheck.refusal(headers);
        if (unreadable.isPresent()) {
            return unreadable.get();
        }
        Optional<VoterImportJob.Controlled> outcome = VoterImportJob.control(session, realm, control, jobId);
        if (outcome.isEmpty()) {
            return unknown();
        }
        JobView after = outcome.get().after();
        if (!control.allowedFrom(outcome.get().before()) || !control.reached(after.state())) {
            // Not a state this control starts from, or another request (another manager, node) changed it first.
            return ErrorResponse.of(Response.Status.CONFLICT, control.refusal(after.state()));
        }
        VoterImports.auditControl(adminEvent, control.action, after);
        return Response.ok(outcome.get().status()).build();
    }

    private static Response unknown() {
        return ErrorResponse.of(
                Response.Status.NOT_FOUND,
                "unknown_import",
                "No import with this id in this realm (statuses are kept a week after the import ends).");
    }
}
