package fr.isoloir.postal;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.ClientModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.Urls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The console's way to a file: the mail-merge file kept in Keycloak's single-use object store (replicated
 * in a cluster) under an unguessable token for {@value #LIFESPAN_MINUTES} minutes, taken out by the first
 * download. Compressed, since a store entry travels between nodes. Holds nothing itself.
 */
final class PostalLetterDownloads {

    static final int LIFESPAN_MINUTES = 10;
    static final String PATH = "isoloir-letters";
    private static final String KEY_PREFIX = "isoloir-postal-letters:";
    static final String FILE = "csv.gz";
    static final String REALM = "realm";
    static final String LETTERS = "letters";
    static final String SHA256 = "sha256";
    static final String ADMIN_REALM = "adminRealm";
    static final String ADMIN_USER = "adminUser";
    static final String ADMIN_CLIENT = "adminClient";

    private PostalLetterDownloads() {
    }

    /** Keeps the file and returns the token of its link. */
    static String keep(KeycloakSession session, RealmModel realm, PostalLetters.Produced produced) {
        String token = PostalLetters.token();
        Map<String, String> notes = new HashMap<>();
        notes.put(FILE, Base64.getEncoder().encodeToString(gzip(produced.csv())));
        notes.put(REALM, realm.getId());
        notes.put(LETTERS, Integer.toString(produced.letters()));
        notes.put(SHA256, produced.sha256());
        if (session.getContext().getBearerToken() instanceof AccessToken admin) {
            ConsoleAdminEvent.admin(session, admin).ifPresent(auth -> {
                notes.put(ADMIN_REALM, auth.getRealm().getId());
                notes.put(ADMIN_USER, auth.getUser().getId());
                notes.put(ADMIN_CLIENT, auth.getClient().getId());
            });
        }
        session.singleUseObjects().put(KEY_PREFIX + token, LIFESPAN_MINUTES * 60L, notes);
        return token;
    }

    /** The download's address: {@code /realms/{realm}/isoloir-letters/{token}}. */
    static String url(KeycloakSession session, RealmModel realm, String token) {
        return Urls.realmBase(session.getContext().getUri().getBaseUri()).path(realm.getName()).path(PATH).path(token)
                .build().toString();
    }

    /** A download taken out of the store: the file and who produced it. */
    record Taken(byte[] csv, Map<String, String> notes) {
    }

    /** The file for this token, once; empty when unknown, expired, already taken or of another realm. */
    static Optional<Taken> take(KeycloakSession session, RealmModel realm, String token) {
        if (token == null || !token.matches("[A-Za-z0-9]{20,64}")) {
            return Optional.empty();
        }
        Map<String, String> notes = session.singleUseObjects().remove(KEY_PREFIX + token);
        if (notes == null || !realm.getId().equals(notes.get(REALM)) || notes.get(FILE) == null) {
            return Optional.empty();
        }
        return Optional.of(new Taken(gunzip(Base64.getDecoder().decode(notes.get(FILE))), notes));
    }

    /** The manager who produced the file, for the download's admin event. */
    static Optional<ConsoleAdminEvent.Who> producer(KeycloakSession session, Map<String, String> notes) {
        RealmModel adminRealm = notes.get(ADMIN_REALM) == null ? null : session.realms().getRealm(notes.get(ADMIN_REALM));
        if (adminRealm == null) {
            return Optional.empty();
        }
        UserModel user = session.users().getUserById(adminRealm, notes.get(ADMIN_USER));
        ClientModel client = session.clients().getClientById(adminRealm, notes.get(ADMIN_CLIENT));
        return user == null || client == null ? Optional.empty() : Optional.of(new ConsoleAdminEvent.Who(adminRealm, user, client));
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] bytes) {
        try (GZIPInputStream zip = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
            return zip.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
