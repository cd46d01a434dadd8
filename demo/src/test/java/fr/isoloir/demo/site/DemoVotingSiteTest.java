package fr.isoloir.demo.site;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DemoVotingSiteTest {

    private FakeOpenIdProvider provider;
    private DemoVotingSite site;
    private Browser browser;

    @BeforeEach
    void start() {
        provider = FakeOpenIdProvider.start();
        site = DemoVotingSite.start(DemoVotingSite.Settings.forIssuer(provider.issuer()));
        browser = new Browser();
    }

    @AfterEach
    void stop() {
        site.close();
        provider.close();
    }

    /** A browser: one cookie jar, and two clients sharing it (one follows redirects, one does not). */
    private static final class Browser {
        private final CookieManager cookies = new CookieManager();
        private final HttpClient following = HttpClient.newBuilder()
                .cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        private final HttpClient notFollowing = HttpClient.newBuilder()
                .cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();

        HttpResponse<String> open(URI uri) throws IOException, InterruptedException {
            return following.send(request(uri), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> openWithoutFollowing(URI uri) throws IOException, InterruptedException {
            return notFollowing.send(request(uri), HttpResponse.BodyHandlers.ofString());
        }

        private static HttpRequest request(URI uri) {
            return HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(10))
                    .GET()
                    .build();
        }
    }

    private URI at(String path) {
        return URI.create(site.baseUri() + path);
    }

    private static URI location(HttpResponse<?> redirect) {
        assertThat(redirect.statusCode()).isEqualTo(302);
        return URI.create(redirect.headers().firstValue("Location").orElseThrow());
    }

    private HttpResponse<String> logIn() throws IOException, InterruptedException {
        return browser.open(at("/login"));
    }

    @Nested
    class TheHomePage {

        @Test
        void isAFrenchHtml5PageWithALoginButton() throws Exception {
            HttpResponse<String> home = browser.open(at("/"));

            assertThat(home.statusCode()).isEqualTo(200);
            assertThat(home.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(home.body())
                    .startsWith("<!DOCTYPE html>")
                    .contains(
                            "<html lang=\"fr\">",
                            "<title>Site de vote (démonstration)</title>",
                            "<h1>Site de vote (démonstration)</h1>",
                            "<a class=\"button\" href=\"/login\">Se connecter</a>")
                    .doesNotContain("href=\"/espace\"", "style=");
            assertThat(home.body().split("<h1>", -1)).hasSize(2);
        }

        @Test
        void servesItsStyleSheet() throws Exception {
            HttpResponse<String> css = browser.open(at("/site.css"));

            assertThat(css.statusCode()).isEqualTo(200);
            assertThat(css.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
            assertThat(css.body()).contains(".button");
        }

        @Test
        void linksToThePersonalSpaceOnceLoggedIn() throws Exception {
            logIn();

            assertThat(browser.open(at("/")).body())
                    .contains("href=\"/espace\"", "href=\"/logout\"", FakeOpenIdProvider.COLLEGE);
        }

        @Test
        void answersAnUnknownPathWithAFrench404() throws Exception {
            HttpResponse<String> missing = browser.open(at("/nulle-part"));

            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.body()).contains("Page introuvable");
        }
    }

    @Nested
    class WhenTheLoginSucceeds {

        @Test
        void landsOnThePersonalSpaceShowingTheCollegeHowTheVoterLoggedInAndTheClaims() throws Exception {
            HttpResponse<String> space = logIn();

            assertThat(space.statusCode()).isEqualTo(200);
            assertThat(space.uri().getPath()).isEqualTo("/espace");
            assertThat(space.body())
                    .contains("Vous êtes à présent sur votre espace personnel.")
                    .contains("<strong id=\"college\">" + FakeOpenIdProvider.COLLEGE + "</strong>")
                    .contains("code reçu par email ou SMS et phrase de passe", FakeOpenIdProvider.SUBJECT)
                    .contains("<dl id=\"claims\">")
                    .contains("<dt>iss</dt><dd>" + provider.issuer() + "</dd>")
                    .contains("<dt>aud</dt><dd>voting-site</dd>")
                    .contains("<dt>sub</dt><dd>" + FakeOpenIdProvider.SUBJECT + "</dd>")
                    .contains("<dt>acr</dt><dd>" + FakeOpenIdProvider.ACR + "</dd>")
                    .contains("<dt>electoral_college</dt><dd>" + FakeOpenIdProvider.COLLEGE + "</dd>");
        }

        @Test
        void sendsAPkceVerifierThatMatchesTheChallenge() throws Exception {
            logIn();

            String challenge = provider.lastAuthorizationRequest.get("code_challenge");
            String verifier = provider.lastTokenRequest.get("code_verifier");
            assertThat(provider.lastAuthorizationRequest).containsEntry("code_challenge_method", "S256");
            assertThat(verifier).hasSizeGreaterThanOrEqualTo(43).matches("[A-Za-z0-9_-]+");
            assertThat(DemoVotingSite.codeChallenge(verifier)).isEqualTo(challenge);
            assertThat(provider.lastTokenRequest)
                    .containsEntry("grant_type", "authorization_code")
                    .containsEntry("client_id", "voting-site")
                    .containsEntry("redirect_uri", site.baseUri() + "/callback")
                    .doesNotContainKey("client_secret");
        }

        @Test
        void asksTheProviderForAnOpenIdCodeInFrench() throws Exception {
            logIn();

            assertThat(provider.lastAuthorizationRequest)
                    .containsEntry("response_type", "code")
                    .containsEntry("scope", "openid isoloir-voter-ref")
                    .containsEntry("client_id", "voting-site")
                    .containsEntry("redirect_uri", site.baseUri() + "/callback")
                    .containsEntry("ui_locales", "fr")
                    .containsKeys("state", "nonce");
            assertThat(provider.lastAuthorizationRequest)
                    .as("a fresh login by default: shared terminals are the norm at workplace kiosks")
                    .containsEntry("prompt", "login");
            assertThat(provider.lastAuthorizationRequest.get("state")).hasSizeGreaterThanOrEqualTo(43);
            assertThat(provider.lastAuthorizationRequest.get("nonce")).hasSizeGreaterThanOrEqualTo(43);
        }

        @Test
        void letsTheProviderSessionLogTheVoterInWhenFreshLoginsAreTurnedOff() throws Exception {
            site.close();
            site = DemoVotingSite.start(
                    DemoVotingSite.Settings.forIssuer(provider.issuer()).withFreshLogin(false));

            logIn();

            assertThat(provider.lastAuthorizationRequest)
                    .containsEntry("client_id", "voting-site")
                    .doesNotContainKey("prompt");
        }

        @Test
        void setsAnHttpOnlySameSiteLaxSessionCookie() throws Exception {
            HttpResponse<String> login = browser.openWithoutFollowing(at("/login"));
            HttpResponse<String> atProvider = browser.openWithoutFollowing(location(login));
            HttpResponse<String> callback = browser.openWithoutFollowing(location(atProvider));

            assertThat(login.headers().allValues("Set-Cookie"))
                    .anySatisfy(cookie -> assertThat(cookie)
                            .startsWith(DemoVotingSite.LOGIN_COOKIE + "=")
                            .contains("HttpOnly", "SameSite=Lax", "Path=/"));

            assertThat(callback.statusCode()).isEqualTo(302);
            assertThat(callback.headers().firstValue("Location")).hasValue("/espace");
            assertThat(callback.headers().allValues("Set-Cookie"))
                    .anySatisfy(cookie -> assertThat(cookie)
                            .startsWith(DemoVotingSite.SESSION_COOKIE + "=")
                            .contains("HttpOnly", "SameSite=Lax", "Path=/"));
        }

        @Test
        void escapesWhatItPrints() throws Exception {
            provider.claimTampering = claims -> claims.put("electoral_college", "<script>alert('vote')</script>");

            assertThat(logIn().body())
                    .contains("&lt;script&gt;alert(&#39;vote&#39;)&lt;/script&gt;")
                    .doesNotContain("<script>");
        }

        @Test
        void logsOutLocallyAndAtTheProvider() throws Exception {
            logIn();
            String idToken = provider.lastIdToken;

            HttpResponse<String> afterLogout = browser.open(at("/logout"));

            assertThat(afterLogout.uri().getPath()).isEqualTo("/");
            assertThat(provider.lastEndSessionRequest)
                    .containsEntry("post_logout_redirect_uri", site.baseUri() + "/")
                    .containsEntry("client_id", "voting-site")
                    .containsEntry("id_token_hint", idToken);
            assertThat(browser.openWithoutFollowing(at("/espace")).headers().firstValue("Location"))
                    .hasValue("/");
        }
    }

    @Nested
    class WhenTheLoginMustBeRefused {

        @Test
        void refusesAWrongStateInFrench() throws Exception {
            provider.stateTampering = state -> state + "x";

            HttpResponse<String> refused = logIn();

            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.uri().getPath()).isEqualTo("/callback");
            assertThat(refused.body())
                    .contains(
                            "<h1>Connexion refusée</h1>",
                            "ne correspond pas à une connexion demandée depuis ce navigateur (state)");
            assertThat(provider.lastTokenRequest).isNull();
        }

        @Test
        void refusesACallbackFromAnotherBrowser() throws Exception {
            HttpResponse<String> toProvider = browser.openWithoutFollowing(at("/login"));
            HttpResponse<String> fromProvider = browser.openWithoutFollowing(location(toProvider));

            HttpResponse<String> elsewhere = new Browser().open(location(fromProvider));

            assertThat(elsewhere.statusCode()).isEqualTo(400);
            assertThat(elsewhere.body()).contains("(state)");
        }

        @Test
        void refusesAWrongNonce() throws Exception {
            provider.claimTampering = claims -> claims.put("nonce", "another-nonce");

            assertRefused(logIn(), "ne correspond pas à cette connexion (nonce)");
        }

        @Test
        void refusesAWrongAudience() throws Exception {
            provider.claimTampering = claims -> {
                claims.put("aud", "another-site");
                claims.put("azp", "another-site");
            };

            assertRefused(logIn(), "n’est pas destiné à ce site (aud)");
        }

        @Test
        void refusesAnotherAuthorizedParty() throws Exception {
            provider.claimTampering = claims -> {
                claims.put("aud", List.of("voting-site", "another-site"));
                claims.put("azp", "another-site");
            };

            assertRefused(logIn(), "(azp)");
        }

        @Test
        void refusesAWrongIssuer() throws Exception {
            provider.claimTampering = claims -> claims.put("iss", "http://127.0.0.1:1/realms/other");

            assertRefused(logIn(), "n’a pas été émis par le fournisseur d’identité attendu (iss)");
        }

        @Test
        void refusesAnExpiredIdToken() throws Exception {
            provider.claimTampering =
                    claims -> claims.put("exp", Instant.now().minusSeconds(60).getEpochSecond());

            assertRefused(logIn(), "a expiré (exp)");
        }

        @Test
        void refusesATokenWhosePayloadWasChangedAfterSigning() throws Exception {
            provider.tokenTampering = token -> {
                String[] parts = token.split("\\.");
                String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace(FakeOpenIdProvider.COLLEGE, "Ouvriers");
                return parts[0] + "."
                        + Base64.getUrlEncoder()
                                .withoutPadding()
                                .encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                        + "." + parts[2];
            };

            assertRefused(logIn(), "La signature du jeton d’identité n’est pas celle du fournisseur d’identité");
        }

        @Test
        void refusesATokenSignedWithAnotherKey() throws Exception {
            RSAKey another = FakeOpenIdProvider.newKey(FakeOpenIdProvider.KEY.getKeyID());
            provider.tokenTampering = token -> {
                try {
                    return FakeOpenIdProvider.signed(
                            SignedJWT.parse(token).getJWTClaimsSet().toJSONObject(), another);
                } catch (java.text.ParseException e) {
                    throw new IllegalStateException(e);
                }
            };

            assertRefused(logIn(), "La signature du jeton d’identité n’est pas celle du fournisseur d’identité");
        }

        @Test
        void refusesAnUnsignedToken() throws Exception {
            provider.tokenTampering = token -> {
                try {
                    return new PlainJWT(SignedJWT.parse(token).getJWTClaimsSet()).serialize();
                } catch (java.text.ParseException e) {
                    throw new IllegalStateException(e);
                }
            };

            assertRefused(logIn(), "La signature du jeton d’identité n’est pas celle du fournisseur d’identité");
        }

        @Test
        void showsTheProvidersErrorEscaped() throws Exception {
            provider.authorizationError = "access_denied";

            HttpResponse<String> refused = logIn();

            assertRefused(refused, "n’a pas accordé la connexion (« access_denied »");
            assertThat(refused.body()).contains("&lt;la connexion&gt;");
        }

        @Test
        void refusesACallbackReplayed() throws Exception {
            URI toProvider = location(browser.openWithoutFollowing(at("/login")));
            URI callback = location(browser.openWithoutFollowing(toProvider));
            assertThat(browser.open(callback).uri().getPath()).isEqualTo("/espace");

            assertRefused(browser.open(callback), "(state)");
        }

        private void assertRefused(HttpResponse<String> response, String reason) {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.uri().getPath()).isEqualTo("/callback");
            assertThat(response.body())
                    .contains("<html lang=\"fr\">", "<h1>Connexion refusée</h1>", reason)
                    .doesNotContain("Exception", "at fr.isoloir");
        }
    }

    @Nested
    class WhenTheProviderEndsTheSession {

        @Test
        void aBackChannelLogoutTokenEndsTheSitesSessionOfThatProviderSession() throws Exception {
            logIn();
            assertThat(browser.open(at("/espace")).uri().getPath()).isEqualTo("/espace");

            HttpResponse<String> answer =
                    postLogoutToken(provider.logoutToken("voting-site", FakeOpenIdProvider.SESSION_ID));

            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(browser.open(at("/espace")).uri().getPath()).isEqualTo("/");
        }

        @Test
        void aLogoutTokenForAnotherClientIsRefusedAndEndsNothing() throws Exception {
            logIn();

            HttpResponse<String> answer =
                    postLogoutToken(provider.logoutToken("another-site", FakeOpenIdProvider.SESSION_ID));

            assertThat(answer.statusCode()).isEqualTo(400);
            assertThat(browser.open(at("/espace")).uri().getPath()).isEqualTo("/espace");
        }

        private HttpResponse<String> postLogoutToken(String token) throws IOException, InterruptedException {
            return HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(at("/backchannel-logout"))
                                    .header("Content-Type", "application/x-www-form-urlencoded")
                                    .POST(HttpRequest.BodyPublishers.ofString("logout_token=" + token))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
        }
    }

    @Nested
    class WithoutASession {

        @Test
        void thePersonalSpaceRedirectsToTheHomePage() throws Exception {
            HttpResponse<String> space = browser.openWithoutFollowing(at("/espace"));

            assertThat(space.statusCode()).isEqualTo(302);
            assertThat(space.headers().firstValue("Location")).hasValue("/");
        }

        @Test
        void anUnknownSessionCookieIsIgnored() throws Exception {
            browser.cookies
                    .getCookieStore()
                    .add(site.baseUri(), new HttpCookie(DemoVotingSite.SESSION_COOKIE, "forged"));

            assertThat(browser.open(at("/espace")).uri().getPath()).isEqualTo("/");
        }
    }

    @Nested
    class WhenTheProviderIsUnreachable {

        @Test
        void theLoginShowsAFrenchErrorPage() throws Exception {
            provider.close();

            HttpResponse<String> login = browser.open(at("/login"));

            assertThat(login.statusCode()).isEqualTo(502);
            assertThat(login.body()).contains("Le fournisseur d’identité est injoignable.");
        }
    }
}
