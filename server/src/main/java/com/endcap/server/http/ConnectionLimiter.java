package com.endcap.server.http;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpResponseEncoder;

/**
 * Refuses connections beyond the configured maximum with a 503 in the error shape, then closes
 * them, so an overloaded server sheds load instead of queueing. Shared by every connection.
 */
@ChannelHandler.Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter
{
    private final ServerState state;
    private final int maxConnections;

    ConnectionLimiter(final ServerState state, final int maxConnections)
    {
        this.state = state;
        this.maxConnections = maxConnections;
    }

    public void channelActive(final ChannelHandlerContext ctx) throws Exception
    {
        if (state.connectionOpened() > maxConnections)
        {
            ctx.channel().attr(HttpServer.REFUSED).set(Boolean.TRUE);
            ctx.pipeline().addFirst(new HttpResponseEncoder());
            ctx.writeAndFlush(Responses.error(ByteBufAllocator.DEFAULT, HttpResponseStatus.SERVICE_UNAVAILABLE, "too_many_connections",
                "the server holds its maximum of " + maxConnections + " connections; retry later", null))
                .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        super.channelActive(ctx);
    }

    public void channelRead(final ChannelHandlerContext ctx, final Object msg) throws Exception
    {
        if (Boolean.TRUE.equals(ctx.channel().attr(HttpServer.REFUSED).get()))
        {
            io.netty.util.ReferenceCountUtil.release(msg);
            return;
        }
        super.channelRead(ctx, msg);
    }

    public void channelInactive(final ChannelHandlerContext ctx) throws Exception
    {
        state.connectionClosed();
        super.channelInactive(ctx);
    }
}
