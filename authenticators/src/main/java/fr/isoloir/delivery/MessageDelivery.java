package fr.isoloir.delivery;

import fr.isoloir.AfterCommit;
import fr.isoloir.sms.SmsException;
import fr.isoloir.sms.SmsSender;
import fr.isoloir.voter.DeliveryChannel;
import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailSenderProvider;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.KeycloakSessionTask;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SubjectCredentialManager;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.storage.adapter.AbstractInMemoryUserAdapter;
import org.keycloak.theme.Theme;

import java.io.IOException;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;

/**
 * Sends identifiers and codes by email or SMS off the request thread.
 *
 * <p>Why in the background: the page that follows the identifier must look and take the same whether
 * or not the identifier matches a voter (SEC-G1), and a slow SMTP server or Twilio must not hold one of
 * Keycloak's request workers. Messages are rendered in the request (theme, voter's locale), then sent
 * on Keycloak's own executor {@value #EXECUTOR} once the request's transaction has committed. A failed
 * send is remembered in {@code singleUseObjects()} (shared by the cluster) under the delivery id,
 * so the next page the voter sees can say so and offer to retry.
 */
public final class MessageDelivery {

    /**
     * Keycloak executor name: a pool of {@code min} threads over an unbounded queue, sized at start by
     * {@link DeliveryThreads}; a node sends at most that many messages at a time.
     */
    public static final String EXECUTOR = "isoloir-delivery";
    /**
     * Messages waiting beyond this many are refused at once and the voter is told to try again: better
     * than a code that arrives after it expired, and the queue of a node cannot grow without bound.
     */
    static final int MAX_WAITING = 200;

    private static final String FAILURE_PREFIX = "isoloir.delivery.failed.";
    private static final long FAILURE_MEMORY_SECONDS = 3600;
    private static final Logger LOG = Logger.getLogger(MessageDelivery.class);

    private MessageDelivery() {}

    /**
     * A voter stored nowhere, with this contact: on the path of an unknown identifier or contact, the
     * message a known voter's request renders is rendered for it and dropped (never sent, never logged),
     * so that both paths do the same work and their timings match (SEC-G1, SEC-E2). Read-only.
     */
    public static UserModel standIn(
            KeycloakSession session, RealmModel realm, DeliveryChannel channel, String address) {
        AbstractInMemoryUserAdapter user = new AbstractInMemoryUserAdapter(session, realm, "isoloir-stand-in") {
            @Override
            public SubjectCredentialManager credentialManager() {
                throw new UnsupportedOperationException("a stand-in has no credentials");
            }
        };
        if (channel == DeliveryChannel.SMS) {
            user.setSingleAttribute(fr.isoloir.voter.Voter.PHONE, address);
        } else {
            user.setEmail(address);
        }
        user.setEnabled(true);
        user.setReadonly(true);
        return user;
    }

    /** Renders an email of the realm's email theme for this voter, without sending it. */
    public static OutgoingMessage renderEmail(
            KeycloakSession session,
            RealmModel realm,
            UserModel user,
            String address,
            String subjectKey,
            List<Object> subjectParameters,
            String template,
            Map<String, Object> attributes)
            throws EmailException {
        return new EmailRenderer(session)
                .render(realm, user, address, subjectKey, subjectParameters, template, attributes);
    }

    /** An SMS text from the login theme's messages, in the voter's language. */
    public static OutgoingMessage renderSms(
            KeycloakSession session,
            RealmModel realm,
            UserModel user,
            String e164,
            String messageKey,
            Object... parameters)
            throws IOException {
        Locale locale = session.getContext().resolveLocale(user);
        Theme theme = session.theme().getTheme(Theme.Type.LOGIN);
        String pattern = theme.getEnhancedMessages(realm, locale).getProperty(messageKey, messageKey);
        return OutgoingMessage.sms(e164, new MessageFormat(pattern, locale).format(parameters));
    }

    /**
     * Queues the message to be sent after this request's transaction commits.
     *
     * @return the delivery id, to ask {@link #failureReason} about later
     */
    public static String sendInBackground(KeycloakSession session, RealmModel realm, OutgoingMessage message) {
        return sendInBackground(session, realm, message, null);
    }

    /**
     * As {@link #sendInBackground(KeycloakSession, RealmModel, OutgoingMessage)}, after {@code beforeSending} has
     * run and committed in a transaction of its own in the background (the realm set in its context). When it
     * fails, the message is not sent and the delivery records the failure ({@code preparation-failed}).
     */
    public static String sendInBackground(
            KeycloakSession session, RealmModel realm, OutgoingMessage message, KeycloakSessionTask beforeSending) {
        String deliveryId = UUID.randomUUID().toString();
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        String realmId = realm.getId();
        var executor = session.getProvider(ExecutorsProvider.class).getExecutor(EXECUTOR);
        AfterCommit.run(
                session,
                () -> {
                    try {
                        if (saturated(executor)) {
                            throw new RejectedExecutionException(MAX_WAITING + " messages already waiting");
                        }
                        executor.execute(() -> {
                            if (beforeSending == null
                                    || prepared(factory, realmId, deliveryId, message, beforeSending)) {
                                deliver(factory, realmId, deliveryId, message);
                            }
                        });
                    } catch (RejectedExecutionException e) {
                        LOG.warnf("Isoloir: delivery queue full, %s not sent (delivery %s)", message, deliveryId);
                        KeycloakModelUtils.runJobInTransaction(
                                factory, s -> rememberFailure(s, deliveryId, "queue-full"));
                    }
                },
                () -> {
                    // The request failed: nothing to send.
                });
        return deliveryId;
    }

    /** The pool messages are sent on, for a bulk job to {@link #waitForRoom} on. */
    public static java.util.concurrent.Executor executor(KeycloakSession session) {
        return session.getProvider(ExecutorsProvider.class).getExecutor(EXECUTOR);
    }

    /**
     * Waits, at most {@code maxMillis}, until the pool holds fewer than a quarter of {@link #MAX_WAITING} messages
     * waiting: a bulk job queuing messages (the import's access-change notices, about one per changed voter of a
     * batch of 100) leaves room for voters' codes and does not find the queue full. Polls: the pool tells no one
     * when its queue shrinks.
     */
    public static void waitForRoom(java.util.concurrent.Executor executor, long maxMillis) {
        long deadline = System.currentTimeMillis() + maxMillis;
        while (executor instanceof java.util.concurrent.ThreadPoolExecutor pool
                && pool.getQueue().size() >= MAX_WAITING / 4
                && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Whether the executor already holds {@link #MAX_WAITING} messages waiting for a thread. */
    static boolean saturated(java.util.concurrent.Executor executor) {
        return executor instanceof java.util.concurrent.ThreadPoolExecutor pool
                && pool.getQueue().size() >= MAX_WAITING;
    }

    /** Why the delivery failed, or empty when it succeeded, is under way, or is too old to remember. */
    public static Optional<String> failureReason(KeycloakSession session, String deliveryId) {
        if (deliveryId == null) {
            return Optional.empty();
        }
        Map<String, String> failure = session.singleUseObjects().get(FAILURE_PREFIX + deliveryId);
        return failure == null ? Optional.empty() : Optional.ofNullable(failure.get("reason"));
    }

    private static boolean prepared(
            KeycloakSessionFactory factory,
            String realmId,
            String deliveryId,
            OutgoingMessage message,
            KeycloakSessionTask beforeSending) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                session.getContext().setRealm(session.realms().getRealm(realmId));
                beforeSending.run(session);
            });
            return true;
        } catch (RuntimeException e) {
            LOG.warnf(
                    "Isoloir: %s not sent, its preparation failed (delivery %s): %s",
                    message, deliveryId, e.getClass().getName()); // not the message: it can quote the row written
            KeycloakModelUtils.runJobInTransaction(factory, s -> rememberFailure(s, deliveryId, "preparation-failed"));
            return false;
        }
    }

    private static void deliver(
            KeycloakSessionFactory factory, String realmId, String deliveryId, OutgoingMessage message) {
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
            RealmModel realm = session.realms().getRealm(realmId);
            session.getContext().setRealm(realm);
            try {
                send(session, realm, message);
                LOG.infof("Isoloir: sent %s (delivery %s)", message, deliveryId);
            } catch (SmsException e) {
                LOG.warnf("Isoloir: could not send %s (delivery %s): %s", message, deliveryId, e.reasonCode());
                rememberFailure(session, deliveryId, "sms-" + e.reasonCode());
            } catch (EmailException e) {
                // The cause names the SMTP problem (refused, timeout...); it never holds the message text.
                LOG.warnf("Isoloir: could not send %s (delivery %s): %s", message, deliveryId, rootCause(e));
                rememberFailure(session, deliveryId, "email-failed");
            } catch (RuntimeException e) {
                LOG.warnf(
                        "Isoloir: could not send %s (delivery %s): %s",
                        message, deliveryId, e.getClass().getName());
                rememberFailure(session, deliveryId, "unexpected");
            }
        });
    }

    /**
     * The one way out for every message of Isoloir, email or SMS, whoever sends it (a voter's code in the
     * background, the identifier-sending worker): the realm's SMTP settings through Keycloak's email sender,
     * or the configured SMS sender. Synchronous, in the caller's thread; the caller decides what a failure means.
     */
    public static void send(KeycloakSession session, RealmModel realm, OutgoingMessage message)
            throws EmailException, SmsException {
        if (message.channel() == DeliveryChannel.EMAIL) {
            session.getProvider(EmailSenderProvider.class)
                    .send(realm.getSmtpConfig(), message.address(), message.subject(), message.text(), message.html());
        } else {
            session.getProvider(SmsSender.class).send(message.address(), message.text());
        }
    }

    private static void rememberFailure(KeycloakSession session, String deliveryId, String reason) {
        session.singleUseObjects().put(FAILURE_PREFIX + deliveryId, FAILURE_MEMORY_SECONDS, Map.of("reason", reason));
    }

    /** The innermost cause's class: names an SMTP or network problem without quoting the message. */
    public static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName();
    }
}
