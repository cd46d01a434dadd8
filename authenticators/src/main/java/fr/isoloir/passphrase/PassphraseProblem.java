package fr.isoloir.passphrase;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One reason a chosen passphrase is refused (SEC-D5: the reason is shown), with the parameters its
 * message needs.
 *
 * @param reason     what is wrong
 * @param parameters message parameters, in order (see each {@link Reason})
 */
public record PassphraseProblem(Reason reason, List<String> parameters) {

    public PassphraseProblem {
        Objects.requireNonNull(reason, "reason");
        parameters = List.copyOf(parameters);
    }

    static PassphraseProblem of(Reason reason, Object... parameters) {
        return new PassphraseProblem(
                reason, Arrays.stream(parameters).map(String::valueOf).toList());
    }

    /** The key of the message in the theme's message bundles. */
    public String messageKey() {
        return reason.messageKey();
    }

    /** Why a passphrase is refused, each with its message key. */
    public enum Reason {
        /** Fewer code points than the minimum. Parameters: the minimum, the length typed. */
        TOO_SHORT("passphraseTooShort"),
        /** More code points than the maximum; refused, never truncated. Parameters: the maximum, the length typed. */
        TOO_LONG("passphraseTooLong"),
        /** Contains the voter's identifier, in any case or grouping. No parameters. */
        CONTAINS_IDENTIFIER("passphraseContainsIdentifier"),
        /** Is a known phrase (the voter guide's example, common passphrases). No parameters. */
        BLOCKLISTED("passphraseBlocklisted"),
        /** Is one character or one short pattern over and over, or a run like "abcdef…"/"123456…". No parameters. */
        REPETITIVE("passphraseRepetitive"),
        /** The confirmation differs from the passphrase. No parameters. */
        MISMATCH("passphraseMismatch");

        private final String messageKey;

        Reason(String messageKey) {
            this.messageKey = messageKey;
        }

        /** The key of the message in the theme's message bundles. */
        public String messageKey() {
            return messageKey;
        }
    }
}
