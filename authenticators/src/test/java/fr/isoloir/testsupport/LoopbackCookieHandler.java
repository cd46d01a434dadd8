package fr.isoloir.testsupport;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Keycloak 26 marks its cookies Secure even on http://localhost. Browsers treat loopback as a secure
 * context and send them back; Java's CookieManager does not, and the second form post then fails with
 * "Restart login cookie not found". This handler behaves like a browser for loopback hosts only.
 */
public final class LoopbackCookieHandler extends CookieHandler {

    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    /** Every Set-Cookie header received, redirects included, as Keycloak wrote it (for the cookie-attribute tests). */
    private final List<String> setCookieHeaders = new java.util.concurrent.CopyOnWriteArrayList<>();

    public List<String> setCookieHeaders() {
        return List.copyOf(setCookieHeaders);
    }

    @Override
    public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) throws IOException {
        return cookies.get(isLoopback(uri) ? asHttps(uri) : uri, requestHeaders);
    }

    @Override
    public void put(URI uri, Map<String, List<String>> responseHeaders) throws IOException {
        responseHeaders.forEach((name, values) -> {
            if ("set-cookie".equalsIgnoreCase(name)) {
                setCookieHeaders.addAll(values);
            }
        });
        cookies.put(uri, responseHeaders);
    }

    private static boolean isLoopback(URI uri) {
        String host = uri.getHost();
        return "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
    }

    private static URI asHttps(URI uri) {
        return URI.create("https" + uri.toString().substring(uri.getScheme().length()));
    }
}
