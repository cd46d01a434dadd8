package fr.isoloir.sms;

/**
 * An SMS was not accepted for delivery. The message holds only a fixed {@link Reason} code: never the
 * text (it carries a one-time code), never a credential, never the full phone number. Callers may log it.
 */
public final class SmsException extends Exception {

    /** Why the SMS was not sent. {@link #code()} is a stable, non-secret string for logs and events. */
    public enum Reason {
        /** The provider did not answer in time, or could not be reached. The SMS may or may not go out. */
        TIMEOUT("timeout"),
        /** The provider refused this message (invalid or blocked number, bad sender...): retrying will not help. */
        REJECTED("rejected"),
        /** The provider is throttling us: retry later. */
        RATE_LIMITED("rate-limited"),
        /** The provider failed on its side, or answered something we could not read. */
        PROVIDER_ERROR("provider-error"),
        /** No SMS provider is configured on this server. */
        NOT_CONFIGURED("not-configured");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Reason reason;
    private final String providerDetail;

    public SmsException(Reason reason) {
        this(reason, null);
    }

    /** The cause must not carry the text either: pass only transport errors (time-outs, refused connections). */
    public SmsException(Reason reason, Throwable cause) {
        this(reason, null, cause);
    }

    /**
     * @param providerDetail the provider's own error, short and non-secret (e.g. {@code "HTTP 400, Twilio 21211"}),
     *                       for the election manager's failure list; null when there is none
     */
    public SmsException(Reason reason, String providerDetail, Throwable cause) {
        super("SMS not sent: " + reason.code(), cause);
        this.reason = reason;
        this.providerDetail = providerDetail;
    }

    /** The provider's error status and code, when it answered one: safe to show and log. */
    public java.util.Optional<String> providerDetail() {
        return java.util.Optional.ofNullable(providerDetail);
    }

    public Reason reason() {
        return reason;
    }

    /** Shortcut for {@code reason().code()}, e.g. {@code "rate-limited"}. */
    public String reasonCode() {
        return reason.code();
    }
}
