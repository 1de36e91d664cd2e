package app.thestorage.provisioning.ingest.scim;

import app.thestorage.provisioning.scim.ScimException;
import java.util.Optional;
import org.springframework.web.server.ServerWebExchange;

/**
 * What a SCIM request was about and how it ended, noted on the exchange by whoever knows it (the controller
 * knows the user, the error writer the error) for those who report on it, such as the provisioning log.
 */
public final class ScimExchange {

    private static final String USER = ScimExchange.class.getName() + ".user";
    private static final String ERROR = ScimExchange.class.getName() + ".error";
    private static final String FOUND = ScimExchange.class.getName() + ".found";

    /** The user a request acted on; either part may be null while unknown. */
    public record Subject(String userId, String userName) {
    }

    public static void noteUser(ServerWebExchange exchange, String userId, String userName) {
        exchange.getAttributes().put(USER, new Subject(userId, userName));
    }

    public static Optional<Subject> userOf(ServerWebExchange exchange) {
        return Optional.ofNullable(exchange.getAttribute(USER));
    }

    /** How many resources a list request found (its totalResults). */
    static void noteFound(ServerWebExchange exchange, long totalResults) {
        exchange.getAttributes().put(FOUND, totalResults);
    }

    /** How many resources a list request found, if it was a list that answered. */
    public static Optional<Long> foundOf(ServerWebExchange exchange) {
        return Optional.ofNullable(exchange.getAttribute(FOUND));
    }

    static void noteError(ServerWebExchange exchange, ScimException error) {
        exchange.getAttributes().put(ERROR, error);
    }

    public static Optional<ScimException> errorOf(ServerWebExchange exchange) {
        return Optional.ofNullable(exchange.getAttribute(ERROR));
    }

    private ScimExchange() {
    }
}
