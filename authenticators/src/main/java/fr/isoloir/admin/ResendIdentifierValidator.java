package fr.isoloir.admin;

import org.keycloak.userprofile.AttributeContext;
import org.keycloak.userprofile.UserProfileAttributeValidationContext;
import org.keycloak.validate.SimpleValidator;
import org.keycloak.validate.ValidationContext;
import org.keycloak.validate.ValidationError;
import org.keycloak.validate.ValidatorConfig;

import java.util.Collection;

/**
 * User-profile validator {@code isoloir-resend-identifier}, on the admin-only attributes
 * {@value NewIdentifier#RESEND_TO} and {@value NewIdentifier#RESEND_REASON}: the contact must be
 * one a new identifier can be sent to ({@link NewIdentifier#check}), and a reason is required
 * with it. Refusing here gives the election manager a field message (400) before anything is saved
 * or sent, instead of a silent failure in {@link ResendIdentifierListener}. Empty values pass.
 */
public final class ResendIdentifierValidator implements SimpleValidator {

    public static final String ID = "isoloir-resend-identifier";
    public static final String MESSAGE_REASON_REQUIRED = "isoloirResendReasonRequired";

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public ValidationContext validate(
            Object input, String inputHint, ValidationContext context, ValidatorConfig config) {
        if (!(context instanceof UserProfileAttributeValidationContext upContext)) {
            return context;
        }
        AttributeContext attribute = upContext.getAttributeContext();
        String name = attribute.getAttribute().getKey();
        String value = first(input);
        if (NewIdentifier.RESEND_TO.equals(name) && value != null) {
            NewIdentifier.Problem problem = NewIdentifier.check(value, null).problem();
            if (problem != null) {
                context.addError(new ValidationError(ID, name, problem.messageKey));
            }
        } else if (NewIdentifier.RESEND_REASON.equals(name)
                && value == null
                && first(attribute.getAttributes().get(NewIdentifier.RESEND_TO)) != null) {
            context.addError(new ValidationError(ID, name, MESSAGE_REASON_REQUIRED));
        }
        return context;
    }

    /** The first non-blank value, or {@code null}. */
    private static String first(Object input) {
        if (input instanceof String s) {
            return s.isBlank() ? null : s;
        }
        if (input instanceof Collection<?> values) {
            for (Object v : values) {
                if (v instanceof String s && !s.isBlank()) {
                    return s;
                }
            }
        }
        return null;
    }
}
