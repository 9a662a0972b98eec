package com.endcap.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;

/**
 * The last handler of a connection's pipeline: routes each request and writes the responses in
 * request order, one request at a time, so pipelined requests are answered in order even when a
 * handler answers later from another thread. Requests arriving meanwhile wait in a queue.
 * <p>
 * Responses written while reading are flushed once per read batch ({@link #channelReadComplete});
 * responses completed later are flushed at once. One instance per connection, event loop only.
 */
final class HttpDispatcher extends ChannelInboundHandlerAdapter
{
    private static final Logger LOG = LoggerFactory.getLogger(HttpDispatcher.class);

    private final Router router;
    private final Cors cors;
    private final ServerState state;
    private final HttpStatusListener statusListener;
    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
    private Exchange current;
    /** An answered exchange of an {@link RouteHandler#answersInline} handler, for the next request. */
    private Exchange spare;
    private boolean reading;
    private boolean dispatching;
    private boolean closing;

    HttpDispatcher(final Router router, final Cors cors, final ServerState state, final HttpStatusListener statusListener)
    {
        this.router = router;
        this.cors = cors;
        this.state = state;
        this.statusListener = statusListener;
    }

    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        if (!(msg instanceof FullHttpRequest))
        {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (closing)
        {
            ReferenceCountUtil.release(msg);
            return;
        }
        reading = true;
        waiting.add((FullHttpRequest)msg);
        startNext(ctx);
    }

    public void channelReadComplete(final ChannelHandlerContext ctx)
    {
        reading = false;
        ctx.flush();
    }

    public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt) throws Exception
    {
        if (evt instanceof IdleStateEvent && null == current)
        {
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    public void channelInactive(final ChannelHandlerContext ctx) throws Exception
    {
        FullHttpRequest request;
        while (null != (request = waiting.poll()))
        {
            request.release();
        }
        super.channelInactive(ctx);
    }

    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        LOG.debug("connection {} failed", ctx.channel(), cause);
        ctx.close();
    }

    private void startNext(final ChannelHandlerContext ctx)
    {
        if (dispatching)
        {
            return;
        }
        dispatching = true;
        try
        {
            while (null == current && !closing)
            {
                final FullHttpRequest request = waiting.poll();
                if (null == request)
                {
                    return;
                }
                start(ctx, request);
            }
        }
        finally
        {
            dispatching = false;
        }
    }

    private void start(final ChannelHandlerContext ctx, final FullHttpRequest request)
    {
        state.requestStarted();
        final String uri = request.uri();
        final int q = uri.indexOf('?');
        final String rawPath = q < 0 ? uri : uri.substring(0, q);
        String path;
        try
        {
            path = rawPath.indexOf('%') < 0 ? rawPath : QueryStringDecoder.decodeComponent(rawPath);
        }
        catch (final IllegalArgumentException ex)
        {
            current = new Exchange(this, ctx, request, rawPath, null, null);
            current.fail(HttpResponseStatus.BAD_REQUEST, "bad_request", "the path's percent-encoding is malformed", null);
            return;
        }

        final DecoderResult decoded = request.decoderResult();
        if (!decoded.isSuccess())
        {
            current = new Exchange(this, ctx, request, path, null, null);
            final Throwable cause = decoded.cause();
            if (cause instanceof HttpServer.BodyTooLargeException)
            {
                current.fail(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "body_too_large", cause.getMessage(), null);
            }
            else if (cause instanceof TooLongHttpLineException)
            {
                current.fail(HttpResponseStatus.REQUEST_URI_TOO_LONG, "uri_too_long", "the request line is too long", null);
            }
            else if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException)
            {
                current.fail(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "headers_too_large",
                    "the request headers are too large", null);
            }
            else
            {
                current.fail(HttpResponseStatus.BAD_REQUEST, "bad_request", "malformed HTTP request", null);
            }
            return;
        }

        final Router.Match match = router.match(path);
        final String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        final String corsOrigin = null != match && match.route().cors && cors.allows(origin) ? origin : null;
        final Exchange exchange = exchange(ctx, request, path, null == match ? null : match.params(), corsOrigin);
        current = exchange;
        if (null == match)
        {
            current.fail(HttpResponseStatus.NOT_FOUND, "not_found", "no such endpoint: " + path, null);
            return;
        }
        final Router.Route route = match.route();
        final RouteHandler handler = route.handlers.get(request.method());
        if (null == handler)
        {
            if (HttpMethod.OPTIONS.equals(request.method()) && route.cors)
            {
                final FullHttpResponse preflight = Responses.empty(HttpResponseStatus.NO_CONTENT);
                preflight.headers().set(HttpHeaderNames.ALLOW, route.allow);
                if (null != corsOrigin)
                {
                    cors.addPreflightHeaders(corsOrigin, preflight.headers());
                }
                current.respond(preflight);
                return;
            }
            final FullHttpResponse notAllowed = Responses.error(ctx.alloc(), HttpResponseStatus.METHOD_NOT_ALLOWED,
                "method_not_allowed", request.method() + " is not allowed on " + path + "; allowed: " + route.allow, null);
            notAllowed.headers().set(HttpHeaderNames.ALLOW, route.allow);
            current.respond(notAllowed);
            return;
        }
        // The exchange, not `current`: a handler that answered and then threw has already moved
        // `current` on; its second answer is ignored.
        try
        {
            handler.handle(exchange);
        }
        catch (final Exception | AssertionError ex)
        {
            LOG.warn("{} {} failed", request.method(), path, ex);
            exchange.fail(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal_error", "the server failed to answer", null);
        }
        if (handler.answersInline() && exchange.responded())
        {
            // Answered, and the handler keeps no reference: the next request may use it.
            spare = exchange;
        }
    }

    private Exchange exchange(
        final ChannelHandlerContext ctx, final FullHttpRequest request, final String path, final String[] params,
        final String corsOrigin)
    {
        final Exchange reused = spare;
        if (null == reused)
        {
            return new Exchange(this, ctx, request, path, params, corsOrigin);
        }
        spare = null;
        reused.reset(request, path, params, corsOrigin);
        return reused;
    }

    void complete(final Exchange exchange, final FullHttpResponse response)
    {
        if (exchange != current || !exchange.markResponded())
        {
            response.release();
            return;
        }
        final FullHttpRequest request = exchange.request();
        final int code = response.status().code();
        final boolean keepAlive = keepAlive(request, code);
        if (null != exchange.corsOrigin())
        {
            cors.addResponseHeaders(exchange.corsOrigin(), response.headers());
        }
        final AsciiString connection = connectionHeader(request, keepAlive);
        if (null != connection)
        {
            response.headers().set(HttpHeaderNames.CONNECTION, connection);
        }
        send(exchange, response, code, keepAlive);
    }

    /**
     * The same answer as {@link #complete(Exchange, FullHttpResponse)} with a response of these
     * headers, encoded here into the body's buffer (see {@link ResponseHead}).
     */
    void complete(
        final Exchange exchange, final HttpResponseStatus status, final AsciiString contentType, final AsciiString cacheControl,
        final ByteBuf body)
    {
        if (exchange != current || !exchange.markResponded())
        {
            body.release();
            return;
        }
        final FullHttpRequest request = exchange.request();
        final int code = status.code();
        final boolean keepAlive = keepAlive(request, code);
        final ByteBuf head = ResponseHead.start(status);
        ResponseHead.header(head, HttpHeaderNames.CONTENT_TYPE, contentType);
        ResponseHead.contentLength(head, body.readableBytes());
        if (null != cacheControl)
        {
            ResponseHead.header(head, HttpHeaderNames.CACHE_CONTROL, cacheControl);
        }
        if (null != exchange.corsOrigin())
        {
            cors.writeResponseHeaders(exchange.corsOrigin(), head);
        }
        final AsciiString connection = connectionHeader(request, keepAlive);
        if (null != connection)
        {
            ResponseHead.header(head, HttpHeaderNames.CONNECTION, connection);
        }
        // The codec leaves the body out of a HEAD answer it encodes; this one it passes as it is.
        final ByteBuf whole = ResponseHead.prepend(head, body, !HttpMethod.HEAD.equals(request.method()));
        send(exchange, whole, code, keepAlive);
    }

    /**
     * The {@code Connection} header an answer carries: {@code close} when the connection closes
     * after it, {@code keep-alive} when it stays open for a client that would not assume so (HTTP/1.0),
     * none otherwise.
     */
    private static AsciiString connectionHeader(final FullHttpRequest request, final boolean keepAlive)
    {
        if (!keepAlive)
        {
            return HttpHeaderValues.CLOSE;
        }
        return request.protocolVersion().isKeepAliveDefault() ? null : HttpHeaderValues.KEEP_ALIVE;
    }

    private boolean keepAlive(final FullHttpRequest request, final int code)
    {
        return HttpUtil.isKeepAlive(request) && request.decoderResult().isSuccess() && !state.isDraining() &&
            code != HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.code();
    }

    private void send(final Exchange exchange, final Object response, final int code, final boolean keepAlive)
    {
        final ChannelHandlerContext ctx = exchange.ctx();
        statusListener.onResponse(code);
        current = null;
        exchange.request().release();
        state.requestFinished();

        if (!ctx.channel().isActive())
        {
            ReferenceCountUtil.release(response);
            return;
        }
        if (keepAlive)
        {
            if (reading)
            {
                ctx.write(response, ctx.voidPromise());
            }
            else
            {
                ctx.writeAndFlush(response, ctx.voidPromise());
            }
            startNext(ctx);
        }
        else if (code == HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.code())
        {
            // The client may still be sending the body the aggregator discards: closing now would
            // reset the connection before it reads this answer. Close once the body has passed.
            closing = true;
            ctx.writeAndFlush(response);
            HttpServer.closeAfterOversizedBody(ctx);
        }
        else
        {
            closing = true;
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
