package fr.isoloir.themes;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.text.MessageFormat;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import static fr.isoloir.themes.ThemeRenderer.plain;
import static org.assertj.core.api.Assertions.assertThat;

/** What reaches the voter outside the pages: the connection code by email (HTML and text) and by SMS. */
class MessagesSentTest {

    private static final String CODE = "482913";
    private static final String ELECTION = "CSE Exemple SA 2026";
    /** GSM 03.38 basic alphabet; anything else makes the SMS UCS-2 (70 characters a segment). */
    private static final String GSM7 = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    /** GSM 03.38 extension table: two septets each. */
    private static final String GSM7_EXTENSION = "^{}\\[~]|€\f";

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void the_sms_fits_one_segment_with_the_code_first_and_the_sender_named(String language) {
        Locale locale = Locale.forLanguageTag(language);
        String pattern = ThemeRenderer.bundle("login", language).getProperty("isoloirSmsCode");
        // As MessageDelivery.renderSms formats it: {0} code, {1} election name, {2} validity in minutes.
        String sms = new MessageFormat(pattern, locale).format(new Object[] {CODE, ELECTION, 10});

        assertThat(sms).startsWith(CODE).contains(ELECTION).doesNotContain("http");
        Integer septets = gsm7Septets(sms);
        if (septets != null) {
            assertThat(septets).as("GSM-7 SMS «%s»", sms).isLessThanOrEqualTo(160);
        } else {
            assertThat(sms.length()).as("UCS-2 SMS «%s»", sms).isLessThanOrEqualTo(70);
        }
        // The text itself stays in the GSM-7 alphabet: one accent outside it would cost a second segment.
        assertThat(gsm7Septets(pattern)).as("«%s» is GSM-7", pattern).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void the_lost_identifier_sms_fits_one_gsm7_segment_and_says_the_old_identifier_still_works(String language) {
        Locale locale = Locale.forLanguageTag(language);
        String pattern = ThemeRenderer.bundle("login", language).getProperty("isoloirSmsPendingIdentifier");
        // As IdentifierReissue renders it: {0} identifier, {1} election name, {2} voting site address.
        String sms = new MessageFormat(pattern, locale)
                .format(new Object[] {"K7MQ-4XPR-2H9W", ELECTION, "https://vote.example/?election=cse&lang=fr"});

        assertThat(sms)
                .contains("K7MQ-4XPR-2H9W", ELECTION, "https://vote.example/")
                .containsAnyOf("ancien", "old one");
        assertThat(gsm7Septets(sms)).as("GSM-7 SMS «%s»", sms).isNotNull().isLessThanOrEqualTo(160);
    }

    /** The length in septets when the text is GSM-7, or null when it must be sent as UCS-2. */
    static Integer gsm7Septets(String text) {
        int septets = 0;
        for (char c : text.toCharArray()) {
            if (GSM7.indexOf(c) >= 0) {
                septets += 1;
            } else if (GSM7_EXTENSION.indexOf(c) >= 0) {
                septets += 2;
            } else {
                return null;
            }
        }
        return septets;
    }

    private static String renderEmail(String template, String language, String logo) {
        ThemeRenderer renderer = new ThemeRenderer("email", Locale.forLanguageTag(language));
        Map<String, Object> model = new HashMap<>();
        model.put("identifier", "K7MQ-4XPR-2H9W");
        model.put("votingSiteUrl", "https://vote.example/?election=cse&lang=fr");
        model.put("code", CODE);
        model.put("validityMinutes", 10);
        model.put("electionName", ELECTION);
        model.put("locale", Map.of("language", language));
        model.put("properties", Map.of("isoloirLogoUrl", logo));
        return renderer.render(template, model);
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void the_html_email_is_a_simple_table_with_inline_styles_and_the_code_in_large_type(String language) {
        Document email = Jsoup.parse(renderEmail("html/isoloir-code.ftl", language, "https://vote.example/logo.png"));
        ThemeRenderer messages = new ThemeRenderer("email", Locale.forLanguageTag(language));

        assertThat(email.selectFirst("html").attr("lang")).isEqualTo(language);
        assertThat(email.title()).isEqualTo(messages.msg("isoloirCodeEmailSubject", ELECTION));
        assertThat(email.select("style, script, link, [class], form, input")).isEmpty();
        assertThat(email.select("a[href]")).as("no link to type a secret into").isEmpty();
        for (Element table : email.select("table")) {
            assertThat(table.attr("role")).isEqualTo("presentation");
        }
        Element code = email.select("p").stream()
                .filter(p -> p.text().equals(CODE))
                .findFirst()
                .orElseThrow();
        assertThat(code.attr("style")).contains("font-size: 32px");
        assertThat(email.select("td[style*=#1f4e79]").text())
                .as("branded header")
                .isEqualTo(ELECTION);
        assertThat(email.select("img").attr("alt")).isEmpty();
        assertThat(email.body().text())
                .contains(plain(messages.msg("isoloirCodeEmailValidity", 10)))
                .contains(plain(messages.msg("isoloirCodeEmailFooter", ELECTION)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void the_html_email_shows_only_an_https_logo(String language) {
        assertThat(Jsoup.parse(renderEmail("html/isoloir-code.ftl", language, ""))
                        .select("img"))
                .isEmpty();
        assertThat(Jsoup.parse(renderEmail("html/isoloir-code.ftl", language, "http://x/logo.png"))
                        .select("img"))
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void the_text_email_has_the_code_alone_on_its_line(String language) {
        String text = renderEmail("text/isoloir-code.ftl", language, "");
        assertThat(text)
                .containsPattern("(?m)^\\s*" + CODE + "\\s*$")
                .doesNotContain("<")
                .doesNotContain("&#");
        assertThat(text)
                .contains(new ThemeRenderer("email", Locale.forLanguageTag(language))
                        .msg("isoloirCodeEmailIntro", ELECTION));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void the_identifier_email_gives_the_identifier_the_voting_site_and_the_next_steps(String language) {
        Document html = Jsoup.parse(renderEmail("html/isoloir-identifier.ftl", language, ""));
        String text = renderEmail("text/isoloir-identifier.ftl", language, "");

        assertThat(html.select("html").attr("lang")).isEqualTo(language);
        assertThat(html.text()).contains("K7MQ-4XPR-2H9W", ELECTION);
        assertThat(html.select("a[href]").attr("href")).isEqualTo("https://vote.example/?election=cse&lang=fr");
        assertThat(text)
                .contains("K7MQ-4XPR-2H9W", "https://vote.example/?election=cse&lang=fr", ELECTION)
                .doesNotContain("&amp;", "${", "<p>");
        // No secret travels with the identifier (SEC-A2): no code in either part.
        assertThat(html.text() + text).doesNotContain(CODE);
    }
}
