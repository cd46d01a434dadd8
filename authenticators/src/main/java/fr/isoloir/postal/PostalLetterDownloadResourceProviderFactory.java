package fr.isoloir.postal;

import fr.isoloir.IsoloirProviderFactory;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

import java.util.Map;

/**
 * {@code GET /realms/{realm}/isoloir-letters/{token}}: the console's single-use download of a postal
 * letters file. No bearer token (a link opened in the browser cannot carry one): the token is the
 * capability, 190 random bits, valid {@value PostalLetterDownloads#LIFESPAN_MINUTES} minutes, once. Each
 * download is an admin event in the name of the manager who produced the file.
 */
public final class PostalLetterDownloadResourceProviderFactory
        implements RealmResourceProviderFactory, IsoloirProviderFactory<RealmResourceProvider> {

    public static final String PROVIDER_ID = PostalLetterDownloads.PATH;

    private static final Logger LOG = Logger.getLogger(PostalLetterDownloadResourceProviderFactory.class);

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new Provider(session);
    }

    /** Per request. */
    public static final class Provider implements RealmResourceProvider {
        private final KeycloakSession session;

        Provider(KeycloakSession session) {
            this.session = session;
        }

        @Override
        public Object getResource() {
            return this;
        }

        @GET
        @Path("{token}")
        public Response download(@PathParam("token") String token) {
            RealmModel realm = session.getContext().getRealm();
            PostalLetterDownloads.Taken taken = PostalLetterDownloads.take(session, realm, token)
                    .orElseThrow(() -> new NotFoundException("Unknown, expired or already used download link"));
            PostalLetterDownloads.producer(session, taken.notes())
                    .flatMap(who -> ConsoleAdminEvent.of(session, realm, who))
                    .ifPresentOrElse(event -> PostalLettersResource.event(event, "postal_letters_downloaded",
                                    Map.of("codes", taken.notes().get(PostalLetterDownloads.LETTERS),
                                            "csv_sha256", taken.notes().get(PostalLetterDownloads.SHA256))),
                            () -> LOG.warnf("Isoloir: realm %s: postal letters file downloaded (sha256 %s); its producer "
                                    + "is unknown", realm.getName(), taken.notes().get(PostalLetterDownloads.SHA256)));
            return Response.ok(taken.csv(), PostalLettersResource.CSV_TYPE)
                    .header("Content-Disposition", "attachment; filename=\"" + PostalLettersResource.FILE_NAME + "\"")
                    .header("Cache-Control", "no-store")
                    .build();
        }

        @Override
        public void close() {
        }
    }
}
