package app.thestorage.provisioning.ingest.scim;

import app.thestorage.provisioning.contract.command.Outcome;
import app.thestorage.provisioning.scim.ScimException;

/** The one place a decision's rejection becomes the SCIM error the identity provider gets: status and scimType. */
final class ScimRejections {

    static ScimException errorOf(Outcome.Rejected rejected) {
        String detail = rejected.detail();
        return switch (rejected.reason()) {
            case NOT_FOUND -> new ScimException(404, null, detail);
            case NAME_TAKEN -> new ScimException(409, "uniqueness", detail);
            case STALE_VERSION -> new ScimException(412, null, detail);
            case SUPERSEDED -> new ScimException(409, null, detail);
            case INVALID_VALUE, NOT_STORED -> new ScimException(400, "invalidValue", detail);
            case TOO_MANY -> new ScimException(400, "tooMany", detail);
            case INVALID_PATH -> new ScimException(400, "invalidPath", detail);
            case NO_TARGET -> new ScimException(400, "noTarget", detail);
            case READ_ONLY -> new ScimException(400, "mutability", detail);
            case INVALID_SYNTAX -> new ScimException(400, "invalidSyntax", detail);
            // decided by a projector of the version before reasons (during a rolling upgrade): a refusal all the same
            case null -> new ScimException(400, "invalidValue", detail);
        };
    }

    private ScimRejections() {
    }
}
