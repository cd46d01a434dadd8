package fr.isoloir.voterlist;

import fr.isoloir.voter.DeliveryChannel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One valid voter of a file, normalised: names and address trimmed, email lower case, mobile in
 * E.164, channel given or derived. {@code null} for what the file leaves empty.
 */
public record VoterRow(
        int line,
        String employeeNumber,
        String lastName,
        String firstName,
        String email,
        String phone,
        String address1,
        String address2,
        String address3,
        String postcode,
        String city,
        String college,
        DeliveryChannel channel) {

    /** Keycloak's own user fields, compared and written like the attributes. */
    static final String FIRST_NAME = "firstName";

    static final String LAST_NAME = "lastName";
    static final String EMAIL = "email";

    /**
     * What the import writes on the voter, by attribute name ({@link #FIRST_NAME}, {@link #LAST_NAME}
     * and {@link #EMAIL} are the user's fields; the others user attributes). Empty values are {@code null}:
     * the file clearing a contact clears it on the voter.
     */
    public Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(LAST_NAME, lastName);
        fields.put(FIRST_NAME, firstName);
        fields.put(EMAIL, email);
        fields.put(Column.MOBILE.attribute, phone);
        fields.put(Column.CHANNEL.attribute, channel.attributeValue());
        fields.put(Column.ADDRESS1.attribute, address1);
        fields.put(Column.ADDRESS2.attribute, address2);
        fields.put(Column.ADDRESS3.attribute, address3);
        fields.put(Column.POSTCODE.attribute, postcode);
        fields.put(Column.CITY.attribute, city);
        fields.put(Column.COLLEGE.attribute, college);
        return fields;
    }
}
