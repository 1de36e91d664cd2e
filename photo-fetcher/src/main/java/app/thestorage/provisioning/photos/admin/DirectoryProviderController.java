package app.thestorage.provisioning.photos.admin;

import app.thestorage.provisioning.photos.PhotoFetcherProperties;
import app.thestorage.provisioning.photos.fetch.PhotoRefresh;
import app.thestorage.provisioning.photos.graph.ConnectionCheck;
import app.thestorage.provisioning.photos.graph.DirectoryProviderCredentials;
import app.thestorage.provisioning.photos.graph.GraphCallPolicy;
import app.thestorage.provisioning.photos.graph.GraphClientFactory;
import app.thestorage.provisioning.photos.provider.DirectoryProviderSettings;
import app.thestorage.provisioning.photos.provider.DirectoryProviders;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Settings > Integrations > Directory Providers > Microsoft Entra ID, behind ingest-api's admin API: save
 * the app registration (the secret is sealed, never returned), Test Connection, the provider status, and
 * "Sync now". Saving schedules the first directory sync at once.
 */
@RestController
@RequestMapping("/admin/tenants/{tenant}/directory-provider")
public class DirectoryProviderController {

    private static final Pattern GUID = Pattern.compile("^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$");
    private static final Pattern DIRECTORY = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$");
    private static final Duration TEST_TIME_LIMIT = Duration.ofSeconds(30);

    private final DirectoryProviders providers;
    private final GraphClientFactory clients;
    private final GraphCallPolicy policy;
    private final PhotoRefresh photos;
    private final PhotoFetcherProperties.Sync sync;
    private final Clock clock = Clock.systemUTC();

    public DirectoryProviderController(DirectoryProviders providers, GraphClientFactory clients,
                                       GraphCallPolicy policy, PhotoRefresh photos, PhotoFetcherProperties properties) {
        this.providers = providers;
        this.clients = clients;
        this.policy = policy;
        this.photos = photos;
        this.sync = properties.sync();
    }

    @GetMapping
    public Mono<ProviderStatus> status(@PathVariable String tenant) {
        return blocking(() -> statusOf(tenant));
    }

    @PutMapping
    public Mono<ProviderStatus> save(@PathVariable String tenant, @RequestBody DirectoryProviderSettings settings) {
        return blocking(() -> {
            DirectoryProviderSettings valid = validated(settings, providers.credentials(tenant).isEmpty());
            try {
                providers.save(tenant, valid, clock.instant());
            } catch (IllegalArgumentException missingSecret) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, missingSecret.getMessage());
            }
            return statusOf(tenant);
        });
    }

    @DeleteMapping
    public Mono<ResponseEntity<Void>> remove(@PathVariable String tenant) {
        return blocking(() -> providers.delete(tenant) ? ResponseEntity.noContent().<Void>build()
                : ResponseEntity.notFound().<Void>build());
    }

    /**
     * Test Connection, with the values in the form (a secret left out means the saved one), or with the saved
     * settings when no body is sent. Always 200: the verdict is the answer, whether or not it connected.
     */
    @PostMapping("/test")
    public Mono<ConnectionCheck.Verdict> test(@PathVariable String tenant,
                                              @RequestBody(required = false) DirectoryProviderSettings form) {
        return blocking(() -> credentialsToTest(tenant, form))
                .flatMap(credentials -> blocking(() -> ConnectionCheck.check(clients.create(credentials)))
                        .timeout(TEST_TIME_LIMIT, Mono.fromSupplier(() -> new ConnectionCheck.Verdict(
                                ConnectionCheck.Problem.UNREACHABLE, "Entra ID or Microsoft Graph did not answer within "
                                + TEST_TIME_LIMIT.toSeconds() + " seconds. Try again later.", null))));
    }

    @PostMapping("/sync")
    public Mono<ResponseEntity<ProviderStatus>> syncNow(@PathVariable String tenant) {
        return blocking(() -> {
            if (!providers.syncNow(tenant, clock.instant())) {
                throw notConfigured();
            }
            return ResponseEntity.accepted().body(statusOf(tenant));
        });
    }

    private ProviderStatus statusOf(String tenant) {
        return find(tenant).orElseThrow(DirectoryProviderController::notConfigured);
    }

    /** The tenant's provider and its status, if one is configured (blocking). */
    Optional<ProviderStatus> find(String tenant) {
        return providers.find(tenant)
                .map(provider -> ProviderStatus.of(provider, clock.instant(),
                        LocalDate.now(clock.withZone(ZoneOffset.UTC)), sync.expiryWarning(),
                        policy.breakerState(tenant).name(), photos.waiting(tenant)));
    }

    private DirectoryProviderCredentials credentialsToTest(String tenant, DirectoryProviderSettings form) {
        Optional<DirectoryProviderCredentials> saved = providers.credentials(tenant);
        if (saved.isPresent() && (form == null || (trimmed(form.clientId()) == null
                && trimmed(form.directoryTenantId()) == null && trimmed(form.clientSecret()) == null))) {
            return saved.get();
        }
        DirectoryProviderSettings valid = validated(form, saved.isEmpty());
        String secret = valid.clientSecret() != null ? valid.clientSecret()
                : saved.map(DirectoryProviderCredentials::clientSecret).orElseThrow();
        return new DirectoryProviderCredentials(valid.directoryTenantId(), valid.clientId(), secret);
    }

    /**
     * Checks the form the way the admin would want to hear about mistakes, before Entra is asked: every field at
     * fault at once, each named by its label in the form. The problem's {@code fields} maps each field's name to
     * what is wrong with it; its detail says all of it.
     */
    private static DirectoryProviderSettings validated(DirectoryProviderSettings settings, boolean secretRequired) {
        DirectoryProviderSettings form = settings == null ? new DirectoryProviderSettings(null, null, null, null) : settings;
        String clientId = trimmed(form.clientId());
        String directory = trimmed(form.directoryTenantId());
        String secret = trimmed(form.clientSecret());
        Map<String, String> wrong = new LinkedHashMap<>();
        if (clientId == null) {
            wrong.put("clientId", "Application (client) ID is empty: copy it from the app registration's Overview "
                    + "page.");
        } else if (!GUID.matcher(clientId).matches()) {
            wrong.put("clientId", "Application (client) ID must be the GUID on the app registration's Overview page, "
                    + "such as 00000000-0000-0000-0000-000000000000.");
        }
        if (directory == null) {
            wrong.put("directoryTenantId", "Directory (tenant) ID is empty: copy it from the app registration's "
                    + "Overview page.");
        } else if (!DIRECTORY.matcher(directory).matches()) {
            wrong.put("directoryTenantId", "Directory (tenant) ID must be the GUID on the app registration's Overview "
                    + "page, or the directory's domain name.");
        }
        if (secret == null && secretRequired) {
            wrong.put("clientSecret", "Client secret value is empty: paste the Value of a client secret from "
                    + "Certificates & secrets.");
        } else if (secret != null && GUID.matcher(secret).matches()) {
            wrong.put("clientSecret", "Client secret value looks like the secret's ID (a GUID), not its Value. In "
                    + "Certificates & secrets, copy the Value column; if it is masked already, create a new secret.");
        }
        if (!wrong.isEmpty()) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                    String.join(" ", wrong.values()));
            problem.setProperty("fields", wrong);
            throw new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
        }
        return new DirectoryProviderSettings(clientId, directory, secret, form.secretExpiresOn());
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static ResponseStatusException notConfigured() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND,
                "No Microsoft Entra ID directory provider is configured for this tenant.");
    }

    static <T> Mono<T> blocking(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
    }
}
