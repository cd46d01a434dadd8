package fr.isoloir.sending;

import fr.isoloir.rest.AdminEndpoint;
import fr.isoloir.rest.ContentTypeCheck;
import fr.isoloir.rest.ErrorResponse;
import fr.isoloir.voter.Voter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /admin/realms/{realm}/isoloir/identifier-sendings}: the "Send identifiers" jobs over REST, for
 * managers who may manage the realm's users (the console page needs manage-realm, as every component).
 * Every change is an admin event with who, the channel and the counts.
 */
public final class IdentifierSendingResource extends AdminEndpoint {

    private static final int MAX_PAGE = 1000;

    public IdentifierSendingResource(
            KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        super(session, realm, auth, adminEvent.resource("COMPONENT"));
    }

    /** What starts a job; every field is optional. */
    public static final class StartRequest {
        /** email, sms or both (default). */
        public String channel;

        public Integer emailRate;
        public Integer smsRate;
        /** Send again to voters already sent to (or uncertain). */
        public Boolean resend;
    }

    public static final class RetryRequest {
        /** Also the voters whose delivery is uncertain: they may already have the message. */
        public Boolean includeUncertain;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response start(StartRequest request, @Context HttpHeaders headers) {
        auth.users().requireManage();
        Optional<Response> unreadable = ContentTypeCheck.refusal(headers);
        if (unreadable.isPresent()) {
            return unreadable.get();
        }
        StartRequest fields = request == null ? new StartRequest() : request;
        Optional<SendJob> active = SendJobs.active(realm, null);
        if (active.isPresent()) {
            return ErrorResponse.of(
                    Response.Status.CONFLICT,
                    "send_active",
                    "Another send is " + active.get().state().value() + " ("
                            + active.get().id() + "): let it finish or cancel it first.");
        }
        Map<String, String> config = new LinkedHashMap<>();
        config.put(SendJob.CHANNEL, fields.channel);
        config.put(SendJob.EMAIL_RATE, fields.emailRate == null ? null : fields.emailRate.toString());
        config.put(SendJob.SMS_RATE, fields.smsRate == null ? null : fields.smsRate.toString());
        config.put(SendJob.RESEND, Boolean.toString(Boolean.TRUE.equals(fields.resend)));
        SendJob job;
        try {
            job = SendJobs.create(realm, config);
        } catch (ComponentValidationException e) {
            return ErrorResponse.of(Response.Status.BAD_REQUEST, "invalid_request", e.getMessage());
        } catch (IllegalArgumentException noPageFactory) {
            // Keycloak knows no factory for the page's components: the feature is off.
            return ErrorResponse.of(
                    Response.Status.SERVICE_UNAVAILABLE,
                    "feature_disabled",
                    "Sends are stored as the items of an "
                            + "admin console page: start Keycloak with --features=declarative-ui.");
        }
        audit(OperationType.CREATE, job, "identifier_sending_started");
        return Response.status(Response.Status.CREATED).entity(job.toJson()).build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> list() {
        auth.users().requireManage();
        return SendJobs.all(realm).stream().map(SendJob::toJson).toList();
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@PathParam("id") String id) {
        auth.users().requireManage();
        return SendJobs.get(realm, id)
                .map(job -> Response.ok(job.toJson()).build())
                .orElseGet(IdentifierSendingResource::notFound);
    }

    @POST
    @Path("{id}/pause")
    @Produces(MediaType.APPLICATION_JSON)
    public Response pause(@PathParam("id") String id, @Context HttpHeaders headers) {
        return change(id, SendJob.State.PAUSED.value(), null, "identifier_sending_paused", headers);
    }

    @POST
    @Path("{id}/resume")
    @Produces(MediaType.APPLICATION_JSON)
    public Response resume(@PathParam("id") String id, @Context HttpHeaders headers) {
        return change(id, SendJob.State.RUNNING.value(), null, "identifier_sending_resumed", headers);
    }

    @POST
    @Path("{id}/cancel")
    @Produces(MediaType.APPLICATION_JSON)
    public Response cancel(@PathParam("id") String id, @Context HttpHeaders headers) {
        return change(id, SendJob.State.CANCELLED.value(), null, "identifier_sending_cancelled", headers);
    }

    @POST
    @Path("{id}/retry-failed")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response retryFailed(@PathParam("id") String id, RetryRequest request, @Context HttpHeaders headers) {
        boolean uncertain = request != null && Boolean.TRUE.equals(request.includeUncertain);
        return change(
                id,
                null,
                uncertain ? SendJob.RETRY_FAILED_AND_UNCERTAIN_VALUE : SendJob.RETRY_FAILED_VALUE,
                "identifier_sending_retried",
                headers);
    }

    /**
     * The voters whose delivery failed or is uncertain, on the job's channels: who, where (masked),
     * why and when. Statuses are the voters' own, so this lists the realm's current failures, whichever
     * send made them.
     */
    @GET
    @Path("{id}/failures")
    @Produces(MediaType.APPLICATION_JSON)
    public Response failures(
            @PathParam("id") String id,
            @QueryParam("first") @DefaultValue("0") int first,
            @QueryParam("max") @DefaultValue("100") int max) {
        auth.users().requireManage();
        Optional<SendJob> job = SendJobs.get(realm, id);
        if (job.isEmpty()) {
            return notFound();
        }
        int page = Math.max(1, Math.min(max, MAX_PAGE));
        List<Map<String, Object>> failures = new ArrayList<>();
        for (VoterDelivery.Status status : List.of(VoterDelivery.Status.FAILED, VoterDelivery.Status.SENDING)) {
            for (var channel : job.get().channelList()) {
                for (UserModel user : SendWorker.search(
                        session,
                        realm,
                        Map.of(VoterDelivery.STATUS, status.value(), Voter.CHANNEL, channel.attributeValue()),
                        0,
                        Integer.MAX_VALUE)) {
                    failures.add(failure(user, status));
                }
            }
        }
        int from = Math.max(0, Math.min(first, failures.size()));
        return Response.ok(Map.of(
                        "total",
                        failures.size(),
                        "failures",
                        failures.subList(from, Math.min(failures.size(), from + page))))
                .build();
    }

    private static Map<String, Object> failure(UserModel user, VoterDelivery.Status status) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("voterId", user.getId());
        json.put("employeeNumber", user.getFirstAttribute(Voter.EMPLOYEE_NUMBER));
        json.put("channel", new Voter(user).channel().attributeValue());
        json.put("contact", SendWorker.maskedContact(user));
        json.put("status", status == VoterDelivery.Status.SENDING ? "uncertain" : "failed");
        json.put(
                "reason",
                Optional.ofNullable(user.getFirstAttribute(VoterDelivery.ERROR))
                        .orElse(
                                status == VoterDelivery.Status.SENDING
                                        ? "the server stopped during the send"
                                        : "unknown"));
        json.put("at", user.getFirstAttribute(VoterDelivery.AT));
        return json;
    }

    private Response change(String id, String state, String retry, String action, HttpHeaders headers) {
        auth.users().requireManage();
        Optional<Response> unreadable = ContentTypeCheck.refusal(headers);
        if (unreadable.isPresent()) {
            return unreadable.get();
        }
        if (SendJobs.get(realm, id).isEmpty()) {
            return notFound();
        }
        SendJob job;
        try {
            job = SendJobs.managerChange(realm, id, state, retry);
        } catch (ComponentValidationException e) {
            return ErrorResponse.of(Response.Status.CONFLICT, "invalid_state", e.getMessage());
        }
        audit(OperationType.ACTION, job, action);
        return Response.ok(job.toJson()).build();
    }

    private void audit(OperationType operation, SendJob job, String action) {
        Map<String, Object> representation = job.toJson();
        adminEvent
                .operation(operation)
                .resourcePath("isoloir", "identifier-sendings", job.id())
                .representation(representation)
                .detail("isoloir_action", action)
                .detail("isoloir_channel", job.channels().value())
                .detail("isoloir_counts", job.progressText())
                .success();
    }

    private static Response notFound() {
        return ErrorResponse.of(Response.Status.NOT_FOUND, "not_found", "No such send in this realm.");
    }
}
