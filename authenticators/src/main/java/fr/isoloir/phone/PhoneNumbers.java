package fr.isoloir.phone;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Phone numbers as voters write them, turned into E.164 ({@code +33612345678}) for storage, lookup
 * and sending; plus what the SMS channel needs: is it a mobile, may we send there, how to show it.
 *
 * <p>Stateless. {@link PhoneNumberUtil#getInstance()} is a singleton by the library's design, documented
 * thread-safe, holding only read-only numbering-plan metadata: it is the library's shared state, not ours.
 */
public final class PhoneNumbers {

    /**
     * Where SMS may go by default (SEC-E4, against SMS pumping): France and the overseas territories
     * numbered like it. libphonenumber region codes:
     * <ul>
     *   <li>FR: metropolitan France (+33);</li>
     *   <li>the five overseas departments and regions (DROM): GP Guadeloupe (+590), MQ Martinique
     *       (+596), GF French Guiana (+594), RE La Réunion (+262) and YT Mayotte (+262, numbers
     *       0269/0639; it used +269 before 2007, which is now the Comoros only);</li>
     *   <li>three overseas collectivities on the French plan: PM Saint-Pierre-et-Miquelon (+508),
     *       BL Saint-Barthélemy and MF Saint-Martin (both +590, with Guadeloupe).</li>
     * </ul>
     * Not included: New Caledonia (NC, +687), French Polynesia (PF, +689) and Wallis-and-Futuna (WF,
     * +681), which have their own operators and plans. A realm with voters there adds them.
     */
    public static final Set<String> FRANCE_WITH_OVERSEAS = Set.of("FR", "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF");

    /** Longest typed number looked at: a number with every separator imaginable fits. */
    public static final int MAX_TYPED_LENGTH = 64;

    /** The character standing for a hidden digit in {@link #mask(String)}. */
    public static final char MASK = '•';

    /**
     * Regions sharing France's 10-digit national plan: {@code 0692 12 34 56} is a Réunion mobile, not
     * a metropolitan one, although both are dialled the same way from Paris. Metropolitan numbers
     * first, then the DROM (BL and MF are covered by GP, whose +590 metadata includes them).
     */
    private static final List<String> FRENCH_NATIONAL_PLAN = List.of("FR", "RE", "YT", "GP", "MQ", "GF");

    /** Country codes of {@link #FRENCH_NATIONAL_PLAN}. */
    private static final Set<Integer> FRENCH_NATIONAL_PLAN_CODES = Set.of(33, 262, 590, 594, 596);

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private PhoneNumbers() {}

    /**
     * The E.164 form of a typed number, if it is a valid number. Accepts the usual French writings
     * ({@code 0612345678}, {@code 06 12 34 56 78}, {@code 06.12.34.56.78}, {@code +33 6 12 34 56 78},
     * {@code 0033 6 12 34 56 78}, {@code +33 (0)6 12 34 56 78}), fullwidth and Arabic-Indic digits,
     * and overseas numbers: national ones ({@code 0692 12 34 56} from a French page is La Réunion) and
     * international ones ({@code +262 692 12 34 56}, {@code +687 75 12 34}, …).
     *
     * @param typed         what the voter or the manager typed
     * @param defaultRegion region of numbers typed without a country code, usually {@code "FR"}
     */
    public static Optional<String> toE164(String typed, String defaultRegion) {
        if (typed == null || typed.isBlank() || typed.length() > MAX_TYPED_LENGTH) {
            return Optional.empty();
        }
        Optional<PhoneNumber> parsed = parse(typed, defaultRegion);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        PhoneNumber number = parsed.get();
        if (UTIL.isValidNumber(number)) {
            return Optional.of(UTIL.format(number, PhoneNumberFormat.E164));
        }
        return sameNumberElsewhereInFrenchPlan(number).map(found -> UTIL.format(found, PhoneNumberFormat.E164));
    }

    /**
     * A number invalid under its French-plan country code may be valid under another one of the same
     * plan: {@code 0692…} typed on a page defaulting to FR, or {@code +33 692…} written by someone who
     * took +33 for "France, overseas too". The ranges are allocated to one territory each, so at most
     * one region matches.
     */
    private static Optional<PhoneNumber> sameNumberElsewhereInFrenchPlan(PhoneNumber number) {
        if (!FRENCH_NATIONAL_PLAN_CODES.contains(number.getCountryCode()) || number.isItalianLeadingZero()) {
            return Optional.empty();
        }
        String national = "0" + number.getNationalNumber();
        for (String region : FRENCH_NATIONAL_PLAN) {
            Optional<PhoneNumber> candidate = parse(national, region);
            if (candidate.isPresent() && UTIL.isValidNumber(candidate.get())) {
                return candidate;
            }
        }
        return Optional.empty();
    }

    /** Whether an E.164 number is a mobile, i.e. can receive an SMS (numbers that may be either count). */
    public static boolean isMobile(String e164) {
        return parseE164(e164)
                .map(UTIL::getNumberType)
                .map(type -> type == PhoneNumberType.MOBILE || type == PhoneNumberType.FIXED_LINE_OR_MOBILE)
                .orElse(false);
    }

    /** The region (ISO 3166 code as libphonenumber knows it: FR, RE, YT, …) of an E.164 number. */
    public static Optional<String> region(String e164) {
        return parseE164(e164).map(UTIL::getRegionCodeForNumber);
    }

    /** Whether an E.164 number belongs to one of {@code allowedRegions}, e.g. {@link #FRANCE_WITH_OVERSEAS}. */
    public static boolean regionAllowed(String e164, Set<String> allowedRegions) {
        return region(e164).map(allowedRegions::contains).orElse(false);
    }

    /**
     * The number with all but its country code, first national digit and last two digits hidden,
     * grouped as usual so a voter recognises it: {@code +33 6 •• •• •• 78}. Enough to tell "my
     * mobile" from "my old one", not enough to be useful to anyone else; safe in audit events.
     * Something that is not an E.164 number has all its digits hidden.
     */
    public static String mask(String e164) {
        Optional<PhoneNumber> parsed = parseE164(e164);
        if (parsed.isEmpty()) {
            return maskDigits(e164 == null ? "" : e164, 0, 0);
        }
        PhoneNumber number = parsed.get();
        String international = UTIL.format(number, PhoneNumberFormat.INTERNATIONAL);
        String countryPrefix = "+" + number.getCountryCode();
        if (!international.startsWith(countryPrefix)) {
            return maskDigits(international, 0, 0);
        }
        return countryPrefix + maskDigits(international.substring(countryPrefix.length()), 1, 2);
    }

    /** Replaces every digit but the first {@code keepFirst} and the last {@code keepLast} with {@link #MASK}. */
    private static String maskDigits(String text, int keepFirst, int keepLast) {
        int total = 0;
        for (int i = 0; i < text.length(); i++) {
            if (Character.isDigit(text.charAt(i))) {
                total++;
            }
        }
        StringBuilder masked = new StringBuilder(text.length());
        int seen = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isDigit(c)) {
                masked.append(seen < keepFirst || seen >= total - keepLast ? c : MASK);
                seen++;
            } else if (c == '+' || Character.isWhitespace(c) || c == '-' || c == '.' || c == '(' || c == ')') {
                masked.append(c);
            }
        }
        return masked.toString();
    }

    private static Optional<PhoneNumber> parseE164(String e164) {
        if (e164 == null || !e164.startsWith("+") || e164.length() > MAX_TYPED_LENGTH) {
            return Optional.empty();
        }
        return parse(e164, null);
    }

    private static Optional<PhoneNumber> parse(String text, String region) {
        try {
            return Optional.of(UTIL.parse(text, region));
        } catch (NumberParseException notANumber) {
            return Optional.empty();
        }
    }
}
