package fr.isoloir.benchmark;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import fr.isoloir.keycloakrunner.KeycloakServer;
import jakarta.mail.Multipart;
import jakarta.mail.Part;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * Where Keycloak's codes go: a fake Twilio (WireMock; the real Twilio SDK inside Keycloak talks to it) and
 * an SMTP server (GreenMail) behind a small proxy that can hold each connection's greeting, so both
 * providers can be made slow. Codes are read as the voter reads them: from the text or the email.
 */
final class CodeSinks implements AutoCloseable {

    static final String TWILIO_ACCOUNT = "AC00000000000000000000000000000000";
    private static final String MESSAGES = "/2010-04-01/Accounts/[A-Za-z0-9]+/Messages.json";
    private static final Pattern SMS_CODE = Pattern.compile("\\b(\\d{6,10})\\b");
    private static final Pattern EMAIL_CODE = Pattern.compile("(?m)^\\s*(\\d{6,10})\\s*$");

    private final WireMockServer twilio;
    private final GreenMail smtp;
    private final SlowSmtpProxy proxy;
    private final Map<String, LinkedBlockingDeque<String>> texts = new ConcurrentHashMap<>();
    private final AtomicLong smsCount = new AtomicLong();

    private CodeSinks(WireMockServer twilio, GreenMail smtp, SlowSmtpProxy proxy) {
        this.twilio = twilio;
        this.smtp = smtp;
        this.proxy = proxy;
    }

    static CodeSinks start() throws IOException {
        GreenMail smtp =
                new GreenMail(new ServerSetup(KeycloakServer.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        // No request journal: a run sends thousands of texts, read once through the listener below.
        WireMockServer twilio = new WireMockServer(options()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .containerThreads(64)
                .disableRequestJournal());
        twilio.start();
        CodeSinks sinks =
                new CodeSinks(twilio, smtp, new SlowSmtpProxy(smtp.getSmtp().getPort()));
        twilio.addMockServiceRequestListener((request, response) -> sinks.received(request.getBodyAsString()));
        sinks.delay(Duration.ZERO);
        return sinks;
    }

    String twilioUrl() {
        return twilio.baseUrl();
    }

    int smtpPort() {
        return proxy.port();
    }

    /** Both providers answer after {@code delay} (zero: at once). */
    void delay(Duration delay) {
        twilio.resetMappings();
        var answer = aResponse()
                .withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"sid\":\"SM00000000000000000000000000000000\",\"status\":\"queued\"}");
        if (!delay.isZero()) {
            answer = answer.withFixedDelay((int) delay.toMillis());
        }
        twilio.stubFor(post(urlPathMatching(MESSAGES)).willReturn(answer));
        proxy.delay = delay;
    }

    /** Texts the fake Twilio received so far. */
    long texts() {
        return smsCount.get();
    }

    /** Texts and emails received so far. */
    long delivered() {
        return smsCount.get() + smtp.getReceivedMessages().length;
    }

    /** Forgets what this address received so far, before a login that expects a new code. */
    void forget(Account account) throws Exception {
        if (account.phone() != null) {
            texts.computeIfAbsent(account.phone(), p -> new LinkedBlockingDeque<>())
                    .clear();
        } else {
            MailFolder inbox = inbox(account.email());
            if (inbox != null) {
                inbox.deleteAllMessages();
            }
        }
    }

    /** The newest code sent to this account, waiting for it up to {@code timeout}. */
    String awaitCode(Account account, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (account.phone() != null) {
            var queue = texts.computeIfAbsent(account.phone(), p -> new LinkedBlockingDeque<>());
            String code = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (code == null) {
                throw new IllegalStateException("no text to " + account.phone() + " within " + timeout);
            }
            return code;
        }
        while (System.nanoTime() < deadline) {
            MailFolder inbox = inbox(account.email());
            if (inbox != null && inbox.getMessageCount() > 0) {
                List<StoredMessage> messages = inbox.getMessages();
                String text = text(messages.get(messages.size() - 1).getMimeMessage());
                inbox.deleteAllMessages();
                Matcher code = EMAIL_CODE.matcher(text);
                if (!code.find()) {
                    throw new IllegalStateException("no code in the email to " + account.email());
                }
                return code.group(1);
            }
            Thread.sleep(2); // GreenMail has no per-address notification
        }
        throw new IllegalStateException("no email to " + account.email() + " within " + timeout);
    }

    private MailFolder inbox(String email) throws Exception {
        GreenMailUser user = smtp.getUserManager().getUserByEmail(email);
        return user == null ? null : smtp.getManagers().getImapHostManager().getInbox(user);
    }

    /** The text/plain part, wherever it is nested. */
    private static String text(Part part) throws Exception {
        if (part.isMimeType("text/plain")) {
            return part.getContent().toString();
        }
        if (part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                String text = text(multipart.getBodyPart(i));
                if (!text.isEmpty()) {
                    return text;
                }
            }
        }
        return "";
    }

    private void received(String form) {
        String to = null;
        String body = null;
        for (String pair : form.split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv.length == 2 && kv[0].equals("To")) {
                to = URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
            } else if (kv.length == 2 && kv[0].equals("Body")) {
                body = URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
            }
        }
        if (to == null || body == null) {
            return;
        }
        smsCount.incrementAndGet();
        Matcher code = SMS_CODE.matcher(body);
        if (code.find()) {
            texts.computeIfAbsent(to, p -> new LinkedBlockingDeque<>()).offerFirst(code.group(1));
        }
    }

    @Override
    public void close() {
        proxy.close();
        twilio.stop();
        smtp.stop();
    }

    /**
     * A TCP relay in front of GreenMail that holds the server's first answer (the SMTP greeting) for
     * {@code delay}: every email then takes that long, as with a slow mail server.
     */
    private static final class SlowSmtpProxy implements AutoCloseable {

        private final ServerSocket server;
        private final int target;
        volatile Duration delay = Duration.ZERO;

        SlowSmtpProxy(int target) throws IOException {
            this.target = target;
            this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().name("smtp-proxy").start(this::accept);
        }

        int port() {
            return server.getLocalPort();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Thread.ofVirtual().start(() -> relay(client));
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void relay(Socket client) {
            try (client;
                    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target)) {
                Thread.ofVirtual().start(() -> copy(client, upstream, Duration.ZERO));
                copy(upstream, client, delay);
            } catch (IOException e) {
                // a connection ended; nothing to relay
            }
        }

        private static void copy(Socket from, Socket to, Duration firstDelay) {
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                byte[] buffer = new byte[8192];
                boolean first = true;
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    if (first && !firstDelay.isZero()) {
                        Thread.sleep(firstDelay);
                    }
                    first = false;
                    out.write(buffer, 0, n);
                    out.flush();
                }
                to.shutdownOutput();
            } catch (IOException | InterruptedException e) {
                // either side closed
            }
        }

        @Override
        public void close() {
            try {
                server.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
