package app.thestorage.provisioning.ingest.web;

import app.thestorage.provisioning.ingest.IngestProperties;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/** Gives every connection of the web server a {@link RequestHeadDeadline}. */
@Component
public class RequestHeadDeadlineCustomizer implements NettyServerCustomizer {

    private final IngestProperties properties;

    public RequestHeadDeadlineCustomizer(IngestProperties properties) {
        this.properties = properties;
    }

    @Override
    public HttpServer apply(HttpServer server) {
        return server.doOnChannelInit((observer, channel, remoteAddress) -> {
            if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                channel.pipeline().addAfter(NettyPipeline.HttpCodec, "requestHeadDeadline",
                        new RequestHeadDeadline(properties.requestHeadTimeout()));
            }
        });
    }
}
