package com.endcap.benchmarks.http;

import com.endcap.bidder.decision.DecisionResult;
import com.endcap.server.json.DecisionResponseEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One {@link DecisionResponseEncoder#encode} of a decided {@link DecisionResult} into a reused
 * pooled buffer (cleared each call), after a {@link DecisionResponseEncoder#newRequestId}, as
 * {@code DecisionHandler} does it: two placements with 3 and 2 ads, each ad's product, availability,
 * creative and pricing, and its impression, viewable and click URLs with the event token signed
 * (HMAC-SHA256) per ad and absolute under {@value HttpWorld#PUBLIC_BASE_URL}.
 * <p>
 * The results are decided at setup by a real engine over a {@link HttpWorld.Size#SMALL} world
 * (the encoder reads only the result, so the world's size does not matter here); only results that
 * fill both placements completely are kept, and each call takes the next of {@value #RESULTS}.
 * Each thread has its own encoder and buffer, as each event loop has. Bodies average 5.9 KB.
 * <p>
 * Run {@code -prof gc} for {@code gc.alloc.rate.norm}: the encode's share of the issue's
 * 200 B/request budget.
 */
@State(Scope.Benchmark)
@Fork(2)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DecisionEncodeBenchmark
{
    /** Pre-decided results, a power of two. */
    static final int RESULTS = 1 << 8;

    /** The world the results are decided over: {@code small} or {@code medium}. */
    @Param({ "small" })
    public String world;

    private HttpWorld fixture;
    private DecisionResult[] results;

    /** Per-thread encoder, buffer and cursor. */
    @State(Scope.Thread)
    public static class Caller
    {
        DecisionResponseEncoder encoder;
        ByteBuf out;
        long requests;
        int next;

        /**
         * Builds the thread's encoder over the world's signer and takes a pooled buffer.
         *
         * @param bench the benchmark's state, set up first.
         */
        @Setup(Level.Trial)
        public void setUp(final DecisionEncodeBenchmark bench)
        {
            encoder = new DecisionResponseEncoder(bench.fixture.tokens(), HttpWorld.TOKEN_TTL_SECONDS, HttpWorld.PUBLIC_BASE_URL);
            out = ByteBufAllocator.DEFAULT.buffer(16 * 1024);
            next = ThreadLocalRandom.current().nextInt(RESULTS);
            requests = ThreadLocalRandom.current().nextLong();
        }

        /**
         * Releases the buffer.
         */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            out.release();
        }
    }

    /**
     * Builds the world and decides the results.
     *
     * @throws IOException when a result does not encode (a bug here).
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        fixture = HttpWorld.build(HttpWorld.Size.of(world), 42);
        final byte[][] bodies = HttpWorld.bodies(HttpWorld.Size.of(world), fixture.locations(), 4 * RESULTS, 7);
        fixture.printSummary(System.out, bodies);
        results = fixture.fullResults(bodies, RESULTS);

        final DecisionResponseEncoder encoder =
            new DecisionResponseEncoder(fixture.tokens(), HttpWorld.TOKEN_TTL_SECONDS, HttpWorld.PUBLIC_BASE_URL);
        final ByteBuf out = ByteBufAllocator.DEFAULT.buffer(16 * 1024);
        long bytes = 0;
        for (final DecisionResult result : results)
        {
            out.clear();
            encoder.newRequestId(1, 2);
            encoder.encode(result, out);
            bytes += out.readableBytes();
        }
        out.release();
        System.out.printf("# endcap-http encode: %d results of %d + %d ads, response body %.0f B avg; allocator %s%n",
            RESULTS, HttpWorld.SIDEBAR_COUNT, HttpWorld.CARD_COUNT, (double)bytes / RESULTS,
            ByteBufAllocator.DEFAULT.getClass().getSimpleName());
    }

    /**
     * Closes the world's store and deletes its directory.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        fixture.close();
    }

    /**
     * One encode.
     *
     * @param caller the thread's encoder, buffer and cursor.
     * @return bytes written, so the encode cannot be optimised away.
     * @throws IOException from the generator (not expected for a buffer).
     */
    @Benchmark
    public int encode(final Caller caller) throws IOException
    {
        final int i = caller.next;
        caller.next = (i + 1) & (RESULTS - 1);
        final long id = ++caller.requests;
        final ByteBuf out = caller.out;
        out.clear();
        caller.encoder.newRequestId(id, id * 0x9E37_79B9_7F4A_7C15L);
        caller.encoder.encode(results[i], out);
        return out.writerIndex();
    }
}
