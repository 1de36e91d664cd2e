package app.thestorage.provisioning.photos.fetch;

import app.thestorage.provisioning.photos.PhotoFetcherProperties;
import app.thestorage.provisioning.photos.graph.ConnectionCheck;
import app.thestorage.provisioning.photos.graph.GraphCallPolicy;
import app.thestorage.provisioning.photos.graph.GraphPhotos;
import app.thestorage.provisioning.photos.graph.GraphPhotos.PhotoDownload;
import app.thestorage.provisioning.photos.provider.DirectoryProviders;
import app.thestorage.provisioning.photos.provider.TenantGraphs;
import app.thestorage.provisioning.photos.publish.ProfileChanges;
import app.thestorage.provisioning.photos.store.PhotoStore;
import app.thestorage.provisioning.photos.store.UserPhotos;
import app.thestorage.provisioning.photos.wanted.EntraUsers;
import com.microsoft.graph.models.User;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.ApiException;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Brings one user's Graph photo up to date: asks Graph (under the tenant's guards), keeps a new photo, and makes
 * the directory show it by the rule of {@link app.thestorage.provisioning.photos.store.UserPhotos} (a SCIM photo
 * first, then Graph's, then the manual avatar). A photo too large or too slow
 * is skipped (what the user shows stays), and every failure is counted and logged, none silently.
 */
@Component
public class PhotoRefresh implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PhotoRefresh.class);

    /** What one refresh did, as counted in the {@code photos.refreshed} metric. */
    public enum Result { DOWNLOADED, UNCHANGED, NO_PHOTO, TOO_LARGE, TIMED_OUT, FAILED, NOT_AN_ENTRA_USER, NO_PROVIDER }

    private final EntraUsers entraUsers;
    private final TenantGraphs graphs;
    private final DirectoryProviders providers;
    private final GraphCallPolicy policy;
    private final PhotoStore store;
    private final ProfileChanges changes;
    private final MeterRegistry meters;
    private final long photoSizeLimit;
    private final PhotoFetcherProperties.Graph settings;
    private final PhotoLanes lanes;
    private final ShownPhotos shown;
    private final Clock clock = Clock.systemUTC();

    public PhotoRefresh(EntraUsers entraUsers, TenantGraphs graphs, DirectoryProviders providers,
                        GraphCallPolicy policy, PhotoStore store, ProfileChanges changes, ShownPhotos shown,
                        MeterRegistry meters, PhotoFetcherProperties properties) {
        this.entraUsers = entraUsers;
        this.graphs = graphs;
        this.providers = providers;
        this.policy = policy;
        this.store = store;
        this.changes = changes;
        this.shown = shown;
        this.meters = meters;
        this.settings = properties.graph();
        this.photoSizeLimit = settings.photoSizeLimit().toBytes();
        this.lanes = new PhotoLanes(settings.concurrentCallsPerTenant(), this::work);
    }

    /** Queues the user's photo refresh in the tenant's lane (a newcomer's profile is fetched too). */
    public void request(String tenant, String userId, boolean newcomer) {
        lanes.request(tenant, userId, newcomer);
    }

    /** Users of the tenant waiting for their photo. */
    public int waiting(String tenant) {
        return lanes.waiting(tenant);
    }

    /** One request of a lane: the Entra user and the tenant's Graph looked up once, for profile and photo. */
    private Result work(PhotoLanes.Request request) {
        String tenant = request.tenant();
        String userId = request.userId();
        Optional<EntraUsers.EntraUser> user = entraUsers.find(tenant, userId).filter(EntraUsers.EntraUser::active);
        if (user.isEmpty()) {
            return counted(Result.NOT_AN_ENTRA_USER);
        }
        Optional<GraphServiceClient> graph = graphs.of(tenant);
        if (graph.isEmpty()) {
            return counted(Result.NO_PROVIDER);
        }
        String objectId = user.get().objectId();
        if (request.newcomer()) {
            fetchProfile(tenant, userId, objectId, graph.get());
        }
        return refresh(tenant, userId, objectId, graph.get());
    }

    private Result refresh(String tenant, String userId, String objectId, GraphServiceClient graph) {
        String knownEtag = store.of(tenant, userId).knownMediaEtag();
        PhotoDownload download;
        try {
            download = policy.call(tenant, cancellation -> GraphPhotos.download(graph, objectId,
                    knownEtag, photoSizeLimit, cancellation));
        } catch (Exception e) {
            return failed(tenant, userId, e);
        }
        return switch (download) {
            case PhotoDownload.Downloaded photo -> {
                String sha256 = store.keep(photo.content(), photo.contentType(), clock.instant());
                change(tenant, userId, photos -> photos.withGraphPhoto(sha256, photo.mediaEtag()));
                yield counted(Result.DOWNLOADED);
            }
            case PhotoDownload.Unchanged unchanged -> counted(Result.UNCHANGED);
            case PhotoDownload.NoPhoto none -> {
                change(tenant, userId, photos -> photos.withGraphPhoto(null, null));
                yield counted(Result.NO_PHOTO);
            }
            case PhotoDownload.TooLarge tooLarge -> {
                log.warn("Photo of user {} of tenant {} skipped: larger than {} bytes", userId, tenant,
                        tooLarge.limitBytes());
                yield counted(Result.TOO_LARGE);
            }
        };
    }

    /**
     * A user just provisioned: their display name and job title from Graph, which a directory sync's delta only
     * reports when they change.
     */
    private void fetchProfile(String tenant, String userId, String objectId, GraphServiceClient graph) {
        try {
            User profile = policy.call(tenant, cancellation -> graph.users().byUserId(objectId).get(request -> {
                request.queryParameters.select = new String[] {"id", "displayName", "jobTitle"};
                request.options.add(GraphPhotos.noSdkRetries());
            }));
            if (profile != null) {
                ProfileChanges.await(changes.directoryProfile(tenant, userId, objectId, profile.getDisplayName(),
                        profile.getJobTitle(), clock.instant()));
            }
        } catch (Exception e) {
            log.warn("Profile of user {} of tenant {} not fetched: {}", userId, tenant, e.toString());
        }
    }

    /** An avatar an administrator uploaded for the user; shown unless the identity provider gives a photo. */
    public UserPhotos uploadManualAvatar(String tenant, String userId, byte[] image, String contentType) {
        String sha256 = store.keep(image, contentType, clock.instant());
        return change(tenant, userId, photos -> photos.withManualAvatar(sha256));
    }

    private UserPhotos change(String tenant, String userId, UnaryOperator<UserPhotos> change) {
        return shown.change(tenant, userId, change);
    }

    private Result failed(String tenant, String userId, Exception failure) {
        if (failure instanceof TimeoutException) {
            log.warn("Photo of user {} of tenant {} skipped: not received within {}", userId, tenant,
                    settings.timeLimit());
            return counted(Result.TIMED_OUT);
        }
        String reason = switch (failure) {
            case CallNotPermittedException open -> "Graph calls of this tenant are paused after repeated failures";
            case BulkheadFullException full -> "no Graph slot of this tenant freed within " + settings.maxWaitForSlot();
            case ApiException api -> "Graph answered " + api.getResponseStatusCode();
            default -> failure.getClass().getSimpleName();
        };
        ConnectionCheck.Verdict verdict = ConnectionCheck.explain(failure, ConnectionCheck.Problem.MISSING_USER_READ_ALL);
        if (verdict.problem() != ConnectionCheck.Problem.UNREACHABLE) {
            providers.recordFailure(tenant, verdict, clock.instant());
            reason = reason + " (" + verdict.problem() + ")";
        }
        log.warn("Photo of user {} of tenant {} not fetched: {}", userId, tenant, reason);
        return counted(Result.FAILED);
    }

    private Result counted(Result result) {
        Counter.builder("photos.refreshed").tag("result", result.name().toLowerCase())
                .description("Photo refreshes by what they did").register(meters).increment();
        return result;
    }

    @Override
    public void close() {
        lanes.close();
    }
}
