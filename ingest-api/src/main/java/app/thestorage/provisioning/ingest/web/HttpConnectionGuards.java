package app.thestorage.provisioning.ingest.web;

import app.thestorage.provisioning.ingest.IngestProperties;
import app.thestorage.provisioning.ingest.scim.ScimErrorWriter;
import app.thestorage.provisioning.scim.ScimException;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * What every connection of the web server gets right behind the HTTP decoder, before the web framework: a
 * {@link RequestHeadDeadline}, and a {@link MalformedRequestTarget} that answers an unreadable SCIM URI in SCIM.
 */
@Component
public class HttpConnectionGuards implements NettyServerCustomizer {

    private final IngestProperties properties;
    private final byte[] malformedTarget;

    public HttpConnectionGuards(IngestProperties properties, ScimErrorWriter errors) {
        this.properties = properties;
        this.malformedTarget = errors.body(ScimException.invalidSyntax("The request URI is not valid: a character "
                        + "such as { or a space is not percent-encoded, or a % is not followed by two hex digits."))
                .toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public HttpServer apply(HttpServer server) {
        return server.doOnChannelInit((observer, channel, remoteAddress) -> {
            if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                channel.pipeline()
                        .addAfter(NettyPipeline.HttpCodec, "malformedRequestTarget", new MalformedRequestTarget(malformedTarget))
                        .addAfter(NettyPipeline.HttpCodec, "requestHeadDeadline",
                                new RequestHeadDeadline(properties.requestHeadTimeout()));
            }
        });
    }
}
