package fr.isoloir.postal;

import fr.isoloir.PageItems;
import fr.isoloir.IsoloirProviderFactory;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.ui.extend.UiPageProvider;
import org.keycloak.services.ui.extend.UiPageProviderFactory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The admin console's "Postal letters" page (Declarative UI). Each item is one export: creating it gives
 * every postal voter a new code and keeps the mail-merge file for {@value PostalLetterDownloads#LIFESPAN_MINUTES}
 * minutes behind a single-use link shown on the item (the console cannot download a file itself). The
 * item keeps the counts, the file's SHA-256 and the link, never the codes or the file. When voters
 * already hold a code, creating is refused with the warning unless "Replace earlier codes" is ticked.
 * Editing an item changes nothing: create a new one to export again.
 */
public final class PostalLettersPageFactory implements UiPageProviderFactory<UiPageProvider>, IsoloirProviderFactory<UiPageProvider> {

    public static final String PROVIDER_ID = "Postal letters";

    static final String CONFIRM = "replaceEarlierCodes";
    static final String STATUS = "status";
    static final String LETTERS = "letters";
    static final String SKIPPED = "skippedPassphraseSet";
    static final String SHA256 = "csvSha256";
    static final String DOWNLOAD = "download";
    static final String EXPIRES = "downloadExpiresAt";
    static final String PRODUCED_AT = "producedAt";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "Create an item to give every postal voter without a passphrase a new connection code and get the "
                + "mail-merge file for the printer: open the item and follow its download link within "
                + PostalLetterDownloads.LIFESPAN_MINUTES + " minutes, once. Exporting again replaces every earlier code.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        List<ProviderConfigProperty> properties = ProviderConfigurationBuilder.create()
                .property().name(CONFIRM).label("Replace earlier codes")
                .helpText("Required when postal voters already have a code from an earlier export: their new letters "
                        + "replace the old ones, whose codes stop working at once.")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false").add()
                .property().name(STATUS).label("Status").helpText("Filled in by the export.")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(LETTERS).label("Letters").helpText("Connection codes issued: one line of the file each.")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(SKIPPED).label("Skipped (passphrase set)")
                .helpText("Postal voters left out because they already chose a passphrase: a letter code would not work.")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(DOWNLOAD).label("Download link (once)")
                .helpText("Open this address in the browser to save the file. It works once, until the time below.")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(EXPIRES).label("Link expires at").type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(SHA256).label("File SHA-256")
                .helpText("Compare with the printer's copy; also in the admin event.")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(PRODUCED_AT).label("Produced at").type(ProviderConfigProperty.STRING_TYPE).add()
                .build();
        // Everything but the confirmation is the export's outcome, filled in by onCreate.
        properties.stream().filter(p -> !p.getName().equals(CONFIRM)).forEach(p -> p.setReadOnly(true));
        return properties;
    }

    @Override
    public Map<String, Object> getTypeMetadata() {
        return Map.of("displayFields", List.of(PRODUCED_AT, LETTERS, STATUS));
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        PageItems.requireRealmParent(realm, model);
        if (model.get(STATUS) != null) {
            return; // an export already made (our own update, or the manager saving the item again): nothing to check
        }
        if (!model.get(CONFIRM, false)) {
            PostalLetters.Scan scan = PostalLetters.scan(session.getKeycloakSessionFactory(), realm.getId());
            if (scan.withCode() > 0) {
                throw new ComponentValidationException(new PostalLetters.NeedsConfirmation(scan.withCode(),
                        scan.userIds().size(), scan.skipped()).warning() + " (tick \"Replace earlier codes\")");
            }
        }
    }

    @Override
    public void onCreate(KeycloakSession session, RealmModel realm, ComponentModel model) {
        PostalLetters.Result result = PostalLetters.produce(session, realm, true);
        model.put(PRODUCED_AT, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        switch (result) {
            case PostalLetters.Produced produced -> {
                String token = PostalLetterDownloads.keep(session, realm, produced);
                model.put(STATUS, "Produced: download the file now (link below, once)");
                model.put(LETTERS, Integer.toString(produced.letters()));
                model.put(SKIPPED, Integer.toString(produced.skipped()));
                model.put(SHA256, produced.sha256());
                model.put(DOWNLOAD, PostalLetterDownloads.url(session, realm, token));
                model.put(EXPIRES, Instant.now().plus(PostalLetterDownloads.LIFESPAN_MINUTES, ChronoUnit.MINUTES)
                        .truncatedTo(ChronoUnit.SECONDS).toString());
                ConsoleAdminEvent.of(session, realm).ifPresent(event -> PostalLettersResource.event(event,
                        "postal_letters_exported", PostalLettersResource.details(produced, "console")));
            }
            case PostalLetters.Failed failed -> {
                model.put(STATUS, "Failed: " + failed.message());
                ConsoleAdminEvent.of(session, realm).ifPresent(event -> PostalLettersResource.event(event,
                        "postal_letters_failed", Map.of("codesChanged", Integer.toString(failed.codesChanged()))));
            }
            case PostalLetters.NeedsConfirmation needs -> model.put(STATUS, "Not produced: " + needs.warning());
        }
        realm.updateComponent(model);
    }

    @Override
    public UiPageProvider create(KeycloakSession session) {
        return null;
    }
}
