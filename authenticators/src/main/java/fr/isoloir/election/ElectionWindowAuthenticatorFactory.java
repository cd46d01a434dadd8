package fr.isoloir.election;

import fr.isoloir.StepAuthenticatorFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.util.List;

/** Before the voter login's first step: outside the election's opening and closing dates, says when it opens or that it closed. */
public final class ElectionWindowAuthenticatorFactory extends StepAuthenticatorFactory {

    public static final String PROVIDER_ID = "isoloir-election-window";

    public ElectionWindowAuthenticatorFactory() {
        super(PROVIDER_ID, new ElectionWindowAuthenticator(), "Isoloir: election opening and closing dates",
                "Outside the opening and closing dates of the realm's election settings (realm attributes "
                        + "isoloir.opensAt and isoloir.closesAt), shows a page saying when the vote opens, or that it "
                        + "closed and when, instead of the login. Without dates, lets every login through.",
                null);
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(ElectionWindowAuthenticator.LET_THROUGH_BEFORE_OPENING).label("Let through before opening")
                .helpText("On for the lost-identifier flow: voters may ask for a new identifier before the vote opens. "
                        + "After closing the page still says the vote has closed.")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false").add()
                .build();
    }
}
