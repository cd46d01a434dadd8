package fr.isoloir.postal;

/**
 * Why a typed postal connection code could not even be compared, each with its message key. These
 * only describe the shape of what was typed; a well-formed but wrong code is a login failure like
 * any other (SEC-G1), not one of these.
 */
public enum PostalCodeProblem {
    /** Nothing typed. */
    EMPTY("postalCodeEmpty"),
    /** Fewer than 10 symbols. */
    TOO_SHORT("postalCodeTooShort"),
    /** More than 10 symbols, or an input too long to look at. */
    TOO_LONG("postalCodeTooLong"),
    /**
     * A character codes never contain. For the look-alikes 0, O, 1, I, L the page uses
     * {@link #LOOK_ALIKE_MESSAGE_KEY}, which says none of them exists.
     */
    INVALID_CHARACTER("postalCodeInvalidCharacter");

    /** Key for {@link #INVALID_CHARACTER} when the character is 0, O, 1, I or L. */
    public static final String LOOK_ALIKE_MESSAGE_KEY = "postalCodeLookAlikeCharacter";

    private final String messageKey;

    PostalCodeProblem(String messageKey) {
        this.messageKey = messageKey;
    }

    /** The key of the message in the theme's message bundles. */
    public String messageKey() {
        return messageKey;
    }
}
