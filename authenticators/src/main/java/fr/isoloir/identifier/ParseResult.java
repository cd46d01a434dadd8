package fr.isoloir.identifier;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What {@link VoterIdentifier#parse(String)} made of the typed text: an identifier or a problem. */
public sealed interface ParseResult permits ParseResult.Valid, ParseResult.Invalid {

    /** The identifier, when the text was one. */
    Optional<VoterIdentifier> identifier();

    /** The problem, when the text was not an identifier. */
    Optional<IdentifierProblem> problem();

    /** Whether the text was a well-formed identifier (which may still belong to nobody). */
    default boolean isValid() {
        return this instanceof Valid;
    }

    /** A well-formed identifier. */
    record Valid(VoterIdentifier value) implements ParseResult {
        public Valid {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public Optional<VoterIdentifier> identifier() {
            return Optional.of(value);
        }

        @Override
        public Optional<IdentifierProblem> problem() {
            return Optional.empty();
        }
    }

    /**
     * Not an identifier.
     *
     * @param reason    what is wrong
     * @param character for {@link IdentifierProblem#INVALID_CHARACTER}, the first offending character
     *                  (invisible ones as {@code U+XXXX}); otherwise null
     */
    record Invalid(IdentifierProblem reason, String character) implements ParseResult {
        public Invalid {
            Objects.requireNonNull(reason, "reason");
            if ((reason == IdentifierProblem.INVALID_CHARACTER) != (character != null)) {
                throw new IllegalArgumentException("a character goes with INVALID_CHARACTER, and only with it");
            }
        }

        @Override
        public Optional<VoterIdentifier> identifier() {
            return Optional.empty();
        }

        @Override
        public Optional<IdentifierProblem> problem() {
            return Optional.of(reason);
        }

        /** Whether the offending character is one of the look-alikes 0, O, 1, I, L. */
        public boolean isLookAlike() {
            return UnambiguousAlphabet.isLookAlike(character);
        }

        /** The key of the message to show: the problem's, or the look-alike one. */
        public String messageKey() {
            return isLookAlike() ? IdentifierProblem.LOOK_ALIKE_MESSAGE_KEY : reason.messageKey();
        }

        /** The message parameters: the offending character for an invalid character, else none. */
        public List<String> messageParameters() {
            return character == null ? List.of() : List.of(character);
        }
    }
}
