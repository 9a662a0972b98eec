package com.endcap.server.http;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Building responses: JSON bodies, the API's error shape, and the constant headers, cached as
 * {@link AsciiString}s so writing them costs no encoding.
 */
public final class Responses
{
    /** {@code application/json} (UTF-8 is JSON's only encoding). */
    public static final AsciiString APPLICATION_JSON = AsciiString.cached("application/json");
    /** {@code text/plain; charset=utf-8}. */
    public static final AsciiString TEXT_PLAIN = AsciiString.cached("text/plain; charset=utf-8");
    /** {@code image/gif}. */
    public static final AsciiString IMAGE_GIF = AsciiString.cached("image/gif");
    /** {@code no-store}. */
    public static final AsciiString NO_STORE = AsciiString.cached("no-store");

    /** The shared JSON factory (thread-safe). */
    public static final JsonFactory JSON = JsonFactory.builder().build();

    /** A 1×1 transparent GIF, for image beacons. */
    private static final byte[] PIXEL = {
        'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, (byte)0x80, 0, 0, 0, 0, 0, (byte)0xff, (byte)0xff, (byte)0xff,
        '!', (byte)0xf9, 4, 1, 0, 0, 0, 0, ',', 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 'D', 1, 0, ';'};

    private Responses()
    {
    }

    /**
     * Writes JSON into a new buffer.
     */
    @FunctionalInterface
    public interface JsonWriter
    {
        /**
         * @param generator where to write one JSON value.
         * @throws IOException from the generator.
         */
        void write(JsonGenerator generator) throws IOException;
    }

    /**
     * @param alloc  allocator.
     * @param status status.
     * @param writer writes the body.
     * @return a JSON response.
     */
    public static FullHttpResponse json(final ByteBufAllocator alloc, final HttpResponseStatus status, final JsonWriter writer)
    {
        final ByteBuf body = alloc.buffer(256);
        try (JsonGenerator generator = JSON.createGenerator((java.io.OutputStream)new ByteBufOutputStream(body), JsonEncoding.UTF8))
        {
            writer.write(generator);
        }
        catch (final IOException ex)
        {
            body.release();
            throw new UncheckedIOException(ex);
        }
        return withBody(status, body, APPLICATION_JSON);
    }

    /**
     * @param status      status.
     * @param body        body, owned by the response.
     * @param contentType its type.
     * @return the response.
     */
    public static FullHttpResponse withBody(final HttpResponseStatus status, final ByteBuf body, final CharSequence contentType)
    {
        final FullHttpResponse response = newResponse(status, body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        return response;
    }

    /**
     * A response with Netty's default (validating) headers and no trailers: bodies are never
     * chunked, so the encoder never reads them, and a trailers table per response is wasted.
     */
    private static FullHttpResponse newResponse(final HttpResponseStatus status, final ByteBuf body)
    {
        return new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, status, body, DefaultHttpHeadersFactory.headersFactory().newHeaders(), EmptyHttpHeaders.INSTANCE);
    }

    /**
     * The API's error shape: {@code {"error": {"status", "code", "message", "field"}}}.
     *
     * @param alloc   allocator.
     * @param status  status.
     * @param code    machine-readable code, e.g. {@code invalid_field}.
     * @param message for people.
     * @param field   the offending field, or null.
     * @return the response.
     */
    public static FullHttpResponse error(
        final ByteBufAllocator alloc, final HttpResponseStatus status, final String code, final String message,
        final String field)
    {
        final FullHttpResponse response = json(alloc, status, g ->
        {
            g.writeStartObject();
            g.writeObjectFieldStart("error");
            g.writeNumberField("status", status.code());
            g.writeStringField("code", code);
            g.writeStringField("message", message);
            if (null != field)
            {
                g.writeStringField("field", field);
            }
            g.writeEndObject();
            g.writeEndObject();
        });
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, NO_STORE);
        return response;
    }

    /**
     * @param status status.
     * @return a response without a body.
     */
    public static FullHttpResponse empty(final HttpResponseStatus status)
    {
        final FullHttpResponse response = newResponse(status, Unpooled.EMPTY_BUFFER);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        return response;
    }

    /**
     * @return a 200 with a 1×1 transparent GIF, not cacheable.
     */
    public static FullHttpResponse pixel()
    {
        final FullHttpResponse response = withBody(HttpResponseStatus.OK, Unpooled.wrappedBuffer(PIXEL), IMAGE_GIF);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, NO_STORE);
        return response;
    }

    /**
     * @param location where to go.
     * @return a 302.
     */
    public static FullHttpResponse redirect(final String location)
    {
        final FullHttpResponse response = empty(HttpResponseStatus.FOUND);
        response.headers().set(HttpHeaderNames.LOCATION, location);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, NO_STORE);
        return response;
    }

    /**
     * @param alloc allocator.
     * @param text  body.
     * @param type  content type.
     * @return a 200.
     */
    public static FullHttpResponse text(final ByteBufAllocator alloc, final CharSequence text, final CharSequence type)
    {
        final ByteBuf body = alloc.buffer(text.length());
        body.writeCharSequence(text, java.nio.charset.StandardCharsets.UTF_8);
        return withBody(HttpResponseStatus.OK, body, type);
    }
}
