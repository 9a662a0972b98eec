package com.endcap.server.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

import java.util.List;
import java.util.Set;

/**
 * Cross-origin rules for the endpoints publisher pages call from their own origins: decisions,
 * event URLs, the tag and rendered cards. Any allowed origin, no credentials.
 */
public final class Cors
{
    private static final AsciiString ANY = AsciiString.cached("*");
    private static final AsciiString METHODS = AsciiString.cached("GET, POST, OPTIONS");
    private static final AsciiString HEADERS = AsciiString.cached("Content-Type");
    private static final AsciiString MAX_AGE = AsciiString.cached("600");
    private static final AsciiString ORIGIN = AsciiString.cached("Origin");

    private final boolean anyOrigin;
    private final Set<String> origins;

    /**
     * @param origins allowed origins; {@code *} allows any.
     */
    public Cors(final List<String> origins)
    {
        this.anyOrigin = origins.contains("*");
        this.origins = Set.copyOf(origins);
    }

    /**
     * @param origin the request's {@code Origin}, may be null.
     * @return true when a response may be shared with that origin.
     */
    public boolean allows(final String origin)
    {
        return null != origin && (anyOrigin || origins.contains(origin));
    }

    /**
     * Adds the headers that share a response with the request's origin.
     *
     * @param origin  the allowed origin.
     * @param headers the response headers.
     */
    public void addResponseHeaders(final String origin, final HttpHeaders headers)
    {
        if (anyOrigin)
        {
            headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, ANY);
        }
        else
        {
            headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            headers.set(HttpHeaderNames.VARY, ORIGIN);
        }
    }

    /**
     * Writes the same headers as {@link #addResponseHeaders} into an encoded response head.
     *
     * @param origin the allowed origin.
     * @param head   the head being written ({@link ResponseHead}).
     */
    void writeResponseHeaders(final String origin, final io.netty.buffer.ByteBuf head)
    {
        if (anyOrigin)
        {
            ResponseHead.header(head, HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, ANY);
        }
        else
        {
            ResponseHead.header(head, HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            ResponseHead.header(head, HttpHeaderNames.VARY, ORIGIN);
        }
    }

    /**
     * Adds the preflight answer's headers.
     *
     * @param origin  the allowed origin.
     * @param headers the response headers.
     */
    public void addPreflightHeaders(final String origin, final HttpHeaders headers)
    {
        addResponseHeaders(origin, headers);
        headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, METHODS);
        headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, HEADERS);
        headers.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, MAX_AGE);
    }
}
