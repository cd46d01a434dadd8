package fr.isoloir.themes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One page of the voter journey in one state, as Keycloak would render it: the stories of our pages.
 * Keycloak turns the first error into the page's {@code message} too, so a field error also sets it.
 */
record PageState(
        String name,
        String template,
        int step,
        Map<String, Object> attributes,
        Map<String, String> fieldErrors,
        String messageType,
        String messageKey) {

    static final String IDENTIFIER = "isoloir-identifier.ftl";
    static final String CODE = "isoloir-code.ftl";
    static final String PASSPHRASE_NEW = "isoloir-passphrase-new.ftl";
    static final String PASSPHRASE = "isoloir-passphrase.ftl";
    static final String LOST = "isoloir-lost-identifier.ftl";
    static final String LOST_SENT = "isoloir-lost-identifier-sent.ftl";
    static final String ELECTION_CLOSED = "isoloir-election-closed.ftl";

    private static final Map<String, Object> CODE_PAGE =
            Map.of("postal", false, "codeLength", 6, "codeValidityMinutes", 10, "resendWaitSeconds", 60);
    private static final Map<String, Object> POSTAL_CODE_PAGE =
            Map.of("postal", true, "codeLength", 6, "codeValidityMinutes", 10, "resendWaitSeconds", 60);
    /** The check as fr.isoloir.captcha.AntiRobotCheck issues it: an image (a stand-in here) and a proof-of-work challenge. */
    private static final Map<String, Object> CAPTCHA = Map.of(
            "captchaImage",
            "data:image/png;base64,iVBORw0KGgo=",
            "powAlgorithm",
            "SHA-256",
            "powChallenge",
            "53dd02b72c4e7463b448e5374abedc168dcd200ad7e1221fe92d440c545859c6",
            "powSalt",
            "abc",
            "powMaxNumber",
            500_000);

    private static final Map<String, Object> CAPTCHA_TYPED = with(CAPTCHA, "contact", "camille.martin@exemple.fr");
    private static final Map<String, Object> CHOOSING = Map.of("passphraseMinLength", 20, "passphraseMaxLength", 256);

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> map = new java.util.HashMap<>(base);
        map.put(key, value);
        return Map.copyOf(map);
    }

    static List<PageState> all() {
        return List.of(
                page("identifier, empty", IDENTIFIER, 1, Map.of()),
                page("identifier, lost-identifier link", IDENTIFIER, 1, Map.of("resetPasswordAllowed", true)),
                page("identifier, too short", IDENTIFIER, 1, Map.of("identifier", "K7MQ"))
                        .fieldError("identifier", "identifierTooShort"),
                page("identifier, global error", IDENTIFIER, 1, Map.of()).message("error", "isoloirCodeSendFailed"),
                page("code, empty", CODE, 2, CODE_PAGE),
                page("code, wrong code", CODE, 2, CODE_PAGE).fieldError("code", "isoloirCodeInvalid"),
                page("code, resend too early", CODE, 2, CODE_PAGE).message("error", "isoloirCodeResendWait"),
                page("code, new code sent", CODE, 2, CODE_PAGE).message("info", "isoloirCodeResent"),
                page("code, postal letter", CODE, 2, POSTAL_CODE_PAGE),
                page("code, postal letter, wrong code", CODE, 2, POSTAL_CODE_PAGE)
                        .fieldError("code", "postalCodeTooShort"),
                page("passphrase choose, empty", PASSPHRASE_NEW, 3, CHOOSING),
                page("passphrase choose, too short", PASSPHRASE_NEW, 3, CHOOSING)
                        .fieldError("passphrase", "passphraseTooShort"),
                page("passphrase choose, mismatch", PASSPHRASE_NEW, 3, CHOOSING)
                        .fieldError("passphrase-confirm", "passphraseMismatch"),
                page("passphrase give, empty", PASSPHRASE, 3, Map.of()),
                page("passphrase give, wrong", PASSPHRASE, 3, Map.of())
                        .fieldError("passphrase", "isoloirPassphraseInvalid"),
                page("lost identifier, empty", LOST, 0, CAPTCHA),
                page("lost identifier, contact invalid", LOST, 0, CAPTCHA_TYPED)
                        .fieldError("contact", "isoloirLostContactInvalid"),
                page("lost identifier, wrong captcha", LOST, 0, CAPTCHA_TYPED)
                        .fieldError("captcha", "isoloirCaptchaWrong"),
                page("lost identifier, no proof-of-work", LOST, 0, CAPTCHA_TYPED)
                        .fieldError("captcha", "isoloirCaptchaEmpty"),
                page("lost identifier, sent", LOST_SENT, 0, Map.of()),
                page(
                        "election not yet open",
                        ELECTION_CLOSED,
                        0,
                        Map.of(
                                "electionState",
                                "notYetOpen",
                                "electionOpensAt",
                                "jeudi 12 mars 2027 à 09h00 (UTC+01:00)")),
                page(
                        "election not yet open, closing date, lost-identifier link",
                        ELECTION_CLOSED,
                        0,
                        Map.of(
                                "electionState",
                                "notYetOpen",
                                "electionOpensAt",
                                "jeudi 12 mars 2027 à 09h00 (UTC+01:00)",
                                "electionClosesAt",
                                "jeudi 19 mars 2027 à 17h00 (UTC+01:00)",
                                "resetPasswordAllowed",
                                true)),
                page(
                        "election closed",
                        ELECTION_CLOSED,
                        0,
                        Map.of(
                                "electionState",
                                "closed",
                                "electionClosesAt",
                                "jeudi 19 mars 2027 à 17h00 (UTC+01:00)")),
                page(
                                "error page",
                                "error.ftl",
                                0,
                                Map.of("client", Map.of("baseUrl", "https://vote.example/"), "url", new NoActionUrl()))
                        .message("error", "isoloirCodeSendFailed"),
                page("error page, trace id", "error.ftl", 0, Map.of("traceId", "abc123", "url", new NoActionUrl()))
                        .message("error", "isoloirCodeSendFailed"),
                page("info page", "info.ftl", 0, Map.of("pageRedirectUri", "https://vote.example/"))
                        .message("info", "isoloirCodeResent"),
                page("info page, action", "info.ftl", 0, Map.of("actionUri", "https://vote.example/action"))
                        .message("info", "isoloirCodeResent"),
                page("page expired", "login-page-expired.ftl", 0, Map.of()),
                page(
                        "logout confirmation",
                        "logout-confirm.ftl",
                        0,
                        Map.of(
                                "client",
                                Map.of("baseUrl", "https://vote.example/"),
                                "logoutConfirm",
                                Map.of("code", "logout-code", "skipLink", false))));
    }

    private static PageState page(String name, String template, int step, Map<String, Object> attributes) {
        return new PageState(name, template, step, attributes, Map.of(), null, null);
    }

    PageState fieldError(String field, String key) {
        return new PageState(name, template, step, attributes, Map.of(field, key), "error", key);
    }

    PageState message(String type, String key) {
        return new PageState(name, template, step, attributes, fieldErrors, type, key);
    }

    boolean failedSubmit() {
        return "error".equals(messageType);
    }

    String render(Locale locale) {
        ThemeRenderer renderer = new ThemeRenderer("login", locale);
        Map<String, String> errors = new LinkedHashMap<>();
        fieldErrors.forEach((field, key) -> errors.put(field, renderer.msg(key, "20", "12")));
        if (failedSubmit() && fieldErrors.isEmpty()) {
            // An error bound to no field: Keycloak files it as the page's "global" message as well.
            errors.put("global", renderer.msg(messageKey, "30"));
        }
        Map<String, Object> model = renderer.loginBeans(errors);
        Map<String, Object> pageAttributes = new LinkedHashMap<>(attributes);
        Object reset = pageAttributes.remove("resetPasswordAllowed");
        if (reset != null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> realm = (Map<String, Object>) model.get("realm");
            realm.put("resetPasswordAllowed", reset);
        }
        model.putAll(pageAttributes);
        if (messageKey != null) {
            model.put(
                    "message",
                    Map.of("type", messageType, "summary", renderer.msg(messageKey, "30"), "error", failedSubmit()));
        }
        return renderer.render(template, model);
    }

    @Override
    public String toString() {
        return name;
    }

    /**
     * Keycloak's url bean on a page without a form, such as the error page of an unknown client: its
     * loginAction getter throws rather than answering null, and the frame must still render.
     */
    public static final class NoActionUrl {
        public boolean hasAction() {
            return false;
        }

        public String getLoginAction() {
            throw new IllegalStateException("Action URI not specified");
        }

        public String getResourcesPath() {
            return "/resources/v1/login/isoloir";
        }

        public String getLoginRestartFlowUrl() {
            return "https://vote.example/realms/vote/login-actions/restart";
        }
    }
}
