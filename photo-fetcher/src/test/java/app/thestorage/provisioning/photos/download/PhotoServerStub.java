package app.thestorage.provisioning.photos.download;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * A photo server on this machine for tests, over https with a certificate of its own (trusted by the downloader under
 * test only), answering as scripted per path. Its name, {@link #HOST}, exists only in the tests' own host lookup
 * ({@link #lookup()}), which leads it to 127.0.0.1: the downloader must connect to that address while TLS and the Host
 * header keep the name. {@link #HOST} is the one name the tests allow to lead to a private address.
 */
public final class PhotoServerStub implements AutoCloseable {

    public static final String HOST = "photos.test";

    private final HeldCertificate certificate = new HeldCertificate.Builder().addSubjectAlternativeName(HOST).build();
    private final MockWebServer server = new MockWebServer();
    private final Map<String, Function<RecordedRequest, MockResponse>> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final Map<String, RecordedRequest> lastRequest = new ConcurrentHashMap<>();

    public PhotoServerStub() throws IOException {
        server.useHttps(new HandshakeCertificates.Builder().heldCertificate(certificate).build().sslSocketFactory(),
                false);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getPath();
                requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
                lastRequest.put(path, request);
                Function<RecordedRequest, MockResponse> answer = answers.get(path);
                return answer == null ? new MockResponse().setResponseCode(404) : answer.apply(request);
            }
        });
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    /** How the server answers requests for this path from now on. */
    public void answer(String path, Function<RecordedRequest, MockResponse> answer) {
        answers.put(path, answer);
    }

    public URI uri(String path) {
        return URI.create("https://" + HOST + ":" + server.getPort() + path);
    }

    public int port() {
        return server.getPort();
    }

    public int requests(String path) {
        return requests.getOrDefault(path, new AtomicInteger()).get();
    }

    public RecordedRequest lastRequest(String path) {
        return lastRequest.get(path);
    }

    public List<X509Certificate> trusted() {
        return List.of(certificate.certificate());
    }

    /** {@link #HOST} leads to 127.0.0.1; IP literals are read as they are; every other name is unknown. */
    public static HostLookup lookup() {
        return host -> {
            if (host.equals(HOST)) {
                return new InetAddress[] {InetAddress.getByName("127.0.0.1")};
            }
            if (host.matches("[0-9.]+|.*:.*")) {
                return new InetAddress[] {InetAddress.getByName(host)};
            }
            throw new UnknownHostException(host);
        };
    }

    public static Set<String> privateHostsForTests() {
        return Set.of(HOST);
    }

    @Override
    public void close() throws IOException {
        try {
            server.shutdown();
        } catch (IOException stillSleeping) {
            // a response scripted to stall is still waiting out its delay: the server is closed all the same
        }
    }
}
