package app.thestorage.provisioning.ingest.offboarding;

import java.time.Instant;

/**
 * A tenant's offboarding as the admin API shows it while it runs (DELETE and GET /admin/tenants/{tenant}).
 *
 * @param state         always {@value #OFFBOARDING}: once it is done the tenant is gone (404)
 * @param step          the step being carried out
 * @param usersDeleted  users deleted through the pipeline so far
 * @param groupsDeleted groups deleted through the pipeline so far
 */
public record Offboarding(String tenant, String state, OffboardingStep step, long usersDeleted, long groupsDeleted,
                          Instant startedAt) {

    public static final String OFFBOARDING = "OFFBOARDING";

    public static Offboarding of(String tenant, OffboardingStep step, long usersDeleted, long groupsDeleted,
                                 Instant startedAt) {
        return new Offboarding(tenant, OFFBOARDING, step, usersDeleted, groupsDeleted, startedAt);
    }
}
