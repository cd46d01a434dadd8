package fr.isoloir.postal;

import fr.isoloir.identifier.UnambiguousAlphabet;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What {@link PostalCode#parse(String)} made of the typed text: a code to compare, or a problem. */
public sealed interface PostalCodeParseResult permits PostalCodeParseResult.Valid, PostalCodeParseResult.Invalid {

    /** The code, when the text had the shape of one. */
    Optional<PostalCode> code();

    /** The problem, when it had not. */
    Optional<PostalCodeProblem> problem();

    /** Whether the text had the shape of a code (which may still be the wrong one). */
    default boolean isValid() {
        return this instanceof Valid;
    }

    /** Ten symbols: ready to be compared with the stored hash. */
    record Valid(PostalCode value) implements PostalCodeParseResult {
        public Valid {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public Optional<PostalCode> code() {
            return Optional.of(value);
        }

        @Override
        public Optional<PostalCodeProblem> problem() {
            return Optional.empty();
        }
    }

    /**
     * Not shaped like a code.
     *
     * @param reason    what is wrong
     * @param character for {@link PostalCodeProblem#INVALID_CHARACTER}, the first offending character; else null
     */
    record Invalid(PostalCodeProblem reason, String character) implements PostalCodeParseResult {
        public Invalid {
            Objects.requireNonNull(reason, "reason");
            if ((reason == PostalCodeProblem.INVALID_CHARACTER) != (character != null)) {
                throw new IllegalArgumentException("a character goes with INVALID_CHARACTER, and only with it");
            }
        }

        @Override
        public Optional<PostalCode> code() {
            return Optional.empty();
        }

        @Override
        public Optional<PostalCodeProblem> problem() {
            return Optional.of(reason);
        }

        /** Whether the offending character is one of the look-alikes 0, O, 1, I, L. */
        public boolean isLookAlike() {
            return UnambiguousAlphabet.isLookAlike(character);
        }

        /** The key of the message to show: the problem's, or the look-alike one. */
        public String messageKey() {
            return isLookAlike() ? PostalCodeProblem.LOOK_ALIKE_MESSAGE_KEY : reason.messageKey();
        }

        /** The offending character for an invalid character, else nothing. */
        public List<String> messageParameters() {
            return character == null ? List.of() : List.of(character);
        }
    }
}
