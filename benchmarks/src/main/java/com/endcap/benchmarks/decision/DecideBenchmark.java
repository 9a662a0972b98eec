package com.endcap.benchmarks.decision;

import com.endcap.bidder.decision.AdDecision;
import com.endcap.bidder.decision.DecisionEngine;
import com.endcap.bidder.decision.DecisionRequest;
import com.endcap.bidder.decision.DecisionResult;
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
 * One {@link DecisionEngine#decide} of one placement over a retailer-sized world
 * ({@link RetailerFixture}): {@value RetailerFixture#ADS} ads of which
 * {@value RetailerFixture#CANDIDATES} compete for the slot, {@value RetailerFixture#SKUS} skus,
 * 200 locations, shoppers with {@value RetailerFixture#SEGMENTS_PER_USER} segments, and stock in
 * the real store (the writer's {@code AvailabilityIndex}), wired as the server wires it.
 * <p>
 * Each call takes the next of {@value #REQUESTS} pre-built requests (different shoppers, stores,
 * positions, page categories, carts), so no single path stays hot in the caches and branch
 * predictors. Each thread decides into its own {@link DecisionResult}, as server threads do.
 * <p>
 * Modes: {@link #decide} reports the average (ns/op); {@link #decideLatency} samples each call
 * for the percentiles (µs). Run {@code -prof gc} for {@code gc.alloc.rate.norm}. Targets (issue):
 * average at most 3 µs, p99 at most 10 µs, 0 B/op.
 */
@State(Scope.Benchmark)
@Fork(2)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
public class DecideBenchmark
{
    /** Pre-built requests per trial, a power of two. */
    static final int REQUESTS = 1 << 12;

    /** Ads wanted by the placement. */
    @Param({ "3" })
    public int count;

    /**
     * {@code mixed}: a quarter of the ads advertise a whole category (256 products after the
     * index narrows it), the rest 1 to 20 skus; {@code skus}: every ad lists 1 to 20 skus.
     */
    @Param({ "mixed", "skus" })
    public String productSets;

    private RetailerFixture fixture;
    private DecisionEngine engine;
    private DecisionRequest[] requests;

    /** Per-thread result holder and cursor over the requests. */
    @State(Scope.Thread)
    public static class Caller
    {
        final DecisionResult result = new DecisionResult();
        int next;

        /**
         * Starts each thread at its own place in the requests.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            next = ThreadLocalRandom.current().nextInt(REQUESTS);
        }
    }

    /**
     * Builds the retailer, fills its stock store and draws the requests.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        switch (productSets)
        {
            case "mixed":
            case "skus":
                break;
            default:
                throw new IllegalArgumentException("productSets must be mixed or skus, got " + productSets);
        }
        fixture = RetailerFixture.build(42, "mixed".equals(productSets));
        engine = fixture.engine();
        requests = fixture.requests(REQUESTS, count, 7);
        fixture.printSummary(System.out, requests);
    }

    /**
     * Closes the store and deletes its directory.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        fixture.close();
    }

    /**
     * One decide, averaged.
     *
     * @param caller the thread's result and cursor.
     * @return a digest of the winners, so the decision cannot be optimised away.
     */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public long decide(final Caller caller)
    {
        return decideNext(caller);
    }

    /**
     * One decide, each call timed (p50 … p99.99, max).
     *
     * @param caller the thread's result and cursor.
     * @return a digest of the winners, so the decision cannot be optimised away.
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long decideLatency(final Caller caller)
    {
        return decideNext(caller);
    }

    private long decideNext(final Caller caller)
    {
        final int i = caller.next;
        caller.next = (i + 1) & (REQUESTS - 1);
        final DecisionResult result = caller.result;
        engine.decide(requests[i], result);
        final int winners = result.winnerCount(0);
        long digest = winners;
        for (int k = 0; k < winners; k++)
        {
            final AdDecision winner = result.winner(0, k);
            digest = digest * 31 + winner.product().skuId() + winner.units();
        }
        return digest;
    }
}
