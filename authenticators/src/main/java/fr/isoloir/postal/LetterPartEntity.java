package fr.isoloir.postal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One part of a letter production's file (table {@code ISOLOIR_LETTER_PART}): the mail-merge lines of one
 * batch of voters, encrypted to the printer's OpenPGP key in the transaction that gave those voters their
 * new codes. Only ciphertext: nobody who reads the database (or a backup) can read a code from it.
 */
@Entity
@Table(name = "ISOLOIR_LETTER_PART")
public class LetterPartEntity {

    /** {@code <job id>:<seq>}: a single-column key, so no id class. */
    @Id
    @Column(name = "ID", length = 48)
    private String id;

    @Column(name = "JOB_ID", length = 36, nullable = false)
    private String jobId;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "SEQ", nullable = false)
    private int seq;

    @Column(name = "LETTERS", nullable = false)
    private int letters;

    /** The OpenPGP message, base64 (a CLOB, as Keycloak's own large columns: no database-specific binary type). */
    @Column(name = "DATA")
    private String data;

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

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public int getSeq() {
        return seq;
    }

    public void setSeq(int seq) {
        this.seq = seq;
    }

    public int getLetters() {
        return letters;
    }

    public void setLetters(int letters) {
        this.letters = letters;
    }

    public String getData() {
        return data;
    }

    public void setData(String data) {
        this.data = data;
    }
}
