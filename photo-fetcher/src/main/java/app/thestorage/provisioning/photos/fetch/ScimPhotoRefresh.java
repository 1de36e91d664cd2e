package app.thestorage.provisioning.photos.fetch;

import app.thestorage.provisioning.photos.PhotoFetcherProperties;
import app.thestorage.provisioning.photos.download.DownloadGuards;
import app.thestorage.provisioning.photos.download.HostLookup;
import app.thestorage.provisioning.photos.download.PhotoDownloader;
import app.thestorage.provisioning.photos.download.PhotoDownloader.Download;
import app.thestorage.provisioning.photos.download.PhotoDownloader.Validators;
import app.thestorage.provisioning.photos.download.Refusal;
import app.thestorage.provisioning.photos.store.PhotoRefusals;
import app.thestorage.provisioning.photos.store.PhotoStore;
import app.thestorage.provisioning.photos.wanted.ScimPhotoSources;
import app.thestorage.provisioning.photos.wanted.ScimPhotoSources.ScimPhotoSource;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Brings one user's SCIM photo up to date, in the tenant's own lane: the address their latest change chose is
 * downloaded when it changed, asked again with its ETag/Last-Modified once the refresh period has passed, and never
 * otherwise (an unchanged address downloads nothing). A photo kept becomes the one the directory shows (it wins over
 * Graph's and the manual avatar); an address removed brings back Graph's photo or the avatar. Every refusal is counted
 * by reason ({@code photos.scim.refused}), logged with the host only, and kept for the tenant's admin
 * ({@link PhotoRefusals}); the photo shown stays as it was. None of it runs on the listener's thread, so neither
 * another tenant nor SCIM provisioning waits for it.
 */
@Component
public class ScimPhotoRefresh implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ScimPhotoRefresh.class);

    /** What one refresh did, as counted in the {@code photos.scim.refreshed} metric. */
    public enum Result { DOWNLOADED, UNCHANGED, REMOVED, REFUSED, RETRY_LATER, NOT_DUE }

    /**
     * TEST ONLY: certificates a test suite's local https server presents, trusted besides the system's, and the host
     * lookup the tests substitute. Production has no such bean.
     */
    public record TestOnlyPhotoServers(List<X509Certificate> trusted, HostLookup lookup) {
    }

    private final ScimPhotoSources sources;
    private final PhotoStore store;
    private final ShownPhotos shown;
    private final PhotoRefusals refusals;
    private final DownloadGuards guards;
    private final PhotoDownloader downloader;
    private final MeterRegistry meters;
    private final PhotoFetcherProperties.Scim settings;
    private final PhotoLanes lanes;
    private final Clock clock = Clock.systemUTC();

    @Autowired
    public ScimPhotoRefresh(ScimPhotoSources sources, PhotoStore store, ShownPhotos shown, PhotoRefusals refusals,
                            DownloadGuards guards, MeterRegistry meters, PhotoFetcherProperties properties,
                            ObjectProvider<TestOnlyPhotoServers> testOnly) {
        this(sources, store, shown, refusals, guards, meters, properties, testOnly.getIfAvailable());
    }

    public ScimPhotoRefresh(ScimPhotoSources sources, PhotoStore store, ShownPhotos shown, PhotoRefusals refusals,
                            DownloadGuards guards, MeterRegistry meters, PhotoFetcherProperties properties,
                            TestOnlyPhotoServers testOnly) {
        this.sources = sources;
        this.store = store;
        this.shown = shown;
        this.refusals = refusals;
        this.guards = guards;
        this.meters = meters;
        this.settings = properties.scim();
        this.downloader = new PhotoDownloader(new PhotoDownloader.Limits(settings.timeLimit(),
                settings.photoSizeLimit().toBytes(), settings.maxPixelsPerSide(), settings.maxRedirects(),
                Set.copyOf(settings.privateHostsForTests())),
                testOnly == null ? HostLookup.SYSTEM : testOnly.lookup(),
                testOnly == null ? List.of() : testOnly.trusted());
        this.lanes = new PhotoLanes(settings.concurrentCallsPerTenant(), request ->
                work(request.tenant(), request.userId()));
        if (!settings.privateHostsForTests().isEmpty()) {
            log.warn("TEST ONLY setting provisioning.photos.scim.private-hosts-for-tests is set ({}): photos from "
                    + "these hosts may come from private addresses", settings.privateHostsForTests());
        }
    }

    /** Queues the user's SCIM photo in the tenant's lane; a user already waiting is not queued twice. */
    public void request(String tenant, String userId) {
        lanes.request(tenant, userId, false);
    }

    /** Users of the tenant waiting for their SCIM photo. */
    public int waiting(String tenant) {
        return lanes.waiting(tenant);
    }

    Result work(String tenant, String userId) {
        Optional<ScimPhotoSource> found = sources.find(tenant, userId);
        if (found.isEmpty()) {
            return counted(Result.NOT_DUE);
        }
        ScimPhotoSource source = found.get();
        Instant now = clock.instant();
        if (source.wantedUri() == null) {
            if (source.fetchedUri() == null) {
                return counted(Result.NOT_DUE);
            }
            shown.change(tenant, userId, photos -> photos.withScimPhoto(null));
            sources.fetched(tenant, userId, null, null, null, now);
            refusals.cleared(tenant, userId);
            return counted(Result.REMOVED);
        }
        boolean sameAddress = source.wantedUri().equals(source.fetchedUri());
        if (sameAddress && source.checkedAt() != null
                && source.checkedAt().isAfter(now.minus(settings.refreshEvery()))) {
            return counted(Result.NOT_DUE);
        }
        // the validators belong to the photo we hold, and only when it came from this address
        Validators known = sameAddress && store.of(tenant, userId).scimSha256() != null
                ? new Validators(source.etag(), source.lastModified()) : Validators.NONE;
        URI uri;
        try {
            uri = new URI(source.wantedUri());
        } catch (URISyntaxException e) {
            return refused(tenant, source, Refusal.NOT_HTTPS, "not a valid address");
        }
        String host = Optional.ofNullable(uri.getHost()).orElse("").toLowerCase(Locale.ROOT);
        Download download;
        try {
            download = guards.call(tenant, host, () -> downloader.download(uri, known));
        } catch (CallNotPermittedException paused) {
            return retryLater(tenant, userId, host, Refusal.HOST_PAUSED, "this tenant's calls to " + host
                    + " are paused after repeated failures");
        } catch (BulkheadFullException busy) {
            return retryLater(tenant, userId, host, Refusal.TENANT_BUSY, "no download slot of the tenant freed within "
                    + settings.maxWaitForSlot());
        } catch (TimeoutException slow) {
            return refused(tenant, source, Refusal.TIMED_OUT, host + " did not send the photo within "
                    + settings.timeLimit());
        } catch (PhotoDownloader.Unavailable unavailable) {
            return refused(tenant, source, Refusal.HTTP_ERROR, host + " answered " + unavailable.status());
        } catch (IOException unreachable) {
            return refused(tenant, source, Refusal.UNREACHABLE, host + " could not be reached ("
                    + unreachable.getClass().getSimpleName() + ")");
        } catch (Exception failure) {
            return refused(tenant, source, Refusal.UNREACHABLE, host + ": " + failure.getClass().getSimpleName());
        }
        return switch (download) {
            case Download.Fetched photo -> {
                String sha256 = store.keep(photo.content(), photo.contentType(), now);
                shown.change(tenant, userId, photos -> photos.withScimPhoto(sha256));
                sources.fetched(tenant, userId, source.wantedUri(), photo.validators().etag(),
                        photo.validators().lastModified(), now);
                refusals.cleared(tenant, userId);
                yield counted(Result.DOWNLOADED);
            }
            case Download.NotModified unchanged -> {
                sources.checked(tenant, userId, now);
                yield counted(Result.UNCHANGED);
            }
            case Download.Refused refused -> refused(tenant, source, refused.reason(), refused.detail());
        };
    }

    /**
     * The address is not fetched: the photo shown stays, the address is not asked again before the refresh period (a
     * change to another address is), and the refusal is counted, logged and kept for the tenant's admin.
     */
    private Result refused(String tenant, ScimPhotoSource source, Refusal reason, String detail) {
        Instant now = clock.instant();
        sources.fetched(tenant, source.userId(), source.wantedUri(), null, null, now);
        refusals.refused(tenant, source.userId(), reason.name(), detail, now);
        log.warn("SCIM photo of user {} of tenant {} refused: {} ({})", source.userId(), tenant, detail, reason);
        Counter.builder("photos.scim.refused").tag("reason", reason.name().toLowerCase(Locale.ROOT))
                .description("Photo addresses from identity providers not fetched, by reason").register(meters)
                .increment();
        return counted(Result.REFUSED);
    }

    /** Not this time, through no fault of the address: the next look for due addresses queues it again. */
    private Result retryLater(String tenant, String userId, String host, Refusal reason, String detail) {
        log.warn("SCIM photo of user {} of tenant {} from {} postponed: {}", userId, tenant, host, detail);
        Counter.builder("photos.scim.refused").tag("reason", reason.name().toLowerCase(Locale.ROOT))
                .description("Photo addresses from identity providers not fetched, by reason").register(meters)
                .increment();
        return counted(Result.RETRY_LATER);
    }

    private Result counted(Result result) {
        Counter.builder("photos.scim.refreshed").tag("result", result.name().toLowerCase(Locale.ROOT))
                .description("SCIM photo refreshes by what they did").register(meters).increment();
        return result;
    }

    @Override
    public void close() {
        lanes.close();
    }
}
