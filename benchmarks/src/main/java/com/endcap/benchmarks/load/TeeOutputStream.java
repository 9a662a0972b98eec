package com.endcap.benchmarks.load;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes everything to two streams (the console and the run's {@code summary.txt}); closing it
 * closes only the second. Not thread-safe on its own; wrap it in a {@link java.io.PrintStream}.
 */
final class TeeOutputStream extends OutputStream
{
    private final OutputStream first;
    private final OutputStream second;

    /**
     * @param first  written first, never closed here.
     * @param second written second, closed by {@link #close}.
     */
    TeeOutputStream(final OutputStream first, final OutputStream second)
    {
        this.first = first;
        this.second = second;
    }

    public void write(final int b) throws IOException
    {
        first.write(b);
        second.write(b);
    }

    public void write(final byte[] bytes, final int offset, final int length) throws IOException
    {
        first.write(bytes, offset, length);
        second.write(bytes, offset, length);
    }

    public void flush() throws IOException
    {
        first.flush();
        second.flush();
    }

    public void close() throws IOException
    {
        flush();
        second.close();
    }
}
