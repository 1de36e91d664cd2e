package app.thestorage.provisioning.ingest.offboarding;

/**
 * The steps of a tenant's offboarding, in the order they are carried out (SCIM is refused before the first:
 * starting the offboarding does that). Each is idempotent, so a step interrupted by a crash is simply done again.
 * Why this order: docs/tenant-offboarding.md.
 */
public enum OffboardingStep {

    /** photo-fetcher forgets the Directory Provider (the Graph client secret): no more Graph syncs of the tenant. */
    PURGE_DIRECTORY_PROVIDER,
    /** Every group, then every user, deleted through the pipeline, a step at a time, as DELETEs would. */
    ERASE_DIRECTORY,
    /** photo-fetcher forgets the photos and the Entra users; the provisioning log and stored outcomes go. */
    PURGE_PHOTOS_AND_LOG,
    /** The tenant's row goes, with its offboarding state: it is no longer listed, and its slug is free. */
    REMOVE_TENANT;

    /** The step after this one, or null after the last. */
    public OffboardingStep next() {
        return switch (this) {
            case PURGE_DIRECTORY_PROVIDER -> ERASE_DIRECTORY;
            case ERASE_DIRECTORY -> PURGE_PHOTOS_AND_LOG;
            case PURGE_PHOTOS_AND_LOG -> REMOVE_TENANT;
            case REMOVE_TENANT -> null;
        };
    }

    public static OffboardingStep first() {
        return PURGE_DIRECTORY_PROVIDER;
    }
}
