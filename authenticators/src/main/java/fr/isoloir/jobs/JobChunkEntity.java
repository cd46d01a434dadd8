package fr.isoloir.jobs;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One batch of a job's work, waiting (table {@code ISOLOIR_JOB_CHUNK}). It may hold personal data (a
 * voter import's rows): it is deleted in the transaction that applies it, and every chunk left is
 * deleted when its job ends.
 */
@Entity
@Table(name = "ISOLOIR_JOB_CHUNK")
public class JobChunkEntity {

    /** {@code <job id>:<seq>}: a single-column key, so no id class. */
    @Id
    @Column(name = "ID", length = 48)
    private String id;

    @Column(name = "JOB_ID", length = 36, nullable = false)
    private String jobId;

    @Column(name = "SEQ", nullable = false)
    private int seq;

    @Column(name = "ITEMS", nullable = false)
    private int items;

    /** The kind's own encoding of the batch (JSON); a CLOB, as Keycloak's own large columns. */
    @Column(name = "PAYLOAD")
    private String payload;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getJobId() {
        return jobId;
    }

    public void setJobId(String jobId) {
        this.jobId = jobId;
    }

    public int getSeq() {
        return seq;
    }

    public void setSeq(int seq) {
        this.seq = seq;
    }

    public int getItems() {
        return items;
    }

    public void setItems(int items) {
        this.items = items;
    }

    public String getPayload() {
        return payload;
    }

    public void setPayload(String payload) {
        this.payload = payload;
    }
}
