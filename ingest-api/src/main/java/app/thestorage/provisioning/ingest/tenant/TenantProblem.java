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

    public Kind kind() {
        return kind;
    }
}
