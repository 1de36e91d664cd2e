package app.thestorage.provisioning.photos.sync;

import app.thestorage.provisioning.photos.PhotoFetcherProperties;
import app.thestorage.provisioning.photos.fetch.PhotoRefresh;
import app.thestorage.provisioning.photos.graph.ConnectionCheck;
import app.thestorage.provisioning.photos.graph.GraphCallPolicy;
import app.thestorage.provisioning.photos.graph.GraphPhotos;
import app.thestorage.provisioning.photos.provider.DirectoryProvider;
import app.thestorage.provisioning.photos.provider.DirectoryProviders;
import app.thestorage.provisioning.photos.provider.SecretExpiry;
import app.thestorage.provisioning.photos.provider.TenantGraphs;
import app.thestorage.provisioning.photos.publish.ProfileChanges;
import app.thestorage.provisioning.photos.wanted.EntraUsers;
import com.microsoft.graph.models.User;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.graph.users.delta.DeltaGetResponse;
import com.microsoft.kiota.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One directory sync of a tenant: enumerates users through Graph's delta query (the first sync reads them
 * all, later ones only what changed since the stored delta link), sends the display name and job title of
 * every user SCIM provisioned from Entra (matched by object id) to the projector, then refreshes the photos
 * of all of them. A failure is recorded on the tenant's provider status with what it means, counted and
 * logged; it never touches SCIM provisioning.
 */
@Component
public class DirectorySync {

    private static final Logger log = LoggerFactory.getLogger(DirectorySync.class);
    private static final String[] PROFILE = {"id", "displayName", "jobTitle"};

    private final DirectoryProviders providers;
    private final TenantGraphs graphs;
    private final GraphCallPolicy policy;
    private final EntraUsers entraUsers;
    private final ProfileChanges changes;
    private final PhotoRefresh photos;
    private final MeterRegistry meters;
    private final PhotoFetcherProperties.Sync settings;
    private final Clock clock = Clock.systemUTC();

    public DirectorySync(DirectoryProviders providers, TenantGraphs graphs, GraphCallPolicy policy,
                         EntraUsers entraUsers, ProfileChanges changes, PhotoRefresh photos, MeterRegistry meters,
                         PhotoFetcherProperties properties) {
        this.providers = providers;
        this.graphs = graphs;
        this.policy = policy;
        this.entraUsers = entraUsers;
        this.changes = changes;
        this.photos = photos;
        this.meters = meters;
        this.settings = properties.sync();
    }

    public void sync(String tenant) {
        Optional<DirectoryProvider> provider = providers.find(tenant);
        Optional<GraphServiceClient> graph = provider.flatMap(graphs::of);
        if (graph.isEmpty()) {
            return;
        }
        warnOfSecretExpiry(provider.get());
        String deltaLink;
        try {
            deltaLink = enumerate(tenant, graph.get(), provider.get().deltaLink());
        } catch (Exception failure) {
            ConnectionCheck.Verdict verdict = ConnectionCheck.explain(failure,
                    ConnectionCheck.Problem.MISSING_DIRECTORY_PERMISSION);
            providers.recordFailure(tenant, verdict, clock.instant());
            log.warn("Directory sync of tenant {} failed: {} ({}{})", tenant, verdict.explanation(), verdict.problem(),
                    verdict.errorCode() == null ? "" : ", " + verdict.errorCode());
            counted("failed");
            return;
        }
        providers.recordSuccess(tenant, deltaLink, clock.instant());
        counted("succeeded");
        entraUsers.active(tenant).forEach(user -> photos.request(tenant, user.userId(), false));
    }

    /** Reads every page of the delta; returns the delta link the next sync starts from. */
    private String enumerate(String tenant, GraphServiceClient graph, String deltaLink) throws Exception {
        DeltaGetResponse page;
        try {
            page = deltaLink == null ? firstPage(tenant, graph) : page(tenant, graph, deltaLink);
        } catch (ApiException e) {
            if (e.getResponseStatusCode() != 410) {
                throw e;
            }
            // Graph no longer knows this delta state (resyncRequired): read everything again
            log.info("Directory sync of tenant {}: Graph asked for a full resync", tenant);
            providers.forgetDelta(tenant);
            page = firstPage(tenant, graph);
        }
        while (true) {
            // a page's profiles are sent together and acknowledged before the next page is asked for
            List<CompletableFuture<?>> sent = new ArrayList<>();
            if (page.getValue() != null) {
                page.getValue().forEach(user -> sent.addAll(apply(tenant, user)));
            }
            sent.forEach(ProfileChanges::await);
            if (page.getOdataNextLink() == null) {
                return page.getOdataDeltaLink();
            }
            page = page(tenant, graph, page.getOdataNextLink());
        }
    }

    private DeltaGetResponse firstPage(String tenant, GraphServiceClient graph) throws Exception {
        return policy.call(tenant, cancellation -> graph.users().delta().get(request -> {
            request.queryParameters.select = PROFILE;
            request.options.add(GraphPhotos.noSdkRetries());
        }));
    }

    private DeltaGetResponse page(String tenant, GraphServiceClient graph, String link) throws Exception {
        return policy.call(tenant, cancellation -> graph.users().delta().withUrl(link)
                .get(request -> request.options.add(GraphPhotos.noSdkRetries())));
    }

    private List<CompletableFuture<?>> apply(String tenant, User user) {
        if (user.getId() == null || (user.getAdditionalData() != null && user.getAdditionalData().containsKey("@removed"))) {
            return List.of(); // a user removed from the directory is deprovisioned by Entra's SCIM cycle, not here
        }
        return entraUsers.byObjectId(tenant, user.getId()).stream()
                .<CompletableFuture<?>>map(provisioned -> changes.directoryProfile(tenant, provisioned.userId(),
                        user.getId(), user.getDisplayName(), user.getJobTitle(), clock.instant()))
                .toList();
    }

    /** The same words the admin sees in the provider status, in the log, while they call for action. */
    private void warnOfSecretExpiry(DirectoryProvider provider) {
        SecretExpiry expiry = SecretExpiry.of(provider.secretExpiresOn(), LocalDate.now(clock.withZone(ZoneOffset.UTC)),
                settings.expiryWarning());
        if (expiry.state() == SecretExpiry.State.EXPIRED || expiry.state() == SecretExpiry.State.EXPIRES_SOON) {
            log.warn("Client secret of tenant {}: {}", provider.tenant(), expiry.message());
        }
    }

    private void counted(String result) {
        Counter.builder("photos.directory.syncs").tag("result", result)
                .description("Directory syncs by result").register(meters).increment();
    }
}
