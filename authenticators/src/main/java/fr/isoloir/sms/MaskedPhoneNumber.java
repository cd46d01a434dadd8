package fr.isoloir.sms;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

/**
 * A phone number fit for a log line: the country code and the last two digits, nothing else
 * ({@code +33612345678} becomes {@code +33 *******78}). Enough to match a voter's complaint to a
 * log line, not enough to identify the voter.
 */
public final class MaskedPhoneNumber {

    private static final int VISIBLE_DIGITS = 2;

    private MaskedPhoneNumber() {
    }

    public static String of(String e164PhoneNumber) {
        if (e164PhoneNumber == null) {
            return "(none)";
        }
        String digits = e164PhoneNumber.replaceAll("\\D", "");
        if (digits.length() <= VISIBLE_DIGITS + 1) {
            return "***";
        }
        String countryCode = countryCode(e164PhoneNumber);
        String national = digits.startsWith(countryCode) ? digits.substring(countryCode.length()) : digits;
        if (countryCode.isEmpty() || national.length() <= VISIBLE_DIGITS) {
            return "*".repeat(digits.length() - VISIBLE_DIGITS) + last(digits);
        }
        return "+" + countryCode + " " + "*".repeat(national.length() - VISIBLE_DIGITS) + last(national);
    }

    private static String countryCode(String e164PhoneNumber) {
        if (!e164PhoneNumber.startsWith("+")) {
            return "";
        }
        try {
            return Integer.toString(PhoneNumberUtil.getInstance().parse(e164PhoneNumber, null).getCountryCode());
        } catch (NumberParseException e) {
            return "";
        }
    }

    private static String last(String digits) {
        return digits.substring(digits.length() - VISIBLE_DIGITS);
    }
}
