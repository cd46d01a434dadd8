package fr.isoloir.postal;

import fr.isoloir.ProviderVersion;
import org.keycloak.credential.CredentialProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import java.util.Map;

/** Registers the postal connection code credential type. */
public final class PostalCodeCredentialProviderFactory
        implements CredentialProviderFactory<PostalCodeCredentialProvider>, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = PostalCodeCredentialProvider.TYPE;

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public PostalCodeCredentialProvider create(KeycloakSession session) {
        return new PostalCodeCredentialProvider(session);
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of(ProviderVersion.KEY, ProviderVersion.get());
    }
}
