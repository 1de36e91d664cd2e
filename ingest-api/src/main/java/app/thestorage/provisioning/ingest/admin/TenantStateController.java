package app.thestorage.provisioning.ingest.admin;

import app.thestorage.provisioning.contract.Topics;
import app.thestorage.provisioning.contract.command.PublishTenantState;
import app.thestorage.provisioning.ingest.command.CommandGateway;
import app.thestorage.provisioning.ingest.tenant.TenantProblem;
import app.thestorage.provisioning.ingest.tenant.TenantRegistry;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The public state topics of one tenant, for operators: a downstream service that lost its copy of a tenant asks for
 * the tenant's whole state to be published again (every user, group and membership, versions unchanged), instead of
 * reading every state topic from the beginning.
 */
@RestController
@RequestMapping("/admin/tenants")
public class TenantStateController {

    private final TenantRegistry tenants;
    private final CommandGateway commands;

    public TenantStateController(TenantRegistry tenants, CommandGateway commands) {
        this.tenants = tenants;
        this.commands = commands;
    }

    /** What the answer says: the publication is under way, on these topics. */
    public record StatePublication(String tenant, List<String> topics, String notice) {
    }

    /**
     * Asks the projector to publish the tenant's state again; answered 202 once it is asked, in the tenant's order
     * (after every change accepted before), while the records follow within seconds.
     */
    @PostMapping("/{tenant}/state/publish")
    public Mono<ResponseEntity<StatePublication>> publish(@PathVariable String tenant) {
        return tenants.find(tenant)
                .switchIfEmpty(Mono.error(() -> TenantProblem.notFound(tenant)))
                .flatMap(found -> commands.submit(new PublishTenantState(UUID.randomUUID().toString(), found.slug(),
                        null, Instant.now())))
                .map(decided -> ResponseEntity.status(HttpStatus.ACCEPTED).body(new StatePublication(tenant,
                        Topics.stateTopics(), "Every user, group and membership of the tenant is being published "
                                + "again on the state topics, versions unchanged; consumers keep the highest version.")));
    }
}
