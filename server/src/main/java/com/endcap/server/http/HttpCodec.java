package com.endcap.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;

import java.util.List;

/**
 * The server's HTTP/1.1 codec: Netty's {@link HttpRequestDecoder} and {@link HttpResponseEncoder}
 * with what {@code HttpServerCodec} adds on a server (no body in the answer to {@code HEAD}, no
 * {@code Transfer-Encoding} on a 2xx to {@code CONNECT}, close after answering a request that
 * sent both {@code Transfer-Encoding: chunked} and {@code Content-Length}, at most
 * {@value #MAX_PIPELINE_DEPTH} requests waiting for their answers), plus two things it cannot do:
 * <ul>
 * <li>A {@link ByteBuf} written at a message boundary is a complete, already encoded response
 * (head and body, see {@link ResponseHead}) and goes out as it is. Its writer has already left the
 * body out for {@code HEAD}.</li>
 * <li>Fewer objects per request: common header names are cached {@link AsciiString}s, a keep-alive
 * connection that asks for the same URI again gets the same {@code String}, and the headers tables
 * are sized for a request's few headers (and a fixed-length body's empty trailers).</li>
 * </ul>
 * One instance per connection, event loop only.
 */
final class HttpCodec extends CombinedChannelDuplexHandler<HttpCodec.RequestDecoder, HttpCodec.ResponseEncoder>
{
    /** Requests decoded but not yet answered, beyond which the connection is closed (Netty's default). */
    static final int MAX_PIPELINE_DEPTH = 128;

    private static final byte OTHER = 0;
    private static final byte HEAD = 1;
    private static final byte CONNECT = 2;

    /** Buckets of a request's headers table: a request has a few headers (Netty's default is 16). */
    private static final int REQUEST_HEADER_BUCKETS = 8;
    /** Buckets of a chunked body's trailers table, which is nearly always empty. */
    private static final int TRAILER_BUCKETS = 2;

    /** Method flags of the requests waiting for their answers, oldest at {@code oldest}. */
    private final byte[] waiting = new byte[MAX_PIPELINE_DEPTH];
    private int oldest;
    private int waitingCount;
    private boolean closeAfterResponse;
    /** Whether the body being decoded may end with trailers (its request has {@code Transfer-Encoding}). */
    private boolean trailersPossible = true;

    /**
     * @param maxInitialLineBytes request line limit (414 beyond).
     * @param maxHeaderBytes      header block limit (431 beyond).
     * @param maxChunkBytes       largest body piece handed on at once.
     */
    HttpCodec(final int maxInitialLineBytes, final int maxHeaderBytes, final int maxChunkBytes)
    {
        init(new RequestDecoder(new HttpDecoderConfig()
            .setMaxInitialLineLength(maxInitialLineBytes)
            .setMaxHeaderSize(maxHeaderBytes)
            .setMaxChunkSize(maxChunkBytes)
            .setHeadersFactory(REQUEST_HEADERS)
            .setTrailersFactory(new TrailersFactory())), new ResponseEncoder());
    }

    /** Netty's default (validating) request headers, in a smaller table. */
    private static final HttpHeadersFactory REQUEST_HEADERS = new HttpHeadersFactory()
    {
        public HttpHeaders newHeaders()
        {
            return new SizedHeaders(DefaultHttpHeadersFactory.headersFactory(), REQUEST_HEADER_BUCKETS);
        }

        public HttpHeaders newEmptyHeaders()
        {
            return DefaultHttpHeadersFactory.headersFactory().newEmptyHeaders();
        }
    };

    /**
     * Trailers: the decoder asks for a table for the last part of every body, but only a chunked
     * body (a request with {@code Transfer-Encoding}) can carry trailers. Any other request's last
     * part gets the shared empty, read-only headers, which is what it holds anyway. (The decoder
     * hands a request on before it reads any of its body, so the flag is set by then.)
     */
    private final class TrailersFactory implements HttpHeadersFactory
    {
        public HttpHeaders newHeaders()
        {
            return trailersPossible ? new SizedHeaders(DefaultHttpHeadersFactory.trailersFactory(), TRAILER_BUCKETS) :
                EmptyHttpHeaders.INSTANCE;
        }

        public HttpHeaders newEmptyHeaders()
        {
            return DefaultHttpHeadersFactory.trailersFactory().newEmptyHeaders();
        }
    }

    private boolean enqueue(final HttpMethod method)
    {
        if (waitingCount == MAX_PIPELINE_DEPTH)
        {
            return false;
        }
        final byte flag = HttpMethod.HEAD.equals(method) ? HEAD : HttpMethod.CONNECT.equals(method) ? CONNECT : OTHER;
        waiting[(oldest + waitingCount++) % MAX_PIPELINE_DEPTH] = flag;
        return true;
    }

    private byte poll()
    {
        if (0 == waitingCount)
        {
            return OTHER;
        }
        final byte flag = waiting[oldest];
        oldest = (oldest + 1) % MAX_PIPELINE_DEPTH;
        waitingCount--;
        return flag;
    }

    /** Netty's request decoder, remembering each request's method for its answer. */
    final class RequestDecoder extends HttpRequestDecoder
    {
        private boolean discard;
        private String lastUri;

        RequestDecoder(final HttpDecoderConfig config)
        {
            super(config);
        }

        protected void decode(final ChannelHandlerContext ctx, final ByteBuf buffer, final List<Object> out) throws Exception
        {
            if (discard)
            {
                buffer.skipBytes(buffer.readableBytes());
                return;
            }
            final int before = out.size();
            super.decode(ctx, buffer, out);
            for (int i = before, n = out.size(); i < n; i++)
            {
                final Object decoded = out.get(i);
                if (!(decoded instanceof HttpRequest))
                {
                    continue;
                }
                // Read before the handlers after the codec see the request (the aggregator removes
                // Transfer-Encoding from a chunked one).
                trailersPossible = ((HttpRequest)decoded).headers().contains(HttpHeaderNames.TRANSFER_ENCODING);
                if (!enqueue(((HttpRequest)decoded).method()))
                {
                    // Too many requests waiting: drop the rest of the input and fail the connection.
                    closeAfterResponse = true;
                    discard = true;
                    for (int j = i; j < n; j++)
                    {
                        ReferenceCountUtil.release(out.get(j));
                    }
                    out.subList(i, n).clear();
                    throw new IllegalStateException("more than " + MAX_PIPELINE_DEPTH + " pipelined requests wait for answers");
                }
            }
        }

        protected void handleTransferEncodingChunkedWithContentLength(final HttpMessage message)
        {
            super.handleTransferEncodingChunkedWithContentLength(message);
            closeAfterResponse = true;
        }

        protected AsciiString splitHeaderName(final byte[] sb, final int start, final int length)
        {
            final AsciiString known = KnownHeaderNames.find(sb, start, length);
            return null != known ? known : super.splitHeaderName(sb, start, length);
        }

        protected String splitSecondWordInitialLine(final byte[] sb, final int start, final int length)
        {
            final String last = lastUri;
            if (null != last && sameLatin1(last, sb, start, length))
            {
                return last;
            }
            final String uri = super.splitSecondWordInitialLine(sb, start, length);
            lastUri = uri;
            return uri;
        }
    }

    /** Netty's response encoder; answers to {@code HEAD} and {@code CONNECT} as on Netty's server codec. */
    final class ResponseEncoder extends HttpResponseEncoder
    {
        private byte answering;
        private boolean streaming;

        public void write(final ChannelHandlerContext ctx, final Object msg, final ChannelPromise promise) throws Exception
        {
            ChannelPromise p = promise;
            if (msg instanceof ByteBuf && !streaming && ((ByteBuf)msg).isReadable())
            {
                poll();
                if (closeAfterResponse)
                {
                    closeAfterResponse = false;
                    p = p.unvoid().addListener(ChannelFutureListener.CLOSE);
                }
                ctx.write(msg, p);
                return;
            }
            if (msg instanceof HttpMessage)
            {
                streaming = !(msg instanceof FullHttpMessage);
            }
            else if (msg instanceof LastHttpContent)
            {
                streaming = false;
            }
            if (closeAfterResponse && msg instanceof LastHttpContent)
            {
                closeAfterResponse = false;
                p = p.unvoid().addListener(ChannelFutureListener.CLOSE);
            }
            super.write(ctx, msg, p);
        }

        protected boolean isContentAlwaysEmpty(final HttpResponse msg)
        {
            if (msg.status().codeClass() == HttpStatusClass.INFORMATIONAL)
            {
                return super.isContentAlwaysEmpty(msg);
            }
            answering = poll();
            return HEAD == answering || super.isContentAlwaysEmpty(msg);
        }

        protected void sanitizeHeadersBeforeEncode(final HttpResponse msg, final boolean isAlwaysEmpty)
        {
            if (!isAlwaysEmpty && CONNECT == answering && msg.status().codeClass() == HttpStatusClass.SUCCESS)
            {
                msg.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
                return;
            }
            super.sanitizeHeadersBeforeEncode(msg, isAlwaysEmpty);
        }
    }

    private static boolean sameLatin1(final String s, final byte[] bytes, final int start, final int length)
    {
        if (s.length() != length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (s.charAt(i) != (char)(bytes[start + i] & 0xFF))
            {
                return false;
            }
        }
        return true;
    }

    /** Netty's default headers (validation included) with a smaller bucket table. */
    private static final class SizedHeaders extends DefaultHttpHeaders
    {
        SizedHeaders(final DefaultHttpHeadersFactory validation, final int buckets)
        {
            super(validation.getNameValidator(), validation.getValueValidator(), buckets);
        }
    }

    /**
     * Request header names Netty's decoder does not cache, spelled as browsers and common clients
     * send them (title case, or lower case); anything else is decoded as usual.
     */
    static final class KnownHeaderNames
    {
        private static final AsciiString[] NAMES = names(
            "User-Agent", "Accept-Encoding", "Accept-Language", "Origin", "Referer", "Cookie", "Cache-Control", "Pragma",
            "Priority", "Dnt", "Expect", "Transfer-Encoding", "X-Forwarded-For", "X-Forwarded-Proto", "X-Request-Id",
            "Sec-Fetch-Site", "Sec-Fetch-Mode", "Sec-Fetch-Dest", "Sec-Ch-Ua", "Sec-Ch-Ua-Mobile", "Sec-Ch-Ua-Platform",
            "Accept", "Host", "Connection", "Content-Type", "Content-Length");

        private KnownHeaderNames()
        {
        }

        private static AsciiString[] names(final String... titleCase)
        {
            final AsciiString[] names = new AsciiString[titleCase.length * 2];
            for (int i = 0; i < titleCase.length; i++)
            {
                names[2 * i] = AsciiString.cached(titleCase[i]);
                names[2 * i + 1] = AsciiString.cached(titleCase[i].toLowerCase(java.util.Locale.ROOT));
            }
            return names;
        }

        /**
         * @return the cached name with exactly these bytes, or null.
         */
        static AsciiString find(final byte[] bytes, final int start, final int length)
        {
            for (final AsciiString name : NAMES)
            {
                if (name.length() == length && name.byteAt(0) == bytes[start] && sameBytes(name, bytes, start, length))
                {
                    return name;
                }
            }
            return null;
        }

        private static boolean sameBytes(final AsciiString name, final byte[] bytes, final int start, final int length)
        {
            final byte[] array = name.array();
            final int offset = name.arrayOffset();
            for (int i = 1; i < length; i++)
            {
                if (array[offset + i] != bytes[start + i])
                {
                    return false;
                }
            }
            return true;
        }
    }
}
