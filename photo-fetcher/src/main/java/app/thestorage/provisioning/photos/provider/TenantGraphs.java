package app.thestorage.provisioning.photos.provider;

import app.thestorage.provisioning.photos.graph.GraphClientFactory;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * One Graph client per tenant (it caches the tenant's access token), rebuilt when the admin saves new
 * settings. Tenants without a directory provider have none.
 */
@Component
public class TenantGraphs {

    private record Client(Instant savedAt, GraphServiceClient graph) {
    }

    private final DirectoryProviders providers;
    private final GraphClientFactory factory;
    private final Map<String, Client> clients = new ConcurrentHashMap<>();

    public TenantGraphs(DirectoryProviders providers, GraphClientFactory factory) {
        this.providers = providers;
        this.factory = factory;
    }

    public Optional<GraphServiceClient> of(String tenant) {
        Optional<DirectoryProvider> provider = providers.find(tenant);
        if (provider.isEmpty()) {
            clients.remove(tenant);
            return Optional.empty();
        }
        return of(provider.get());
    }

    /** The tenant's provider is gone: its client (holding its access token) goes too. */
    public void forget(String tenant) {
        clients.remove(tenant);
    }

    /** The client for settings already read. */
    public Optional<GraphServiceClient> of(DirectoryProvider provider) {
        String tenant = provider.tenant();
        Instant savedAt = provider.savedAt();
        Client client = clients.compute(tenant, (key, cached) -> cached != null && cached.savedAt().equals(savedAt)
                ? cached
                : providers.credentials(tenant).map(credentials -> new Client(savedAt, factory.create(credentials)))
                        .orElse(null));
        return Optional.ofNullable(client).map(Client::graph);
    }
}
