package app.thestorage.provisioning.ingest.admin;

import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.ingest.tenant.TenantProblem;
import java.util.Arrays;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebInputException;

/**
 * The admin API answers a refused request with an RFC 9457 problem that says what to do. (Not switched on
 * globally: under /api/{tenant}/scim/v2 every error must stay a SCIM error.)
 */
@RestControllerAdvice(assignableTypes = {TenantAdminController.class, PhotoFetcherGateway.class})
class AdminProblems {

    @ExceptionHandler
    ProblemDetail refused(TenantProblem problem) {
        HttpStatus status = switch (problem.kind()) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case INVALID -> HttpStatus.BAD_REQUEST;
        };
        return ProblemDetail.forStatusAndDetail(status, problem.getMessage());
    }

    /** An unreadable body or parameter, such as an identity provider name that does not exist. */
    @ExceptionHandler
    ProblemDetail unreadable(ServerWebInputException input) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, input.getReason() + ". An identityProvider is one of "
                + Arrays.toString(IdentityProvider.values()) + " or null to recognise it from each request.");
    }
}
