package com.endcap.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.FastThreadLocal;

import java.nio.charset.StandardCharsets;

/**
 * Writes a response's status line and headers straight into the bytes in front of its body, as
 * {@code HttpResponseEncoder} would encode the same {@code FullHttpResponse} (same header names,
 * order and spacing), without the response object, its headers tables and entries, or a
 * {@code String} for the content length.
 * <p>
 * A body made by {@link #bodyBuffer} starts {@value #HEADROOM} bytes into its buffer; {@link #prepend}
 * fills the room in front of it and the buffer becomes the whole response. A head that does not
 * fit (a very long CORS origin) goes into a new buffer with a copy of the body. Event loop only.
 */
final class ResponseHead
{
    /** Room in front of a body for its head; a decision's head without CORS is about 110 bytes. */
    static final int HEADROOM = 256;

    private static final byte[] HTTP_1_1 = "HTTP/1.1 ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OK = "HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COLON_SPACE = {':', ' '};
    private static final short CRLF = ('\r' << 8) | '\n';

    private static final FastThreadLocal<ByteBuf> SCRATCH = new FastThreadLocal<>()
    {
        protected ByteBuf initialValue()
        {
            return Unpooled.buffer(HEADROOM);
        }
    };

    private ResponseHead()
    {
    }

    /**
     * @param alloc    allocator.
     * @param capacity expected body size.
     * @return an empty body buffer with room for the head in front.
     */
    static ByteBuf bodyBuffer(final ByteBufAllocator alloc, final int capacity)
    {
        final ByteBuf buffer = alloc.buffer(HEADROOM + capacity);
        buffer.setIndex(HEADROOM, HEADROOM);
        return buffer;
    }

    /**
     * Starts a head in the thread's scratch buffer.
     *
     * @param status the status.
     * @return the scratch buffer, holding the status line.
     */
    static ByteBuf start(final HttpResponseStatus status)
    {
        final ByteBuf head = SCRATCH.get().clear();
        if (HttpResponseStatus.OK.code() == status.code() && HttpResponseStatus.OK.reasonPhrase().equals(status.reasonPhrase()))
        {
            head.writeBytes(OK);
        }
        else
        {
            head.writeBytes(HTTP_1_1);
            ByteBufUtil.copy(status.codeAsText(), head);
            head.writeByte(' ');
            head.writeCharSequence(status.reasonPhrase(), StandardCharsets.US_ASCII);
            head.writeShort(CRLF);
        }
        return head;
    }

    /**
     * Adds one header line, encoded as Netty's {@code HttpHeadersEncoder} does.
     */
    static void header(final ByteBuf head, final AsciiString name, final CharSequence value)
    {
        ByteBufUtil.copy(name, head);
        head.writeBytes(COLON_SPACE);
        if (value instanceof AsciiString)
        {
            ByteBufUtil.copy((AsciiString)value, head);
        }
        else
        {
            ByteBufUtil.writeAscii(head, value);
        }
        head.writeShort(CRLF);
    }

    /**
     * Adds {@code content-length}, without a {@code String}.
     */
    static void contentLength(final ByteBuf head, final int length)
    {
        ByteBufUtil.copy(HttpHeaderNames.CONTENT_LENGTH, head);
        head.writeBytes(COLON_SPACE);
        if (0 == length)
        {
            head.writeByte('0');
        }
        else
        {
            int divisor = 1;
            while (divisor <= length / 10)
            {
                divisor *= 10;
            }
            for (int rest = length; divisor > 0; divisor /= 10)
            {
                head.writeByte('0' + rest / divisor);
                rest %= divisor;
            }
        }
        head.writeShort(CRLF);
    }

    /**
     * Ends the head and puts it in front of the body.
     *
     * @param head     the scratch head from {@link #start}.
     * @param body     the body, from {@link #bodyBuffer} (or any buffer); released here if replaced.
     * @param withBody false to send the head only (the answer to {@code HEAD}).
     * @return the whole response.
     */
    static ByteBuf prepend(final ByteBuf head, final ByteBuf body, final boolean withBody)
    {
        head.writeShort(CRLF);
        final int headLength = head.readableBytes();
        final int bodyStart = body.readerIndex();
        if (headLength <= bodyStart)
        {
            final int start = bodyStart - headLength;
            // From the scratch buffer's array: a buffer-to-buffer copy into a direct buffer would
            // allocate a ByteBuffer view.
            body.setBytes(start, head.array(), head.arrayOffset() + head.readerIndex(), headLength);
            body.readerIndex(start);
            if (!withBody)
            {
                body.writerIndex(bodyStart);
            }
            return body;
        }
        final int bodyLength = withBody ? body.readableBytes() : 0;
        final ByteBuf whole = body.alloc().buffer(headLength + bodyLength);
        whole.writeBytes(head, head.readerIndex(), headLength);
        whole.writeBytes(body, bodyStart, bodyLength);
        body.release();
        return whole;
    }
}
