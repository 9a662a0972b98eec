package com.endcap.benchmarks.stock;

import com.endcap.inventory.InventoryStore;
import com.endcap.inventory.apply.ApplyResult;
import com.endcap.inventory.apply.ChangeBatch;
import com.endcap.inventory.apply.InventoryProxy;
import com.endcap.inventory.apply.StockWriterAgent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Apply rate of the single stock writer over a store already holding {@code entries} records:
 * sequenced, absolute changes from one source to random existing (sku, location)s, in batches of
 * {@value StockFixture#BATCH}. Target (issue): at least 1M changes/s on the writer thread at 10M
 * entries. Scores are changes per second ({@link OperationsPerInvocation}).
 * <p>
 * The writer runs without its thread ({@code withWriterThread(false)}) and the benchmark thread
 * drives its duty cycle by hand, so the score is one thread's work with no hand-off wait:
 * <ul>
 *     <li>{@link #submitAndApply}: the producer's {@code proxy.submit} (encoding into the ring
 *     buffer) plus the agent draining and applying it: the whole pipeline's cost per change.</li>
 *     <li>{@link #applyOnly}: the batch is submitted before the invocation (untimed), so only the
 *     agent's work is timed: decode, Chronicle update under its segment lock, hot index put,
 *     counters and lag histogram, and the acknowledgement.</li>
 * </ul>
 * Filling the {@link ChangeBatch} is the producer's work and happens outside the timed region.
 * Every change carries a new, higher seq, so none is ignored as a replay (checked each
 * iteration).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
public class InventoryApplyBenchmark
{
    /** (sku, location) records in the store before the changes (all changes hit existing ones). */
    @Param({ "10000000" })
    public long entries;

    private StockFixture fixture;
    private InventoryProxy proxy;
    private StockWriterAgent agent;
    private SplittableRandom random;
    private long nextSeq;

    /** A batch of fresh changes, filled before each invocation. */
    @State(Scope.Thread)
    public static class FilledBatch
    {
        final ChangeBatch batch = new ChangeBatch();

        /**
         * Fills the next batch.
         *
         * @param benchmark the store's state.
         */
        @Setup(Level.Invocation)
        public void fill(final InventoryApplyBenchmark benchmark)
        {
            benchmark.fill(batch);
        }
    }

    /** A batch of fresh changes, filled and handed to the proxy before each invocation. */
    @State(Scope.Thread)
    public static class SubmittedBatch
    {
        final ChangeBatch batch = new ChangeBatch();
        CompletableFuture<ApplyResult> pending;

        /**
         * Fills the next batch and writes it into the ring buffer.
         *
         * @param benchmark the store's state.
         */
        @Setup(Level.Invocation)
        public void submit(final InventoryApplyBenchmark benchmark)
        {
            benchmark.fill(batch);
            pending = benchmark.proxy.submit(batch);
        }
    }

    /**
     * Fills a fresh store with {@code entries} records.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        fixture = StockFixture.populate(entries, 42);
        fixture.printFootprint(System.out);
        final InventoryStore store = fixture.store();
        proxy = store.proxy();
        agent = store.writerAgent();
        random = new SplittableRandom(11);
        nextSeq = 2;
    }

    /**
     * Fails the run if any change was ignored: the score would not be an apply rate.
     */
    @TearDown(Level.Iteration)
    public void checkNothingIgnored()
    {
        final long ignored = fixture.store().counters().ignored();
        if (ignored != 0)
        {
            throw new IllegalStateException(ignored + " changes were ignored as replays; the benchmark must only apply");
        }
    }

    /**
     * Closes the store and deletes its directory.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        final InventoryStore store = fixture.store();
        System.out.printf("# endcap-apply applied=%d ignored=%d records=%d%n",
            store.counters().applied(), store.counters().ignored(), store.records().size());
        fixture.close();
    }

    /**
     * Producer encode plus writer apply of one batch, on this thread.
     *
     * @param filled the batch to submit.
     * @return changes applied.
     */
    @Benchmark
    @OperationsPerInvocation(StockFixture.BATCH)
    public int submitAndApply(final FilledBatch filled)
    {
        return StockFixture.drain(agent, proxy.submit(filled.batch)).applied();
    }

    /**
     * Writer apply of one batch already in the ring buffer.
     *
     * @param submitted the batch's acknowledgement.
     * @return changes applied.
     */
    @Benchmark
    @OperationsPerInvocation(StockFixture.BATCH)
    public int applyOnly(final SubmittedBatch submitted)
    {
        return StockFixture.drain(agent, submitted.pending).applied();
    }

    void fill(final ChangeBatch batch)
    {
        batch.clear();
        final int sourceId = fixture.sourceId();
        final int skuCount = fixture.skuCount();
        final long tsMillis = StockFixture.BASE_MILLIS + nextSeq;
        for (int i = 0; i < StockFixture.BATCH; i++)
        {
            batch.addAbsolute(
                0, random.nextInt(skuCount), random.nextInt(StockFixture.LOCATIONS), sourceId, nextSeq++, tsMillis,
                random.nextInt(21), ChangeBatch.ABSENT, ChangeBatch.ABSENT);
        }
    }
}
