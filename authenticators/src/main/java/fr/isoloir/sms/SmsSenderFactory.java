package fr.isoloir.sms;

import org.keycloak.provider.ProviderFactory;

/** Factory of {@link SmsSender}s, registered in {@code META-INF/services/fr.isoloir.sms.SmsSenderFactory}. */
public interface SmsSenderFactory extends ProviderFactory<SmsSender> {}
