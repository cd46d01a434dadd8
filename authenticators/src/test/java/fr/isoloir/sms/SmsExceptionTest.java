package fr.isoloir.sms;

import fr.isoloir.sms.SmsException.Reason;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SmsExceptionTest {

    @Nested
    class ItsMessage {

        @Test
        void isOnlyTheReasonCode() {
            assertThat(new SmsException(Reason.NOT_CONFIGURED)).hasMessage("SMS not sent: not-configured");
        }

        @Test
        void usesTheDocumentedCodes() {
            assertThat(Reason.values())
                    .extracting(Reason::code)
                    .containsExactly("timeout", "rejected", "rate-limited", "provider-error", "not-configured");
        }
    }

    @Nested
    class WhenMappingTwilioStatuses {

        @Test
        void treats429AsRateLimitedOther4xxAsRejectedAndTheRestAsProviderErrors() {
            assertThat(TwilioSmsSender.reasonFor(429)).isEqualTo(Reason.RATE_LIMITED);
            assertThat(TwilioSmsSender.reasonFor(400)).isEqualTo(Reason.REJECTED);
            assertThat(TwilioSmsSender.reasonFor(404)).isEqualTo(Reason.REJECTED);
            assertThat(TwilioSmsSender.reasonFor(500)).isEqualTo(Reason.PROVIDER_ERROR);
            assertThat(TwilioSmsSender.reasonFor(503)).isEqualTo(Reason.PROVIDER_ERROR);
            assertThat(TwilioSmsSender.reasonFor(null)).isEqualTo(Reason.PROVIDER_ERROR);
        }
    }
}
