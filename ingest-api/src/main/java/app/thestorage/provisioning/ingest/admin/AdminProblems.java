package app.thestorage.provisioning.ingest.admin;

import app.thestorage.provisioning.ingest.tenant.TenantProblem;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The admin API answers a refused request with an RFC 9457 problem that says what to do. */
@RestControllerAdvice(assignableTypes = TenantAdminController.class)
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
}
