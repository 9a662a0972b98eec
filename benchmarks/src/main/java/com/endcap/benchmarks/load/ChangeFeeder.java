package com.endcap.benchmarks.load;

import com.endcap.bidder.location.Location;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Live stock changes during a run: {@code POST /v1/inventory/changes} batches at a fixed rate of
 * lines per second, from {@code threads} threads, each on its own keep-alive connection and
 * waiting for each batch's 202 (the server answers once the batch is applied).
 * <p>
 * Each line is a point-of-sale change of a random (sku, location) of the retailer from that
 * location's source {@code pos-<code>}: 4 in 5 set on hand (0..20), 1 in 5 sell one unit (delta
 * -1). Thread {@code t} only touches skus with {@code index % threads == t}, and sequences rise per
 * thread from {@code seqBase}, so no change is ever ignored as a replay unless the server did so
 * wrongly. Lines are written as ASCII into one reused buffer per thread.
 * <p>
 * When the server applies more slowly than the rate, the threads send back to back and the
 * applied rate ({@link Totals#accepted}) falls short of the asked one; nothing is dropped.
 * Counters are written by the feeder threads and read by any thread.
 */
final class ChangeFeeder implements AutoCloseable
{
    /** Path of the inventory push. */
    static final String PATH = "/v1/inventory/changes";

    private static final long IDLE_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(500);
    private static final long MAX_BATCH_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /**
     * Cumulative counts.
     *
     * @param nanos    {@link System#nanoTime()} when taken.
     * @param sent     lines sent.
     * @param accepted lines the server applied.
     * @param ignored  lines it ignored as replays.
     * @param rejected lines it rejected as invalid.
     * @param posts    batches answered.
     * @param failures batches that failed (connection errors, non-202).
     */
    record Totals(long nanos, long sent, long accepted, long ignored, long rejected, long posts, long failures)
    {
        /**
         * @param earlier an earlier snapshot.
         * @return lines applied per second between the two.
         */
        double acceptedPerSecondSince(final Totals earlier)
        {
            return (accepted - earlier.accepted) / ((nanos - earlier.nanos) / 1e9);
        }
    }

    private final InetSocketAddress address;
    private final LoadRetailer retailer;
    private final double ratePerSecond;
    private final int batchLines;
    private final long seqBase;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong ignored = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong posts = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean running = true;
    private volatile String lastFailure;

    /**
     * Starts the feeder threads.
     *
     * @param address       the server.
     * @param retailer      the retailer whose stock changes.
     * @param ratePerSecond lines per second, all threads together.
     * @param batchLines    most lines per request.
     * @param threadCount   threads (and connections).
     * @param seqBase       first sequence number: above every sequence used before on this data.
     */
    ChangeFeeder(
        final InetSocketAddress address, final LoadRetailer retailer, final double ratePerSecond, final int batchLines,
        final int threadCount, final long seqBase)
    {
        this.address = address;
        this.retailer = retailer;
        this.ratePerSecond = ratePerSecond;
        this.batchLines = batchLines;
        this.seqBase = seqBase;
        for (int t = 0; t < threadCount; t++)
        {
            final int part = t;
            final Thread thread = new Thread(() -> feed(part, threadCount), "load-changes-" + t);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
    }

    /**
     * @return the counts so far.
     */
    Totals totals()
    {
        return new Totals(System.nanoTime(), sent.get(), accepted.get(), ignored.get(), rejected.get(), posts.get(),
            failures.get());
    }

    /**
     * @return the last failure's message, or null.
     */
    String lastFailure()
    {
        return lastFailure;
    }

    /**
     * Stops the threads after their batch in flight (bounded by the connection timeout).
     */
    public void close()
    {
        running = false;
        for (final Thread thread : threads)
        {
            try
            {
                thread.join(15_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void feed(final int part, final int parts)
    {
        final List<Location> locations = retailer.locations();
        final byte[][] sources = new byte[locations.size()][];
        final byte[][] codes = new byte[locations.size()][];
        for (int l = 0; l < locations.size(); l++)
        {
            sources[l] = LoadRetailer.source(locations.get(l).code()).getBytes(StandardCharsets.US_ASCII);
            codes[l] = locations.get(l).code().getBytes(StandardCharsets.US_ASCII);
        }
        final SplittableRandom random = new SplittableRandom(seqBase + part);
        final LineWriter writer = new LineWriter(batchLines);
        final double ratePerNano = ratePerSecond / parts / 1e9;
        final int skusInPart = (retailer.skus() - part + parts - 1) / parts;
        long seq = seqBase;
        BlockingHttpConnection connection = null;
        final long start = System.nanoTime();
        long lines = 0;
        long lastPost = start;
        while (running)
        {
            final long now = System.nanoTime();
            final long due = (long)((now - start) * ratePerNano) - lines;
            if (due < batchLines && (due <= 0 || now - lastPost < MAX_BATCH_INTERVAL_NANOS))
            {
                LockSupport.parkNanos(IDLE_PARK_NANOS);
                continue;
            }
            final int n = (int)Math.min(due, batchLines);
            writer.reset();
            for (int i = 0; i < n; i++)
            {
                final int sku = part + parts * random.nextInt(skusInPart);
                final int location = random.nextInt(locations.size());
                writer.line(sources[location], ++seq, 1_000_000 + sku, codes[location], random.nextInt(5) == 0,
                    random.nextInt(21), System.currentTimeMillis());
            }
            lastPost = now;
            lines += n;
            sent.addAndGet(n);
            try
            {
                if (null == connection)
                {
                    connection = new BlockingHttpConnection(address, 10_000);
                }
                final BlockingHttpConnection.Response response = connection.post(PATH, "application/x-ndjson", writer.bytes(),
                    writer.length());
                if (202 != response.status())
                {
                    failures.incrementAndGet();
                    lastFailure = "HTTP " + response.status() + ": " + response.text();
                    continue;
                }
                final String text = response.text();
                accepted.addAndGet(field(text, "\"accepted\":"));
                ignored.addAndGet(field(text, "\"ignored\":"));
                rejected.addAndGet(count(text, "\"line\":"));
                posts.incrementAndGet();
            }
            catch (final IOException | RuntimeException ex)
            {
                failures.incrementAndGet();
                lastFailure = ex.toString();
                closeQuietly(connection);
                connection = null;
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
        closeQuietly(connection);
    }

    private static long field(final String json, final String name)
    {
        final int at = json.indexOf(name);
        if (at < 0)
        {
            return 0;
        }
        long value = 0;
        for (int i = at + name.length(); i < json.length() && Character.isDigit(json.charAt(i)); i++)
        {
            value = value * 10 + json.charAt(i) - '0';
        }
        return value;
    }

    private static long count(final String text, final String needle)
    {
        long count = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1))
        {
            count++;
        }
        return count;
    }

    private static void closeQuietly(final BlockingHttpConnection connection)
    {
        if (null != connection)
        {
            try
            {
                connection.close();
            }
            catch (final IOException ex)
            {
                // Closing a broken connection: nothing left to do.
            }
        }
    }

    /** Writes NDJSON change lines as ASCII into one growing buffer, without allocating per line. */
    static final class LineWriter
    {
        private static final byte[] SOURCE = "{\"source\":\"".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] SEQ = "\",\"seq\":".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] SKU = ",\"sku\":\"".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] LOCATION = "\",\"location\":\"".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] ON_HAND = "\",\"onHand\":".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] SOLD_ONE = "\",\"delta\":-1".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] TS = ",\"ts\":".getBytes(StandardCharsets.US_ASCII);
        private static final int LINE_MAX = 160;

        private byte[] buffer;
        private int length;

        LineWriter(final int lines)
        {
            buffer = new byte[lines * LINE_MAX];
        }

        void reset()
        {
            length = 0;
        }

        byte[] bytes()
        {
            return buffer;
        }

        int length()
        {
            return length;
        }

        void line(
            final byte[] source, final long seq, final int sku, final byte[] location, final boolean soldOne, final int onHand,
            final long tsMillis)
        {
            if (length + LINE_MAX > buffer.length)
            {
                buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
            }
            put(SOURCE);
            put(source);
            put(SEQ);
            number(seq);
            put(SKU);
            number(sku);
            put(LOCATION);
            put(location);
            if (soldOne)
            {
                put(SOLD_ONE);
            }
            else
            {
                put(ON_HAND);
                number(onHand);
            }
            put(TS);
            number(tsMillis);
            buffer[length++] = '}';
            buffer[length++] = '\n';
        }

        private void put(final byte[] bytes)
        {
            System.arraycopy(bytes, 0, buffer, length, bytes.length);
            length += bytes.length;
        }

        private void number(final long value)
        {
            int digits = 1;
            for (long rest = value / 10; rest > 0; rest /= 10)
            {
                digits++;
            }
            long rest = value;
            for (int i = length + digits - 1; i >= length; i--)
            {
                buffer[i] = (byte)('0' + rest % 10);
                rest /= 10;
            }
            length += digits;
        }
    }
}
