package app.thestorage.provisioning.ingest.web;

import app.thestorage.provisioning.ingest.scim.ScimPaths;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Answers a SCIM request whose target is not a URI (an escape such as {@code %zz}, a raw {@code {}) with a SCIM 400
 * body, then closes the connection. The web framework cannot even represent such a request, so the server would
 * otherwise answer a bare 400 without a body, which identity providers show as an unexplained failure.
 */
final class MalformedRequestTarget extends ChannelInboundHandlerAdapter {

    private final byte[] scimError;
    /** The rest of a refused request (its body) is dropped. */
    private boolean refusing;

    MalformedRequestTarget(byte[] scimError) {
        this.scimError = scimError;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (message instanceof HttpRequest request && isMalformedScim(request.uri())) {
            refusing = true;
            ReferenceCountUtil.release(message);
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.BAD_REQUEST, Unpooled.wrappedBuffer(scimError));
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, "application/scim+json;charset=UTF-8")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, scimError.length)
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (refusing && message instanceof HttpContent) {
            ReferenceCountUtil.release(message);
            return;
        }
        ctx.fireChannelRead(message);
    }

    private static boolean isMalformedScim(String target) {
        try {
            new URI(target);
            return false;
        } catch (URISyntaxException e) {
            int query = target.indexOf('?');
            return ScimPaths.isScim(query < 0 ? target : target.substring(0, query));
        }
    }
}
