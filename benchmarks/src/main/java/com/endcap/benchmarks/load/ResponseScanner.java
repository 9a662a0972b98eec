package com.endcap.benchmarks.load;

import io.netty.buffer.ByteBuf;

/**
 * Finds the ends of HTTP/1.1 responses in one connection's byte stream, reading only the status
 * code and {@code Content-Length}, and skipping bodies without copying them. Responses must carry a
 * length (both Endcap and the nginx reference do); a chunked or length-less response is a protocol
 * error the caller answers by closing the connection.
 * <p>
 * Not thread-safe: the connection's event loop owns it.
 */
final class ResponseScanner
{
    /** Told of every complete response. */
    interface Listener
    {
        /**
         * @param conn     the connection.
         * @param status   the status code.
         * @param length   body bytes.
         * @param nowNanos {@link System#nanoTime()} when its last byte was read.
         */
        void onResponse(LoadGenerator.Conn conn, int status, long length, long nowNanos);
    }

    private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] TRANSFER_ENCODING = "transfer-encoding:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int LINE_MAX = 64;

    private final Listener listener;
    private final LoadGenerator.Conn conn;
    private final byte[] line = new byte[LINE_MAX];
    private int lineLength;
    private boolean statusLine = true;
    private boolean inBody;
    private int status;
    private long contentLength = -1;
    private long remaining;

    /**
     * @param listener told of each response.
     * @param conn     the connection it scans.
     */
    ResponseScanner(final Listener listener, final LoadGenerator.Conn conn)
    {
        this.listener = listener;
        this.conn = conn;
    }

    /**
     * Consumes every readable byte.
     *
     * @param in bytes just read.
     * @return false on a protocol error (the caller closes the connection).
     */
    boolean scan(final ByteBuf in)
    {
        int i = in.readerIndex();
        final int end = in.writerIndex();
        while (i < end)
        {
            if (inBody)
            {
                final int n = (int)Math.min(remaining, end - i);
                i += n;
                remaining -= n;
                if (0 == remaining)
                {
                    complete();
                }
                continue;
            }
            final byte b = in.getByte(i++);
            if ('\n' == b)
            {
                if (!endOfLine())
                {
                    in.readerIndex(end);
                    return false;
                }
            }
            else if ('\r' != b)
            {
                if (lineLength < LINE_MAX)
                {
                    line[lineLength] = b;
                }
                lineLength++;
            }
        }
        in.readerIndex(end);
        return true;
    }

    private boolean endOfLine()
    {
        final int length = lineLength;
        lineLength = 0;
        if (statusLine)
        {
            statusLine = false;
            // "HTTP/1.1 200 OK"
            status = length >= 12 ? (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0') : 0;
            return true;
        }
        if (0 == length)
        {
            if (contentLength < 0)
            {
                return false;
            }
            if (contentLength > 0)
            {
                inBody = true;
                remaining = contentLength;
            }
            else
            {
                complete();
            }
            return true;
        }
        if (length <= LINE_MAX && startsWithIgnoreCase(line, length, CONTENT_LENGTH))
        {
            long value = 0;
            for (int i = CONTENT_LENGTH.length; i < length; i++)
            {
                final byte c = line[i];
                if (c >= '0' && c <= '9')
                {
                    value = value * 10 + (c - '0');
                }
            }
            contentLength = value;
        }
        else if (startsWithIgnoreCase(line, Math.min(length, LINE_MAX), TRANSFER_ENCODING))
        {
            return false;
        }
        return true;
    }

    private void complete()
    {
        final long length = contentLength;
        inBody = false;
        statusLine = true;
        contentLength = -1;
        listener.onResponse(conn, status, length, System.nanoTime());
    }

    private static boolean startsWithIgnoreCase(final byte[] text, final int length, final byte[] lowerPrefix)
    {
        if (length < lowerPrefix.length)
        {
            return false;
        }
        for (int i = 0; i < lowerPrefix.length; i++)
        {
            final int c = text[i] >= 'A' && text[i] <= 'Z' ? text[i] + ('a' - 'A') : text[i];
            if (c != lowerPrefix[i])
            {
                return false;
            }
        }
        return true;
    }
}
