package com.endcap.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.EventExecutor;

import java.util.List;

/**
 * One request and the one way to answer it. Created by the dispatcher on the connection's event
 * loop; {@link #respond} may be called from any thread, once. The request (and its body) stays
 * valid until the response is written. The exchange of a handler that
 * {@linkplain RouteHandler#answersInline answers inline} is used again for a later request of the
 * connection once answered, so such a handler must not keep it.
 */
public final class Exchange
{
    private final HttpDispatcher dispatcher;
    private final ChannelHandlerContext ctx;
    private FullHttpRequest request;
    private String path;
    private String[] params;
    private String corsOrigin;
    private QueryStringDecoder query;
    private boolean responded;

    Exchange(
        final HttpDispatcher dispatcher, final ChannelHandlerContext ctx, final FullHttpRequest request, final String path,
        final String[] params, final String corsOrigin)
    {
        this.dispatcher = dispatcher;
        this.ctx = ctx;
        this.request = request;
        this.path = path;
        this.params = params;
        this.corsOrigin = corsOrigin;
    }

    /**
     * @return the request.
     */
    public FullHttpRequest request()
    {
        return request;
    }

    /**
     * @return the decoded path, without the query.
     */
    public String path()
    {
        return path;
    }

    /**
     * @param i index of a {@code {}} segment in the route's pattern.
     * @return that path segment, URL-decoded.
     */
    public String param(final int i)
    {
        return params[i];
    }

    /**
     * @param name query parameter.
     * @return its first value, or null.
     */
    public String queryParam(final String name)
    {
        if (null == query)
        {
            query = new QueryStringDecoder(request.uri());
        }
        final List<String> values = query.parameters().get(name);
        return null == values || values.isEmpty() ? null : values.get(0);
    }

    /**
     * @param name header.
     * @return its value, or null.
     */
    public String header(final CharSequence name)
    {
        return request.headers().get(name);
    }

    /**
     * @return the allocator for response bodies.
     */
    public ByteBufAllocator alloc()
    {
        return ctx.alloc();
    }

    /**
     * @return the connection's event loop.
     */
    public EventExecutor executor()
    {
        return ctx.executor();
    }

    /**
     * Checks the request's media type (parameters such as {@code charset} are ignored) and answers
     * 415 when it is none of the accepted ones.
     *
     * @param accepted media types, lower case.
     * @return true when accepted; false when a 415 was sent.
     */
    public boolean requireContentType(final String... accepted)
    {
        final String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (null != type)
        {
            final int semicolon = type.indexOf(';');
            final String media = (semicolon < 0 ? type : type.substring(0, semicolon)).trim();
            for (final String candidate : accepted)
            {
                if (candidate.equalsIgnoreCase(media))
                {
                    return true;
                }
            }
        }
        fail(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
            "Content-Type must be " + String.join(" or ", accepted) + (null == type ? "" : ", got " + type), null);
        return false;
    }

    /**
     * Answers. Any thread, once; later calls are ignored.
     *
     * @param response the response; released here if it cannot be written.
     */
    public void respond(final FullHttpResponse response)
    {
        if (ctx.executor().inEventLoop())
        {
            dispatcher.complete(this, response);
        }
        else
        {
            ctx.executor().execute(() -> dispatcher.complete(this, response));
        }
    }

    /**
     * A buffer for a body to answer with through {@link #respond(HttpResponseStatus, AsciiString, AsciiString, ByteBuf)}:
     * empty, with room in front for the response's head.
     *
     * @param capacity expected body size.
     * @return the buffer, owned by the caller until passed to {@code respond}.
     */
    public ByteBuf bodyBuffer(final int capacity)
    {
        return ResponseHead.bodyBuffer(ctx.alloc(), capacity);
    }

    /**
     * Answers with a body and no other headers than its type, its length, an optional
     * {@code Cache-Control} and what the server adds (CORS, {@code Connection}). Writes the same
     * bytes as {@link #respond(FullHttpResponse)} with those headers, in that order, without
     * building a response object: the head goes straight into the body's buffer. Any thread, once;
     * later calls are ignored.
     *
     * @param status       status.
     * @param contentType  {@code Content-Type}.
     * @param cacheControl {@code Cache-Control}, or null for none.
     * @param body         the body, best from {@link #bodyBuffer}; released here if it cannot be written.
     */
    public void respond(
        final HttpResponseStatus status, final AsciiString contentType, final AsciiString cacheControl, final ByteBuf body)
    {
        if (ctx.executor().inEventLoop())
        {
            dispatcher.complete(this, status, contentType, cacheControl, body);
        }
        else
        {
            ctx.executor().execute(() -> dispatcher.complete(this, status, contentType, cacheControl, body));
        }
    }

    /**
     * Runs work that may block on another thread; when that thread's queue is full the server is
     * shedding load and answers 503 with {@code Retry-After} instead of queueing without bound.
     *
     * @param executor a bounded executor.
     * @param work     the work; it must {@link #respond} when done.
     */
    public void offload(final java.util.concurrent.Executor executor, final Runnable work)
    {
        try
        {
            executor.execute(work);
        }
        catch (final java.util.concurrent.RejectedExecutionException ex)
        {
            final FullHttpResponse response = Responses.error(ctx.alloc(), HttpResponseStatus.SERVICE_UNAVAILABLE,
                "shedding_load", "the server is busy with earlier work of this kind; retry shortly", null);
            response.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
            respond(response);
        }
    }

    /**
     * Answers with the API's error shape.
     *
     * @param status  status.
     * @param code    machine-readable code.
     * @param message for people.
     * @param field   offending field, or null.
     */
    public void fail(final HttpResponseStatus status, final String code, final String message, final String field)
    {
        respond(Responses.error(ctx.alloc(), status, code, message, field));
    }

    /** For the next request on the connection, once answered by a handler that answers inline. */
    void reset(final FullHttpRequest request, final String path, final String[] params, final String corsOrigin)
    {
        this.request = request;
        this.path = path;
        this.params = params;
        this.corsOrigin = corsOrigin;
        this.query = null;
        this.responded = false;
    }

    boolean responded()
    {
        return responded;
    }

    boolean markResponded()
    {
        if (responded)
        {
            return false;
        }
        responded = true;
        return true;
    }

    String corsOrigin()
    {
        return corsOrigin;
    }

    ChannelHandlerContext ctx()
    {
        return ctx;
    }
}
