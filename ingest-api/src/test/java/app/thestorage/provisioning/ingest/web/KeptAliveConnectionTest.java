package app.thestorage.provisioning.ingest.web;

import static org.assertj.core.api.Assertions.assertThat;

import app.thestorage.provisioning.ingest.IngestProperties;
import app.thestorage.provisioning.ingest.scim.ScimErrorWriter;
import app.thestorage.provisioning.ingest.scim.ScimSliceTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServer;
import org.springframework.context.ApplicationContext;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;

/**
 * One kept-alive connection, as an identity provider's HTTP client reuses it: a request refused with a 400 (before or
 * after its body was read), or one that came before the previous exchange had ended, leaves the connection ready for
 * the next request, which is answered. The SCIM surface of the slice runs on a real Netty server with the connection
 * guards of production.
 */
@ScimSliceTest
class KeptAliveConnectionTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    ScimErrorWriter errors;
    private WebServer server;

    @BeforeEach
    void start() {
        NettyReactiveWebServerFactory factory = new NettyReactiveWebServerFactory(0);
        factory.addServerCustomizers(new HttpConnectionGuards(
                new IngestProperties(Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(60)), errors));
        server = factory.getWebServer(WebHttpHandlerBuilder.applicationContext(context).build());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void a_post_refused_before_its_body_was_read_is_answered_after_its_body_and_the_connection_serves_the_next_request()
            throws Exception {
        String body = "{\"userName\":\"ada@acme.example\"}";
        try (Socket socket = new Socket("localhost", server.getPort())) {
            socket.setSoTimeout(15_000); // a bound so that a hang fails the test instead of blocking the build
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();

            write(out, "POST /api/acme/scim/v2/Users?attributes=user%20name! HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer tsp_acme-token\r\nContent-Type: application/scim+json\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n");
            // the refusal waits for the body: an answer that overtook it would leave the client still sending the body
            // of a request already answered, on a connection its pool may hand to the next request
            write(out, body);
            assertThat(readResponse(in)).startsWith("HTTP/1.1 400");

            write(out, "GET /api/acme/scim/v2/ServiceProviderConfig HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer tsp_acme-token\r\n\r\n");
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void a_get_after_a_post_refused_with_its_body_unread_is_answered_on_the_same_connection() throws Exception {
        String body = "{\"userName\":\"ada@acme.example\"}";
        try (Socket socket = new Socket("localhost", server.getPort())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();

            write(out, "POST /api/acme/scim/v2/Users?attributes=user%20name! HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer tsp_acme-token\r\nContent-Type: application/scim+json\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body);
            assertThat(readResponse(in)).startsWith("HTTP/1.1 400");

            write(out, "GET /api/acme/scim/v2/ServiceProviderConfig HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer tsp_acme-token\r\n\r\n");
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void after_a_body_too_large_to_read_the_connection_is_closed_or_answers_the_next_request() throws Exception {
        String body = "{\"userName\":\"big@acme.example\",\"title\":\"" + "x".repeat(300 * 1024) + "\"}";
        try (Socket socket = new Socket("localhost", server.getPort())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();

            write(out, "POST /api/acme/scim/v2/Users HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer tsp_acme-token\r\nContent-Type: application/scim+json\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body);
            String refused = readResponse(in);
            assertThat(refused).startsWith("HTTP/1.1 413");

            if (refused.toLowerCase().contains("connection: close")) {
                assertThat(in.read()).as("the server closes the connection it said it would close").isEqualTo(-1);
                return;
            }
            write(out, "GET /api/acme/scim/v2/ServiceProviderConfig HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer tsp_acme-token\r\n\r\n");
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void a_request_that_comes_before_the_previous_exchange_has_ended_is_answered_and_so_is_the_next_one()
            throws Exception {
        // the first answer is written off the event loop (the tenant's credentials come from another thread, as a
        // PostgreSQL lookup's do); the second request is already there before that exchange has ended, and is
        // answered at once. A client that reuses its connection as soon as it has read an answer meets the same case.
        String answeredLater = "GET /api/far/scim/v2/ServiceProviderConfig HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer tsp_far-token\r\n\r\n";
        String answeredAtOnce = "GET /api/acme/scim/v2/ServiceProviderConfig HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer tsp_acme-token\r\n\r\n";
        try (Socket socket = new Socket("localhost", server.getPort())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();

            write(out, answeredLater + answeredAtOnce);
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200");
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200");

            // with Reactor Netty 1.3.6 the server stopped reading the connection here: this request got no answer
            write(out, answeredAtOnce);
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200");
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** One response: its head, then as many body bytes as Content-Length says. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] content = in.readNBytes(length);
        return text + new String(content, StandardCharsets.UTF_8);
    }
}
