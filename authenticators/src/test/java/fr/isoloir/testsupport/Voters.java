package fr.isoloir.testsupport;

import fr.isoloir.identifier.VoterIdentifier;
import fr.isoloir.keycloakrunner.KeycloakAdmin;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Creates voters in the test realm through the admin REST API, as provisioning would. */
public final class Voters {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeycloakAdmin admin;
    private final String realm;

    Voters(KeycloakAdmin admin, String realm) {
        this.admin = admin;
        this.realm = realm;
    }

    /** A voter as the tests know it; {@code postalCode} only for postal voters. */
    public record Voter(String userId, VoterIdentifier identifier, String email, String phone, String postalCode) {
        /** The identifier as printed, with dashes. */
        public String typed() {
            return identifier.display();
        }
    }

    public Voter byEmail() {
        return create("email", "voter-" + RANDOM.nextInt(1_000_000_000) + "@isoloir.test", null);
    }

    /** An email voter with this address (several voters may share one). */
    public Voter byEmail(String email) {
        return create("email", email, null);
    }

    /** An SMS voter with this E.164 mobile number. */
    public Voter bySms(String phone) {
        return create("sms", null, phone);
    }

    public Voter bySms() {
        return create("sms", null, randomMobile());
    }

    public Voter byEmailWithMobile() {
        return create("email", "voter-" + RANDOM.nextInt(1_000_000_000) + "@isoloir.test", randomMobile());
    }

    /** An SMS voter whose record also has an email address. */
    public Voter bySmsWithEmail() {
        return create("sms", "voter-" + RANDOM.nextInt(1_000_000_000) + "@isoloir.test", randomMobile());
    }

    public Voter byPost() {
        return byPost(null);
    }

    /** A postal voter whose record also has an email address (the lost-identifier page can reach them there). */
    public Voter byPost(String email) {
        Voter voter = create("postal", email, null);
        String code = TestPrinter.letterCode(admin, realm, voter.userId());
        return new Voter(voter.userId(), voter.identifier(), email, null, code);
    }

    public void removePassphrase(Voter voter) {
        var credentials = admin.get("/admin/realms/" + realm + "/users/" + voter.userId() + "/credentials")
                .expect(200)
                .json();
        for (var credential : credentials) {
            if ("password".equals(credential.get("type").asText())) {
                admin.delete("/admin/realms/" + realm + "/users/" + voter.userId() + "/credentials/"
                                + credential.get("id").asText())
                        .expect(204);
            }
        }
    }

    public String voterPath(Voter voter) {
        return "/admin/realms/" + realm + "/isoloir/voters/" + voter.userId();
    }

    private Voter create(String channel, String email, String phone) {
        VoterIdentifier identifier = VoterIdentifier.generate(RANDOM);
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("deliveryChannel", List.of(channel));
        attributes.put("employeeNumber", List.of("E" + RANDOM.nextInt(1_000_000)));
        if (phone != null) {
            attributes.put("phoneNumber", List.of(phone));
        }
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("username", identifier.username());
        user.put("enabled", true);
        user.put("firstName", "Camille");
        user.put("lastName", "Électeur");
        if (email != null) {
            user.put("email", email);
            user.put("emailVerified", true);
        }
        user.put("attributes", attributes);
        String id = admin.post("/admin/realms/" + realm + "/users", user).createdId();
        return new Voter(id, identifier, email, phone, null);
    }

    /**
     * A metropolitan mobile number, 06 1x xx xx xx. Not any 06: 0639 is Mayotte, 0690/0691 Guadeloupe,
     * 0694 French Guiana, 0692/0693 La Réunion and 0696/0697 Martinique, which the user profile stores
     * with their own country codes, so "+33 6 97…" is refused as not E.164.
     */
    /** A metropolitan mobile: 061x is never an overseas range (0694 to 0697 are, and libphonenumber maps them there). */
    public static String randomMobile() {
        return "+3361" + String.format("%07d", RANDOM.nextInt(10_000_000));
    }
}
