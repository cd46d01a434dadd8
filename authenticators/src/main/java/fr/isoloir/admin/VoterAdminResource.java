package fr.isoloir.admin;

import fr.isoloir.postal.PostalCodeCredentialProvider;
import fr.isoloir.postal.PostalCode;
import fr.isoloir.voter.Voter;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import java.security.SecureRandom;
import java.util.Map;

/**
 * {@code /admin/realms/{realm}/isoloir}: election management endpoints, for managers who may manage
 * the realm's users. Every call is an admin event.
 */
public final class VoterAdminResource {

    /** Thread-safe, holds no voter state. */
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    VoterAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource("USER");
    }

    /**
     * Produces a new postal connection code for one voter, for a letter: returned once, stored hashed,
     * replacing the earlier code (SEC-C2). Refused once the voter has set a passphrase (SEC-C3).
     */
    @POST
    @Path("voters/{userId}/postal-code")
    @Produces(MediaType.APPLICATION_JSON)
    public Response issuePostalCode(@PathParam("userId") String userId) {
        UserModel user = session.users().getUserById(realm, userId);
        if (user == null) {
            auth.users().requireManage();
            throw new NotFoundException("Voter not found");
        }
        auth.users().requireManage(user);
        if (new Voter(user).hasPassphrase()) {
            return Response.status(Response.Status.CONFLICT)
                    .entity(Map.of("error", "passphrase_set",
                            "error_description", "The voter has set a passphrase: a postal code would not work."))
                    .build();
        }
        PostalCode code = PostalCodeCredentialProvider.issue(session, user, RANDOM);
        adminEvent.operation(OperationType.ACTION).resourcePath("users", userId, "isoloir-postal-code")
                .detail("isoloir_action", "postal_code_issued").success();
        return Response.ok(Map.of("postalCode", code.display())).build();
    }
}
