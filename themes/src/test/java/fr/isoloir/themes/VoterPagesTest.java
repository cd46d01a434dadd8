package fr.isoloir.themes;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static fr.isoloir.themes.ThemeRenderer.plain;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every voter page in every state, rendered without a server and checked against the accessibility
 * checklist (docs: pages-and-accessibility, SEC-H1, SEC-H2, SEC-G3).
 */
class VoterPagesTest {

    /** The autocomplete each field must carry (SEC-H2, SEC-D6). */
    private static final Map<String, String> AUTOCOMPLETE = Map.of(
            "identifier", "username",
            "code", "one-time-code",
            "passphrase", "current-password",
            "passphrase-confirm", "new-password",
            "username", "username",
            "contact", "email",
            "captcha", "off");

    static Stream<Arguments> states() {
        return PageState.all().stream()
                .flatMap(state -> Stream.of(Arguments.of(state, Locale.FRENCH), Arguments.of(state, Locale.ENGLISH)));
    }

    private static Document render(PageState state, Locale locale) {
        return Jsoup.parse(state.render(locale));
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("states")
    void the_frame_says_where_the_voter_is(PageState state, Locale locale) {
        Document page = render(state, locale);
        ThemeRenderer messages = new ThemeRenderer("login", locale);

        assertThat(page.selectFirst("html").attr("lang")).isEqualTo(locale.getLanguage());
        assertThat(page.select("h1")).hasSize(1);
        String h1 = page.selectFirst("h1").text();
        assertThat(h1).isNotBlank();
        String title = page.title();
        assertThat(title).contains(h1);
        String errorPrefix = plain(messages.msg("isoloirTitleErrorPrefix"));
        if (state.failedSubmit()) {
            assertThat(title).startsWith(errorPrefix);
        } else {
            assertThat(title).doesNotStartWith(errorPrefix.strip());
        }
        if (state.step() > 0) {
            assertThat(title).contains(messages.msg("isoloirStepOf", state.step(), 3));
            assertThat(page.select(".isoloir-step").text()).isEqualTo(messages.msg("isoloirStepOf", state.step(), 3));
        }
        // Landmarks and the skip link, first thing a keyboard reaches.
        assertThat(page.select("body > header")).hasSize(1);
        assertThat(page.select("body > main")).hasSize(1);
        assertThat(page.select("body > footer")).hasSize(1);
        Element skip = page.selectFirst("body > a");
        assertThat(skip).isNotNull();
        assertThat(skip.attr("href")).isEqualTo("#" + page.selectFirst("main").id());
        assertThat(page.select("footer").text()).contains(plain(messages.msg("isoloirHumanFallback")));
        // The language switch: links, each in its own language.
        assertThat(page.select("nav.isoloir-languages select")).isEmpty();
        var languages = page.select("nav.isoloir-languages a");
        assertThat(languages).hasSize(2);
        for (Element link : languages) {
            assertThat(link.attr("lang")).isNotBlank().isEqualTo(link.attr("hreflang"));
            assertThat(link.attr("href")).contains("kc_locale=" + link.attr("lang"));
            assertThat(link.text()).isEqualTo(link.attr("lang").equals("fr") ? "Français" : "English");
        }
        assertThat(page.select("nav.isoloir-languages a[aria-current]").attr("lang"))
                .isEqualTo(locale.getLanguage());
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("states")
    void fields_are_labelled_described_and_flagged_only_when_invalid(PageState state, Locale locale) {
        Document page = render(state, locale);

        Set<String> ids = new HashSet<>();
        for (Element element : page.select("[id]")) {
            assertThat(ids.add(element.id()))
                    .as("id %s is unique", element.id())
                    .isTrue();
        }
        for (Element element : page.select("[aria-describedby]")) {
            for (String id : element.attr("aria-describedby").trim().split("\\s+")) {
                assertThat(page.getElementById(id))
                        .as("aria-describedby target #%s of %s", id, element.id())
                        .isNotNull();
            }
        }
        var fields = page.select("input:not([type=hidden]):not([hidden])");
        for (Element input : fields) {
            String name = input.attr("name");
            Element label = page.selectFirst("label[for=" + input.id() + "]");
            assertThat(label).as("label of %s", name).isNotNull();
            assertThat(label.text()).isNotBlank();
            // The one optional field: the captcha, which a voter leaves empty once the proof-of-work is solved.
            assertThat(input.hasAttr("required")).as("%s is required", name).isEqualTo(!name.equals("captcha"));
            boolean invalid = state.fieldErrors().containsKey(name);
            if (invalid) {
                assertThat(input.attr("aria-invalid")).isEqualTo("true");
                Element error = page.getElementById(input.id() + "-error");
                assertThat(error).as("error of %s", name).isNotNull();
                assertThat(input.attr("aria-describedby")).contains(error.id());
                assertThat(error.text()).isNotBlank();
            } else {
                assertThat(input.hasAttr("aria-invalid"))
                        .as("%s has no aria-invalid while valid", name)
                        .isFalse();
            }
            String hint = input.id() + "-hint";
            if (page.getElementById(hint) != null) {
                assertThat(input.attr("aria-describedby")).contains(hint);
            }
        }
        // Focus goes to the first error: the first invalid field, and only it, has autofocus.
        var autofocus = page.select("[autofocus]");
        if (state.fieldErrors().isEmpty()) {
            assertThat(autofocus).isEmpty();
        } else {
            assertThat(autofocus).hasSize(1);
            assertThat(autofocus.first()).isEqualTo(page.selectFirst("input[aria-invalid=true]"));
        }
        // A global message goes in a live region; a field error is shown once, by its field.
        if (state.messageKey() != null
                && state.fieldErrors().isEmpty()
                && !state.template().equals("info.ftl")) {
            assertThat(page.select("[role=alert], [role=status]").text()).isNotBlank();
        }
        if (!state.fieldErrors().isEmpty()) {
            assertThat(page.select("[role=alert]")).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("states")
    void fields_let_browsers_and_password_managers_help(PageState state, Locale locale) {
        Document page = render(state, locale);
        for (Element input : page.select("input[name]:not([type=hidden])")) {
            String name = input.attr("name");
            String expected = AUTOCOMPLETE.get(name);
            if (name.equals("passphrase") && state.template().equals(PageState.PASSPHRASE_NEW)) {
                expected = "new-password";
            }
            assertThat(input.attr("autocomplete"))
                    .as("autocomplete of %s", name)
                    .isEqualTo(expected);
            boolean digitCode = name.equals("code")
                    && Boolean.FALSE.equals(state.attributes().get("postal"));
            if (digitCode) {
                assertThat(input.attr("inputmode")).isEqualTo("numeric");
                assertThat(input.hasAttr("pattern"))
                        .as("spaces are accepted in the code")
                        .isFalse();
            } else {
                assertThat(input.hasAttr("inputmode"))
                        .as("inputmode on %s", name)
                        .isFalse();
            }
            if (name.startsWith("passphrase")) {
                assertThat(input.attr("type")).isEqualTo("password");
            }
            assertThat(input.hasAttr("onpaste")).isFalse();
        }
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("states")
    void keyboard_order_names_and_strict_csp_hold(PageState state, Locale locale) {
        Document page = render(state, locale);
        for (Element element : page.select("[tabindex]")) {
            assertThat(Integer.parseInt(element.attr("tabindex")))
                    .as("tabindex of %s", element.tagName())
                    .isLessThanOrEqualTo(0);
        }
        for (Element script : page.select("script")) {
            assertThat(script.attr("src")).as("no inline script").isNotBlank();
            assertThat(script.data()).isBlank();
        }
        assertThat(page.select("style")).as("no style element").isEmpty();
        assertThat(page.select("[style]")).as("no style attribute").isEmpty();
        for (Element element : page.getAllElements()) {
            for (Attribute attribute : element.attributes()) {
                assertThat(attribute.getKey())
                        .as("event handler attribute on %s", element.tagName())
                        .doesNotStartWith("on");
                assertThat(attribute.getValue()).doesNotStartWith("javascript:");
            }
        }
        for (Element form : page.select("form")) {
            assertThat(form.attr("method")).isEqualToIgnoringCase("post");
            assertThat(form.select("button[type=submit], input[type=submit]")).isNotEmpty();
        }
        // Links, buttons and images have accessible names.
        for (Element element : page.select("a, button, summary")) {
            assertThat(element.text())
                    .as("accessible name of %s", element.outerHtml())
                    .isNotBlank();
        }
        for (Element image : page.select("img")) {
            assertThat(image.hasAttr("alt")).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fr.isoloir.themes.PageState#all")
    void the_code_page_states_validity_resend_wait_and_a_human_fallback(PageState state) {
        if (!state.template().equals(PageState.CODE)
                || Boolean.TRUE.equals(state.attributes().get("postal"))) {
            return;
        }
        Document page = render(state, Locale.FRENCH);
        ThemeRenderer fr = new ThemeRenderer("login", Locale.FRENCH);
        assertThat(page.text())
                .contains(plain(fr.msg("isoloirCodeValidity", 10)))
                .contains(plain(fr.msg("isoloirResendHint", 60)));
        assertThat(page.select("#isoloir-resend-form button[name=resend]").text())
                .isEqualTo(fr.msg("isoloirResend"));
        assertThat(page.selectFirst("#isoloir-code").attr("aria-describedby")).contains("isoloir-code-validity");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fr.isoloir.themes.PageState#all")
    void the_passphrase_choice_has_guidance_and_a_counter(PageState state) {
        if (!state.template().equals(PageState.PASSPHRASE_NEW)) {
            return;
        }
        Document page = render(state, Locale.FRENCH);
        Element counter = page.getElementById("isoloir-passphrase-counter");
        assertThat(counter.attr("data-min")).isEqualTo("20");
        assertThat(counter.attr("aria-live")).isEqualTo("polite");
        assertThat(counter.attr("data-template")).contains("{count}");
        assertThat(page.select("#isoloir-passphrase-guidance li")).hasSizeGreaterThanOrEqualTo(3);
        assertThat(page.selectFirst("#isoloir-passphrase").attr("aria-describedby"))
                .contains("isoloir-passphrase-guidance");
        assertThat(page.selectFirst("#isoloir-passphrase-form").attr("data-show-label"))
                .isNotBlank();
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("states")
    void the_captcha_has_no_answer_in_the_page_and_a_proof_of_work_said_in_a_live_region(
            PageState state, Locale locale) {
        if (!state.template().equals(PageState.LOST)) {
            return;
        }
        Document page = render(state, locale);
        ThemeRenderer messages = new ThemeRenderer("login", locale);
        Element captcha = page.selectFirst("fieldset #isoloir-captcha");
        assertThat(captcha.parents()
                        .select("fieldset")
                        .first()
                        .selectFirst("legend")
                        .text())
                .isNotBlank();
        assertThat(plain(page.selectFirst("#isoloir-captcha-image").attr("alt")))
                .isEqualTo(plain(messages.msg("isoloirCaptchaAlt")));
        assertThat(page.getElementById("isoloir-captcha-question"))
                .as("no question in words: a script would read it")
                .isNull();
        assertThat(captcha.hasAttr("required"))
                .as("the captcha may be left empty once the proof-of-work is solved")
                .isFalse();
        assertThat(plain(page.getElementById("isoloir-captcha-hint").text()))
                .isEqualTo(plain(messages.msg("isoloirCaptchaHint")));
        assertThat(captcha.val())
                .as("the captcha field is never filled in again")
                .isEmpty();
        // The proof-of-work: the challenge on a hidden field the theme's script fills, its status in a live region.
        Element proof = page.selectFirst("form#isoloir-lost-form input[type=hidden][name=altcha]#isoloir-pow");
        assertThat(proof.val()).isEmpty();
        assertThat(proof.attr("data-algorithm")).isEqualTo("SHA-256");
        assertThat(proof.attr("data-challenge")).isEqualTo(state.attributes().get("powChallenge"));
        assertThat(proof.attr("data-salt")).isEqualTo(state.attributes().get("powSalt"));
        assertThat(proof.attr("data-max-number")).isEqualTo("500000");
        Element status = page.getElementById("isoloir-pow-status");
        assertThat(status.attr("role")).isEqualTo("status");
        assertThat(plain(status.attr("data-working"))).isEqualTo(plain(messages.msg("isoloirPowWorking")));
        assertThat(plain(status.attr("data-done"))).isEqualTo(plain(messages.msg("isoloirPowDone")));
        assertThat(status.attr("data-failed")).isNotBlank();
        assertThat(status.attr("data-waiting")).isNotBlank();
        assertThat(captcha.attr("aria-describedby")).contains("isoloir-pow-status");
        assertThat(page.select("script:not([src])"))
                .as("no inline script (the realm's CSP)")
                .isEmpty();
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("states")
    void outside_the_election_dates_the_page_says_when_it_opens_or_that_it_closed(PageState state, Locale locale) {
        if (!state.template().equals(PageState.ELECTION_CLOSED)) {
            return;
        }
        Document page = render(state, locale);
        ThemeRenderer messages = new ThemeRenderer("login", locale);
        Object opens = state.attributes().get("electionOpensAt");
        Object closes = state.attributes().get("electionClosesAt");
        if ("notYetOpen".equals(state.attributes().get("electionState"))) {
            assertThat(page.selectFirst("h1").text()).isEqualTo(plain(messages.msg("isoloirNotYetOpenTitle")));
            assertThat(plain(page.text())).contains(plain(messages.msg("isoloirNotYetOpenWhen", opens)));
            assertThat(page.select("#isoloir-election-retry[href]"))
                    .as("a way to try again at opening time")
                    .hasSize(1);
            assertThat(page.select("#isoloir-lost-identifier").isEmpty())
                    .as("the lost-identifier link follows the realm setting")
                    .isEqualTo(!Boolean.TRUE.equals(state.attributes().get("resetPasswordAllowed")));
        } else {
            assertThat(page.selectFirst("h1").text()).isEqualTo(plain(messages.msg("isoloirClosedTitle")));
            assertThat(page.select("form, input, #isoloir-lost-identifier"))
                    .as("nothing left to do")
                    .isEmpty();
        }
        if (closes != null) {
            assertThat(plain(page.text()))
                    .contains(plain(messages.msg(
                            "notYetOpen".equals(state.attributes().get("electionState"))
                                    ? "isoloirNotYetOpenUntil"
                                    : "isoloirClosedWhen",
                            closes)));
        }
    }

    static List<PageState> keycloakPages() {
        return PageState.all().stream()
                .filter(s -> !s.template().startsWith("isoloir-"))
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keycloakPages")
    void keycloak_pages_a_voter_can_meet_use_our_frame_in_french(PageState state) {
        Document page = render(state, Locale.FRENCH);
        assertThat(page.select("body.isoloir main .isoloir-card h1")).hasSize(1);
        assertThat(page.select("link[rel=stylesheet]").attr("href")).endsWith("css/isoloir.css");
        // A way on: back to the voting site, the next action, or a fresh start.
        assertThat(page.select("main a[href], main button[type=submit]")).isNotEmpty();
    }
}
