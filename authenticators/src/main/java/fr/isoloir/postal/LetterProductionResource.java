package fr.isoloir.postal;

import fr.isoloir.jobs.JobState;
import fr.isoloir.jobs.JobView;
import fr.isoloir.jobs.Jobs;
import fr.isoloir.rest.AdminEndpoint;
import fr.isoloir.rest.ContentTypeCheck;
import fr.isoloir.rest.ErrorResponse;
import fr.isoloir.rest.QueryFlag;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /admin/realms/{realm}/isoloir/postal-letter-productions}: the postal letters of every postal voter
 * as a durable job ({@link LetterProduction}). {@code GET plan}: how many letters a production would make;
 * {@code POST} starts one (202; 409 and a warning when voters already hold a code, unless
 * {@code ?confirm=true}; 400 without a usable printer key: nothing changes); {@code GET} the latest,
 * {@code GET {id}} its progress; {@code GET {id}/file} the zip of encrypted parts for the printer, once ended;
 * {@code DELETE {id}/file} deletes it; {@code POST {id}/cancel} stops it (batches done keep their new codes
 * and their parts). Everything needs manage-users; every change and every download is an admin event.
 */
public final class LetterProductionResource extends AdminEndpoint {

    static final String ZIP = "application/zip";

    public LetterProductionResource(
            KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        super(session, realm, auth, adminEvent);
    }

    /** What a production would do now, and whether the printer's key allows one: the page shows it first. */
    @GET
    @Path("plan")
    @Produces(MediaType.APPLICATION_JSON)
    public Response plan() {
        auth.users().requireManage();
        PrinterKey.Parsed printer = PrinterKey.of(realm);
        Map<String, Object> body = new LinkedHashMap<>(LetterProduction.plan(session, realm));
        body.put("printerKey", printer.key().map(PrinterKey::fingerprint).orElse(null));
        body.put(
                "printerKeyProblem",
                printer.key().isPresent() ? null : new PostalLetters.NoPrinterKey(printer.problem()).message());
        return Response.ok(body).build();
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response start(@Context UriInfo uriInfo, @Context HttpHeaders headers) {
        auth.users().requireManage();
        Optional<Response> unreadable = ContentTypeCheck.refusal(headers);
        if (unreadable.isPresent()) {
            return unreadable.get();
        }
        Optional<Boolean> confirm = QueryFlag.read(uriInfo, "confirm");
        if (confirm.isEmpty()) {
            return QueryFlag.refused("confirm");
        }
        PrinterKey.Parsed printer = PrinterKey.of(realm);
        if (printer.key().isEmpty()) {
            return ErrorResponse.of(
                    Response.Status.BAD_REQUEST,
                    "no_printer_key",
                    new PostalLetters.NoPrinterKey(printer.problem()).message());
        }
        Optional<Runnable> unlock = LetterProduction.lock(session, realm);
        if (unlock.isEmpty()) {
            return alreadyRunning(Jobs.running(session, realm.getId(), LetterProduction.KIND)
                    .map(JobView::id)
                    .orElse(null));
        }
        PostalLetters.Scan scan;
        try {
            scan = PostalLetters.scan(session.getKeycloakSessionFactory(), realm.getId());
        } catch (RuntimeException e) {
            unlock.get().run();
            throw e;
        }
        if (scan.userIds().isEmpty()) {
            unlock.get().run();
            return ErrorResponse.of(
                    Response.Status.CONFLICT,
                    "no_postal_voter",
                    "No postal voter without a passphrase: no letter to produce. / Aucun électeur par courrier "
                            + "sans phrase de passe : aucun courrier à produire.");
        }
        if (scan.withCode() > 0 && !confirm.get()) {
            unlock.get().run();
            PostalLetters.NeedsConfirmation needs = new PostalLetters.NeedsConfirmation(
                    scan.withCode(), scan.userIds().size(), scan.skipped());
            Map<String, Object> body = ErrorResponse.body("codes_already_issued", needs.warning());
            body.put("votersWithCode", needs.withCode());
            body.put("letters", needs.letters());
            body.put("skipped", needs.skipped());
            return ErrorResponse.of(Response.Status.CONFLICT, body);
        }
        JobView job;
        try {
            job = LetterProduction.start(session, realm, scan, printer.key().get(), unlock.get());
        } catch (RuntimeException e) {
            unlock.get().run(); // at once, not after the lock's timeout
            throw e;
        }
        PostalLettersResource.event(
                adminEvent,
                "postal_letters_started",
                Map.of(
                        "job",
                        job.id(),
                        "letters",
                        Integer.toString(scan.userIds().size()),
                        "voters_with_code",
                        Integer.toString(scan.withCode()),
                        "printer_key",
                        printer.key().get().fingerprint()));
        URI status = uriInfo.getAbsolutePathBuilder().path(job.id()).build();
        return Response.accepted(LetterProduction.status(session, job))
                .location(status)
                .build();
    }

    /** The latest production, as a list of none or one (the sending page's shape). */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response latest() {
        auth.users().requireManage();
        return Response.ok(LetterProduction.latest(session, realm)
                        .map(job -> List.of(LetterProduction.status(session, job)))
                        .orElse(List.of()))
                .build();
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response status(@PathParam("id") String id) {
        auth.users().requireManage();
        return find(id).map(job ->
                        Response.ok(LetterProduction.status(session, job)).build())
                .orElseGet(LetterProductionResource::unknown);
    }

    /**
     * The zip for the printer, streamed a few parts at a time (each page read in a transaction of its own).
     * Kept after the download (a download can break halfway): the manager deletes it once the printer has it.
     */
    @GET
    @Path("{id}/file")
    @Produces({ZIP, MediaType.APPLICATION_JSON})
    public Response file(@PathParam("id") String id) {
        auth.users().requireManage();
        Optional<JobView> found = find(id);
        if (found.isEmpty()) {
            return unknown();
        }
        JobView job = found.get();
        if (!job.state().ended()) {
            return ErrorResponse.of(
                    Response.Status.CONFLICT,
                    "not_ended",
                    "The letters are still being produced: download the file once the production has ended. / "
                            + "Les courriers sont en cours de production : téléchargez le fichier une fois terminée.");
        }
        long[] parts = LetterParts.count(session, id);
        if (parts[0] == 0) {
            return ErrorResponse.of(
                    Response.Status.GONE,
                    "file_deleted",
                    "This production's file was deleted (or it made no letter). / Le fichier de cette production a "
                            + "été supprimé (ou elle n'a produit aucun courrier).");
        }
        PostalLettersResource.event(
                adminEvent,
                "postal_letters_exported",
                Map.of(
                        "codes",
                        Long.toString(parts[1]),
                        "parts",
                        Long.toString(parts[0]),
                        "job",
                        id,
                        "printer_key",
                        String.valueOf(job.details().get(LetterProduction.PRINTER_KEY)),
                        "scope",
                        "production"));
        String readme = LetterProduction.readme(job, parts[0]);
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        StreamingOutput zip = out -> LetterParts.writeZip(factory, id, readme, out);
        return Response.ok(zip, ZIP)
                .header("Content-Disposition", "attachment; filename=\"" + LetterProduction.FILE_NAME + "\"")
                .header("Cache-Control", "no-store")
                .header("X-Isoloir-Letters", parts[1])
                .header("X-Isoloir-Parts", parts[0])
                .build();
    }

    /** Deletes the file (its parts); the production's status stays (no personal data in it). */
    @DELETE
    @Path("{id}/file")
    @Produces(MediaType.APPLICATION_JSON)
    public Response deleteFile(@PathParam("id") String id) {
        auth.users().requireManage();
        Optional<JobView> job = find(id);
        if (job.isEmpty()) {
            return unknown();
        }
        if (!job.get().state().ended()) {
            return ErrorResponse.of(
                    Response.Status.CONFLICT,
                    "not_ended",
                    "Cancel the production first, or wait until it ends. / Annulez d'abord la production, ou "
                            + "attendez qu'elle se termine.");
        }
        int deleted = LetterParts.delete(session, id);
        PostalLettersResource.event(
                adminEvent, "postal_letters_file_deleted", Map.of("job", id, "parts", Integer.toString(deleted)));
        return Response.noContent().build();
    }

    /**
     * Stops the production: the batches not yet done are dropped, the voters in them keep their earlier code
     * (or none); the batches done keep their new codes and their parts, downloadable.
     */
    @POST
    @Path("{id}/cancel")
    @Produces(MediaType.APPLICATION_JSON)
    public Response cancel(@PathParam("id") String id) {
        auth.users().requireManage();
        Optional<JobView> before = find(id);
        if (before.isEmpty()) {
            return unknown();
        }
        if (before.get().state().ended()) {
            return ErrorResponse.of(
                    Response.Status.CONFLICT,
                    "job_ended",
                    "This production has already ended. / Cette production est déjà terminée.");
        }
        JobView after = LetterProduction.cancel(session, realm, id).orElseThrow();
        if (after.state() != JobState.CANCELLED) {
            return ErrorResponse.of(
                    Response.Status.CONFLICT,
                    "job_ended",
                    "This production has already ended. / Cette production est déjà terminée.");
        }
        PostalLettersResource.event(adminEvent, "postal_letters_cancelled", Map.of("job", id));
        return Response.ok(LetterProduction.status(session, after)).build();
    }

    private Optional<JobView> find(String id) {
        return Jobs.find(session, realm.getId(), LetterProduction.KIND, id);
    }

    private static Response unknown() {
        return ErrorResponse.of(
                Response.Status.NOT_FOUND,
                "unknown_production",
                "No letter production with this id in this realm (kept a week after it ends). / Aucune production "
                        + "de courriers avec cet identifiant.");
    }

    private static Response alreadyRunning(String id) {
        Map<String, Object> body = ErrorResponse.body(
                "production_running",
                "A letter production of this realm is running: wait for it to end. / Une production de courriers "
                        + "est en cours : attendez qu'elle se termine.");
        body.put("id", id);
        return ErrorResponse.of(Response.Status.CONFLICT, body);
    }
}
