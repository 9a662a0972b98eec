package com.endcap.server.api;

import com.endcap.server.http.Exchange;
import com.endcap.server.http.Responses;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/**
 * {@code GET /tag.js}: the publisher tag, assembled once at start from {@code web/tag.js} with
 * the card stylesheet ({@code web/card.css}, shared with {@code /v1/render}) inlined, gzipped
 * once, and served from memory with a strong ETag and a short cache lifetime (publishers pick up
 * a new tag within minutes of a deploy).
 */
public final class TagHandler
{
    /** Cache lifetime of the tag, seconds. */
    public static final int MAX_AGE_SECONDS = 300;

    private static final AsciiString JAVASCRIPT = AsciiString.cached("text/javascript; charset=utf-8");
    private static final AsciiString CACHE = AsciiString.cached("public, max-age=" + MAX_AGE_SECONDS);

    private final byte[] plain;
    private final byte[] gzipped;
    private final String etag;

    /**
     * Loads and assembles the tag.
     */
    public TagHandler()
    {
        final String css = resource("web/card.css");
        final String source = resource("web/tag.js");
        final String marker = "'/*ENDCAP_CARD_CSS*/'";
        if (!source.contains(marker))
        {
            throw new IllegalStateException("web/tag.js lacks the stylesheet marker " + marker);
        }
        plain = source.replace(marker, jsString(css)).getBytes(StandardCharsets.UTF_8);
        gzipped = gzip(plain);
        try
        {
            etag = '"' + HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(plain), 0, 8) + '"';
        }
        catch (final java.security.NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * @return the assembled tag's size in bytes.
     */
    public int size()
    {
        return plain.length;
    }

    /**
     * @return its gzipped size in bytes.
     */
    public int gzippedSize()
    {
        return gzipped.length;
    }

    /**
     * @param exchange {@code GET /tag.js}.
     */
    public void handle(final Exchange exchange)
    {
        final FullHttpResponse response;
        if (etag.equals(exchange.header(HttpHeaderNames.IF_NONE_MATCH)))
        {
            response = Responses.empty(HttpResponseStatus.NOT_MODIFIED);
        }
        else
        {
            final String accept = exchange.header(HttpHeaderNames.ACCEPT_ENCODING);
            final boolean gzip = null != accept && accept.contains("gzip");
            response = Responses.withBody(HttpResponseStatus.OK, Unpooled.wrappedBuffer(gzip ? gzipped : plain), JAVASCRIPT);
            if (gzip)
            {
                response.headers().set(HttpHeaderNames.CONTENT_ENCODING, HttpHeaderValues.GZIP);
            }
        }
        response.headers().set(HttpHeaderNames.ETAG, etag);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, CACHE);
        response.headers().set(HttpHeaderNames.VARY, HttpHeaderNames.ACCEPT_ENCODING);
        exchange.respond(response);
    }

    static String resource(final String name)
    {
        try (InputStream in = TagHandler.class.getClassLoader().getResourceAsStream(name))
        {
            if (null == in)
            {
                throw new IllegalStateException(name + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static String jsString(final String text)
    {
        final StringBuilder out = new StringBuilder(text.length() + 16).append('\'');
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            switch (c)
            {
                case '\'' -> out.append("\\'");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '<' -> out.append("\\x3c");
                default -> out.append(c);
            }
        }
        return out.append('\'').toString();
    }

    private static byte[] gzip(final byte[] bytes)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out))
        {
            gzip.write(bytes);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }
}
