package app.thestorage.provisioning.photos.admin;

import static app.thestorage.provisioning.photos.admin.DirectoryProviderController.blocking;

import app.thestorage.provisioning.photos.provider.DirectoryProviders;
import app.thestorage.provisioning.photos.provider.TenantGraphs;
import app.thestorage.provisioning.photos.store.PhotoRefusals;
import app.thestorage.provisioning.photos.store.PhotoStore;
import app.thestorage.provisioning.photos.wanted.EntraUsers;
import app.thestorage.provisioning.photos.wanted.ScimPhotoSources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * A tenant's offboarding, as far as photo-fetcher is concerned (asked by ingest-api's, docs/tenant-offboarding.md):
 * everything photo-fetcher holds of the tenant goes in one transaction: the Directory Provider (the sealed Graph client
 * secret), the register of its Entra users, its users' photo addresses and refusals, its users' photos and the images nobody else shows. Idempotent: 204 again
 * when there is nothing left, as for a tenant photo-fetcher never knew.
 */
@RestController
public class TenantPurgeController {

    private static final Logger log = LoggerFactory.getLogger(TenantPurgeController.class);

    private final DirectoryProviders providers;
    private final TenantGraphs graphs;
    private final EntraUsers entraUsers;
    private final PhotoStore photos;
    private final ScimPhotoSources scimSources;
    private final PhotoRefusals refusals;
    private final TransactionTemplate transaction;

    public TenantPurgeController(DirectoryProviders providers, TenantGraphs graphs, EntraUsers entraUsers,
                                 PhotoStore photos, ScimPhotoSources scimSources, PhotoRefusals refusals,
                                 TransactionTemplate transaction) {
        this.providers = providers;
        this.graphs = graphs;
        this.entraUsers = entraUsers;
        this.photos = photos;
        this.scimSources = scimSources;
        this.refusals = refusals;
        this.transaction = transaction;
    }

    @DeleteMapping("/admin/tenants/{tenant}")
    public Mono<ResponseEntity<Void>> purge(@PathVariable String tenant) {
        return blocking(() -> {
            int images = transaction.execute(status -> {
                providers.delete(tenant);
                entraUsers.forgetTenant(tenant);
                scimSources.forgetTenant(tenant);
                refusals.forgetTenant(tenant);
                return photos.forgetTenant(tenant);
            });
            graphs.forget(tenant);
            log.info("Tenant {} purged: Directory Provider, Entra users, photo addresses and photos forgotten ({} images deleted)",
                    tenant, images);
            return ResponseEntity.noContent().<Void>build();
        });
    }
}
