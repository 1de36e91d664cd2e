package app.thestorage.provisioning.contract.command;

import app.thestorage.provisioning.contract.user.IdentityProvider;
import java.time.Instant;

/**
 * One step of a tenant's offboarding: deletes up to {@code limit} of the tenant's groups, then, once no group is left,
 * up to {@code limit} of its users, each as its own DELETE would (a change event, a tombstone on the state topics,
 * the directory rows gone). The decision ({@link Outcome.TenantErased}) says whether anything is left; the offboarding
 * sends the next step until nothing is. Sent by the admin API, not by an identity provider: {@code source} is null.
 */
public record EraseTenant(
        String requestId,
        String tenant,
        IdentityProvider source,
        Instant issuedAt,
        int limit) implements ProvisioningCommand {

    /** How many users or groups one step deletes by default: a decision of a few hundred KB at most. */
    public static final int DEFAULT_LIMIT = 200;

    public static EraseTenant step(String requestId, String tenant, Instant issuedAt) {
        return new EraseTenant(requestId, tenant, null, issuedAt, DEFAULT_LIMIT);
    }
}
