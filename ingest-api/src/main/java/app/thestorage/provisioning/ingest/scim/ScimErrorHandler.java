package app.thestorage.provisioning.ingest.scim;

import app.thestorage.provisioning.ingest.IngestProperties;
import app.thestorage.provisioning.ingest.logging.LogContext;
import app.thestorage.provisioning.scim.ScimException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
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

    /**
     * Failures that mean a dependency (PostgreSQL, Kafka) cannot be reached or answered too late: the request may
     * well succeed later, so the identity provider is told to retry (Okta treats a 500 as final).
     */
    private static final List<Class<? extends Throwable>> OUTAGES = List.of(
            DataAccessResourceFailureException.class, TransientDataAccessException.class,
            RecoverableDataAccessException.class, R2dbcTransientException.class,
            R2dbcNonTransientResourceException.class, RetriableException.class, ConnectException.class,
            ClosedChannelException.class, TimeoutException.class);

    private final ScimErrorWriter errors;
    private final IngestProperties properties;

    public ScimErrorHandler(ScimErrorWriter errors, IngestProperties properties) {
        this.errors = errors;
        this.properties = properties;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        if (!ScimPaths.isScim(exchange) || exchange.getResponse().isCommitted()) {
            return Mono.error(failure);
        }
        // its log lines name the request's trace and tenant
        return Mono.deferContextual(request -> {
            try (var current = LogContext.restore(request)) {
                return errors.refuse(exchange, translate(exchange, failure));
            }
        });
    }

    private ScimException translate(ServerWebExchange exchange, Throwable failure) {
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
        if (OUTAGES.stream().anyMatch(outage -> causedBy(failure, outage))) {
            log.warn("{} {} answered 503: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
                    failure.toString());
            return ScimException.unavailable("TheStorage cannot reach its directory or its message broker right now. "
                    + "It is safe to retry the request after the indicated delay.", properties.retryAfter());
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
