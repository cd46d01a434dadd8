package fr.isoloir.jobs;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One long job of an election manager (table {@code ISOLOIR_JOB}, created by Keycloak's Liquibase from
 * {@code META-INF/isoloir-jobs-changelog.xml}): what it is, where it stands and which node holds it. No
 * personal data: the work itself waits in {@link JobChunkEntity} rows, erased as they are done.
 */
@Entity
@Table(name = "ISOLOIR_JOB")
public class JobEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "KIND", length = 32, nullable = false)
    private String kind;

    @Column(name = "STATE", length = 16, nullable = false)
    private String state;

    @Column(name = "TOTAL", nullable = false)
    private int total;

    @Column(name = "DONE", nullable = false)
    private int done;

    /** The node running it; with {@link #leaseUntil}, renewed per batch. */
    @Column(name = "OWNER")
    private String owner;

    /** Epoch milliseconds after which any node may take the job over. */
    @Column(name = "LEASE_UNTIL", nullable = false)
    private long leaseUntil;

    /** Runs that ended with an error; the job fails after a few. */
    @Column(name = "ATTEMPTS", nullable = false)
    private int attempts;

    @Column(name = "STARTED_BY")
    private String startedBy;

    @Column(name = "STARTED_AT", nullable = false)
    private long startedAt;

    @Column(name = "FINISHED_AT")
    private Long finishedAt;

    @Column(name = "ERROR")
    private String error;

    /** The kind's own fields, as a JSON object of strings (file hash, options, counts). */
    @Column(name = "DETAILS")
    private String details;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public String getState() {
        return state;
    }

    public void setState(String state) {
        this.state = state;
    }

    public int getTotal() {
        return total;
    }

    public void setTotal(int total) {
        this.total = total;
    }

    public int getDone() {
        return done;
    }

    public void setDone(int done) {
        this.done = done;
    }

    public String getOwner() {
        return owner;
    }

    public void setOwner(String owner) {
        this.owner = owner;
    }

    public long getLeaseUntil() {
        return leaseUntil;
    }

    public void setLeaseUntil(long leaseUntil) {
        this.leaseUntil = leaseUntil;
    }

    public int getAttempts() {
        return attempts;
    }

    public void setAttempts(int attempts) {
        this.attempts = attempts;
    }

    public String getStartedBy() {
        return startedBy;
    }

    public void setStartedBy(String startedBy) {
        this.startedBy = startedBy;
    }

    public long getStartedAt() {
        return startedAt;
    }

    public void setStartedAt(long startedAt) {
        this.startedAt = startedAt;
    }

    public Long getFinishedAt() {
        return finishedAt;
    }

    public void setFinishedAt(Long finishedAt) {
        this.finishedAt = finishedAt;
    }

    public String getError() {
        return error;
    }

    public void setError(String error) {
        this.error = error;
    }

    public String getDetails() {
        return details;
    }

    public void setDetails(String details) {
        this.details = details;
    }
}
