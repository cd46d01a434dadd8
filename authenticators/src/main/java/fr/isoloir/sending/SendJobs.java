package fr.isoloir.sending;

import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ui.extend.UiPageProvider;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Where jobs live: one component per job, child of the realm, of the Declarative UI page type, so
 * that the admin console's "Send identifiers" page lists them as its items. Every write goes through
 * {@code realm.addComponentModel}/{@code updateComponent}, hence through
 * {@link SendIdentifiersPageFactory#validateConfiguration}, whether it comes from the console, the REST
 * API or the worker.
 */
final class SendJobs {

    static final String PROVIDER_TYPE = UiPageProvider.class.getName();
    /** Session attribute set while the worker writes its own bookkeeping (a session is one thread's). */
    static final String WORKER_WRITE = "isoloir.sending.worker-write";

    private SendJobs() {}

    static Stream<ComponentModel> components(RealmModel realm) {
        return realm.getComponentsStream(realm.getId(), PROVIDER_TYPE)
                .filter(c -> SendIdentifiersPageFactory.PROVIDER_ID.equals(c.getProviderId()));
    }

    /** Every job of the realm, newest first. */
    static List<SendJob> all(RealmModel realm) {
        return components(realm)
                .map(SendJobs::job)
                .sorted(Comparator.comparing(SendJob::startedAt, Comparator.nullsLast(Comparator.reverseOrder())))
                .toList();
    }

    static Optional<SendJob> get(RealmModel realm, String id) {
        return component(realm, id).map(SendJobs::job);
    }

    /** The realm's running or paused job other than {@code exceptId}: there is at most one. */
    static Optional<SendJob> active(RealmModel realm, String exceptId) {
        return all(realm).stream()
                .filter(SendJob::active)
                .filter(j -> !j.id().equals(exceptId))
                .findFirst();
    }

    static SendJob job(ComponentModel component) {
        Map<String, String> config = new HashMap<>();
        if (component.getConfig() != null) {
            component.getConfig().forEach((key, values) -> {
                if (values != null && !values.isEmpty() && values.get(0) != null) {
                    config.put(key, values.get(0));
                }
            });
        }
        return SendJob.fromConfig(component.getId(), config);
    }

    static MultivaluedHashMap<String, String> config(SendJob job) {
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        job.toConfig().forEach(config::putSingle);
        return config;
    }

    /** Creates a job from the manager's fields (channel, rates, resend), validated by the factory. */
    static SendJob create(RealmModel realm, Map<String, String> fields) {
        ComponentModel model = new ComponentModel();
        model.setProviderType(PROVIDER_TYPE);
        model.setProviderId(SendIdentifiersPageFactory.PROVIDER_ID);
        model.setParentId(realm.getId());
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        fields.forEach((key, value) -> {
            if (value != null) {
                config.putSingle(key, value);
            }
        });
        model.setConfig(config);
        return job(realm.addComponentModel(model));
    }

    /** The manager changes the state or asks for a retry: the factory applies it to the stored job. */
    static SendJob managerChange(RealmModel realm, String id, String state, String retry) {
        ComponentModel model = new ComponentModel(component(realm, id).orElseThrow());
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>(model.getConfig());
        if (state != null) {
            config.putSingle(SendJob.STATE, state);
        }
        if (retry != null) {
            config.putSingle(SendJob.RETRY, retry);
        }
        model.setConfig(config);
        realm.updateComponent(model);
        return get(realm, id).orElseThrow();
    }

    /**
     * The worker's write: reads the job as stored now (the manager may have paused it a second ago) and
     * stores what {@code change} makes of it. Empty when the job was deleted meanwhile.
     */
    static Optional<SendJob> workerChange(
            KeycloakSession session, RealmModel realm, String id, UnaryOperator<SendJob> change) {
        Optional<ComponentModel> stored = component(realm, id);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        SendJob before = job(stored.get());
        SendJob after = change.apply(before);
        if (after.equals(before)) {
            return Optional.of(before);
        }
        ComponentModel model = new ComponentModel(stored.get());
        model.setConfig(config(after));
        session.setAttribute(WORKER_WRITE, Boolean.TRUE);
        try {
            realm.updateComponent(model);
        } finally {
            session.removeAttribute(WORKER_WRITE);
        }
        return Optional.of(after);
    }

    private static Optional<ComponentModel> component(RealmModel realm, String id) {
        if (id == null) {
            return Optional.empty();
        }
        ComponentModel component = realm.getComponent(id);
        return component != null
                        && PROVIDER_TYPE.equals(component.getProviderType())
                        && SendIdentifiersPageFactory.PROVIDER_ID.equals(component.getProviderId())
                ? Optional.of(component)
                : Optional.empty();
    }
}
