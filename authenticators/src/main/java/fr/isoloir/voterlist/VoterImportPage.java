package fr.isoloir.voterlist;

import fr.isoloir.IsoloirProviderFactory;
import fr.isoloir.PageItems;
import fr.isoloir.accesschange.Actor;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.ui.extend.UiPageProvider;
import org.keycloak.services.ui.extend.UiPageProviderFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The "Voter import" page of the admin console (Declarative UI): each item is one upload. Saving an
 * item checks the file (problems come back as the console's error alert, nothing stored), keeps only
 * its hash, size and counts (never the voter list), and starts the import unless it is a dry run. The
 * item then shows the status and progress, updated by the import every few seconds.
 */
public final class VoterImportPage
        implements UiPageProviderFactory<ComponentModel>, IsoloirProviderFactory<UiPageProvider> {

    public static final String PROVIDER_ID = "Voter import";

    static final String FILE = "file";
    static final String DRY_RUN = "dryRun";
    static final String REMOVE_ABSENT = "removeAbsent";
    static final String STATUS = "status";
    static final String PROGRESS = "progress";
    static final String SUMMARY = "summary";
    static final String SHA256 = "sha256";
    static final String SIZE = "size";
    static final String JOB_ID = "jobId";
    /** Session attribute carrying the checked file from validateConfiguration to onCreate, same request. */
    private static final String CHECKED = "isoloir.voterImport.checked";
    /** Problems shown in the console's error alert. */
    private static final int SHOWN = 5;

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "Upload the voter list (CSV from the HR tool). Dry run first: the item then shows what would "
                + "change. A file with problems imports nothing: the error lists them. See docs/election.md.";
    }

    /** Once the database is ready: this node takes over imports whose node stopped (see {@link VoterImportJob}). */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, VoterImportJob::scheduleResumer);
            }
        });
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        ProviderConfigProperty file = new ProviderConfigProperty(
                FILE,
                "Voter list (CSV)",
                "CSV with a header line: employee number, last name, first name, email, mobile, address, postcode, "
                        + "city, college, channel (French or English headers). UTF-8; Excel: save as \"CSV UTF-8\".",
                ProviderConfigProperty.FILE_TYPE,
                null);
        ProviderConfigProperty dryRun = new ProviderConfigProperty(
                DRY_RUN,
                "Dry run",
                "Check the file and count what would change, without changing anything.",
                ProviderConfigProperty.BOOLEAN_TYPE,
                "true");
        ProviderConfigProperty removeAbsent = new ProviderConfigProperty(
                REMOVE_ABSENT,
                "Remove absent voters",
                "Delete the realm's voters (users with an employee number) that are not in the file. Off: they are only counted.",
                ProviderConfigProperty.BOOLEAN_TYPE,
                "false");
        return List.of(
                file,
                dryRun,
                removeAbsent,
                readOnly(STATUS, "Status", "checked (dry run), running, done or failed"),
                readOnly(PROGRESS, "Progress", "Users written so far / to write"),
                readOnly(SUMMARY, "Summary", "Voters in the file; to create, update, unchanged; absent from the file"),
                readOnly(SHA256, "File SHA-256", "Hash of the uploaded file, also in the admin events"),
                readOnly(SIZE, "File size (bytes)", ""),
                readOnly(
                        JOB_ID,
                        "Import id",
                        "GET /admin/realms/{realm}/isoloir/voter-imports/{id} gives the same status as JSON"));
    }

    private static ProviderConfigProperty readOnly(String name, String label, String help) {
        ProviderConfigProperty property =
                new ProviderConfigProperty(name, label, help, ProviderConfigProperty.STRING_TYPE, null);
        property.setReadOnly(true);
        return property;
    }

    @Override
    public Map<String, Object> getTypeMetadata() {
        return Map.of("displayFields", List.of(STATUS, PROGRESS, SUMMARY));
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        PageItems.requireRealmParent(realm, model);
        List<String> fileValues = model.getConfig().get(FILE);
        String text = fileValues == null || fileValues.isEmpty() ? null : fileValues.get(0);
        if (text == null || text.isEmpty()) {
            if (model.get(SHA256) == null) {
                throw problem("Choose the voter list (CSV file).");
            }
            return; // an existing item saved again, or the import's progress: nothing to check
        }
        // The console reads the file as UTF-8 text: a Windows-1252 file's accents arrive as U+FFFD.
        if (text.indexOf('\uFFFD') >= 0) {
            throw problem(
                    "The file is not UTF-8 (Excel's plain \"CSV\" is Windows-1252) and the browser lost its "
                            + "accented letters. In Excel, save it as \"CSV UTF-8\"; or send it with the REST call, which reads both.");
        }
        // The same list object is in the request's representation, which Keycloak records in its admin
        // event (CREATE of the component: who, when): there the file is replaced by its hash and counts,
        // so the voter list lands in neither the component nor the event.
        fileValues.clear();
        model.getConfig().remove(FILE);
        byte[] content = text.getBytes(StandardCharsets.UTF_8);
        if (content.length > VoterImports.MAX_BYTES) {
            throw problem("The file is larger than " + VoterImports.MAX_BYTES / (1024 * 1024) + " MB.");
        }
        VoterImports.Checked checked = VoterImports.check(session, realm, content);
        if (!checked.file().valid()) {
            throw problem(checked.file().summary(SHOWN));
        }
        if (!checked.plan().conflicts().isEmpty()) {
            throw problem("Several users of the realm have the employee number "
                    + String.join(", ", checked.plan().conflicts()) + ": give each its own, then upload again.");
        }
        ImportPlan plan = checked.plan();
        model.put(SHA256, checked.sha256());
        model.put(SIZE, Long.toString(checked.size()));
        model.put(
                SUMMARY,
                checked.file().voters().size() + " voters: " + plan.creates().size() + " to create, "
                        + plan.updates().size() + " to update, " + plan.unchanged() + " unchanged; "
                        + plan.absent().size()
                        + " absent from the file"
                        + (checked.file().warnings().isEmpty()
                                ? ""
                                : "; " + checked.file().warnings().size() + " warnings (shared contacts)"));
        fileValues.add(
                "not kept: SHA-256 " + checked.sha256() + ", " + checked.size() + " bytes; " + model.get(SUMMARY));
        boolean dryRun = Boolean.parseBoolean(model.get(DRY_RUN, "true"));
        model.put(STATUS, dryRun ? "checked (dry run)" : "starting");
        model.put(PROGRESS, dryRun ? "-" : "0 / " + plan.work(Boolean.parseBoolean(model.get(REMOVE_ABSENT))));
        session.setAttribute(CHECKED, checked);
    }

    @Override
    public void onCreate(KeycloakSession session, RealmModel realm, ComponentModel model) {
        VoterImports.Checked checked = session.getAttribute(CHECKED, VoterImports.Checked.class);
        session.removeAttribute(CHECKED);
        if (checked == null) {
            return;
        }
        boolean removeAbsent = Boolean.parseBoolean(model.get(REMOVE_ABSENT));
        if (Boolean.parseBoolean(model.get(DRY_RUN, "true"))) {
            return;
        }
        String jobId = VoterImportJob.start(
                session,
                realm,
                checked.plan(),
                checked.snapshot().usernames(),
                removeAbsent,
                new VoterImportJob.Origin(checked.sha256(), checked.size(), model.getId(), Actor.ofRequest(session)));
        if (jobId == null) {
            throw problem("Another voter import of this realm is running: wait for it to finish, then upload again.");
        }
        model.put(JOB_ID, jobId);
        model.put(STATUS, "running");
        realm.updateComponent(model);
    }

    /** Copies an import's status onto its console item. */
    static void showStatus(ComponentModel item, Map<String, String> status) {
        item.put(
                STATUS,
                status.get("status")
                        + ("done".equals(status.get("status"))
                                ? ": " + status.get("created") + " created, " + status.get("updated") + " updated, "
                                        + status.get("removed") + " removed, " + status.get("skipped") + " skipped"
                                : ""));
        item.put(PROGRESS, status.get("progress"));
    }

    /**
     * The message goes through MessageFormat in Keycloak's error response: passed as the parameter of
     * "{0}" so that quotes and braces from the file arrive as written.
     */
    private static ComponentValidationException problem(String message) {
        return new ComponentValidationException("{0}", message);
    }
}
