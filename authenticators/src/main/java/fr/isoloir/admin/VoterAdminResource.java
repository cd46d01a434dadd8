package fr.isoloir.admin;

import fr.isoloir.accesschange.AccessChangesExport;
import fr.isoloir.postal.PostalLettersResource;
import fr.isoloir.recovery.Contact;
import fr.isoloir.rest.AdminEndpoint;
import fr.isoloir.rest.ErrorResponse;
import fr.isoloir.sending.IdentifierSendingResource;
import fr.isoloir.voter.DeliveryChannel;
import fr.isoloir.voterlist.VoterImportResource;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import java.util.Map;
import java.util.Optional;

/**
 * {@code /admin/realms/{realm}/isoloir}: election management endpoints, for managers who may manage
 * the realm's users. Every call is an admin event.
 */
public final class VoterAdminResource extends AdminEndpoint {

    private static final Logger LOG = Logger.getLogger(VoterAdminResource.class);

    VoterAdminResource(
            KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        super(session, realm, auth, adminEvent.resource("USER"));
    }

    /** The election manager's request: one contact, and why (SEC-F4). */
    public static final class NewIdentifierRequest {
        public String email;
        public String phoneNumber;
        public String reason;
    }

    /**
     * A voter lost the letter (or the message): the election manager sets an email address or mobile
     * number on the voter and sends a new identifier there. The old identifier, pending codes and the
     * voter's sessions stop working (SEC-F3); the passphrase is kept. The identifier goes straight to
     * the voter and is never returned (SEC-F2). Audited as an admin event with the masked contact and
     * the reason (SEC-F4). Requires manage-users (SEC-F1).
     */
    @POST
    @Path("voters/{userId}/new-identifier")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response issueNewIdentifier(@PathParam("userId") String userId, NewIdentifierRequest request) {
        UserModel user = session.users().getUserById(realm, userId);
        if (user == null) {
            auth.users().requireManage();
            throw new NotFoundException("Voter not found");
        }
        auth.users().requireManage(user);
        if (request == null) {
            return badRequest("missing_body", "Send {\"email\": ...} or {\"phoneNumber\": ...} with a \"reason\".");
        }
        boolean hasEmail = request.email != null && !request.email.isBlank();
        boolean hasPhone = request.phoneNumber != null && !request.phoneNumber.isBlank();
        if (hasEmail == hasPhone) {
            return badRequest("one_contact", "Give exactly one of email and phoneNumber.");
        }
        Optional<String> reason = NewIdentifier.reason(request.reason);
        if (reason.isEmpty()) {
            return badRequest("reason", "Give a reason, at most " + NewIdentifier.MAX_REASON + " characters.");
        }
        NewIdentifier.Checked checked = NewIdentifier.check(
                hasEmail ? request.email : request.phoneNumber, hasEmail ? DeliveryChannel.EMAIL : DeliveryChannel.SMS);
        if (checked.problem() != null) {
            return badRequest(checked.problem().error, checked.problem().description);
        }
        Contact to = checked.contact();
        try {
            NewIdentifier.send(session, realm, user, to, reason.get(), adminEvent, "rest");
        } catch (Exception e) {
            LOG.warnf(
                    "Isoloir: could not issue a new identifier to %s: %s",
                    to, e.getClass().getName());
            session.getTransactionManager().setRollbackOnly();
            return ErrorResponse.of(
                    Response.Status.INTERNAL_SERVER_ERROR,
                    "send_failed",
                    "The message could not be prepared; nothing was changed.");
        }
        return Response.ok(Map.of("channel", to.channel().attributeValue(), "sentTo", to.masked()))
                .build();
    }

    /** Voter list import (fr.isoloir.voterlist): {@code voter-imports}. */
    @Path("voter-imports")
    public VoterImportResource voterImports() {
        return new VoterImportResource(session, realm, auth, adminEvent);
    }

    // --- postal letters (issue 6, fr.isoloir.postal) ---

    /**
     * {@code /admin/realms/{realm}/isoloir/postal-letters}: every postal voter's code in the mail-merge file,
     * encrypted to the printer's key. (The former {@code voters/{id}/postal-code} call, which gave a code to
     * the manager in clear, is gone: {@code postal-letters?voter={id}} makes one voter's letter for the printer.)
     */
    @Path("postal-letters")
    public PostalLettersResource postalLetters() {
        return new PostalLettersResource(session, realm, auth, adminEvent);
    }

    /** The postal letters as a durable job, with progress and a download (fr.isoloir.postal). */
    @Path("postal-letter-productions")
    public fr.isoloir.postal.LetterProductionResource letterProductions() {
        return new fr.isoloir.postal.LetterProductionResource(session, realm, auth, adminEvent);
    }

    // --- end of postal letters ---

    /** The voters' access-change trail for the expert, as CSV (fr.isoloir.accesschange); needs view-events. */
    @Path("access-changes.csv")
    public AccessChangesExport accessChanges() {
        return new AccessChangesExport(session, realm, auth, adminEvent);
    }

    /** The "Send identifiers" jobs (package fr.isoloir.sending). */
    @Path("identifier-sendings")
    public IdentifierSendingResource identifierSendings() {
        return new IdentifierSendingResource(session, realm, auth, adminEvent);
    }

    /** The election dashboard's figures (fr.isoloir.dashboard); needs view-users. */
    @Path("dashboard")
    public fr.isoloir.dashboard.DashboardResource dashboard() {
        return new fr.isoloir.dashboard.DashboardResource(session, realm, auth);
    }

    /** The election's settings (fr.isoloir.election); reading needs view-users, changing manage-realm. */
    @Path("election-settings")
    public fr.isoloir.election.ElectionSettingsResource electionSettings() {
        return new fr.isoloir.election.ElectionSettingsResource(session, realm, auth, adminEvent);
    }

    private static Response badRequest(String error, String description) {
        return ErrorResponse.of(Response.Status.BAD_REQUEST, error, description);
    }
}
