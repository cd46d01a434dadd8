package fr.isoloir.election;

import fr.isoloir.IsoloirProviderFactory;
import fr.isoloir.PageItems;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.ui.extend.UiPageProvider;
import org.keycloak.services.ui.extend.UiPageProviderFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin console's "Election settings" page (Declarative UI): one item whose fields are the
 * election's settings. Saving it checks the values (a readable error, nothing stored, when one is
 * wrong) and writes them to the realm attributes {@code isoloir.*}, which stay the source of truth read
 * by {@link ElectionSettings}. A second item is refused: the election has one set of settings, edit the
 * item. Deleting the item removes the attributes (the fallbacks apply again).
 */
public final class ElectionSettingsPageFactory
        implements UiPageProviderFactory<UiPageProvider>, IsoloirProviderFactory<UiPageProvider> {

    /** The page's title in the console's menu. */
    public static final String PROVIDER_ID = "Election settings";

    /** Console field → realm attribute. */
    static final Map<String, String> FIELDS;

    static {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("electionName", ElectionSettings.NAME);
        fields.put("votingSiteUrl", ElectionSettings.VOTING_SITE_URL);
        fields.put("helpContact", ElectionSettings.HELP_CONTACT);
        fields.put("opensAt", ElectionSettings.OPENS_AT);
        fields.put("closesAt", ElectionSettings.CLOSES_AT);
        FIELDS = java.util.Collections.unmodifiableMap(fields);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "The election's name, voting site address, help contact and opening and closing dates, used by the "
                + "voter pages, emails, SMS and postal letters. One item per realm: create it once, then edit it. "
                + "Stored as the realm attributes isoloir.* (docs/election.md).";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property()
                .name("electionName")
                .label("Election name")
                .helpText(
                        "Shown in the voter pages' header, the emails, SMS and letters. Empty: the realm's display name.")
                .type(ProviderConfigProperty.STRING_TYPE)
                .add()
                .property()
                .name("votingSiteUrl")
                .label("Voting site address")
                .helpText(
                        "https:// address voters are sent to in their messages and letters. Empty: the base URL of the "
                                + "'voting-site' client.")
                .type(ProviderConfigProperty.STRING_TYPE)
                .add()
                .property()
                .name("helpContact")
                .label("Help contact")
                .helpText(
                        "Who voters contact for help (name, email address, phone), shown at the foot of every voter page.")
                .type(ProviderConfigProperty.STRING_TYPE)
                .add()
                .property()
                .name("opensAt")
                .label("Opens at")
                .helpText(
                        "Optional. ISO-8601 date and time with its offset, e.g. 2027-03-12T09:00:00+01:00. Before it, "
                                + "the voter login says when the vote opens (lost identifiers can already be asked for).")
                .type(ProviderConfigProperty.STRING_TYPE)
                .add()
                .property()
                .name("closesAt")
                .label("Closes at")
                .helpText(
                        "Optional. Same format, e.g. 2027-03-19T17:00:00+01:00. From then, the voter login says the vote "
                                + "has closed.")
                .type(ProviderConfigProperty.STRING_TYPE)
                .add()
                .build();
    }

    @Override
    public Map<String, Object> getTypeMetadata() {
        return Map.of("displayFields", List.of("electionName", "opensAt", "closesAt"));
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        PageItems.requireRealmParent(realm, model);
        boolean another = realm.getComponentsStream(realm.getId(), UiPageProvider.class.getName())
                .anyMatch(
                        c -> PROVIDER_ID.equals(c.getProviderId()) && !c.getId().equals(model.getId()));
        if (another) {
            throw new ComponentValidationException(
                    "The election already has its settings: edit the existing item " + "instead of creating another.");
        }
        List<String> problems = ElectionSettings.problems(attributes(model));
        if (!problems.isEmpty()) {
            throw new ComponentValidationException(String.join(
                    ". ",
                    problems.stream().map(ElectionSettingsPageFactory::forField).toList()));
        }
    }

    @Override
    public void onCreate(KeycloakSession session, RealmModel realm, ComponentModel model) {
        write(realm, model);
    }

    @Override
    public void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel, ComponentModel newModel) {
        write(realm, newModel);
    }

    @Override
    public void preRemove(KeycloakSession session, RealmModel realm, ComponentModel model) {
        FIELDS.values().forEach(realm::removeAttribute);
    }

    @Override
    public UiPageProvider create(KeycloakSession session) {
        return null;
    }

    /** The realm attributes an item stands for (trimmed; blank is absent). */
    static Map<String, String> attributes(ComponentModel model) {
        Map<String, String> attributes = new LinkedHashMap<>();
        FIELDS.forEach((field, attribute) -> {
            String value = model.getConfig() == null ? null : model.getConfig().getFirst(field);
            attributes.put(attribute, value == null ? "" : value.trim());
        });
        return attributes;
    }

    private static void write(RealmModel realm, ComponentModel model) {
        attributes(model).forEach((attribute, value) -> {
            if (value.isEmpty()) {
                realm.removeAttribute(attribute);
            } else {
                realm.setAttribute(attribute, value);
            }
        });
    }

    /** "isoloir.opensAt: ..." said with the console's field label. */
    private static String forField(String problem) {
        String message = problem;
        for (ProviderConfigProperty property : new ElectionSettingsPageFactory().getConfigProperties()) {
            String attribute = FIELDS.get(property.getName());
            if (message.startsWith(attribute + ": ")) {
                message = property.getLabel() + ": " + message.substring(attribute.length() + 2);
            }
        }
        return message;
    }
}
