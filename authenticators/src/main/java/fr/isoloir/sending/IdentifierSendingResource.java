package fr.isoloir.sending;

import fr.isoloir.AfterCommit;
import fr.isoloir.election.ElectionSettings;
import fr.isoloir.jobs.JobState;
import fr.isoloir.jobs.Jobs;
import fr.isoloir.rest.AdminEndpoint;
import fr.isoloir.rest.ContentTypeCheck;
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
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code /admin/realms/{realm}/isoloir/identifier-sendings}: the identifier-sending jobs over REST (the
 * Espace's "Envoi des identifiants" page), for managers who may manage the realm's users. Every change is
 * an admin event with who, the channel and the counts. Refusals are bound to a field and worded in the
 * Espace's bundles ({@link SendRefusal}).
 */
public final class IdentifierSendingResource extends AdminEndpoint {

    private static final int MAX_PAGE = 1000;
    private static final String START_LOCK = "isoloir.sending.start.";
    private static final long START_LOCK_SECONDS = 60;

    public IdentifierSendingResource(
            KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        super(session, realm, auth, adminEvent.resource("USER"));
    }

    /** What starts a job; every field is optional. */
    public static final class StartRequest {
        /** email, sms or both (default). */
        public String channel;

        /** A whole number, or its text (as a form sends it): checked here, with a message bound to the field. */
        public Object emailRate;

        public Object smsRate;
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
        SendingConfig config = SendingConfig.server();
        SendJob.Channels channels = fields.channel == null || fields.channel.isBlank()
                ? SendJob.Channels.BOTH
                : SendJob.Channels.of(fields.channel);
        if (channels == null) {
            return SendRefusal.CHANNEL.response(Response.Status.BAD_REQUEST);
        }
        OptionalInt emailRate = rate(fields.emailRate, config.emailRate(), config.maxRate());
        if (emailRate.isEmpty()) {
            return SendRefusal.EMAIL_RATE.response(Response.Status.BAD_REQUEST, config.maxRate());
        }
        OptionalInt smsRate = rate(fields.smsRate, config.smsRate(), config.maxRate());
        if (smsRate.isEmpty()) {
            return SendRefusal.SMS_RATE.response(Response.Status.BAD_REQUEST, config.maxRate());
        }
        if (!startLock() || SendJobs.active(session, realm, null).isPresent()) {
            return SendRefusal.ACTIVE.response(Response.Status.CONFLICT);
        }
        // Resolved now, in the manager's request: the worker has no request to resolve a relative URL against.
        ElectionSettings election = ElectionSettings.of(session, realm);
        SendJob job = SendJobs.create(
                session,
                realm,
                SendJob.start(
                        new SendJob.Request(
                                channels,
                                emailRate.getAsInt(),
                                smsRate.getAsInt(),
                                Boolean.TRUE.equals(fields.resend),
                                election.electionName(),
                                election.votingSiteUrl()),
                        Jobs.startedBy(session),
                        Instant.now()));
        audit(OperationType.CREATE, job, "identifier_sending_started");
        return Response.status(Response.Status.CREATED)
                .entity(SendJobCodec.json(job, Instant.now()))
                .build();
    }

    /**
     * One send at a time per realm: the lock (cluster-wide) is taken before the check of the active send and
     * held until this request has committed, so a start or retry racing this one either finds the lock taken
     * or sees its committed send. False when another request holds it.
     */
    private boolean startLock() {
        String lock = START_LOCK + realm.getId();
        if (!session.singleUseObjects().putIfAbsent(lock, START_LOCK_SECONDS)) {
            return false;
        }
        AfterCommit.run(
                session,
                () -> session.singleUseObjects().remove(lock),
                () -> session.singleUseObjects().remove(lock));
        return true;
    }

    /** A rate as typed: absent is the default; a whole number from 1 to the server's highest, else empty. */
    static OptionalInt rate(Object typed, int fallback, int max) {
        if (typed == null || typed.toString().isBlank()) {
            return OptionalInt.of(fallback);
        }
        try {
            int rate = typed instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                    ? Math.toIntExact(n.longValue())
                    : Integer.parseInt(typed.toString().trim());
            return rate >= 1 && rate <= max ? OptionalInt.of(rate) : OptionalInt.empty();
        } catch (ArithmeticException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> list() {
        auth.users().requireManage();
        Instant now = Instant.now();
        return SendJobs.all(session, realm).stream()
                .map(job -> SendJobCodec.json(job, now))
                .toList();
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@PathParam("id") String id) {
        auth.users().requireManage();
        return SendJobs.get(session, realm, id)
                .map(job -> Response.ok(SendJobCodec.json(job, Instant.now())).build())
                .orElseGet(IdentifierSendingResource::notFound);
    }

    @POST
    @Path("{id}/pause")
    @Produces(MediaType.APPLICATION_JSON)
    public Response pause(@PathParam("id") String id, @Context HttpHeaders headers) {
        return change(id, JobState.RUNNING, "identifier_sending_paused", headers, () -> {
            Jobs.pause(session, realm.getId(), SendJobs.KIND, id);
            return SendJobs.update(session, realm, id, j -> j.state() == JobState.PAUSED ? j.pausedByManager() : j);
        });
    }

    @POST
    @Path("{id}/resume")
    @Produces(MediaType.APPLICATION_JSON)
    public Response resume(@PathParam("id") String id, @Context HttpHeaders headers) {
        return change(id, JobState.PAUSED, "identifier_sending_resumed", headers, () -> {
            Jobs.resume(session, realm.getId(), SendJobs.KIND, id);
            return SendJobs.update(session, realm, id, j -> j.state() == JobState.RUNNING ? j.resumedByManager() : j);
        });
    }

    @POST
    @Path("{id}/cancel")
    @Produces(MediaType.APPLICATION_JSON)
    public Response cancel(@PathParam("id") String id, @Context HttpHeaders headers) {
        return change(
                id,
                null,
                "identifier_sending_cancelled",
                headers,
                () -> Jobs.cancel(session, realm.getId(), SendJobs.KIND, id).map(SendJobCodec::read));
    }

    @POST
    @Path("{id}/retry-failed")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response retryFailed(@PathParam("id") String id, RetryRequest request, @Context HttpHeaders headers) {
        boolean uncertain = request != null && Boolean.TRUE.equals(request.includeUncertain);
        return onJob(id, headers, before -> {
            // A retry makes an ended send active again: the same one-send rule as a start.
            if (!before.active()
                    && (!startLock() || SendJobs.active(session, realm, id).isPresent())) {
                return SendRefusal.ACTIVE.response(Response.Status.CONFLICT);
            }
            SendJob job;
            try {
                job = SendJobs.update(session, realm, id, j -> j.retry(uncertain))
                        .orElseThrow();
            } catch (IllegalStateException ended) {
                return SendRefusal.STATE.response(
                        Response.Status.CONFLICT, before.state().value());
            }
            audit(OperationType.ACTION, job, "identifier_sending_retried");
            return Response.ok(SendJobCodec.json(job, Instant.now())).build();
        });
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
        Optional<SendJob> job = SendJobs.get(session, realm, id);
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

    /**
     * A manager's transition through the job table's conditional updates ({@link Jobs#pause} and the
     * others): refused (409) when the job is not in the state it applies to ({@code from}; null: running
     * or paused) or another request changed it first.
     */
    private Response change(
            String id, JobState from, String action, HttpHeaders headers, Supplier<Optional<SendJob>> transition) {
        return onJob(id, headers, before -> {
            boolean applies = from == null ? before.active() : before.state() == from;
            Optional<SendJob> after = applies ? transition.get() : Optional.empty();
            if (after.isEmpty() || after.get().state() == before.state()) {
                return SendRefusal.STATE.response(
                        Response.Status.CONFLICT, after.orElse(before).state().value());
            }
            audit(OperationType.ACTION, after.get(), action);
            return Response.ok(SendJobCodec.json(after.get(), Instant.now())).build();
        });
    }

    /** A manager's command on one job: 403 without manage-users, 415 for an unreadable body, 404 for an unknown id. */
    private Response onJob(String id, HttpHeaders headers, Function<SendJob, Response> command) {
        auth.users().requireManage();
        Optional<Response> unreadable = ContentTypeCheck.refusal(headers);
        if (unreadable.isPresent()) {
            return unreadable.get();
        }
        return SendJobs.get(session, realm, id).map(command).orElseGet(IdentifierSendingResource::notFound);
    }

    private void audit(OperationType operation, SendJob job, String action) {
        Map<String, Object> representation = SendJobCodec.json(job, Instant.now());
        adminEvent
                .operation(operation)
                .resourcePath("isoloir", "identifier-sendings", job.id())
                .representation(representation)
                .detail("isoloir_action", action)
                .detail("isoloir_channel", job.request().channels().value())
                .detail("isoloir_counts", job.progressText())
                .success();
    }

    private static Response notFound() {
        return SendRefusal.NOT_FOUND.response(Response.Status.NOT_FOUND);
    }
}
