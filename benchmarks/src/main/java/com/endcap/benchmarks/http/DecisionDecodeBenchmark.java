package com.endcap.benchmarks.http;

import com.endcap.bidder.decision.DecisionRequest;
import com.endcap.server.admin.InvalidInputException;
import com.endcap.server.json.DecisionRequestDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
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

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One {@link DecisionRequestDecoder#decode(ByteBuf, DecisionRequest)} of a {@code POST /v1/decisions}
 * body into a reused {@link DecisionRequest}, as {@code DecisionHandler} calls it: the body in a
 * direct buffer (what the aggregator hands the handler), copied into the decoder's scratch array,
 * parsed with Jackson's streaming parser.
 * <p>
 * Each call takes the next of {@value #BODIES} pre-built bodies ({@link HttpWorld#bodies}: two
 * placements, shoppers with and without keys, page segments, stores, positions, regions,
 * categories, keywords, cart skus), 364 bytes on average. No store is built. Each thread has its
 * own decoder and request, as each event loop does.
 * <p>
 * Run {@code -prof gc} for {@code gc.alloc.rate.norm}: the decode's share of the issue's
 * 200 B/request budget.
 */
@State(Scope.Benchmark)
@Fork(2)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DecisionDecodeBenchmark
{
    /** Pre-built bodies, a power of two. */
    static final int BODIES = 1 << 9;

    /** Whose user, sku and store ranges the bodies draw from: {@code medium} or {@code small}. */
    @Param({ "medium" })
    public String world;

    private ByteBuf[] bodies;

    /** Per-thread decoder, request and cursor. */
    @State(Scope.Thread)
    public static class Caller
    {
        final DecisionRequestDecoder decoder = new DecisionRequestDecoder();
        final DecisionRequest request = new DecisionRequest();
        int next;

        /**
         * Starts each thread at its own place in the bodies.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            next = ThreadLocalRandom.current().nextInt(BODIES);
        }
    }

    /**
     * Builds the bodies into direct buffers and checks that each decodes.
     *
     * @throws InvalidInputException when a generated body does not decode (a bug here).
     */
    @Setup(Level.Trial)
    public void setUp() throws InvalidInputException
    {
        final HttpWorld.Size size = HttpWorld.Size.of(world);
        final byte[][] raw = HttpWorld.bodies(size, HttpWorld.locations(size, 42), BODIES, 7);
        final DecisionRequestDecoder decoder = new DecisionRequestDecoder();
        final DecisionRequest request = new DecisionRequest();
        bodies = new ByteBuf[BODIES];
        long bytes = 0;
        for (int i = 0; i < BODIES; i++)
        {
            bodies[i] = Unpooled.directBuffer(raw[i].length).writeBytes(raw[i]);
            decoder.decode(bodies[i], request);
            bytes += raw[i].length;
        }
        System.out.printf("# endcap-http decode: %d bodies, %.0f B avg%n", BODIES, (double)bytes / BODIES);
    }

    /**
     * Releases the bodies.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        for (final ByteBuf body : bodies)
        {
            body.release();
        }
    }

    /**
     * One decode.
     *
     * @param caller the thread's decoder, request and cursor.
     * @return a digest of the decoded request, so the decode cannot be optimised away.
     * @throws InvalidInputException never for these bodies.
     */
    @Benchmark
    public long decode(final Caller caller) throws InvalidInputException
    {
        final int i = caller.next;
        caller.next = (i + 1) & (BODIES - 1);
        final DecisionRequest request = caller.request;
        caller.decoder.decode(bodies[i], request);
        long digest = request.placementCount();
        digest = digest * 31 + request.segmentCount();
        digest = digest * 31 + request.cartSkuCount();
        digest = digest * 31 + request.keywordCount();
        digest = digest * 31 + (request.hasGeo() ? Double.doubleToRawLongBits(request.lat()) : 0);
        digest = digest * 31 + (null == request.userKey() ? 0 : request.userKey().length());
        return digest;
    }
}
