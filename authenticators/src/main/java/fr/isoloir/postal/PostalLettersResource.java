package fr.isoloir.postal;

import fr.isoloir.admin.ContentTypeCheck;
import fr.isoloir.admin.QueryFlag;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /admin/realms/{realm}/isoloir/postal-letters}: new connection codes for every postal voter
 * and the mail-merge file that carries them, returned as the response (a download). Requires
 * manage-users. When some voters already hold a code, answers 409 with a warning unless
 * {@code ?confirm=true}: the codes of the earlier letters stop working.
 */
public final class PostalLettersResource {

    static final String FILE_NAME = "isoloir-postal-letters.csv";
    static final String CSV_TYPE = "text/csv; charset=UTF-8";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    public PostalLettersResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                                 AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    @POST
    @Produces({CSV_TYPE, MediaType.APPLICATION_JSON})
    public Response export(@Context UriInfo uriInfo, @Context HttpHeaders headers) {
        auth.users().requireManage();
        Optional<Response> unreadable = ContentTypeCheck.refusal(headers);
        if (unreadable.isPresent()) {
            return unreadable.get();
        }
        Optional<Boolean> confirmValue = QueryFlag.read(uriInfo, "confirm");
        if (confirmValue.isEmpty()) {
            return QueryFlag.refused("confirm");
        }
        boolean confirm = confirmValue.get();
        PostalLetters.Result result = PostalLetters.produce(session, realm, confirm);
        return switch (result) {
            case PostalLetters.NeedsConfirmation needs -> Response.status(Response.Status.CONFLICT)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Map.of("error", "codes_already_issued", "error_description", needs.warning(),
                            "votersWithCode", needs.withCode(), "letters", needs.letters(), "skipped", needs.skipped()))
                    .build();
            case PostalLetters.Failed failed -> {
                event(adminEvent, "postal_letters_failed", Map.of("codesChanged", Integer.toString(failed.codesChanged())));
                yield Response.serverError().type(MediaType.APPLICATION_JSON_TYPE)
                        .entity(Map.of("error", "export_failed", "error_description", failed.message())).build();
            }
            case PostalLetters.Produced produced -> {
                event(adminEvent, "postal_letters_exported", details(produced, "rest"));
                yield Response.ok(produced.csv(), CSV_TYPE)
                        .header("Content-Disposition", "attachment; filename=\"" + FILE_NAME + "\"")
                        .header("Cache-Control", "no-store")
                        .header("X-Isoloir-Letters", produced.letters())
                        .header("X-Isoloir-Skipped", produced.skipped())
                        .header("X-Isoloir-Sha256", produced.sha256())
                        .build();
            }
        };
    }

    /** What the admin event says of an export: counts and the file's hash, never a code. */
    static Map<String, String> details(PostalLetters.Produced produced, String via) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("codes", Integer.toString(produced.letters()));
        details.put("replaced", Integer.toString(produced.replaced()));
        details.put("skipped_passphrase_set", Integer.toString(produced.skipped()));
        details.put("csv_sha256", produced.sha256());
        details.put("via", via);
        return details;
    }

    static void event(AdminEventBuilder adminEvent, String action, Map<String, String> details) {
        AdminEventBuilder event = adminEvent.operation(OperationType.ACTION).resourcePath("isoloir", "postal-letters")
                .detail("isoloir_action", action);
        details.forEach(event::detail);
        event.success();
    }
}
