package app.thestorage.provisioning.ingest.offboarding;

import reactor.core.publisher.Mono;

/**
 * What an offboarding asks of photo-fetcher, which keeps a tenant's Directory Provider, Entra users and photos.
 * The admin API's gateway to photo-fetcher answers it; declared here so that offboarding does not depend on the
 * admin web layer.
 */
public interface PhotoFetcherPurge {

    /**
     * Has photo-fetcher forget the tenant's Directory Provider (the sealed Graph client secret): its Graph syncs stop.
     * A tenant without one is fine.
     */
    Mono<Void> removeDirectoryProvider(String tenant);

    /** Has photo-fetcher forget everything of the tenant: Directory Provider, Entra users, photos. */
    Mono<Void> purge(String tenant);
}
