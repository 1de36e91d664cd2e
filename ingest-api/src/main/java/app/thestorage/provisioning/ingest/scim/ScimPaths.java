package app.thestorage.provisioning.ingest.scim;

import java.util.Optional;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Where the SCIM endpoint of a tenant lives: {@code /api/{tenant}/scim/v2}. A request's path is read once,
 * by the first who asks, and kept on the exchange for the filters, the controllers and the error handler.
 */
public final class ScimPaths {

    private static final String PREFIX = "/api/";
    private static final String SCIM_BASE = "/scim/v2";
    private static final String ADDRESS = ScimPaths.class.getName() + ".address";
    private static final String BASE_URL = ScimPaths.class.getName() + ".baseUrl";
    /** Kept on the exchange for a request whose path is not a SCIM one. */
    private static final Object NOT_SCIM = new Object();

    /** A SCIM request's tenant slug and the path below its base URL, such as {@code /Users/42} (empty for the base). */
    record ScimAddress(String tenant, String resourcePath) {
    }

    public static boolean isScim(ServerWebExchange exchange) {
        return addressOf(exchange).isPresent();
    }

    /** The tenant slug named in the URL of a SCIM request. */
    public static Optional<String> tenantOf(ServerWebExchange exchange) {
        return addressOf(exchange).map(ScimAddress::tenant);
    }

    /** The path below the tenant's SCIM base URL, such as {@code /Users/42} (empty for the base itself). */
    public static String resourcePathOf(ServerWebExchange exchange) {
        return addressOf(exchange).map(ScimAddress::resourcePath).orElse("");
    }

    private static Optional<ScimAddress> addressOf(ServerWebExchange exchange) {
        Object known = exchange.getAttribute(ADDRESS);
        if (known == null) {
            known = parse(exchange.getRequest().getPath().pathWithinApplication().value()).orElse(null);
            exchange.getAttributes().put(ADDRESS, known == null ? NOT_SCIM : known);
        }
        return known instanceof ScimAddress address ? Optional.of(address) : Optional.empty();
    }

    /** Whether a raw path (as sent, before any decoding) is under a tenant's SCIM endpoint. */
    public static boolean isScim(String rawPath) {
        return parse(rawPath).isPresent();
    }

    /** {@code /api/{tenant}/scim/v2} followed by nothing or by {@code /...}; the tenant is one non-empty segment. */
    static Optional<ScimAddress> parse(String path) {
        if (!path.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int tenantEnd = path.indexOf('/', PREFIX.length());
        if (tenantEnd <= PREFIX.length() || !path.startsWith(SCIM_BASE, tenantEnd)) {
            return Optional.empty();
        }
        int rest = tenantEnd + SCIM_BASE.length();
        if (rest < path.length() && path.charAt(rest) != '/') {
            return Optional.empty();
        }
        return Optional.of(new ScimAddress(path.substring(PREFIX.length(), tenantEnd), path.substring(rest)));
    }

    /** The segments of a resource path: {@code /Users/42/} is {@code [Users, 42]}, the base itself {@code [""]}. */
    public static String[] segmentsOf(String resourcePath) {
        int start = 0;
        int end = resourcePath.length();
        while (start < end && resourcePath.charAt(start) == '/') {
            start++;
        }
        while (end > start && resourcePath.charAt(end - 1) == '/') {
            end--;
        }
        return resourcePath.substring(start, end).split("/");
    }

    /** The tenant's SCIM base URL as the client reached it, e.g. https://host/api/acme/scim/v2. */
    public static String baseUrl(ServerWebExchange exchange) {
        String known = exchange.getAttribute(BASE_URL);
        if (known == null) {
            known = UriComponentsBuilder.fromUri(exchange.getRequest().getURI())
                    .replacePath(PREFIX + tenantOf(exchange).orElseThrow() + SCIM_BASE)
                    .replaceQuery(null)
                    .build()
                    .toUriString();
            exchange.getAttributes().put(BASE_URL, known);
        }
        return known;
    }

    private ScimPaths() {
    }
}
