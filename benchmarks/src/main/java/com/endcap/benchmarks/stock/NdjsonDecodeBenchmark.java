package com.endcap.benchmarks.stock;

import com.endcap.inventory.apply.ChangeBatch;
import com.endcap.inventory.feed.DecodeResult;
import com.endcap.inventory.feed.NdjsonChangeDecoder;
import com.endcap.inventory.ids.IdDictionary;
import org.agrona.concurrent.CachedEpochClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One {@link NdjsonChangeDecoder#decode(byte[], int, int, ChangeBatch)} of a
 * {@code POST /v1/inventory/changes} body of {@value #LINES} lines into a reused {@link ChangeBatch},
 * as {@code InventoryIngest.applyChanges} calls it on an ingest thread. Scores and
 * {@code gc.alloc.rate.norm} are per line ({@link OperationsPerInvocation}).
 * <p>
 * The bodies are what the load harness's change feeder sends: point-of-sale changes of random
 * (sku, location)s of a retailer with {@value #SKUS} skus and {@value #LOCATIONS} locations, each
 * from its location's source {@code pos-<code>}, with a rising {@code seq} and a {@code ts}; 4 in 5
 * set {@code onHand}, 1 in 5 sell one unit ({@code delta: -1}), and 1 in 10 also give
 * {@code reserved}. Every id is known to the dictionaries before the measurement (the steady state
 * of a running store: new skus and locations are rare). Each call takes the next of
 * {@value #BODIES} pre-built bodies. No store is built: the dictionaries are files in a temp dir.
 * <p>
 * {@link #main} runs the same decode timed by the thread's CPU time instead of the wall clock, to
 * compare two builds on a shared box ({@code DecideCpu} explains why):
 * {@code java $(unzip -p benchmarks/target/benchmarks.jar endcap-jvm.options) -Xms2g -Xmx2g -cp
 * benchmarks/target/benchmarks.jar com.endcap.benchmarks.stock.NdjsonDecodeBenchmark [rounds]}.
 */
@State(Scope.Benchmark)
@Fork(2)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(NdjsonDecodeBenchmark.LINES)
public class NdjsonDecodeBenchmark
{
    /** Lines per body. */
    static final int LINES = 1_000;
    /** Pre-built bodies, a power of two. */
    static final int BODIES = 1 << 4;
    /** Distinct skus the changes draw from. */
    static final int SKUS = 50_000;
    /** Distinct locations (and sources, one per location). */
    static final int LOCATIONS = 200;

    private static final long NOW = 1_763_900_000_000L;

    private final ChangeBatch batch = new ChangeBatch();
    private Path dir;
    private IdDictionary skus;
    private IdDictionary locations;
    private IdDictionary sources;
    private NdjsonChangeDecoder decoder;
    private byte[][] bodies;
    private int next;

    /**
     * Builds the bodies, and decodes each once so every id is interned.
     *
     * @throws IOException when the temp dir cannot be made.
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        dir = Files.createTempDirectory("endcap-ndjson-bench");
        skus = IdDictionary.openWritable(dir.resolve("skus.ids"));
        locations = IdDictionary.openWritable(dir.resolve("locations.ids"));
        sources = IdDictionary.openWritable(dir.resolve("sources.ids"));
        final CachedEpochClock clock = new CachedEpochClock();
        clock.update(NOW);
        decoder = new NdjsonChangeDecoder(skus, locations, sources, clock);

        final SplittableRandom random = new SplittableRandom(42);
        bodies = new byte[BODIES][];
        long seq = 1_000_000;
        long bytes = 0;
        for (int b = 0; b < BODIES; b++)
        {
            final StringBuilder body = new StringBuilder(LINES * 128);
            for (int i = 0; i < LINES; i++)
            {
                final int location = random.nextInt(LOCATIONS);
                final String code = location < LOCATIONS - 5 ? String.format("S%03d", location + 1) :
                    String.format("W%03d", location - (LOCATIONS - 5) + 1);
                body.append("{\"source\":\"pos-").append(code)
                    .append("\",\"seq\":").append(++seq)
                    .append(",\"sku\":\"").append(1_000_000 + random.nextInt(SKUS))
                    .append("\",\"location\":\"").append(code).append('"');
                if (random.nextInt(5) == 0)
                {
                    body.append(",\"delta\":-1");
                }
                else
                {
                    body.append(",\"onHand\":").append(random.nextInt(21));
                }
                if (random.nextInt(10) == 0)
                {
                    body.append(",\"reserved\":").append(random.nextInt(3));
                }
                body.append(",\"ts\":").append(NOW - random.nextInt(60_000)).append("}\n");
            }
            bodies[b] = body.toString().getBytes(StandardCharsets.US_ASCII);
            bytes += bodies[b].length;
            final DecodeResult result = decoder.decode(bodies[b], 0, bodies[b].length, batch.clear());
            if (result.decoded() != LINES)
            {
                throw new IllegalStateException("a generated body did not decode: " + result.rejected());
            }
        }
        System.out.printf("# endcap-ndjson decode: %d bodies of %d lines, %.1f B/line, %d skus, %d locations known%n",
            BODIES, LINES, (double)bytes / (BODIES * LINES), skus.size(), locations.size());
    }

    /**
     * Closes the dictionaries and deletes their directory.
     *
     * @throws IOException when the directory cannot be deleted.
     */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException
    {
        skus.close();
        locations.close();
        sources.close();
        try (Stream<Path> files = Files.walk(dir))
        {
            files.sorted(Comparator.reverseOrder()).forEach(path ->
            {
                try
                {
                    Files.delete(path);
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
            });
        }
    }

    /**
     * One body decoded into the cleared batch.
     *
     * @return a digest of the batch, so the decode cannot be optimised away.
     */
    @Benchmark
    public long decode()
    {
        final int i = next;
        next = (i + 1) & (BODIES - 1);
        final byte[] body = bodies[i];
        final DecodeResult result = decoder.decode(body, 0, body.length, batch.clear());
        final int last = batch.size() - 1;
        return result.decoded() * 31L + batch.skuId(last) + batch.seq(last) + batch.quantity(last);
    }

    /**
     * Rounds of {@value #BODIES_PER_ROUND} decodes timed by the thread's CPU time: prints CPU ns and
     * allocated bytes per line for each round, then the medians of the second half (the first half
     * is JIT warmup).
     *
     * @param args optionally the number of rounds (30).
     * @throws IOException when the temp dir cannot be made or deleted.
     */
    public static void main(final String[] args) throws IOException
    {
        final int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final com.sun.management.ThreadMXBean allocation = (com.sun.management.ThreadMXBean)threads;
        final long self = Thread.currentThread().getId();
        final NdjsonDecodeBenchmark target = new NdjsonDecodeBenchmark();
        target.setUp();
        try
        {
            final double[] nanos = new double[rounds];
            final double[] bytes = new double[rounds];
            long digest = 0;
            for (int r = 0; r < rounds; r++)
            {
                final long bytesBefore = allocation.getThreadAllocatedBytes(self);
                final long cpuBefore = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < BODIES_PER_ROUND; i++)
                {
                    digest += target.decode();
                }
                nanos[r] = (double)(threads.getCurrentThreadCpuTime() - cpuBefore) / (BODIES_PER_ROUND * LINES);
                bytes[r] = (double)(allocation.getThreadAllocatedBytes(self) - bytesBefore) / (BODIES_PER_ROUND * LINES);
                System.out.printf("round %2d: %7.1f CPU ns/line, %8.2f B/line%n", r + 1, nanos[r], bytes[r]);
            }
            System.out.printf("median of rounds %d-%d: %.1f CPU ns/line, %.2f B/line (digest %d)%n",
                rounds / 2 + 1, rounds, median(nanos, rounds / 2), median(bytes, rounds / 2), digest);
        }
        finally
        {
            target.tearDown();
        }
    }

    private static final int BODIES_PER_ROUND = 200;

    private static double median(final double[] values, final int from)
    {
        final double[] tail = Arrays.copyOfRange(values, from, values.length);
        Arrays.sort(tail);
        return tail[tail.length / 2];
    }
}
