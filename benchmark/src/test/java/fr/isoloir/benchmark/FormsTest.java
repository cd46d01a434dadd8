package fr.isoloir.benchmark;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FormsTest {

    private static final URI PAGE = URI.create("http://127.0.0.1:8080/realms/vote/protocol/openid-connect/auth?x=1");

    @Test
    void findsTheActionOfTheFormWithThatIdWhateverTheAttributeOrder() {
        String html = """
                <form id="isoloir-resend-form" action="http://127.0.0.1:8080/resend" method="post"></form>
                <form class="isoloir-form" method="post" action="http://127.0.0.1:8080/realms/vote/login-actions/authenticate?session_code=a&amp;execution=b&amp;client_id=voting-site" id="isoloir-code-form" novalidate>
                """;
        assertThat(Forms.action(html, "isoloir-code-form", PAGE))
                .contains(
                        URI.create(
                                "http://127.0.0.1:8080/realms/vote/login-actions/authenticate?session_code=a&execution=b&client_id=voting-site"));
        assertThat(Forms.action(html, "isoloir-resend-form", PAGE))
                .contains(URI.create("http://127.0.0.1:8080/resend"));
    }

    @Test
    void relativeActionsAreResolvedAndMissingFormsAreEmpty() {
        assertThat(Forms.action("<form id=\"kc-form-login\" action=\"/realms/stock/login\">", "kc-form-login", PAGE))
                .contains(URI.create("http://127.0.0.1:8080/realms/stock/login"));
        assertThat(Forms.action("<p>no form</p>", "kc-form-login", PAGE)).isEmpty();
    }

    @Test
    void entitiesAreDecoded() {
        assertThat(Forms.unescape("a&amp;b&#38;c&#x26;d&quot;&lt;&gt;&apos;")).isEqualTo("a&b&c&d\"<>'");
    }

    @Test
    void cookiesAreKeptByNameAndDroppedWhenExpired() {
        Browser browser = new Browser(null, "http://127.0.0.1:9");
        browser.keepCookies(List.of(
                "AUTH_SESSION_ID=abc.def; Version=1; Path=/realms/vote/; SameSite=None; Secure; HttpOnly",
                "KC_RESTART=xyz; Path=/realms/vote/; HttpOnly"));
        assertThat(browser.cookies())
                .containsEntry("AUTH_SESSION_ID", "abc.def")
                .containsEntry("KC_RESTART", "xyz");
        browser.keepCookies(List.of(
                "KC_RESTART=; Version=1; Expires=Thu, 01-Jan-1970 00:00:10 GMT; Max-Age=0; Path=/realms/vote/"));
        assertThat(browser.cookies()).containsOnlyKeys("AUTH_SESSION_ID");
    }

    @Test
    void queryParametersAreDecoded() {
        assertThat(Logins.query(URI.create("http://127.0.0.1:9/callback?state=s&code=a%2Eb&session_state=x")))
                .containsEntry("code", "a.b")
                .containsEntry("state", "s");
    }
}
