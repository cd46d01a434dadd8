package fr.isoloir.identifier;

/**
 * Why a typed identifier was not accepted, each with the message key the login page shows.
 * Telling a voter what is wrong with the shape of what they typed reveals nothing about other
 * voters: it is checked before, and without, any lookup.
 */
public enum IdentifierProblem {
    /** Nothing typed. */
    EMPTY("identifierEmpty"),
    /** Fewer than 12 symbols. */
    TOO_SHORT("identifierTooShort"),
    /** More than 12 symbols, or an input too long to look at. */
    TOO_LONG("identifierTooLong"),
    /**
     * A character identifiers never contain. When it is one of the look-alikes 0, O, 1, I, L the page
     * uses {@link #LOOK_ALIKE_MESSAGE_KEY} instead, to say that none of them exists.
     */
    INVALID_CHARACTER("identifierInvalidCharacter"),
    /** The right length and characters, but the check symbol does not match: a typo somewhere. */
    WRONG_CHECK("identifierTypo");

    /**
     * Key for {@link #INVALID_CHARACTER} when the character is 0, O, 1, I or L: the message says that
     * identifiers contain neither the letter O nor the digit 0, nor I, L or 1, so there is nothing to
     * "correct" the character to.
     */
    public static final String LOOK_ALIKE_MESSAGE_KEY = "identifierLookAlikeCharacter";

    private final String messageKey;

    IdentifierProblem(String messageKey) {
        this.messageKey = messageKey;
    }

    /** The key of the message in the theme's message bundles. */
    public String messageKey() {
        return messageKey;
    }
}
