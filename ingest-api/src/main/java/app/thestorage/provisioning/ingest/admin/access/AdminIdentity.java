package app.thestorage.provisioning.ingest.admin.access;

/**
 * Who is calling the admin API, as far as what they may do goes: an operator (the operator credential) administers
 * every tenant; a tenant admin (signed in with the identity provider, with the admin role and a tenant) administers
 * that one tenant; anyone else signed in administers none.
 */
public sealed interface AdminIdentity {

    /** The operator credential (PROVISIONING_ADMIN_TOKEN): operators and service-to-service calls. */
    record Operator() implements AdminIdentity {
    }

    /** A person the identity provider names admin of {@code tenant}. */
    record TenantAdmin(String name, String tenant) implements AdminIdentity {
    }

    /** Signed in, but the identity provider did not make them a tenant admin; {@code why} says what is missing. */
    record NotAdmin(String name, String why) implements AdminIdentity {
    }

    /** Whether this identity may see and change the tenant. */
    default boolean mayAdminister(String tenant) {
        return switch (this) {
            case Operator operator -> true;
            case TenantAdmin admin -> admin.tenant().equals(tenant);
            case NotAdmin notAdmin -> false;
        };
    }

    /** Whether this identity may do what only operators do (create tenants, anything not of one tenant). */
    default boolean isOperator() {
        return this instanceof Operator;
    }

    /** Whether this identity administers any tenant at all. */
    default boolean isAdmin() {
        return !(this instanceof NotAdmin);
    }
}
