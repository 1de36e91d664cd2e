package app.thestorage.provisioning.photos.graph;

import com.microsoft.graph.models.User;
import com.microsoft.graph.models.UserCollectionResponse;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.ApiException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "Test Connection" under Directory Providers: acquires a token with the tenant's app registration, lists
 * one user (Directory.Read.All or User.Read.All) and reads that user's photo metadata (User.Read.All), and
 * says precisely what is wrong, from the Entra (AADSTS) error code or the Graph status.
 */
public final class ConnectionCheck {

    private static final Pattern AADSTS = Pattern.compile("AADSTS(\\d+)");

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
        return new Verdict(Problem.UNREACHABLE, "Microsoft Graph could not be reached or answered with an error ("
                + failure.getClass().getSimpleName() + "). Try again later.", null);
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
