package app.thestorage.provisioning.ingest.admin;

import app.thestorage.provisioning.contract.user.IdentityProvider;
import app.thestorage.provisioning.scim.ScimException;
import app.thestorage.provisioning.ingest.tenant.TenantProblem;
import java.util.Arrays;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebInputException;

/**
 * The admin API answers a refused request with an RFC 9457 problem that says what to do. (Not switched on
 * globally: under /api/{tenant}/scim/v2 every error must stay a SCIM error.)
 */
@RestControllerAdvice(assignableTypes = {TenantAdminController.class, TenantStateController.class, PhotoFetcherGateway.class,
        TenantHealthController.class, TenantGroupsController.class})
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

    /**
     * A command the pipeline could not take or decide in time (Kafka or the directory unavailable): 503 with the
     * Retry-After the SCIM surface would give, never a 500.
     */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> unavailable(ScimException failure) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(failure.status());
        if (failure.retryAfter() != null) {
            answer.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, failure.retryAfter().toSeconds())));
        }
        return answer.body(ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(failure.status()), failure.detail()));
    }

    /** An unreadable body or parameter, such as an identity provider name that does not exist. */
    @ExceptionHandler
    ProblemDetail unreadable(ServerWebInputException input) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, input.getReason() + ". An identityProvider is one of "
                + Arrays.toString(IdentityProvider.values()) + " or null to recognise it from each request.");
    }
}
