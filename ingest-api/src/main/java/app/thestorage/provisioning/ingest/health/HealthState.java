package app.thestorage.provisioning.ingest.health;

/** A tenant's provisioning at a glance: what the provisioning.tenants.health gauge counts tenants by. */
public enum HealthState {
    /** SCIM provisioning is off: nothing to watch. */
    OFF,
    /** On, and no warning. */
    HEALTHY,
    /** On, with at least one warning. */
    WARNING;

    /** The gauge's label value. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
