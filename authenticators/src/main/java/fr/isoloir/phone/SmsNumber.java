package fr.isoloir.phone;

import java.util.Optional;
import java.util.Set;

/**
 * A number typed by an election manager or read from the voter file, checked as a place identifiers may
 * be sent to by SMS: a valid number in any usual French writing, a mobile, in a region SMS may go to
 * (SEC-E4). Either {@code e164} or {@code problem} is set.
 */
public record SmsNumber(String e164, Problem problem) {

    /** Why a typed number is refused. */
    public enum Problem {
        /** Not a phone number at all. */
        NOT_A_NUMBER,
        /** A number, but not a mobile, or in a region SMS may not go to. */
        NOT_A_MOBILE_IN_THE_REGIONS
    }

    /**
     * @param defaultRegion  region of numbers typed without a country code, usually {@code "FR"}
     * @param allowedRegions where SMS may go, e.g. {@link PhoneNumbers#FRANCE_WITH_OVERSEAS}
     */
    public static SmsNumber check(String typed, String defaultRegion, Set<String> allowedRegions) {
        // An email address is not a number: libphonenumber could still read digits out of one.
        Optional<String> e164 = typed == null || typed.contains("@")
                ? Optional.empty()
                : PhoneNumbers.toE164(typed.strip(), defaultRegion);
        if (e164.isEmpty()) {
            return new SmsNumber(null, Problem.NOT_A_NUMBER);
        }
        return allowed(e164.get(), allowedRegions)
                ? new SmsNumber(e164.get(), null)
                : new SmsNumber(null, Problem.NOT_A_MOBILE_IN_THE_REGIONS);
    }

    /** Whether SMS may go to an E.164 number: a mobile in one of {@code allowedRegions}. */
    public static boolean allowed(String e164, Set<String> allowedRegions) {
        return PhoneNumbers.isMobile(e164) && PhoneNumbers.regionAllowed(e164, allowedRegions);
    }
}
