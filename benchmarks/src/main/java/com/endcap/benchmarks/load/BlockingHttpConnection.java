package com.endcap.benchmarks.load;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One blocking keep-alive HTTP/1.1 connection for the harness's side traffic (readiness probes,
 * segment and stock pushes, sample decisions): send a request, read the whole response. Not the
 * measured path; allocation and copies do not matter here.
 * <p>
 * Not thread-safe: one thread at a time.
 */
final class BlockingHttpConnection implements AutoCloseable
{
    /**
     * A response.
     *
     * @param status the status code.
     * @param body   the body.
     */
    record Response(int status, byte[] body)
    {
        /**
         * @return the body as UTF-8 text.
         */
        String text()
        {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final String host;
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    /**
     * @param address        the server.
     * @param timeoutMillis  connect and read timeout.
     * @throws IOException when the connection cannot be made.
     */
    BlockingHttpConnection(final InetSocketAddress address, final int timeoutMillis) throws IOException
    {
        this.host = address.getHostString() + ":" + address.getPort();
        this.socket = new Socket();
        try
        {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(timeoutMillis);
            socket.connect(address, timeoutMillis);
            this.out = socket.getOutputStream();
            this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        }
        catch (final IOException ex)
        {
            socket.close();
            throw ex;
        }
    }

    /**
     * @param path        request path.
     * @param contentType the body's type.
     * @param body        bytes of the body.
     * @param length      how many of them.
     * @return the response.
     * @throws IOException when the exchange fails.
     */
    Response post(final String path, final String contentType, final byte[] body, final int length) throws IOException
    {
        final byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: " + contentType +
            "\r\nContent-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        out.write(head);
        out.write(body, 0, length);
        out.flush();
        return read();
    }

    /**
     * @param path request path.
     * @return the response.
     * @throws IOException when the exchange fails.
     */
    Response get(final String path) throws IOException
    {
        out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return read();
    }

    private Response read() throws IOException
    {
        final String statusLine = line();
        if (statusLine.length() < 12 || !statusLine.startsWith("HTTP/1."))
        {
            throw new IOException("not an HTTP response: '" + statusLine + "'");
        }
        final int status = Integer.parseInt(statusLine.substring(9, 12));
        int length = -1;
        for (String header = line(); !header.isEmpty(); header = line())
        {
            final String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:"))
            {
                length = Integer.parseInt(lower.substring("content-length:".length()).trim());
            }
            else if (lower.startsWith("transfer-encoding:"))
            {
                throw new IOException("chunked responses are not supported here");
            }
        }
        if (length < 0)
        {
            throw new IOException("response without Content-Length");
        }
        final byte[] body = in.readNBytes(length);
        if (body.length != length)
        {
            throw new IOException("connection closed inside a response body");
        }
        return new Response(status, body);
    }

    private String line() throws IOException
    {
        final ByteArrayOutputStream text = new ByteArrayOutputStream(64);
        for (int b = in.read(); b != '\n'; b = in.read())
        {
            if (b < 0)
            {
                throw new IOException("connection closed");
            }
            if (b != '\r')
            {
                text.write(b);
            }
        }
        return text.toString(StandardCharsets.US_ASCII);
    }

    public void close() throws IOException
    {
        socket.close();
    }
}
