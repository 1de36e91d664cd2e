package app.thestorage.provisioning.ingest.web;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection that has not sent a whole request head within the deadline: counted from the connection's
 * opening, and again from each response. Sits right behind the HTTP decoder, so it sees a request only once its
 * request line and headers are all in; a client that trickles header lines (slowloris) or keeps a connection idle
 * is cut off, whatever else it sends. A request that is being answered has no deadline here.
 */
final class RequestHeadDeadline extends ChannelDuplexHandler {

    private final Duration deadline;
    private ScheduledFuture<?> pending;
    /** Requests whose head is in and whose response is not yet written (more than one if the client pipelines). */
    private int answering;

    RequestHeadDeadline(Duration deadline) {
        this.deadline = deadline;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        arm(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (message instanceof HttpRequest) {
            answering++;
            disarm();
        }
        ctx.fireChannelRead(message);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) {
        // the end of a response; a "100 Continue" only lets the request's body come, the request is not answered yet
        if (message instanceof LastHttpContent
                && !(message instanceof HttpResponse response && response.status().code() == 100)) {
            promise = promise.unvoid();
            promise.addListener(written -> {
                answering = Math.max(0, answering - 1);
                if (answering == 0) {
                    arm(ctx);
                }
            });
        }
        ctx.write(message, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        disarm();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        disarm();
    }

    private void arm(ChannelHandlerContext ctx) {
        disarm();
        if (ctx.channel().isOpen()) {
            pending = ctx.executor().schedule((Runnable) ctx::close, deadline.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void disarm() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }
}
