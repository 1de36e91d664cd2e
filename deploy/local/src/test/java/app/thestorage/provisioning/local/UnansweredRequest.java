package app.thestorage.provisioning.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What a test reports when ingest-api gave a request no answer: whether the same request on a new connection is
 * answered now (a stuck connection, or a stuck server), and every thread's stack, written under
 * {@code target/unanswered-requests/} (a lock or a class initialisation two threads wait on shows there).
 */
final class UnansweredRequest {

    private static final Duration RETRY_TIMEOUT = Duration.ofSeconds(10);

    private UnansweredRequest() {
    }

    static AssertionError report(String method, URI uri, Map<String, String> headers, String body, Throwable timeout) {
        String retried = retried(method, uri, headers, body);
        String dump = dumped();
        return new AssertionError("%s %s got no answer (%s); the same request on a new connection: %s; threads: %s"
                .formatted(method, uri.getRawPath(), timeout.getMessage(), retried, dump), timeout);
    }

    private static String retried(String method, URI uri, Map<String, String> headers, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(RETRY_TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        long started = System.nanoTime();
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(RETRY_TIMEOUT).build()) {
            int status = client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            return "%d in %d ms".formatted(status, (System.nanoTime() - started) / 1_000_000);
        } catch (IOException | InterruptedException e) {
            return "no answer either (" + e + ")";
        }
    }

    private static String dumped() {
        StringBuilder dump = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            dump.append('"').append(thread.getName()).append("\" ").append(thread.getState()).append('\n');
            for (StackTraceElement frame : stack) {
                dump.append("    at ").append(frame).append('\n');
            }
            dump.append('\n');
        });
        try {
            Path file = Path.of("target", "unanswered-requests", Instant.now().toString().replace(':', '-') + ".txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, dump);
            return file.toString();
        } catch (IOException e) {
            return "not written (" + e + ")";
        }
    }
}
