package app.thestorage.provisioning.ingest.scim;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * The one place where a failure under {@code /api/{tenant}/scim/v2} becomes a SCIM Error response. Runs
 * before Spring Boot's own error handler, so an identity provider never sees a non-SCIM error body.
 */
@Component
@Order(-2)
public class ScimErrorHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ScimErrorHandler.class);

    private final ScimErrorWriter errors;

    public ScimErrorHandler(ScimErrorWriter errors) {
        this.errors = errors;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        if (!ScimPaths.isScim(exchange) || exchange.getResponse().isCommitted()) {
            return Mono.error(failure);
        }
        return errors.write(exchange, translate(exchange, failure));
    }

    private static ScimException translate(ServerWebExchange exchange, Throwable failure) {
        if (failure instanceof ScimException scim) {
            return scim;
        }
        if (causedBy(failure, DataBufferLimitException.class)) {
            return new ScimException(413, null, "The request body is too large.");
        }
        if (failure instanceof ServerWebInputException input) {
            return ScimException.invalidSyntax("The request could not be read: " + input.getReason());
        }
        if (failure instanceof UnsupportedMediaTypeStatusException) {
            return new ScimException(415, null, "Send the body as application/scim+json or application/json.");
        }
        if (failure instanceof MethodNotAllowedException) {
            return new ScimException(405, null,
                    exchange.getRequest().getMethod() + " is not supported on this endpoint.");
        }
        if (failure instanceof ResponseStatusException status && status.getStatusCode().value() == 404) {
            return ScimException.notFound("No SCIM resource or endpoint at " + exchange.getRequest().getPath() + ".");
        }
        if (failure instanceof ResponseStatusException status && status.getStatusCode().is4xxClientError()) {
            return new ScimException(status.getStatusCode().value(), null,
                    status.getReason() != null ? status.getReason() : HttpStatus.valueOf(status.getStatusCode().value())
                            .getReasonPhrase());
        }
        log.error("Unexpected failure on {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
                failure);
        return new ScimException(500, null, "Internal error. The request was not applied; it is safe to retry.");
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
