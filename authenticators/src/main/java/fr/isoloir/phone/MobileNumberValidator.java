package fr.isoloir.phone;

import org.keycloak.validate.AbstractStringValidator;
import org.keycloak.validate.ValidationContext;
import org.keycloak.validate.ValidationError;
import org.keycloak.validate.ValidatorConfig;

/**
 * User-profile validator {@code isoloir-mobile-number}: the voter's mobile number must be stored in
 * E.164 form ({@code +33612345678}), as libphonenumber writes it, and be a mobile number, since codes
 * go there by SMS. Empty values pass (not every voter has a phone).
 */
public final class MobileNumberValidator extends AbstractStringValidator {

    public static final String ID = "isoloir-mobile-number";
    public static final String MESSAGE_NOT_E164 = "isoloirMobileNumberNotE164";
    public static final String MESSAGE_NOT_MOBILE = "isoloirMobileNumberNotMobile";

    @Override
    public String getId() {
        return ID;
    }

    @Override
    protected boolean skipValidation(Object value, ValidatorConfig config) {
        return value == null || value instanceof String s && s.isEmpty();
    }

    @Override
    protected void doValidate(String value, String inputHint, ValidationContext context, ValidatorConfig config) {
        // Any usual writing is understood (06 12 34 56 78, 0033...), but only the E.164 form is stored,
        // so that lookups by number find the voter whatever the voter types.
        String e164 = PhoneNumbers.toE164(value, "FR").orElse(null);
        if (e164 == null || !e164.equals(value)) {
            context.addError(new ValidationError(ID, inputHint, MESSAGE_NOT_E164, e164 == null ? value : e164));
        } else if (!PhoneNumbers.isMobile(e164)) {
            context.addError(new ValidationError(ID, inputHint, MESSAGE_NOT_MOBILE, value));
        }
    }
}
