package app.thestorage.provisioning.photos.graph;

import com.microsoft.aad.msal4j.MsalException;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.microsoft.graph.models.User;
import com.microsoft.graph.models.UserCollectionResponse;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.ApiException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.security.cert.CertPathBuilderException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLException;

/**
 * "Test Connection" under Directory Providers: acquires a token with the tenant's app registration, lists
 * one user (Directory.Read.All or User.Read.All) and reads that user's photo metadata (User.Read.All), and
 * says precisely what is wrong, from the Entra (AADSTS) error code or the Graph status.
 */
public final class ConnectionCheck {

    private static final Pattern AADSTS = Pattern.compile("AADSTS(\\d+)");
    /** A host and port as Netty and OkHttp name them in a connection failure: "localhost/127.0.0.1:443". */
    private static final Pattern RESOLVED_HOST = Pattern.compile("([A-Za-z0-9.-]+)/[0-9A-Fa-f.:\\[\\]]+:(\\d+)");

    /** What the administrator has to fix, if anything. */
    public enum Problem {
        NONE,
        UNKNOWN_DIRECTORY_TENANT,
        UNKNOWN_CLIENT,
        WRONG_SECRET,
        EXPIRED_SECRET,
        MISSING_CONSENT,
        MISSING_DIRECTORY_PERMISSION,
        MISSING_USER_READ_ALL,
        UNREACHABLE
    }

    /** The answer shown under the Test Connection button. */
    public record Verdict(Problem problem, String explanation, String errorCode) {
        public boolean connected() {
            return problem == Problem.NONE;
        }
    }

    private ConnectionCheck() {
    }

    public static Verdict check(GraphServiceClient graph) {
        String firstUser;
        try {
            UserCollectionResponse users = graph.users().get(request -> {
                request.queryParameters.top = 1;
                request.queryParameters.select = new String[] {"id"};
                request.options.add(GraphPhotos.noSdkRetries());
            });
            List<User> found = users == null || users.getValue() == null ? List.of() : users.getValue();
            firstUser = found.isEmpty() ? null : found.getFirst().getId();
        } catch (RuntimeException e) {
            return explain(e, Problem.MISSING_DIRECTORY_PERMISSION);
        }
        if (firstUser != null) {
            try {
                graph.users().byUserId(firstUser).photo().get(request -> request.options.add(GraphPhotos.noSdkRetries()));
            } catch (ApiException e) {
                if (e.getResponseStatusCode() != 404) {
                    return explain(e, Problem.MISSING_USER_READ_ALL);
                }
            } catch (RuntimeException e) {
                return explain(e, Problem.MISSING_USER_READ_ALL);
            }
        }
        return new Verdict(Problem.NONE, "Connected: TheStorage can read your directory and profile photos.", null);
    }

    /** Explains a failure; {@code forbidden} is what a Graph 403 means at this step. */
    public static Verdict explain(Throwable failure, Problem forbidden) {
        Optional<String> code = aadstsCode(failure);
        if (code.isPresent()) {
            return switch (code.get()) {
                case "90002", "900023", "90013" -> new Verdict(Problem.UNKNOWN_DIRECTORY_TENANT,
                        "Entra ID does not know this Directory (tenant) ID. Copy it again from the app registration's "
                                + "Overview page.", "AADSTS" + code.get());
                case "700016" -> new Verdict(Problem.UNKNOWN_CLIENT,
                        "No application with this Application (client) ID exists in that directory. Copy it again from "
                                + "the app registration's Overview page, and check the Directory (tenant) ID.",
                        "AADSTS" + code.get());
                case "7000215" -> new Verdict(Problem.WRONG_SECRET,
                        "Entra ID refused the client secret. The usual cause: the secret's ID was pasted instead of "
                                + "its Value. Create a new secret under Certificates & secrets and copy its Value.",
                        "AADSTS" + code.get());
                case "7000222" -> new Verdict(Problem.EXPIRED_SECRET,
                        "The client secret has expired. Create a new one under Certificates & secrets, paste its "
                                + "Value here and update the expiry date.", "AADSTS" + code.get());
                case "65001", "500011", "7000112" -> new Verdict(Problem.MISSING_CONSENT,
                        "An administrator has not granted consent for this application. On API permissions, click "
                                + "\"Grant admin consent\".", "AADSTS" + code.get());
                default -> new Verdict(Problem.UNREACHABLE,
                        "Entra ID refused to issue a token (AADSTS" + code.get() + "). Check the three values.",
                        "AADSTS" + code.get());
            };
        }
        if (failure instanceof ApiException api && (api.getResponseStatusCode() == 403 || api.getResponseStatusCode() == 401)) {
            return forbidden == Problem.MISSING_USER_READ_ALL
                    ? new Verdict(Problem.MISSING_USER_READ_ALL, "Graph refused to read profile photos. Add the "
                            + "application permission User.Read.All and grant admin consent.", "HTTP " + api.getResponseStatusCode())
                    : new Verdict(Problem.MISSING_DIRECTORY_PERMISSION, "Graph refused to list users. Add the "
                            + "application permissions Directory.Read.All and User.Read.All, then grant admin consent.",
                            "HTTP " + api.getResponseStatusCode());
        }
        return unreachable(failure);
    }

    /**
     * What kept TheStorage from Entra ID or Microsoft Graph, in words: which of the two (the token endpoint is
     * reached through MSAL, whose exceptions carry the cause), and what failed (the DNS lookup, the connection, TLS,
     * a proxy, the time limit, or the HTTP status it answered), with what to do.
     */
    private static Verdict unreachable(Throwable failure) {
        boolean tokenEndpoint = causes(failure).anyMatch(t -> t instanceof MsalException);
        String service = tokenEndpoint ? "Entra ID's token endpoint" : "Microsoft Graph";
        String network = "Check that TheStorage's servers can reach it (their DNS, firewall and proxy settings), then "
                + "try again.";
        Optional<Throwable> cause;
        if (causes(failure).anyMatch(t -> t instanceof CallNotPermittedException)) {
            return new Verdict(Problem.UNREACHABLE, "TheStorage paused its calls to Microsoft Graph after repeated "
                    + "failures, and tries again by itself within a minute. The failures before the pause are in "
                    + "the last error of the directory sync.", null);
        }
        if ((cause = first(failure, UnknownHostException.class)).isPresent()) {
            String host = lookedUp(cause.get().getMessage());
            return new Verdict(Problem.UNREACHABLE, "The DNS lookup of " + service
                    + (host == null ? "" : " (" + host + ")") + " failed: TheStorage could not find its address. "
                    + network, null);
        }
        if ((cause = first(failure, t -> t.getClass().getName().contains("ProxyConnect")
                || (t.getMessage() != null && t.getMessage().contains("response code for CONNECT")))).isPresent()) {
            return new Verdict(Problem.UNREACHABLE, "The proxy between TheStorage and " + service
                    + " refused to open the connection, or could not. Check the proxy's address, credentials and the "
                    + "hosts it allows, then try again.", null);
        }
        if ((cause = first(failure, ConnectException.class)).isPresent()) {
            String host = connectedTo(failure);
            return new Verdict(Problem.UNREACHABLE, "The connection to " + service
                    + (host == null ? "" : " (" + host + ")") + " was refused: nothing answered there, or a firewall "
                    + "turned it away. " + network, null);
        }
        if ((cause = first(failure, SSLException.class)).isPresent()) {
            boolean untrusted = causes(failure).anyMatch(t -> t instanceof CertPathBuilderException
                    || t.getClass().getName().contains("ValidatorException"));
            return new Verdict(Problem.UNREACHABLE, "The secure connection (TLS) to " + service + " failed"
                    + (untrusted ? ": its certificate is not trusted. A proxy that inspects TLS needs its certificate "
                            + "authority in TheStorage's trust store." : ".") + " " + network, null);
        }
        if (first(failure, t -> t instanceof SocketTimeoutException || t instanceof TimeoutException
                || t instanceof HttpTimeoutException || t.getClass().getName().contains("Timeout")).isPresent()) {
            return new Verdict(Problem.UNREACHABLE, service + " did not answer in time. " + network, null);
        }
        Optional<Integer> tokenStatus = causes(failure).filter(t -> t instanceof MsalServiceException)
                .map(t -> ((MsalServiceException) t).statusCode()).filter(status -> status != null && status > 0)
                .findFirst();
        if (tokenStatus.isPresent()) {
            return new Verdict(Problem.UNREACHABLE, "Entra ID's token endpoint answered HTTP " + tokenStatus.get()
                    + " without saying what is wrong. " + whatToDo(tokenStatus.get()), "HTTP " + tokenStatus.get());
        }
        Optional<ApiException> graph = first(failure, ApiException.class).map(ApiException.class::cast);
        if (graph.isPresent() && graph.get().getResponseStatusCode() > 0) {
            int status = graph.get().getResponseStatusCode();
            return new Verdict(Problem.UNREACHABLE, "Microsoft Graph answered HTTP " + status + ". " + whatToDo(status),
                    "HTTP " + status);
        }
        if (tokenEndpoint) {
            return new Verdict(Problem.UNREACHABLE, "Entra ID's token endpoint gave an answer TheStorage could not "
                    + "read. Try again in a few minutes; if it lasts, check the Directory (tenant) ID.", null);
        }
        return new Verdict(Problem.UNREACHABLE, "The call to Microsoft Graph failed before it was answered. "
                + network, null);
    }

    private static String whatToDo(int status) {
        if (status == 429) {
            return "Too many requests: Microsoft limits the calls of your directory. TheStorage tries again later by "
                    + "itself.";
        }
        if (status >= 500) {
            return "That is an error on Microsoft's side: try again in a few minutes.";
        }
        return "Check the three values and the API permissions, then try again.";
    }

    /** The host an UnknownHostException names: "login.example.com" or "login.example.com: Name or service not known". */
    private static String lookedUp(String message) {
        String host = message == null ? "" : message.split("[:\\s]", 2)[0];
        return host.isBlank() ? null : host;
    }

    /** The host and port a connection failure names, as Netty and OkHttp do: "localhost/127.0.0.1:443". */
    private static String connectedTo(Throwable failure) {
        return causes(failure).map(Throwable::getMessage).filter(Objects::nonNull).map(RESOLVED_HOST::matcher)
                .filter(Matcher::find).map(found -> found.group(1) + ":" + found.group(2)).findFirst().orElse(null);
    }

    private static Stream<Throwable> causes(Throwable failure) {
        return Stream.iterate(failure, Objects::nonNull, Throwable::getCause).limit(20);
    }

    private static Optional<Throwable> first(Throwable failure, Class<?> type) {
        return first(failure, type::isInstance);
    }

    private static Optional<Throwable> first(Throwable failure, Predicate<Throwable> matches) {
        return causes(failure).filter(matches).findFirst();
    }

    private static Optional<String> aadstsCode(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                Matcher matcher = AADSTS.matcher(t.getMessage());
                if (matcher.find()) {
                    return Optional.of(matcher.group(1));
                }
            }
        }
        return Optional.empty();
    }
}
