package fr.isoloir.sending;

import fr.isoloir.jobs.JobView;
import fr.isoloir.sending.SendJob.Channels;
import fr.isoloir.sending.SendJob.Counts;
import fr.isoloir.sending.SendJob.Lifecycle;
import fr.isoloir.sending.SendJob.Pace;
import fr.isoloir.sending.SendJob.Preparation;
import fr.isoloir.sending.SendJob.Prepare;
import fr.isoloir.sending.SendJob.Request;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link SendJob} in and out of the job table: the state, who started it and when are the table's own
 * columns ({@link JobView}); everything else is the row's details, a JSON object of strings. Also the
 * job's REST shape, which the Espace's "Envoi des identifiants" page reads. A damaged stored field reads
 * as its safe value: a job never fails to load.
 */
final class SendJobCodec {

    // Keys of the stored details.
    static final String CHANNEL = "channel";
    static final String EMAIL_RATE = "emailRate";
    static final String SMS_RATE = "smsRate";
    static final String RESEND = "resend";
    static final String ELECTION_NAME = "electionName";
    static final String VOTING_SITE_URL = "votingSiteUrl";
    static final String PAUSE_REASON = "pauseReason";
    static final String RESUME_AT = "resumeAt";
    static final String PREPARE = "prepare";
    static final String PREPARE_CHANNEL = "prepareChannel";
    static final String PREPARE_AFTER = "prepareAfter";
    static final String TARGETED = "targeted";
    static final String SENT = "sent";
    static final String FAILED = "failed";
    static final String UNCERTAIN = "uncertain";
    static final String EMAIL_CREDIT = "emailCredit";
    static final String SMS_CREDIT = "smsCredit";
    static final String LAST_TICK_AT = "lastTickAt";
    static final String FAILURE_STREAK = "failureStreak";

    private SendJobCodec() {}

    /** The job's own fields, stored as the row's details. */
    static Map<String, String> details(SendJob job) {
        Map<String, String> details = new LinkedHashMap<>();
        Request request = job.request();
        details.put(CHANNEL, request.channels().value());
        details.put(EMAIL_RATE, Integer.toString(request.emailRate()));
        details.put(SMS_RATE, Integer.toString(request.smsRate()));
        details.put(RESEND, Boolean.toString(request.resend()));
        put(details, ELECTION_NAME, request.electionName());
        put(details, VOTING_SITE_URL, request.votingSiteUrl());
        put(details, PAUSE_REASON, job.lifecycle().pauseReason());
        put(details, RESUME_AT, job.lifecycle().resumeAt());
        details.put(PREPARE, job.preparation().mode().value());
        details.put(PREPARE_CHANNEL, Integer.toString(job.preparation().channel()));
        put(details, PREPARE_AFTER, job.preparation().after());
        details.put(TARGETED, Integer.toString(job.counts().targeted()));
        details.put(SENT, Integer.toString(job.counts().sent()));
        details.put(FAILED, Integer.toString(job.counts().failed()));
        details.put(UNCERTAIN, Integer.toString(job.counts().uncertain()));
        details.put(EMAIL_CREDIT, Double.toString(job.pace().emailCredit()));
        details.put(SMS_CREDIT, Double.toString(job.pace().smsCredit()));
        put(details, LAST_TICK_AT, job.pace().lastTickAt());
        details.put(FAILURE_STREAK, Integer.toString(job.pace().failureStreak()));
        return details;
    }

    /** The job a stored row holds. */
    static SendJob read(JobView row) {
        Map<String, String> d = row.details();
        Channels channels = Channels.of(d.get(CHANNEL));
        return new SendJob(
                row.id(),
                new Request(
                        channels == null ? Channels.BOTH : channels,
                        integer(d, EMAIL_RATE, 1),
                        integer(d, SMS_RATE, 1),
                        Boolean.parseBoolean(d.get(RESEND)),
                        d.get(ELECTION_NAME),
                        d.get(VOTING_SITE_URL)),
                new Lifecycle(
                        row.state(),
                        d.get(PAUSE_REASON),
                        instant(d, RESUME_AT),
                        row.startedBy(),
                        row.startedAt(),
                        row.finishedAt()),
                new Preparation(Prepare.of(d.get(PREPARE)), integer(d, PREPARE_CHANNEL, 0), d.get(PREPARE_AFTER)),
                new Counts(
                        integer(d, TARGETED, 0), integer(d, SENT, 0), integer(d, FAILED, 0), integer(d, UNCERTAIN, 0)),
                new Pace(
                        decimal(d, EMAIL_CREDIT),
                        decimal(d, SMS_CREDIT),
                        instant(d, LAST_TICK_AT),
                        integer(d, FAILURE_STREAK, 0)));
    }

    /** The job as the REST API shows it (the Espace reads counts, preparing, pauseReason and resumeAt). */
    static Map<String, Object> json(SendJob job, Instant now) {
        Map<String, Object> json = new LinkedHashMap<>();
        Request request = job.request();
        Lifecycle lifecycle = job.lifecycle();
        json.put("id", job.id());
        json.put("state", job.state().value());
        json.put("status", job.statusText());
        json.put("progress", job.progressText());
        json.put("channel", request.channels().value());
        json.put("emailRate", request.emailRate());
        json.put("smsRate", request.smsRate());
        json.put("resend", request.resend());
        json.put("startedBy", lifecycle.startedBy());
        json.put("startedAt", text(lifecycle.startedAt()));
        json.put("finishedAt", text(lifecycle.finishedAt()));
        json.put("pauseReason", lifecycle.pauseReason());
        json.put("resumeAt", text(lifecycle.resumeAt()));
        json.put("preparing", !job.preparation().done());
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put(TARGETED, job.counts().targeted());
        counts.put(SENT, job.counts().sent());
        counts.put(FAILED, job.counts().failed());
        counts.put(UNCERTAIN, job.counts().uncertain());
        counts.put("pending", job.counts().pending());
        json.put("counts", counts);
        // The fields every job's status shares (done / total, rate, time left...): same names, same meaning.
        json.putAll(job.progress().toJson(now));
        return json;
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }

    private static void put(Map<String, String> details, String key, Object value) {
        if (value != null) {
            details.put(key, value.toString());
        }
    }

    private static int integer(Map<String, String> details, String key, int fallback) {
        try {
            return Integer.parseInt(details.getOrDefault(key, "").trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static double decimal(Map<String, String> details, String key) {
        try {
            double value = Double.parseDouble(details.getOrDefault(key, "0"));
            return Double.isFinite(value) ? value : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Instant instant(Map<String, String> details, String key) {
        try {
            String value = details.get(key);
            return value == null || value.isBlank() ? null : Instant.parse(value);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
