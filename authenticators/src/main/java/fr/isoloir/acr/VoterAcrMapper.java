package fr.isoloir.acr;

import fr.isoloir.IsoloirProviderFactory;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.ProtocolMapper;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.IDToken;
import org.keycloak.services.managers.AuthenticationManager;

import java.util.ArrayList;
import java.util.List;

/**
 * Sets {@code acr} to how the voter authenticated ({@link LoginMethod}), read from the user session.
 * Replaces Keycloak's level-of-authentication mapper (the {@code acr} client scope), which says "1"
 * whatever the path: the voter steps are one execution each, so Keycloak's per-execution levels cannot
 * tell a letter's code from a sent one. A session opened by something else than the voter steps has no
 * note and gets no {@code acr}. A login through the SSO cookie runs no step and gets {@code acr} "0", as
 * Keycloak's level-of-authentication mapper gives it. Stateless: Keycloak keeps one instance.
 */
public final class VoterAcrMapper extends AbstractOIDCProtocolMapper
        implements OIDCIDTokenMapper,
                OIDCAccessTokenMapper,
                TokenIntrospectionTokenMapper,
                IsoloirProviderFactory<ProtocolMapper> {

    public static final String PROVIDER_ID = "isoloir-acr-mapper";

    private static final List<ProviderConfigProperty> CONFIG = new ArrayList<>();

    static {
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(CONFIG, VoterAcrMapper.class);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Isoloir: how the voter logged in (acr)";
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getHelpText() {
        return "Sets the acr claim to isoloir-code-passphrase, isoloir-letter-passphrase or isoloir-passphrase, "
                + "as the voter's login went.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    @Override
    protected void setClaim(
            IDToken token,
            ProtocolMapperModel mappingModel,
            UserSessionModel userSession,
            KeycloakSession keycloakSession,
            ClientSessionContext clientSessionCtx) {
        // A login through the SSO cookie (or prompt=none) ran no step: "0", as Keycloak's own acr mapper says.
        if ("true".equals(clientSessionCtx.getClientSession().getNote(AuthenticationManager.SSO_AUTH))) {
            token.setAcr("0");
            return;
        }
        String acr = userSession.getNote(LoginMethod.SESSION_NOTE);
        if (acr != null) {
            token.setAcr(acr);
        }
    }
}
