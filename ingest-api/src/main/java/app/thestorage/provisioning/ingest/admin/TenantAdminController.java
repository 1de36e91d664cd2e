package app.thestorage.provisioning.ingest.admin;

import app.thestorage.provisioning.contract.DirectoryLimits;
import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.contract.user.ProfilePhoto;
import app.thestorage.provisioning.contract.user.User;
import app.thestorage.provisioning.contract.user.UserAttributes;
import app.thestorage.provisioning.ingest.AdminProperties;
import app.thestorage.provisioning.ingest.admin.access.AdminIdentity;
import app.thestorage.provisioning.ingest.directory.DirectoryQuery;
import app.thestorage.provisioning.ingest.directory.DirectoryReader;
import app.thestorage.provisioning.ingest.directory.GroupDirectory;
import app.thestorage.provisioning.ingest.health.ProvisioningHealth;
import app.thestorage.provisioning.ingest.offboarding.Offboarding;
import app.thestorage.provisioning.ingest.offboarding.TenantOffboarding;
import app.thestorage.provisioning.ingest.provisioninglog.ProvisioningLog;
import app.thestorage.provisioning.ingest.provisioninglog.ProvisioningLogEntry;
import app.thestorage.provisioning.ingest.provisioninglog.ReadCount;
import app.thestorage.provisioning.ingest.tenant.TenantProblem;
import app.thestorage.provisioning.ingest.tenant.TenantRegistry;
import app.thestorage.provisioning.ingest.tenant.TenantRegistry.IssuedToken;
import app.thestorage.provisioning.ingest.tenant.TenantRegistry.Tenant;
import app.thestorage.provisioning.scim.filter.FilterParser;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The admin API behind Settings > User Provisioning: tenants, turning SCIM on and off, the one-time token,
 * the identity provider badge, the status and the provisioning log, and offboarding a tenant. Who may call what is
 * decided before any of it runs, from the path (AdminSecurity, AdminAccessRule).
 */
@RestController
@RequestMapping("/admin/tenants")
public class TenantAdminController {

    private static final int MAX_LOG_PAGE = 500;
    /** The counted reads a page of the log shows at most: a day of minutes. */
    private static final int MAX_READ_ROWS = 1440;
    private static final int MAX_USER_PAGE = 200;
    private static final String SHOWN_ONCE = "Copy this token now: TheStorage keeps only a hash of it, so it cannot be "
            + "shown again. Regenerating it replaces it and the previous token stops working at once.";

    private final TenantRegistry tenants;
    private final DirectoryReader directory;
    private final GroupDirectory groups;
    private final ProvisioningLog provisioningLog;
    private final AdminProperties properties;
    private final TenantOffboarding offboarding;
    private final ProvisioningHealth health;

    public TenantAdminController(TenantRegistry tenants, DirectoryReader directory, GroupDirectory groups,
                                 ProvisioningLog provisioningLog, AdminProperties properties,
                                 TenantOffboarding offboarding, ProvisioningHealth health) {
        this.tenants = tenants;
        this.offboarding = offboarding;
        this.directory = directory;
        this.groups = groups;
        this.provisioningLog = provisioningLog;
        this.properties = properties;
        this.health = health;
    }

    /** A tenant to create, with the identity provider its users are badged with (null: recognise per request). */
    public record NewTenant(String slug, IdentityProvider identityProvider) {
    }

    /** The identity provider the tenant's users are badged with; null recognises it from each request. */
    public record ProviderChoice(IdentityProvider identityProvider) {
    }

    /** The bearer token and endpoint URL an administrator pastes into Entra or Okta, shown this once. */
    public record ScimToken(String tenant, String token, String scimEndpoint, Instant createdAt, String notice) {
        @Override
        public String toString() {
            return "ScimToken[tenant=" + tenant + ", scimEndpoint=" + scimEndpoint + ", createdAt=" + createdAt + "]";
        }
    }

    /**
     * A page of the provisioning log, newest first; pass {@code before} to get the next (older) page. {@code reads}: the
     * successful reads counted in the span of time of the page's entries (from its oldest entry, or from the start if it
     * is the last page, to the newer page's oldest entry, or now), per minute and operation, newest first; none with
     * failures only.
     */
    public record LogPage(List<ProvisioningLogEntry> entries, Long before, List<ReadCount> reads) {
    }

    /** One page of a tenant's users, in creation order, as the console's Users page lists them. */
    public record UserPage(long totalResults, long startIndex, List<DirectoryUser> users) {
    }

    /**
     * A user as the console lists it: the provider's badge, the state, whether and where a photo comes from, and the
     * groups the user is a direct member of.
     */
    public record DirectoryUser(String id, String userName, String displayName, String givenName, String familyName,
                                boolean active, IdentityProvider source, ProfilePhoto.PhotoOrigin photo,
                                Instant created, Instant lastModified, List<GroupDirectory.Reference> groups) {

        static DirectoryUser of(DirectoryReader.Found found) {
            User user = found.user();
            UserAttributes attributes = user.attributes();
            return new DirectoryUser(user.id(), attributes.userName(), attributes.displayName(),
                    attributes.name() == null ? null : attributes.name().givenName(),
                    attributes.name() == null ? null : attributes.name().familyName(), attributes.active(),
                    user.source(), user.photo() == null ? null : user.photo().origin(), user.created(),
                    user.lastModified(), found.groups());
        }
    }

    /** Every tenant the caller administers: all of them for an operator, their own for a tenant admin. */
    @GetMapping
    public Flux<TenantRegistry.Tenant> tenants(AdminIdentity caller) {
        return tenants.all().filter(tenant -> caller.mayAdminister(tenant.slug()));
    }

    /**
     * The tenant's users, {@code count} at a time from {@code startIndex} (1-based), those whose userName, display
     * name, given or family name contains {@code search} (without regard to case) if it is given.
     */
    @GetMapping("/{tenant}/users")
    public Mono<UserPage> users(@PathVariable String tenant,
                                @RequestParam(required = false) String search,
                                @RequestParam(defaultValue = "1") long startIndex,
                                @RequestParam(defaultValue = "20") int count) {
        long start = Math.max(1, startIndex);
        int size = Math.clamp(count, 0, MAX_USER_PAGE);
        DirectoryQuery query = search == null || search.isBlank() ? null : searchFor(search.strip());
        return found(tenant)
                .flatMap(found -> directory.search(tenant, query, start - 1, size))
                .map(page -> new UserPage(page.totalResults(), start,
                        page.users().stream().map(DirectoryUser::of).toList()));
    }

    /** The same search a SCIM client would write as a filter, run by the same SQL back end. */
    private static DirectoryQuery searchFor(String text) {
        String problem = DirectoryLimits.text("search", text);
        if (problem != null) {
            throw new TenantProblem(TenantProblem.Kind.INVALID, problem);
        }
        String value = '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        return DirectoryQuery.of(FilterParser.parse(String.join(" or ", List.of("userName co " + value,
                "displayName co " + value, "name.givenName co " + value, "name.familyName co " + value))));
    }

    @PostMapping
    public Mono<ResponseEntity<ProvisioningStatus>> create(@RequestBody NewTenant request, ServerWebExchange exchange) {
        return tenants.create(request.slug(), request.identityProvider())
                .flatMap(tenant -> status(tenant, exchange))
                .map(status -> ResponseEntity.created(URI.create("/admin/tenants/" + status.tenant())).body(status));
    }

    @GetMapping("/{tenant}")
    public Mono<ProvisioningStatus> status(@PathVariable String tenant, ServerWebExchange exchange) {
        return found(tenant).flatMap(found -> status(found, exchange));
    }

    /**
     * Offboards the tenant: its SCIM requests are refused from now on, then its Directory Provider, users, groups,
     * photos, provisioning log and the tenant itself are deleted in the background (docs/tenant-offboarding.md).
     * 202 with the progress; asked again while it runs, 202 with the progress, nothing started twice.
     */
    @DeleteMapping("/{tenant}")
    public Mono<ResponseEntity<Offboarding>> offboard(@PathVariable String tenant) {
        return offboarding.start(tenant)
                .map(progress -> ResponseEntity.accepted().location(URI.create("/admin/tenants/" + tenant)).body(progress));
    }

    /** Toggles SCIM provisioning on: the answer carries the one-time token and the tenant endpoint URL. */
    @PostMapping("/{tenant}/scim/enable")
    public Mono<ResponseEntity<ScimToken>> enable(@PathVariable String tenant, ServerWebExchange exchange) {
        return tenants.enableScim(tenant).map(issued -> shownOnce(issued, exchange));
    }

    /** Issues a new token; the previous one is refused from this moment, by every instance. */
    @PostMapping("/{tenant}/scim/token")
    public Mono<ResponseEntity<ScimToken>> regenerate(@PathVariable String tenant, ServerWebExchange exchange) {
        return tenants.regenerateToken(tenant).map(issued -> shownOnce(issued, exchange));
    }

    /** Toggles SCIM provisioning off: every SCIM request of the tenant is refused until it is enabled again. */
    @PostMapping("/{tenant}/scim/disable")
    public Mono<ProvisioningStatus> disable(@PathVariable String tenant, ServerWebExchange exchange) {
        return tenants.disableScim(tenant).flatMap(disabled -> status(disabled, exchange));
    }

    @PutMapping("/{tenant}/identity-provider")
    public Mono<ProvisioningStatus> chooseIdentityProvider(@PathVariable String tenant,
                                                           @RequestBody ProviderChoice choice,
                                                           ServerWebExchange exchange) {
        return tenants.chooseIdentityProvider(tenant, choice.identityProvider())
                .flatMap(chosen -> status(chosen, exchange));
    }

    @GetMapping("/{tenant}/provisioning-log")
    public Mono<LogPage> provisioningLog(@PathVariable String tenant,
                                         @RequestParam(required = false) Long before,
                                         @RequestParam(defaultValue = "false") boolean failuresOnly,
                                         @RequestParam(defaultValue = "100") int limit) {
        int size = Math.clamp(limit, 1, MAX_LOG_PAGE);
        return found(tenant)
                .flatMap(found -> provisioningLog.entries(tenant, before, failuresOnly, size).collectList())
                .flatMap(entries -> {
                    Long older = entries.size() < size ? null : entries.getLast().id();
                    if (failuresOnly) {
                        return Mono.just(new LogPage(entries, older, List.of()));
                    }
                    Instant from = older == null ? null : entries.getLast().at();
                    Mono<List<ReadCount>> reads = before == null
                            ? provisioningLog.reads(tenant, from, null, MAX_READ_ROWS).collectList()
                            : provisioningLog.entryAt(tenant, before)
                                    .flatMap(until -> provisioningLog.reads(tenant, from, until, MAX_READ_ROWS)
                                            .collectList())
                                    .defaultIfEmpty(List.of());
                    return reads.map(counted -> new LogPage(entries, older, counted));
                });
    }

    private Mono<Tenant> found(String tenant) {
        return tenants.find(tenant).switchIfEmpty(Mono.error(() -> TenantProblem.notFound(tenant)));
    }

    private Mono<ProvisioningStatus> status(Tenant tenant, ServerWebExchange exchange) {
        Mono<Optional<Offboarding>> offboarded = tenant.offboardingSince() == null ? Mono.just(Optional.empty())
                : offboarding.progress(tenant.slug()).map(Optional::of).defaultIfEmpty(Optional.empty());
        return Mono.zip(directory.census(tenant.slug()),
                        provisioningLog.lastRequestAt(tenant.slug()).map(Optional::of).defaultIfEmpty(Optional.empty()),
                        groups.count(tenant.slug()), offboarded, health.warnings(tenant.slug()))
                .map(found -> {
                    DirectoryReader.Census census = found.getT1();
                    return new ProvisioningStatus(tenant.slug(), tenant.scimEnabled(), scimEndpoint(tenant.slug(), exchange),
                            tenant.identityProvider(), tenant.tokenCreatedAt(), found.getT2().orElse(null),
                            new ProvisioningStatus.Users(census.total(), census.active(), census.inactive(),
                                    census.bySource()), found.getT3(), found.getT4().orElse(null), found.getT5());
                });
    }

    private ResponseEntity<ScimToken> shownOnce(IssuedToken issued, ServerWebExchange exchange) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .cacheControl(CacheControl.noStore())
                .body(new ScimToken(issued.tenant(), issued.token(), scimEndpoint(issued.tenant(), exchange),
                        issued.createdAt(), SHOWN_ONCE));
    }

    /** https://host/api/{tenant}/scim/v2, without a trailing slash, as Entra and Okta want it. */
    private String scimEndpoint(String tenant, ServerWebExchange exchange) {
        UriComponentsBuilder base = properties.publicBaseUrl() != null
                ? UriComponentsBuilder.fromUri(properties.publicBaseUrl())
                : UriComponentsBuilder.fromUri(exchange.getRequest().getURI()).replaceQuery(null);
        return base.replacePath(null).path("/api/" + tenant + "/scim/v2").build().toUriString();
    }
}
