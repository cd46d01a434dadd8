package fr.isoloir.themes;

import freemarker.cache.ClassTemplateLoader;
import freemarker.core.HTMLOutputFormat;
import freemarker.template.Configuration;
import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateNumberModel;
import freemarker.template.TemplateScalarModel;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Renders our theme templates with FreeMarker the way Keycloak 26 does (HTML auto-escaping, messages
 * formatted with MessageFormat), with stand-ins for the beans Keycloak gives a page. A message key
 * missing from the bundle fails the rendering, so every {@code msg("...")} a state reaches is checked.
 */
final class ThemeRenderer {

    static final String THEMES = "/theme/isoloir/";

    private final String type;
    private final Locale locale;
    private final Properties messages;
    private final Configuration freemarker;

    ThemeRenderer(String type, Locale locale) {
        this.type = type;
        this.locale = locale;
        this.messages = bundle(type, locale.getLanguage());
        freemarker = new Configuration(Configuration.VERSION_2_3_32);
        freemarker.setTemplateLoader(new ClassTemplateLoader(ThemeRenderer.class, THEMES + type));
        freemarker.setDefaultEncoding("UTF-8");
        freemarker.setOutputFormat(HTMLOutputFormat.INSTANCE);
        freemarker.setNumberFormat("computer");
    }

    static Properties bundle(String type, String language) {
        return properties(THEMES + type + "/messages/messages_" + language + ".properties");
    }

    static Properties properties(String resource) {
        try (InputStream in = ThemeRenderer.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("No " + resource + " on the test class path");
            }
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** jsoup's text() turns non-breaking spaces into spaces: compare messages the same way. */
    static String plain(String message) {
        return message.replaceAll("[\\u00A0\\u202F]", " ");
    }

    /** The message as Keycloak's msg() gives it: parameters as text, formatted with MessageFormat. */
    String msg(String key, Object... parameters) {
        String pattern = messages.getProperty(key);
        if (pattern == null) {
            throw new IllegalStateException("No message " + key + " in the " + type + " bundle for " + locale);
        }
        return new MessageFormat(pattern, locale).format(parameters);
    }

    String render(String template, Map<String, Object> attributes) {
        Map<String, Object> model = new HashMap<>(attributes);
        model.put("msg", (TemplateMethodModelEx) this::msgMethod);
        model.put("kcSanitize", (TemplateMethodModelEx) args -> text(args.get(0)));
        try {
            StringWriter out = new StringWriter();
            freemarker.getTemplate(template).process(model, out);
            return out.toString();
        } catch (Exception e) {
            throw new IllegalStateException("Could not render " + template + ": " + e.getMessage(), e);
        }
    }

    private Object msgMethod(List<?> arguments) throws TemplateModelException {
        List<Object> parameters = new ArrayList<>();
        for (Object argument : arguments.subList(1, arguments.size())) {
            parameters.add(text(argument));
        }
        return msg(text(arguments.get(0)), parameters.toArray());
    }

    private static String text(Object model) throws TemplateModelException {
        if (model instanceof TemplateScalarModel scalar) {
            return scalar.getAsString();
        }
        if (model instanceof TemplateNumberModel number) {
            return number.getAsNumber().toString();
        }
        return String.valueOf(model);
    }

    /** Keycloak's messagesPerField bean: the errors bound to fields. */
    public static final class MessagesPerField {
        private final Map<String, String> errors;

        MessagesPerField(Map<String, String> errors) {
            this.errors = errors;
        }

        public boolean existsError(String... fields) {
            for (String field : fields) {
                if (errors.containsKey(field)) {
                    return true;
                }
            }
            return false;
        }

        public boolean exists(String field) {
            return errors.containsKey(field);
        }

        public String get(String field) {
            return errors.getOrDefault(field, "");
        }

        public String getFirstError(String... fields) {
            for (String field : fields) {
                if (errors.containsKey(field)) {
                    return errors.get(field);
                }
            }
            return "";
        }

        public String printIfExists(String field, String text) {
            return errors.containsKey(field) ? text : "";
        }
    }

    /** The beans every login page gets, in French, as on the vote realm. */
    Map<String, Object> loginBeans(Map<String, String> fieldErrors) {
        Map<String, Object> model = new LinkedHashMap<>();
        Properties theme = properties(THEMES + "login/theme.properties");
        Map<String, Object> properties = new HashMap<>();
        properties.put("styles", theme.getProperty("styles"));
        properties.put("scripts", theme.getProperty("scripts"));
        properties.put("isoloirElectionName", "Élections CSE 2026 - Exemple SA");
        properties.put("isoloirHelpContact", "");
        properties.put("isoloirLogoUrl", "");
        model.put("properties", properties);
        model.put(
                "url",
                Map.of(
                        "loginAction",
                                "https://vote.example/realms/vote/login-actions/authenticate?session_code=abc&execution=e1&tab_id=t1",
                        "resourcesPath", "/resources/v1/login/isoloir",
                        "loginRestartFlowUrl", "https://vote.example/realms/vote/login-actions/restart?tab_id=t1",
                        "loginResetCredentialsUrl",
                                "https://vote.example/realms/vote/login-actions/reset-credentials?tab_id=t1",
                        "logoutConfirmAction",
                                "https://vote.example/realms/vote/protocol/openid-connect/logout/logout-confirm"));
        model.put(
                "realm",
                new HashMap<>(Map.of(
                        "displayName",
                        "Vote",
                        "internationalizationEnabled",
                        true,
                        "resetPasswordAllowed",
                        false,
                        "name",
                        "vote")));
        String current = locale.getLanguage();
        model.put(
                "locale",
                Map.of(
                        "currentLanguageTag",
                        current,
                        "currentLanguage",
                        current,
                        "supported",
                        List.of(
                                Map.of(
                                        "languageTag",
                                        "fr",
                                        "label",
                                        "Français",
                                        "url",
                                        "https://vote.example/?kc_locale=fr"),
                                Map.of(
                                        "languageTag",
                                        "en",
                                        "label",
                                        "English",
                                        "url",
                                        "https://vote.example/?kc_locale=en"))));
        model.put("auth", Map.of("attemptedUsername", "K7MQ4XPR2H9W"));
        model.put("messagesPerField", new MessagesPerField(fieldErrors));
        return model;
    }
}
