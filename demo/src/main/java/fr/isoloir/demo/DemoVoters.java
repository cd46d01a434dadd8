package fr.isoloir.demo;

import com.fasterxml.jackson.databind.JsonNode;
import fr.isoloir.keycloakrunner.KeycloakAdmin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's three voters, one per channel, created through the admin REST API when missing. The
 * identifiers are fixed (valid check symbols) so the README can name them; the postal voter gets a new
 * letter code at each start until a passphrase is set, since a postal code is shown only once. That code
 * comes from the voter's letter, produced encrypted to the demo printer's key and decrypted by the demo,
 * as the printing service would.
 */
final class DemoVoters {

    /** What the banner says about a demo voter. */
    record Shown(String channel, String name, String identifier, String howToLogIn) {}

    private record Demo(
            String identifier, String channel, String firstName, String lastName, String email, String phone) {
        String username() {
            return identifier.replace("-", "").toLowerCase(java.util.Locale.ROOT);
        }
    }

    static final List<Demo> VOTERS = List.of(
            new Demo("33AK-K2RA-HEBA", "email", "Camille", "Martin", "camille.martin@example.org", null),
            new Demo("CMD8-R25B-H8SC", "sms", "Dominique", "Bernard", null, "+33612345678"),
            new Demo("S2A3-YVKV-U558", "postal", "Alix", "Petit", null, null));

    private final KeycloakAdmin admin;
    private final String realm;
    private final DemoPrinter printer;

    /** @param printer the demo printing service, whose key the realm's postal letters are encrypted to */
    DemoVoters(KeycloakAdmin admin, String realm, DemoPrinter printer) {
        this.admin = admin;
        this.realm = realm;
        this.printer = printer;
    }

    List<Shown> ensure() {
        List<Shown> shown = new ArrayList<>();
        for (Demo voter : VOTERS) {
            String id = admin.userIdByUsername(realm, voter.username());
            if (id == null) {
                id = admin.post("/admin/realms/" + realm + "/users", representation(voter))
                        .createdId();
            }
            shown.add(new Shown(
                    voter.channel(),
                    voter.firstName() + " " + voter.lastName(),
                    voter.identifier(),
                    howToLogIn(voter, id)));
        }
        return shown;
    }

    private String howToLogIn(Demo voter, String id) {
        boolean activated = hasPassphrase(id);
        return switch (voter.channel()) {
            case "email" ->
                "email " + voter.email() + ": the code is printed below as [ISOLOIR DEV EMAIL]"
                        + (activated ? ", then the passphrase chosen at first login" : "");
            case "sms" ->
                "mobile " + voter.phone() + ": the code is printed below as [ISOLOIR DEV SMS]"
                        + (activated ? ", then the passphrase chosen at first login" : "");
            default ->
                activated
                        ? "already activated: give the passphrase chosen at first login"
                        : "connection code printed on the letter: " + printer.letterCode(admin, realm, id)
                                + "\n             (the demo produced this voter's letter encrypted to the demo printer's key in"
                                + "\n             .demo/printer/ and decrypted it, as the printer would: the server gives managers"
                                + "\n             no code in clear)";
        };
    }

    private boolean hasPassphrase(String id) {
        for (JsonNode credential : admin.get("/admin/realms/" + realm + "/users/" + id + "/credentials")
                .expect(200)
                .json()) {
            if ("password".equals(credential.get("type").asText())) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Object> representation(Demo voter) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("deliveryChannel", List.of(voter.channel()));
        attributes.put("employeeNumber", List.of("DEMO-" + voter.channel().toUpperCase(java.util.Locale.ROOT)));
        if (voter.phone() != null) {
            attributes.put("phoneNumber", List.of(voter.phone()));
        }
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("username", voter.username());
        user.put("enabled", true);
        user.put("firstName", voter.firstName());
        user.put("lastName", voter.lastName());
        if (voter.email() != null) {
            user.put("email", voter.email());
            user.put("emailVerified", true);
        }
        user.put("attributes", attributes);
        return user;
    }
}
