package com.endcap.server.http;

import com.endcap.server.config.ServerConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP/1.1 server: epoll on Linux, NIO elsewhere, a pipeline of codec, limits and the
 * {@link HttpDispatcher}, and a graceful stop that waits for requests in flight.
 * <p>
 * Pipeline per connection: connection limit → idle timeout → HTTP codec (request line and header
 * limits) → {@code 100-continue} → body aggregation (413 beyond the limit) → dispatcher.
 */
public final class HttpServer implements AutoCloseable
{
    static final AttributeKey<Boolean> REFUSED = AttributeKey.valueOf("endcap.refused");
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

    private final ServerConfig.Http limits;
    private final ServerState state;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final Channel serverChannel;
    private final boolean epoll;

    private HttpServer(
        final ServerConfig.Http limits, final ServerState state, final EventLoopGroup bossGroup, final EventLoopGroup workerGroup,
        final Channel serverChannel, final boolean epoll)
    {
        this.limits = limits;
        this.state = state;
        this.bossGroup = bossGroup;
        this.workerGroup = workerGroup;
        this.serverChannel = serverChannel;
        this.epoll = epoll;
    }

    /**
     * Binds and starts serving.
     *
     * @param host           listen address.
     * @param port           listen port, 0 for any free one.
     * @param limits         transport limits.
     * @param router         the routes.
     * @param cors           cross-origin rules.
     * @param state          readiness, draining and in-flight counts.
     * @param statusListener told every response status.
     * @return the running server.
     * @throws InterruptedException when interrupted while binding.
     */
    public static HttpServer start(
        final String host, final int port, final ServerConfig.Http limits, final Router router, final Cors cors,
        final ServerState state, final HttpStatusListener statusListener) throws InterruptedException
    {
        final boolean epoll = Epoll.isAvailable();
        final IoHandlerFactory ioHandlers = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        final Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, ioHandlers);
        final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(limits.ioThreads(), ioHandlers);
        try
        {
            final ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(pipeline(limits, router, cors, state, statusListener));
            final Channel channel = bootstrap.bind(new InetSocketAddress(host, port)).sync().channel();
            LOG.info("listening on {} ({})", channel.localAddress(), epoll ? "epoll" : "nio");
            return new HttpServer(limits, state, boss, workers, channel, epoll);
        }
        catch (final InterruptedException | RuntimeException ex)
        {
            boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw ex;
        }
    }

    /**
     * The per-connection pipeline: connection limit → idle timeout → HTTP codec (request line and
     * header limits) → close-after-body → body aggregation ({@code 100-continue}, or 413 beyond the
     * limit before the body is sent) → dispatcher. Public so benchmarks can drive the exact pipeline on an
     * {@code EmbeddedChannel}.
     *
     * @param limits         transport limits.
     * @param router         the routes.
     * @param cors           cross-origin rules.
     * @param state          readiness, draining and in-flight counts.
     * @param statusListener told every response status.
     * @return an initializer for each new connection.
     */
    public static ChannelInitializer<Channel> pipeline(
        final ServerConfig.Http limits, final Router router, final Cors cors, final ServerState state,
        final HttpStatusListener statusListener)
    {
        final ConnectionLimiter limiter = new ConnectionLimiter(state, limits.maxConnections());
        return new ChannelInitializer<>()
        {
            protected void initChannel(final Channel ch)
            {
                final ChannelPipeline p = ch.pipeline();
                p.addLast("limit", limiter);
                // Reader idle: a connection that sends nothing for the timeout is closed. (An
                // all-idle timer would also watch writes, at a promise and a listener a response.)
                p.addLast("idle", new IdleStateHandler(limits.idleTimeoutSeconds(), 0, 0, TimeUnit.SECONDS));
                p.addLast("codec", new HttpCodec(limits.maxInitialLineBytes(), limits.maxHeaderBytes(), 64 * 1024));
                p.addLast("close-after-body", new CloseAfterBody());
                p.addLast("aggregate", new JsonErrorAggregator(limits.maxBodyBytes()));
                p.addLast("dispatch", new HttpDispatcher(router, cors, state, statusListener));
            }
        };
    }

    /**
     * @return the bound port.
     */
    public int port()
    {
        return ((InetSocketAddress)serverChannel.localAddress()).getPort();
    }

    /**
     * @return true when running on epoll.
     */
    public boolean epoll()
    {
        return epoll;
    }

    /**
     * Graceful stop: readiness turns 503, no new connections are accepted, requests in flight get
     * up to the shutdown timeout to finish, then the event loops stop.
     *
     * @return true when every request in flight finished in time.
     */
    public boolean drainAndStop()
    {
        state.drain();
        serverChannel.close().awaitUninterruptibly();
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limits.shutdownTimeoutMillis());
        while (state.inFlight() > 0 && System.nanoTime() < deadline)
        {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        final boolean drained = state.inFlight() == 0;
        if (!drained)
        {
            LOG.warn("{} requests still in flight after {} ms; stopping anyway", state.inFlight(), limits.shutdownTimeoutMillis());
        }
        workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        return drained;
    }

    public void close()
    {
        drainAndStop();
    }

    static final AttributeKey<Boolean> OVERSIZED = AttributeKey.valueOf("endcap.oversized");
    static final AttributeKey<Boolean> OVERSIZED_BODY_DONE = AttributeKey.valueOf("endcap.oversizedBodyDone");
    static final AttributeKey<Boolean> CLOSE_AFTER_BODY = AttributeKey.valueOf("endcap.closeAfterBody");

    /** What the aggregator hands the dispatcher, as a failed request, for a body over the limit. */
    static final class BodyTooLargeException extends io.netty.handler.codec.TooLongFrameException
    {
        private static final long serialVersionUID = 1L;

        BodyTooLargeException(final int maxBody)
        {
            super("the request body is larger than " + maxBody + " bytes");
        }
    }

    /**
     * After the dispatcher wrote the 413: close at once when the discarded body has passed, else
     * when it does ({@link CloseAfterBody}), and in any case within a few seconds.
     */
    static void closeAfterOversizedBody(final ChannelHandlerContext ctx)
    {
        final Channel channel = ctx.channel();
        if (Boolean.TRUE.equals(channel.attr(OVERSIZED_BODY_DONE).get()))
        {
            channel.close();
            return;
        }
        channel.attr(CLOSE_AFTER_BODY).set(Boolean.TRUE);
        ctx.executor().schedule(() -> channel.close(), 5, TimeUnit.SECONDS);
    }

    /**
     * Watches the raw request parts for the end of an oversized body the aggregator discards, so
     * the connection closes only after the client has sent it (closing earlier resets the
     * connection and loses the 413).
     */
    private static final class CloseAfterBody extends io.netty.channel.ChannelInboundHandlerAdapter
    {
        public void channelRead(final ChannelHandlerContext ctx, final Object msg) throws Exception
        {
            final Channel channel = ctx.channel();
            final boolean last = msg instanceof io.netty.handler.codec.http.LastHttpContent &&
                Boolean.TRUE.equals(channel.attr(OVERSIZED).get());
            super.channelRead(ctx, msg);
            if (last)
            {
                channel.attr(OVERSIZED_BODY_DONE).set(Boolean.TRUE);
                if (Boolean.TRUE.equals(channel.attr(CLOSE_AFTER_BODY).get()))
                {
                    ctx.close();
                }
            }
        }
    }

    /**
     * Body aggregation that turns an oversized body into a failed request for the dispatcher, so
     * the 413 is answered in request order, counted and given CORS headers like any response.
     */
    private static final class JsonErrorAggregator extends HttpObjectAggregator
    {
        private final int maxBody;
        /** A request head whose whole body may come as its next part; not yet handed to the aggregator. */
        private HttpRequest held;

        JsonErrorAggregator(final int maxBody)
        {
            super(maxBody);
            this.maxBody = maxBody;
        }

        /**
         * A request whose body arrives as one part (a fixed-length body within one read, or none)
         * becomes one {@link DefaultFullHttpRequest} over that part's buffer, without the
         * aggregator's composite buffer and wrapper: the same request, headers and body the
         * aggregator would hand on. Anything else (chunked, {@code Expect}, too large a
         * {@code Content-Length}, a body in several parts, a failed decode) goes through the
         * aggregator as before.
         */
        public void channelRead(final ChannelHandlerContext ctx, final Object msg) throws Exception
        {
            final HttpRequest head = held;
            if (null != head)
            {
                held = null;
                if (msg instanceof LastHttpContent && ((LastHttpContent)msg).decoderResult().isSuccess() &&
                    ((LastHttpContent)msg).content().readableBytes() <= maxBody)
                {
                    final LastHttpContent last = (LastHttpContent)msg;
                    final DefaultFullHttpRequest whole = new DefaultFullHttpRequest(
                        head.protocolVersion(), head.method(), head.uri(), last.content(), head.headers(), last.trailingHeaders());
                    whole.setDecoderResult(head.decoderResult());
                    if (!whole.headers().contains(HttpHeaderNames.CONTENT_LENGTH))
                    {
                        // As the aggregator does for a request without a body.
                        whole.headers().set(HttpHeaderNames.CONTENT_LENGTH, String.valueOf(whole.content().readableBytes()));
                    }
                    ctx.fireChannelRead(whole);
                    return;
                }
                super.channelRead(ctx, head);
                super.channelRead(ctx, msg);
                return;
            }
            if (msg instanceof HttpRequest && !(msg instanceof FullHttpMessage) && wholeInOnePart((HttpRequest)msg))
            {
                held = (HttpRequest)msg;
                return;
            }
            super.channelRead(ctx, msg);
        }

        private boolean wholeInOnePart(final HttpRequest request)
        {
            if (!request.decoderResult().isSuccess())
            {
                return false;
            }
            final HttpHeaders headers = request.headers();
            if (headers.contains(HttpHeaderNames.EXPECT) || headers.contains(HttpHeaderNames.TRANSFER_ENCODING))
            {
                return false;
            }
            // No Content-Length and not chunked: no body (the decoder sends an empty last part).
            final long contentLength = HttpUtil.getContentLength(request, 0L);
            return contentLength >= 0 && contentLength <= maxBody;
        }

        public void channelReadComplete(final ChannelHandlerContext ctx) throws Exception
        {
            if (null != held && !ctx.channel().config().isAutoRead())
            {
                ctx.read();
            }
            super.channelReadComplete(ctx);
        }

        /**
         * A client that asks {@code Expect: 100-continue} for a body over the limit gets the API's
         * 413 before it sends the body (the client has sent nothing more, so closing is safe).
         */
        protected Object newContinueResponse(
            final HttpMessage start, final int maxContentLength, final io.netty.channel.ChannelPipeline pipeline)
        {
            final Object response = super.newContinueResponse(start, maxContentLength, pipeline);
            if (response instanceof FullHttpResponse &&
                ((FullHttpResponse)response).status().code() == HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.code())
            {
                ((FullHttpResponse)response).release();
                final FullHttpResponse json = Responses.error(ByteBufAllocator.DEFAULT, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "body_too_large", "the request body is larger than " + maxBody + " bytes", null);
                json.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                return json;
            }
            return response;
        }

        protected void handleOversizedMessage(final ChannelHandlerContext ctx, final HttpMessage oversized)
        {
            ctx.channel().attr(OVERSIZED).set(Boolean.TRUE);
            if (oversized instanceof io.netty.handler.codec.http.HttpRequest)
            {
                final io.netty.handler.codec.http.HttpRequest request = (io.netty.handler.codec.http.HttpRequest)oversized;
                final io.netty.handler.codec.http.DefaultFullHttpRequest marker = new io.netty.handler.codec.http.DefaultFullHttpRequest(
                    request.protocolVersion(), request.method(), request.uri());
                marker.headers().set(request.headers());
                marker.setDecoderResult(io.netty.handler.codec.DecoderResult.failure(new BodyTooLargeException(maxBody)));
                ctx.fireChannelRead(marker);
            }
            else
            {
                ctx.close();
            }
        }
    }
}
