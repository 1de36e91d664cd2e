package app.thestorage.provisioning.ingest.tenant;

/** A tenant administration request that cannot be carried out as asked; the message says why. */
public class TenantProblem extends RuntimeException {

    /** What kind of problem, so the admin API can answer with the right status. */
    public enum Kind {
        NOT_FOUND, CONFLICT, INVALID
    }

    private final Kind kind;

    public TenantProblem(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public static TenantProblem notFound(String tenant) {
        return new TenantProblem(Kind.NOT_FOUND, "There is no tenant '" + tenant + "'.");
    }

    /** What would change a tenant being offboarded is refused: it is on its way out. */
    public static TenantProblem offboarding(String tenant) {
        return new TenantProblem(Kind.CONFLICT, "The tenant '" + tenant + "' is being offboarded: its users, groups "
                + "and settings are being deleted, and it can no longer be changed. GET /admin/tenants/" + tenant
                + " shows the progress.");
    }

    public Kind kind() {
        return kind;
    }
}
