package app.thestorage.provisioning.photos.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.thestorage.provisioning.photos.download.PhotoDownloader.Download;
import app.thestorage.provisioning.photos.download.PhotoDownloader.Validators;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import okhttp3.mockwebserver.MockResponse;
import okio.Buffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The downloader against a local https server: what it keeps, what it refuses, and what it never sends. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PhotoDownloaderTest {

    private static final long FIVE_MB = 5L * 1024 * 1024;
    private static final byte[] PNG = ImageCheckTest.image("png", 96, 96);

    private PhotoServerStub stub;
    private PhotoDownloader downloader;

    @BeforeAll
    void start() throws Exception {
        stub = new PhotoServerStub();
        downloader = new PhotoDownloader(new PhotoDownloader.Limits(Duration.ofSeconds(2), FIVE_MB, 4096, 3,
                PhotoServerStub.privateHostsForTests()), PhotoServerStub.lookup(), stub.trusted());
    }

    @AfterAll
    void stop() throws Exception {
        stub.close();
    }

    @Test
    void a_photo_is_fetched_from_the_vetted_address_with_the_name_kept_for_tls_and_host_and_nothing_else_sent()
            throws Exception {
        stub.answer("/ada.png", request -> new MockResponse().setBody(new Buffer().write(PNG))
                .setHeader("Content-Type", "image/png").setHeader("ETag", "\"ada-1\"")
                .setHeader("Last-Modified", "Wed, 21 Oct 2026 07:28:00 GMT"));

        Download download = downloader.download(stub.uri("/ada.png"), Validators.NONE);

        assertThat(download).isInstanceOfSatisfying(Download.Fetched.class, fetched -> {
            assertThat(fetched.content()).isEqualTo(PNG);
            assertThat(fetched.contentType()).isEqualTo("image/png");
            assertThat(fetched.validators()).isEqualTo(new Validators("\"ada-1\"", "Wed, 21 Oct 2026 07:28:00 GMT"));
        });
        var request = stub.lastRequest("/ada.png");
        assertThat(request.getHeader("Host")).isEqualTo(PhotoServerStub.HOST + ":" + stub.port());
        assertThat(request.getHeader("Authorization")).isNull();
        assertThat(request.getHeader("Cookie")).isNull();
        assertThat(request.getHeader("If-None-Match")).isNull();
    }

    @Test
    void a_known_etag_and_date_are_sent_back_and_an_unchanged_photo_is_not_downloaded_again() throws Exception {
        stub.answer("/grace.png", request -> "\"grace-1\"".equals(request.getHeader("If-None-Match"))
                ? new MockResponse().setResponseCode(304)
                : new MockResponse().setBody(new Buffer().write(PNG)).setHeader("ETag", "\"grace-1\""));

        Download first = downloader.download(stub.uri("/grace.png"), Validators.NONE);
        Download second = downloader.download(stub.uri("/grace.png"),
                ((Download.Fetched) first).validators());

        assertThat(second).isEqualTo(new Download.NotModified());
        assertThat(stub.lastRequest("/grace.png").getBodySize()).isZero();
    }

    @Test
    void html_served_as_a_png_is_refused() throws Exception {
        stub.answer("/trap.png", request -> new MockResponse().setHeader("Content-Type", "image/png")
                .setBody("<html><body>login</body></html>"));

        assertThat(downloader.download(stub.uri("/trap.png"), Validators.NONE)).isInstanceOfSatisfying(
                Download.Refused.class, refused -> assertThat(refused.reason()).isEqualTo(Refusal.NOT_AN_IMAGE));
    }

    @Test
    void six_megabytes_are_refused_whether_announced_or_counted_while_streaming() throws Exception {
        byte[] sixMb = new byte[6 * 1024 * 1024];
        System.arraycopy(PNG, 0, sixMb, 0, PNG.length);
        stub.answer("/announced.png", request -> new MockResponse().setBody(new Buffer().write(sixMb)));
        stub.answer("/chunked.png", request -> new MockResponse().setChunkedBody(new Buffer().write(sixMb), 64 * 1024));

        assertThat(downloader.download(stub.uri("/announced.png"), Validators.NONE)).isEqualTo(
                new Download.Refused(Refusal.TOO_LARGE, "larger than " + FIVE_MB + " bytes"));
        assertThat(downloader.download(stub.uri("/chunked.png"), Validators.NONE)).isEqualTo(
                new Download.Refused(Refusal.TOO_LARGE, "larger than " + FIVE_MB + " bytes"));
    }

    @Test
    void a_stalled_transfer_is_closed_at_the_time_limit() {
        stub.answer("/stall.png", request -> new MockResponse().setBody(new Buffer().write(PNG))
                .setBodyDelay(20, TimeUnit.SECONDS));

        assertThatThrownBy(() -> downloader.download(stub.uri("/stall.png"), Validators.NONE))
                .isInstanceOf(TimeoutException.class);
    }

    @Test
    void a_redirect_is_followed_re_vetted_and_sends_no_cookie_it_was_given() throws Exception {
        stub.answer("/moved.png", request -> new MockResponse().setResponseCode(302)
                .setHeader("Location", "/final.png").setHeader("Set-Cookie", "session=abc; Secure"));
        stub.answer("/final.png", request -> new MockResponse().setBody(new Buffer().write(PNG)));

        assertThat(downloader.download(stub.uri("/moved.png"), Validators.NONE)).isInstanceOf(Download.Fetched.class);
        assertThat(stub.lastRequest("/final.png").getHeader("Cookie")).isNull();
    }

    @Test
    void a_redirect_to_a_private_address_is_refused_before_anything_is_sent_there() throws Exception {
        stub.answer("/to-loopback.png", request -> new MockResponse().setResponseCode(302)
                .setHeader("Location", "https://127.0.0.1:" + stub.port() + "/secret.png"));
        stub.answer("/to-metadata.png", request -> new MockResponse().setResponseCode(301)
                .setHeader("Location", "https://169.254.169.254/latest/meta-data/"));
        stub.answer("/secret.png", request -> new MockResponse().setBody(new Buffer().write(PNG)));

        assertThat(downloader.download(stub.uri("/to-loopback.png"), Validators.NONE)).isInstanceOfSatisfying(
                Download.Refused.class, refused -> assertThat(refused.reason()).isEqualTo(Refusal.PRIVATE_ADDRESS));
        assertThat(downloader.download(stub.uri("/to-metadata.png"), Validators.NONE)).isInstanceOfSatisfying(
                Download.Refused.class, refused -> assertThat(refused.reason()).isEqualTo(Refusal.PRIVATE_ADDRESS));
        assertThat(stub.requests("/secret.png")).isZero();
    }

    @Test
    void a_redirect_to_plain_http_and_a_fourth_redirect_are_refused() throws Exception {
        stub.answer("/to-http.png", request -> new MockResponse().setResponseCode(307)
                .setHeader("Location", "http://" + PhotoServerStub.HOST + ":" + stub.port() + "/final.png"));
        for (int hop = 0; hop < 4; hop++) {
            String next = "/loop-" + (hop + 1) + ".png";
            stub.answer("/loop-" + hop + ".png", request -> new MockResponse().setResponseCode(302)
                    .setHeader("Location", next));
        }

        assertThat(downloader.download(stub.uri("/to-http.png"), Validators.NONE)).isInstanceOfSatisfying(
                Download.Refused.class, refused -> assertThat(refused.reason()).isEqualTo(Refusal.NOT_HTTPS));
        assertThat(downloader.download(stub.uri("/loop-0.png"), Validators.NONE)).isInstanceOfSatisfying(
                Download.Refused.class, refused -> assertThat(refused.reason()).isEqualTo(Refusal.TOO_MANY_REDIRECTS));
        assertThat(stub.requests("/loop-3.png")).isEqualTo(1);
        assertThat(stub.requests("/loop-4.png")).isZero();
    }

    @Test
    void a_certificate_for_another_name_is_refused() throws Exception {
        // the stub's certificate names photos.test only: reached as another allowed name, TLS must fail
        PhotoDownloader other = new PhotoDownloader(new PhotoDownloader.Limits(Duration.ofSeconds(2), FIVE_MB, 4096,
                3, java.util.Set.of("other.test")), host -> new InetAddress[] {InetAddress.getByName("127.0.0.1")},
                stub.trusted());
        stub.answer("/ada.png", request -> new MockResponse().setBody(new Buffer().write(PNG)));

        assertThatThrownBy(() -> other.download(URI.create("https://other.test:" + stub.port() + "/ada.png"),
                Validators.NONE)).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void throttling_is_a_failure_to_retry_with_the_wait_the_server_asked_for() {
        stub.answer("/busy.png", request -> new MockResponse().setResponseCode(429).setHeader("Retry-After", "7"));

        assertThatThrownBy(() -> downloader.download(stub.uri("/busy.png"), Validators.NONE))
                .isInstanceOfSatisfying(PhotoDownloader.Unavailable.class, unavailable -> {
                    assertThat(unavailable.status()).isEqualTo(429);
                    assertThat(unavailable.retryAfter()).contains(Duration.ofSeconds(7));
                });
    }
}
