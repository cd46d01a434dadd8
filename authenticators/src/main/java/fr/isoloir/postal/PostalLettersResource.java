package fr.isoloir.postal;

import fr.isoloir.rest.AdminEndpoint;
import fr.isoloir.rest.ContentTypeCheck;
import fr.isoloir.rest.ErrorResponse;
import fr.isoloir.rest.QueryFlag;
import fr.isoloir.voter.DeliveryChannel;
import fr.isoloir.voter.Voter;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /admin/realms/{realm}/isoloir/postal-letters}: new connection codes for every postal voter
 * and the mail-merge file that carries them, encrypted to the printer's OpenPGP key and returned as the
 * response ({@value #FILE_NAME}): the manager downloads it with their own bearer token and hands it to the
 * printer, who alone can read it. Requires manage-users; {@code ?voter={userId}} gives one voter's letter
 * alone (a reprint). When some voters already hold a code, answers 409 with a warning unless
 * {@code ?confirm=true}: the codes of the earlier letters stop working. Without a usable printer key,
 * 400 and nothing changes. Each file handed out is an admin event in the name of the manager who asked
 * (Keycloak records their user, client and IP address) with the count and the ciphertext's SHA-256.
 */
public final class PostalLettersResource extends AdminEndpoint {

    /** Binary OpenPGP (not armoured): a third smaller for 100,000 letters, and what gpg --decrypt reads alike. */
    static final String FILE_NAME = "isoloir-postal-letters.csv.gpg";
    /** The name inside the encrypted file, which gpg offers when it decrypts. */
    static final String PLAIN_FILE_NAME = "isoloir-postal-letters.csv";

    static final String ENCRYPTED_TYPE = "application/pgp-encrypted";

    public PostalLettersResource(
            KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        super(session, realm, auth, adminEvent);
    }

    @POST
    @Produces({ENCRYPTED_TYPE, MediaType.APPLICATION_JSON})
    public Response export(
            @Context UriInfo uriInfo, @Context HttpHeaders headers, @QueryParam("voter") String voterId) {
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
        Optional<UserModel> onlyVoter = Optional.empty();
        if (voterId != null) {
            UserModel user = voterId.isBlank() ? null : session.users().getUserById(realm, voterId);
            if (user == null) {
                return ErrorResponse.of(Response.Status.NOT_FOUND, "voter_not_found", "No voter with this id.");
            }
            auth.users().requireManage(user);
            Voter voter = new Voter(user);
            if (voter.channel() != DeliveryChannel.POSTAL) {
                return ErrorResponse.of(
                        Response.Status.BAD_REQUEST, "not_postal", "This voter does not receive a postal letter.");
            }
            // A password the voter did not set in the login flow counts as none: the voter needs a code again.
            if (voter.hasPassphrase(session, realm)) {
                return ErrorResponse.of(
                        Response.Status.CONFLICT,
                        "passphrase_set",
                        "The voter has set a passphrase: a postal code would not work.");
            }
            onlyVoter = Optional.of(user);
        }
        PostalLetters.Result result = PostalLetters.produce(session, realm, confirm, onlyVoter);
        return switch (result) {
            case PostalLetters.NoPrinterKey none ->
                ErrorResponse.of(Response.Status.BAD_REQUEST, "no_printer_key", none.message());
            case PostalLetters.NeedsConfirmation needs -> {
                Map<String, Object> body = ErrorResponse.body("codes_already_issued", needs.warning());
                body.put("votersWithCode", needs.withCode());
                body.put("letters", needs.letters());
                body.put("skipped", needs.skipped());
                yield ErrorResponse.of(Response.Status.CONFLICT, body);
            }
            case PostalLetters.Failed failed -> {
                event(
                        adminEvent,
                        "postal_letters_failed",
                        Map.of("codesChanged", Integer.toString(failed.codesChanged())));
                yield ErrorResponse.of(Response.Status.INTERNAL_SERVER_ERROR, "export_failed", failed.message());
            }
            case PostalLetters.Produced produced -> {
                event(
                        adminEvent,
                        "postal_letters_exported",
                        details(produced, onlyVoter.isPresent() ? "one voter" : "all"));
                yield Response.ok(produced.encrypted(), ENCRYPTED_TYPE)
                        .header("Content-Disposition", "attachment; filename=\"" + FILE_NAME + "\"")
                        .header("Cache-Control", "no-store")
                        .header("X-Isoloir-Letters", produced.letters())
                        .header("X-Isoloir-Skipped", produced.skipped())
                        .header("X-Isoloir-Sha256", produced.sha256())
                        .header("X-Isoloir-Printer-Key", produced.printerKey())
                        .build();
            }
        };
    }

    /**
     * What the admin event says of a file handed out: counts, the encrypted file's hash and the printer
     * key's fingerprint, never a code. Who asked and from where is the event's own auth details.
     */
    static Map<String, String> details(PostalLetters.Produced produced, String scope) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("codes", Integer.toString(produced.letters()));
        details.put("replaced", Integer.toString(produced.replaced()));
        details.put("skipped_passphrase_set", Integer.toString(produced.skipped()));
        details.put("encrypted_sha256", produced.sha256());
        details.put("printer_key", produced.printerKey());
        details.put("scope", scope);
        return details;
    }

    static void event(AdminEventBuilder adminEvent, String action, Map<String, String> details) {
        AdminEventBuilder event = adminEvent
                .operation(OperationType.ACTION)
                .resourcePath("isoloir", "postal-letters")
                .detail("isoloir_action", action);
        details.forEach(event::detail);
        event.success();
    }
}
