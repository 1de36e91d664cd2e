package app.thestorage.provisioning.ingest.scim;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.util.UriComponentsBuilder;

/** Where the SCIM endpoint of a tenant lives: {@code /api/{tenant}/scim/v2}. */
public final class ScimPaths {

    private static final Pattern SCIM = Pattern.compile("^/api/([^/]+)/scim/v2(/.*)?$");

    public static boolean isScim(ServerHttpRequest request) {
        return tenantOf(request).isPresent();
    }

    /** The tenant slug named in the URL of a SCIM request. */
    public static Optional<String> tenantOf(ServerHttpRequest request) {
        Matcher matcher = SCIM.matcher(request.getPath().pathWithinApplication().value());
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** The path below the tenant's SCIM base URL, such as {@code /Users/42} (empty for the base itself). */
    public static String resourcePathOf(ServerHttpRequest request) {
        Matcher matcher = SCIM.matcher(request.getPath().pathWithinApplication().value());
        return matcher.matches() && matcher.group(2) != null ? matcher.group(2) : "";
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
    public static String baseUrl(ServerHttpRequest request) {
        return UriComponentsBuilder.fromUri(request.getURI())
                .replacePath("/api/" + tenantOf(request).orElseThrow() + "/scim/v2")
                .replaceQuery(null)
                .build()
                .toUriString();
    }

    private ScimPaths() {
    }
}
