package app.thestorage.provisioning.photos.graph;

import app.thestorage.provisioning.photos.PhotoFetcherProperties;
import com.azure.core.http.HttpClient;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import okio.Buffer;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Entra ID and Microsoft Graph on localhost, so tests run the real azure-identity and Graph SDK: an https
 * token endpoint (azure-identity refuses plain http), and a Graph serving user photos as scripted per user
 * and each directory's users through delta queries. The access token names the directory it was issued
 * for, so Graph answers per directory (e.g. one directory's Graph is down, another's is not).
 */
public final class GraphStub implements AutoCloseable {

    private static final Pattern PHOTO = Pattern.compile("^/v1\\.0/users/([^/]+)/photo(/\\$value)?$");
    private static final Pattern DELTA = Pattern.compile("^/v1\\.0/users/(delta|microsoft\\.graph\\.delta)(\\(\\))?$");
    private static final Pattern PROFILE = Pattern.compile("^/v1\\.0/users/([^/]+)$");
    private static final String TOKEN_PREFIX = "stub-access-token.";

    /** A user of a directory as Graph lists it; {@code generation} orders changes for delta queries. */
    private record DirectoryUser(String objectId, String displayName, String jobTitle, long generation) {
    }

    /**
     * How Graph answers for one user: the photo and its media ETag, or a failure status for the first
     * {@code failuresFirst} metadata requests (with a Retry-After if given), and how slowly the bytes come.
     */
    public record Script(byte[] photo, String mediaEtag, int status, String retryAfter, int failuresFirst,
                  long bodyDelayMillis) {
        public static Script photo(byte[] photo, String mediaEtag) {
            return new Script(photo, mediaEtag, 200, null, 0, 0);
        }

        public static Script status(int status) {
            return new Script(null, null, status, null, Integer.MAX_VALUE, 0);
        }

        public Script throttledFirst(int times, String retryAfterSeconds) {
            return new Script(photo, mediaEtag, 429, retryAfterSeconds, times, bodyDelayMillis);
        }

        public Script slowBody(long millis) {
            return new Script(photo, mediaEtag, status, retryAfter, failuresFirst, millis);
        }
    }

    private final HeldCertificate certificate;
    private final MockWebServer identity = new MockWebServer();
    private final MockWebServer graph = new MockWebServer();
    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> metadataRequests = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> contentRequests = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> contentInFlight = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> maxContentInFlight = new ConcurrentHashMap<>();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private final Map<String, MockResponse> tokenRefusals = new ConcurrentHashMap<>();
    private final Map<String, Integer> userListStatus = new ConcurrentHashMap<>();
    private final Map<String, Map<String, DirectoryUser>> directories = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final Map<String, AtomicInteger> deltaRequests = new ConcurrentHashMap<>();
    private final Set<String> down = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private volatile int deltaPageSize = 100;
    private volatile long latencyMillis;
    private final AtomicLong slowestBodyMillis = new AtomicLong();

    public GraphStub() throws IOException {
        String localhost = InetAddress.getByName("localhost").getCanonicalHostName();
        certificate = new HeldCertificate.Builder().addSubjectAlternativeName(localhost)
                .addSubjectAlternativeName("localhost").build();
        HandshakeCertificates server = new HandshakeCertificates.Builder().heldCertificate(certificate).build();
        identity.useHttps(server.sslSocketFactory(), false);
        identity.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (request.getPath() != null && request.getPath().endsWith("/oauth2/v2.0/token")) {
                    String directory = request.getPath().split("/")[1];
                    MockResponse refusal = tokenRefusals.get(directory);
                    if (refusal != null) {
                        return refusal;
                    }
                    tokensIssued.incrementAndGet();
                    return new MockResponse().setHeader("Content-Type", "application/json")
                            .setBody("{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,"
                                    + "\"access_token\":\"" + TOKEN_PREFIX + directory + "\"}");
                }
                return new MockResponse().setResponseCode(404);
            }
        });
        graph.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                return answer(request);
            }
        });
        identity.start(InetAddress.getByName("localhost"), 0);
        graph.start(InetAddress.getByName("localhost"), 0);
    }

    /** How Graph answers for the user's photo from now on; null: the user has no photo (404). */
    public void script(String objectId, Script script) {
        if (script == null) {
            scripts.remove(objectId);
        } else {
            scripts.put(objectId, script);
            slowestBodyMillis.accumulateAndGet(script.bodyDelayMillis(), Math::max);
        }
    }

    /** Every Graph request made with a token of the directory, answered or refused. */
    public int requests(String directoryTenantId) {
        return requests.getOrDefault(directoryTenantId, new AtomicInteger()).get();
    }

    /** Adds or changes a user of the directory, as the next delta query reports it. */
    public void directoryUser(String directoryTenantId, String objectId, String displayName, String jobTitle) {
        directories.computeIfAbsent(directoryTenantId, d -> new ConcurrentHashMap<>())
                .put(objectId, new DirectoryUser(objectId, displayName, jobTitle, generation.incrementAndGet()));
    }

    /** Every Graph request with a token of this directory answers 503 until {@link #up}. */
    public void down(String directoryTenantId) {
        down.add(directoryTenantId);
    }

    public void up(String directoryTenantId) {
        down.remove(directoryTenantId);
    }

    /** How long Graph takes to answer any request, as the real one does from afar. */
    public void latency(Duration latency) {
        latencyMillis = latency.toMillis();
    }

    /** How many users one delta page holds at most (Graph pages large directories with @odata.nextLink). */
    public void deltaPageSize(int users) {
        deltaPageSize = users;
    }

    public int deltaRequests(String directoryTenantId) {
        return deltaRequests.getOrDefault(directoryTenantId, new AtomicInteger()).get();
    }

    /** Entra refuses every token request for this directory (tenant) id with an AADSTS error, as it does. */
    public void refuseTokens(String directoryTenantId, int status, String error, String aadsts, String description) {
        tokenRefusals.put(directoryTenantId, new MockResponse().setResponseCode(status)
                .setHeader("Content-Type", "application/json")
                .setBody("""
                        {"error":"%s","error_description":"%s: %s Trace ID: 0 Correlation ID: 0",
                         "error_codes":[%s],"timestamp":"2026-11-23 10:00:00Z"}
                        """.formatted(error, aadsts, description, aadsts.substring("AADSTS".length()))));
    }

    /** GET /users answers with this status (403 without Directory.Read.All or User.Read.All consented). */
    public void listUsersAnswers(int status) {
        userListStatus.put("status", status);
    }

    public String authorityHost() {
        return "https://localhost:" + identity.getPort() + "/";
    }

    public String graphBaseUrl() {
        return "http://localhost:" + graph.getPort() + "/v1.0";
    }

    /** photo-fetcher's configuration pointing at this stub, as properties. */
    public Map<String, String> configuration() {
        return Map.of(
                "provisioning.photos.authority-host", authorityHost(),
                "provisioning.photos.graph-base-url", graphBaseUrl(),
                "provisioning.photos.graph-allowed-hosts", "localhost");
    }

    /** photo-fetcher's configuration (its defaults otherwise) pointed at this stub. */
    PhotoFetcherProperties properties() {
        return new Binder(new MapConfigurationPropertySource(configuration()))
                .bindOrCreate("provisioning.photos", PhotoFetcherProperties.class);
    }

    /** How azure-identity reaches the stub authority: trusting its certificate. */
    public HttpClient identityHttpClient() throws SSLException {
        SslContext trusting = SslContextBuilder.forClient().trustManager(certificate.certificate()).build();
        return new NettyAsyncHttpClientBuilder(reactor.netty.http.client.HttpClient.create()
                .secure(ssl -> ssl.sslContext(trusting))).build();
    }

    public int metadataRequests(String objectId) {
        return metadataRequests.getOrDefault(objectId, new AtomicInteger()).get();
    }

    /** Photo metadata and photo downloads asked for, all users together. */
    public int metadataRequestsTotal() {
        return metadataRequests.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    public int contentRequestsTotal() {
        return contentRequests.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    public int contentRequests(String objectId) {
        return contentRequests.getOrDefault(objectId, new AtomicInteger()).get();
    }

    /** The most photo downloads in flight at once for users whose object id starts with {@code group + "_"}. */
    public int maxContentInFlight(String group) {
        return maxContentInFlight.getOrDefault(group, new AtomicInteger()).get();
    }

    public int tokensIssued() {
        return tokensIssued.get();
    }

    private MockResponse answer(RecordedRequest request) throws InterruptedException {
        String path = request.getPath() == null ? "" : request.getPath().replaceFirst("\\?.*$", "");
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer " + TOKEN_PREFIX)) {
            return error(401, "InvalidAuthenticationToken", "Access token is empty.");
        }
        String directory = authorization.substring(("Bearer " + TOKEN_PREFIX).length());
        requests.computeIfAbsent(directory, d -> new AtomicInteger()).incrementAndGet();
        if (latencyMillis > 0) {
            Thread.sleep(latencyMillis);
        }
        if (down.contains(directory)) {
            return error(503, "serviceNotAvailable", "The service is temporarily unavailable.");
        }
        if (DELTA.matcher(path).matches()) {
            return delta(directory, request.getRequestUrl());
        }
        if (path.equals("/v1.0/users")) {
            int status = userListStatus.getOrDefault("status", 200);
            return status != 200 ? error(status, "Authorization_RequestDenied",
                    "Insufficient privileges to complete the operation.")
                    : new MockResponse().setHeader("Content-Type", "application/json")
                            .setBody("{\"value\":[{\"id\":\"first-user\"}]}");
        }
        Matcher profile = PROFILE.matcher(path);
        if (profile.matches()) {
            return directoryUserAnswer(directory, profile.group(1));
        }
        Matcher photo = PHOTO.matcher(path);
        if (!photo.matches()) {
            return error(400, "BadRequest", "Unsupported request.");
        }
        String objectId = photo.group(1);
        boolean content = photo.group(2) != null;
        int attempt = (content ? contentRequests : metadataRequests)
                .computeIfAbsent(objectId, id -> new AtomicInteger()).incrementAndGet();
        Script script = scripts.get(objectId);
        if (script == null) {
            return error(404, "ImageNotFound", "The photo wasn't found.");
        }
        // a scripted failure answers the first requests for the photo's metadata (each fetch begins there)
        if (script.status() != 200 && !content && attempt <= script.failuresFirst()) {
            MockResponse failure = error(script.status(), script.status() == 429 ? "TooManyRequests"
                    : script.status() == 403 ? "ErrorAccessDenied" : "ImageNotFound", "Scripted failure.");
            return script.retryAfter() == null ? failure : failure.setHeader("Retry-After", script.retryAfter());
        }
        if (!content) {
            return new MockResponse().setHeader("Content-Type", "application/json").setBody("""
                    {"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#users('%s')/photo/$entity",
                     "@odata.mediaContentType":"image/jpeg","@odata.mediaEtag":"%s",
                     "id":"default","height":240,"width":240}
                    """.formatted(objectId, script.mediaEtag().replace("\"", "\\\"")));
        }
        String group = objectId.split("_")[0];
        AtomicInteger groupInFlight = contentInFlight.computeIfAbsent(group, g -> new AtomicInteger());
        maxContentInFlight.computeIfAbsent(group, g -> new AtomicInteger())
                .accumulateAndGet(groupInFlight.incrementAndGet(), Math::max);
        try {
            if (script.bodyDelayMillis() > 0) {
                Thread.sleep(Math.min(script.bodyDelayMillis(), 1_000));
            }
            MockResponse response = new MockResponse().setHeader("Content-Type", "image/jpeg")
                    .setBody(new Buffer().write(script.photo()));
            if (script.bodyDelayMillis() > 1_000) {
                response.setBodyDelay(script.bodyDelayMillis() - 1_000, TimeUnit.MILLISECONDS);
            }
            return response;
        } finally {
            groupInFlight.decrementAndGet();
        }
    }

    private MockResponse directoryUserAnswer(String directory, String objectId) {
        DirectoryUser user = directories.getOrDefault(directory, Map.of()).get(objectId);
        return user == null ? error(404, "Request_ResourceNotFound", "Resource '" + objectId + "' does not exist.")
                : new MockResponse().setHeader("Content-Type", "application/json").setBody(json(user));
    }

    private static String json(DirectoryUser user) {
        StringBuilder body = new StringBuilder("{\"id\":\"").append(user.objectId()).append("\"");
        if (user.displayName() != null) {
            body.append(",\"displayName\":\"").append(user.displayName()).append("\"");
        }
        if (user.jobTitle() != null) {
            body.append(",\"jobTitle\":\"").append(user.jobTitle()).append("\"");
        }
        return body.append("}").toString();
    }

    /**
     * users/delta: without a token every user of the directory, with {@code $deltatoken} those changed since,
     * in pages of {@link #deltaPageSize} linked by {@code $skiptoken}; the last page carries the delta link.
     */
    private MockResponse delta(String directory, HttpUrl url) {
        deltaRequests.computeIfAbsent(directory, d -> new AtomicInteger()).incrementAndGet();
        long since;
        long upTo;
        int offset;
        if (url.queryParameter("$skiptoken") != null) {
            String[] token = url.queryParameter("$skiptoken").split("_");
            since = Long.parseLong(token[0]);
            upTo = Long.parseLong(token[1]);
            offset = Integer.parseInt(token[2]);
        } else {
            since = url.queryParameter("$deltatoken") == null ? 0 : Long.parseLong(url.queryParameter("$deltatoken"));
            upTo = generation.get();
            offset = 0;
        }
        List<DirectoryUser> changed = directories.getOrDefault(directory, Map.of()).values().stream()
                .filter(user -> user.generation() > since && user.generation() <= upTo)
                .sorted(Comparator.comparingLong(DirectoryUser::generation))
                .toList();
        List<DirectoryUser> page = changed.subList(offset, Math.min(changed.size(), offset + deltaPageSize));
        StringBuilder body = new StringBuilder("{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#users\",\"value\":[");
        for (int i = 0; i < page.size(); i++) {
            body.append(i == 0 ? "" : ",").append(json(page.get(i)));
        }
        body.append("],");
        if (offset + page.size() < changed.size()) {
            body.append("\"@odata.nextLink\":\"").append(graphBaseUrl()).append("/users/delta()?$skiptoken=")
                    .append(since).append("_").append(upTo).append("_").append(offset + page.size()).append("\"}");
        } else {
            body.append("\"@odata.deltaLink\":\"").append(graphBaseUrl()).append("/users/delta()?$deltatoken=")
                    .append(upTo).append("\"}");
        }
        return new MockResponse().setHeader("Content-Type", "application/json").setBody(body.toString());
    }

    private static MockResponse error(int status, String code, String message) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
                .setBody("{\"error\":{\"code\":\"%s\",\"message\":\"%s\"}}".formatted(code, message));
    }

    /**
     * Stops both servers. A scripted slow body (up to 20 s) may still be on its way when a test ends, and
     * MockWebServer gives its connections only 5 s per shutdown: the Graph stub waits as long as its slowest
     * script needs (and as its latency) before giving up.
     */
    @Override
    public void close() throws IOException {
        identity.shutdown();
        for (int attempt = 1; ; attempt++) {
            try {
                graph.shutdown();
                return;
            } catch (IOException stillAnswering) {
                if (attempt * 5_000L > slowestBodyMillis.get() + latencyMillis + 5_000L) {
                    throw stillAnswering;
                }
            }
        }
    }
}
