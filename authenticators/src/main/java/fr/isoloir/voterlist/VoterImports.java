package fr.isoloir.voterlist;

import fr.isoloir.jobs.JobView;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the REST endpoint and the console page do alike: check a file, plan it, report, audit. Stateless. */
final class VoterImports {

    /**
     * Largest file read (memory bound). Keycloak's own HTTP limit is lower by default (10 MiB,
     * quarkus.http.limits.max-body-size): this one applies when an operator raises that one.
     */
    static final int MAX_BYTES = 32 * 1024 * 1024;
    /** Problems and warnings listed in a report (all are counted). */
    static final int LISTED = 1000;

    static final int EXAMPLES = 5;

    private VoterImports() {}

    /** A file checked against the realm; {@code plan} and {@code snapshot} only when the file is valid. */
    record Checked(VoterFile file, String sha256, long size, ImportPlan plan, RealmVoters.Snapshot snapshot) {
        boolean importable() {
            return file.valid() && plan.conflicts().isEmpty();
        }
    }

    static Checked check(KeycloakSession session, RealmModel realm, byte[] content) {
        VoterFile file = VoterFile.read(content);
        String sha256 = sha256(content);
        if (!file.valid()) {
            return new Checked(file, sha256, content.length, null, null);
        }
        RealmVoters.Snapshot snapshot = RealmVoters.load(session, realm);
        return new Checked(file, sha256, content.length, ImportPlan.of(file.voters(), snapshot.voters()), snapshot);
    }

    static Map<String, Object> report(Checked checked) {
        VoterFile file = checked.file();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("sha256", checked.sha256());
        report.put("size", checked.size());
        report.put("encoding", file.encoding());
        report.put("separator", file.separator());
        report.put("voters", file.voters().size());
        report.put("problemCount", file.problems().size());
        report.put("problems", file.problems().stream().limit(LISTED).toList());
        report.put("warningCount", file.warnings().size());
        report.put("warnings", file.warnings().stream().limit(LISTED).toList());
        report.put("ignoredColumns", file.ignoredColumns());
        if (checked.plan() != null) {
            report.put("plan", checked.plan().summary(EXAMPLES));
        }
        return report;
    }

    /** One admin event per upload: who (the builder's auth details), the file's hash and size, the counts. */
    static void audit(
            AdminEventBuilder adminEvent,
            String action,
            Checked checked,
            String jobId,
            boolean removeAbsent,
            String via) {
        Map<String, Object> audit = new LinkedHashMap<>();
        audit.put("action", action);
        audit.put("sha256", checked.sha256());
        audit.put("size", checked.size());
        audit.put("voters", checked.file().voters().size());
        audit.put("problems", checked.file().problems().size());
        if (checked.plan() != null) {
            audit.put("create", checked.plan().creates().size());
            audit.put("update", checked.plan().updates().size());
            audit.put("unchanged", checked.plan().unchanged());
            audit.put("absent", checked.plan().absent().size());
        }
        audit.put("removeAbsent", removeAbsent);
        audit.put("jobId", jobId == null ? "-" : jobId);
        audit.put("via", via);
        adminEvent
                .resource("USER")
                .operation(OperationType.ACTION)
                .resourcePath("isoloir", "voter-imports", jobId == null ? checked.sha256() : jobId)
                .representation(audit)
                .detail("isoloir_action", action)
                .detail("isoloir_file_sha256", checked.sha256())
                .success();
    }

    /** One admin event per pause, resume or cancel, shaped as the upload's: same resource path, same detail. */
    static void auditControl(AdminEventBuilder adminEvent, String action, JobView job) {
        Map<String, Object> audit = new LinkedHashMap<>();
        audit.put("action", action);
        audit.put("sha256", job.details().get(VoterImportJob.SHA256));
        audit.put("state", job.state().value());
        audit.put("done", job.done());
        audit.put("total", job.total());
        audit.put("jobId", job.id());
        audit.put("via", "rest");
        adminEvent
                .resource("USER")
                .operation(OperationType.ACTION)
                .resourcePath("isoloir", "voter-imports", job.id())
                .representation(audit)
                .detail("isoloir_action", action)
                .detail("isoloir_file_sha256", job.details().get(VoterImportJob.SHA256))
                .success();
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
