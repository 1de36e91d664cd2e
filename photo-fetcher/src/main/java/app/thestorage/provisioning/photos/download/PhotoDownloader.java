package app.thestorage.provisioning.photos.download;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.resolver.AbstractAddressResolver;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Downloads one photo from an address a tenant gave, through Reactor Netty, safely:
 * <ul>
 * <li>each address (the first and every redirect) is vetted before anything is sent ({@link PhotoAddress}): https
 * only, every address of the host public; the connection goes to the vetted address through a resolver that answers
 * only that address, so no second lookup can lead elsewhere, while TLS (SNI and the certificate check) and the Host
 * header keep the host name;</li>
 * <li>redirects are followed here, at most {@code maxRedirects} times, each re-vetted;</li>
 * <li>no credentials and no cookies are sent, and none are kept;</li>
 * <li>the whole download, redirects included, has one time limit, after which the transfer is closed; the bytes are
 * counted while they arrive and the transfer is abandoned once they pass the size limit;</li>
 * <li>what arrives is kept only when its first bytes and header make it a PNG, JPEG, GIF or WebP image within the
 * pixel bound ({@link ImageCheck}), whatever the server's Content-Type says;</li>
 * <li>a known ETag or Last-Modified is sent back, so an unchanged photo answers 304 and downloads nothing.</li>
 * </ul>
 * A failure worth another try (a 429 or 5xx, with the Retry-After asked for, or a failed connection) is thrown as
 * {@link Unavailable} or an {@link IOException}; running out of time throws {@link TimeoutException}; everything else
 * is a {@link Download.Refused} answer.
 */
public final class PhotoDownloader {

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final Set<Integer> TRANSIENT = Set.of(408, 429, 500, 502, 503, 504);

    /** The ETag and Last-Modified a server gave with a photo, sent back to ask whether it changed. */
    public record Validators(String etag, String lastModified) {
        public static final Validators NONE = new Validators(null, null);
    }

    /** What a download gave. */
    public sealed interface Download {
        /** An image that passed every check. */
        record Fetched(byte[] content, String contentType, Validators validators) implements Download {
        }

        /** The server says the photo is the one we keep (304). */
        record NotModified() implements Download {
        }

        record Refused(Refusal reason, String detail) implements Download {
        }
    }

    /** A status worth another try (408, 429, 5xx), with how long the server asked us to wait, if it did. */
    public static final class Unavailable extends IOException {
        private final int status;
        private final transient Duration retryAfter;

        Unavailable(int status, Duration retryAfter) {
            super("answered " + status);
            this.status = status;
            this.retryAfter = retryAfter;
        }

        public int status() {
            return status;
        }

        public Optional<Duration> retryAfter() {
            return Optional.ofNullable(retryAfter);
        }
    }

    /**
     * @param timeLimit            the whole download, redirects included
     * @param sizeLimit            bytes at most
     * @param maxSide              pixels at most per side
     * @param maxRedirects         redirects followed at most
     * @param privateHostsForTests host names allowed to lead to private addresses: the test suite's own server only
     */
    public record Limits(Duration timeLimit, long sizeLimit, int maxSide, int maxRedirects,
                         Set<String> privateHostsForTests) {
    }

    /** What one request answered. */
    private sealed interface Answer {
        record Body(byte[] content, Validators validators) implements Answer {
        }

        record Redirect(String location) implements Answer {
        }

        record NotModified() implements Answer {
        }

        record TooLarge() implements Answer {
        }

        record TimedOut() implements Answer {
        }

        record Status(int status, String retryAfter) implements Answer {
        }
    }

    private static final class TooLargeSignal extends RuntimeException {
        TooLargeSignal() {
            super(null, null, false, false);
        }
    }

    private final HttpClient http;
    private final HostLookup lookup;
    private final Limits limits;

    /** @param trusted certificates trusted besides the system's: the test suite's own server only; empty otherwise */
    public PhotoDownloader(Limits limits, HostLookup lookup, List<X509Certificate> trusted) {
        this.limits = limits;
        this.lookup = lookup;
        SslContext tls;
        try {
            SslContextBuilder builder = SslContextBuilder.forClient().endpointIdentificationAlgorithm("HTTPS");
            if (!trusted.isEmpty()) {
                builder.trustManager(trusted.toArray(X509Certificate[]::new));
            }
            tls = builder.build();
        } catch (SSLException e) {
            throw new IllegalStateException("Cannot set up TLS for photo downloads", e);
        }
        this.http = HttpClient.create(ConnectionProvider.newConnection())
                .secure(spec -> spec.sslContext(tls))
                .followRedirect(false)
                .compress(false)
                .headers(headers -> headers
                        .set(HttpHeaderNames.USER_AGENT, "TheStorage-photo-fetcher")
                        .set(HttpHeaderNames.ACCEPT, "image/png, image/jpeg, image/gif, image/webp"));
    }

    public Download download(URI uri, Validators known) throws IOException, TimeoutException {
        long deadline = System.nanoTime() + limits.timeLimit().toNanos();
        URI current = uri;
        for (int redirects = 0; ; redirects++) {
            PhotoAddress.Vetting vetting = PhotoAddress.vet(current, lookup, limits.privateHostsForTests());
            if (vetting instanceof PhotoAddress.Refused refused) {
                return new Download.Refused(refused.reason(), refused.detail());
            }
            PhotoAddress address = ((PhotoAddress.Vetted) vetting).address();
            Duration remaining = Duration.ofNanos(deadline - System.nanoTime());
            if (remaining.isNegative() || remaining.isZero()) {
                throw new TimeoutException("not received within " + limits.timeLimit());
            }
            Answer answer = exchange(address, known, remaining);
            switch (answer) {
                case Answer.Redirect redirect -> {
                    if (redirects >= limits.maxRedirects()) {
                        return new Download.Refused(Refusal.TOO_MANY_REDIRECTS,
                                "more than " + limits.maxRedirects() + " redirects");
                    }
                    Optional<URI> next = resolve(current, redirect.location());
                    if (next.isEmpty()) {
                        return new Download.Refused(Refusal.TOO_MANY_REDIRECTS, "a redirect without a usable Location");
                    }
                    current = next.get();
                }
                case Answer.NotModified notModified -> {
                    return new Download.NotModified();
                }
                case Answer.TooLarge tooLarge -> {
                    return new Download.Refused(Refusal.TOO_LARGE, "larger than " + limits.sizeLimit() + " bytes");
                }
                case Answer.TimedOut timedOut -> throw new TimeoutException("not received within " + limits.timeLimit());
                case Answer.Status status -> {
                    if (TRANSIENT.contains(status.status())) {
                        throw new Unavailable(status.status(), retryAfter(status.retryAfter()));
                    }
                    return new Download.Refused(Refusal.HTTP_ERROR, address.host() + " answered " + status.status());
                }
                case Answer.Body body -> {
                    return switch (ImageCheck.check(body.content(), limits.maxSide())) {
                        case ImageCheck.Image image -> new Download.Fetched(body.content(), image.contentType(),
                                body.validators());
                        case ImageCheck.Refused refused -> new Download.Refused(refused.reason(), refused.detail());
                    };
                }
            }
        }
    }

    private Answer exchange(PhotoAddress address, Validators known, Duration remaining) throws IOException {
        long sizeLimit = limits.sizeLimit();
        try (VettedAddress resolver = new VettedAddress(address)) {
            Mono<Answer> answer = http.resolver(resolver)
                    .headers(headers -> {
                        if (known.etag() != null) {
                            headers.set(HttpHeaderNames.IF_NONE_MATCH, known.etag());
                        }
                        if (known.lastModified() != null) {
                            headers.set(HttpHeaderNames.IF_MODIFIED_SINCE, known.lastModified());
                        }
                    })
                    .get()
                    .uri(address.uri())
                    .response((response, body) -> {
                        int status = response.status().code();
                        var headers = response.responseHeaders();
                        if (REDIRECTS.contains(status)) {
                            return Mono.<Answer>just(new Answer.Redirect(headers.get(HttpHeaderNames.LOCATION)));
                        }
                        if (status == 304) {
                            return Mono.<Answer>just(new Answer.NotModified());
                        }
                        if (status != 200) {
                            return Mono.<Answer>just(new Answer.Status(status, headers.get(HttpHeaderNames.RETRY_AFTER)));
                        }
                        String length = headers.get(HttpHeaderNames.CONTENT_LENGTH);
                        if (length != null && announcedLength(length) > sizeLimit) {
                            return Mono.<Answer>just(new Answer.TooLarge());
                        }
                        Validators validators = new Validators(headers.get(HttpHeaderNames.ETAG),
                                headers.get(HttpHeaderNames.LAST_MODIFIED));
                        return body.asByteArray()
                                .reduce(new ByteArrayOutputStream(), (received, chunk) -> {
                                    if (received.size() + (long) chunk.length > sizeLimit) {
                                        throw new TooLargeSignal(); // cancels the transfer
                                    }
                                    received.writeBytes(chunk);
                                    return received;
                                })
                                .<Answer>map(received -> new Answer.Body(received.toByteArray(), validators))
                                .defaultIfEmpty(new Answer.Body(new byte[0], validators))
                                .onErrorResume(TooLargeSignal.class, tooLarge -> Mono.just(new Answer.TooLarge()));
                    })
                    .next()
                    // cancelling closes the connection: the transfer stops, it is not left running
                    .timeout(remaining, Mono.just(new Answer.TimedOut()));
            return answer.block();
        } catch (RuntimeException failure) {
            Throwable cause = Exceptions.unwrap(failure);
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw failure;
        }
    }

    private static long announcedLength(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1; // counted while receiving instead
        }
    }

    private static Optional<URI> resolve(URI current, String location) {
        if (location == null || location.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(current.resolve(new URI(location.trim())));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(Instant.now(), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }

    /**
     * The resolver of one request: the vetted host name resolves to the vetted address, and nothing else resolves,
     * so Netty never looks the name up again.
     */
    private static final class VettedAddress extends AddressResolverGroup<InetSocketAddress> {
        private final PhotoAddress address;

        VettedAddress(PhotoAddress address) {
            this.address = address;
        }

        @Override
        protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
            return new AbstractAddressResolver<>(executor, InetSocketAddress.class) {
                @Override
                protected boolean doIsResolved(InetSocketAddress unresolved) {
                    return !unresolved.isUnresolved();
                }

                @Override
                protected void doResolve(InetSocketAddress unresolved, Promise<InetSocketAddress> promise) {
                    if (unresolved.getHostString().equalsIgnoreCase(address.host())
                            || unresolved.getHostString().equalsIgnoreCase("[" + address.host() + "]")) {
                        promise.setSuccess(new InetSocketAddress(address.address(), unresolved.getPort()));
                    } else {
                        promise.setFailure(new UnknownHostException(unresolved.getHostString() + " was not vetted"));
                    }
                }

                @Override
                protected void doResolveAll(InetSocketAddress unresolved, Promise<List<InetSocketAddress>> promise) {
                    Promise<InetSocketAddress> one = executor().newPromise();
                    doResolve(unresolved, one);
                    if (one.isSuccess()) {
                        promise.setSuccess(List.of(one.getNow()));
                    } else {
                        promise.setFailure(one.cause());
                    }
                }
            };
        }
    }
}
