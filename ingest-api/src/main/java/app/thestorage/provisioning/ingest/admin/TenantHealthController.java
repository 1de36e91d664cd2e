package app.thestorage.provisioning.ingest.admin;

import app.thestorage.provisioning.ingest.health.ProvisioningHealth;
import app.thestorage.provisioning.ingest.health.TenantHealth;
import app.thestorage.provisioning.ingest.tenant.TenantProblem;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * A tenant's provisioning health, for the User Provisioning page: the last request and the identity provider's rhythm,
 * requests and failures of the last hour and day, why they failed with the fix of each reason, and the warnings.
 * Computed from the provisioning log when asked.
 */
@RestController
@RequestMapping("/admin/tenants")
public class TenantHealthController {

    private final ProvisioningHealth health;

    public TenantHealthController(ProvisioningHealth health) {
        this.health = health;
    }

    @GetMapping("/{tenant}/health")
    public Mono<TenantHealth> health(@PathVariable String tenant) {
        return health.report(tenant).switchIfEmpty(Mono.error(() -> TenantProblem.notFound(tenant)));
    }
}
