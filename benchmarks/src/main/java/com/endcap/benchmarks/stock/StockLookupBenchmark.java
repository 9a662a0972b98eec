package com.endcap.benchmarks.stock;

import com.endcap.bidder.stock.StockLevel;
import com.endcap.bidder.stock.StockView;
import com.endcap.inventory.store.AvailabilityIndex;
import com.endcap.inventory.store.ChronicleStockView;
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

import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The decision path's stock reads through the {@link StockView} port: a point lookup
 * ({@link StockView#available}, {@link StockView#read}) and the candidate-availability query
 * ({@link StockView#filterAvailable} over {@value #CANDIDATES} candidates at one location).
 * <p>
 * {@code view=index}: the writer process's view, the in-heap {@link AvailabilityIndex}.
 * {@code view=chronicle}: a reader process's view, {@link ChronicleStockView} probing the mapped
 * Chronicle file (the writer is closed and the directory reopened as a reader).
 * <p>
 * Keys: {@value #KEYS} random (sku, location) pairs and {@value #CANDIDATE_SETS} random
 * candidate sets, walked in order, so the table is touched at random like live traffic and not
 * from cache; 10% of the skus drawn are not in the catalogue (misses). Targets (issue): 0 B/op
 * ({@code -prof gc}, {@code gc.alloc.rate.norm}); tens of ns per probe for the index.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
public class StockLookupBenchmark
{
    /** Candidates per filterAvailable call, as the decision sizes it. */
    public static final int CANDIDATES = 200;

    static final int KEYS = 1 << 20;
    static final int CANDIDATE_SETS = 1 << 12;

    /** (sku, location) records in the store: skus × {@value StockFixture#LOCATIONS} locations. */
    @Param({ "1000000", "10000000" })
    public long entries;

    /** {@code index}: writer process (hot index); {@code chronicle}: reader process (mapped file). */
    @Param({ "index", "chronicle" })
    public String view;

    private StockFixture fixture;
    private StockView stockView;
    private int[] skuIds;
    private int[] locationIds;
    private int[][] candidateSkuIds;
    private int[] candidateLocationIds;

    /** Per-thread cursor over the keys and the caller-owned holders the port writes into. */
    @State(Scope.Thread)
    public static class Probe
    {
        final StockLevel level = new StockLevel();
        final int[] positions = new int[CANDIDATES];
        int key;
        int candidateSet;

        /**
         * Starts each thread at its own place in the keys.
         */
        @Setup(Level.Trial)
        public void setUp()
        {
            key = ThreadLocalRandom.current().nextInt(KEYS);
            candidateSet = ThreadLocalRandom.current().nextInt(CANDIDATE_SETS);
        }
    }

    /**
     * Fills a fresh store and draws the keys.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        fixture = StockFixture.populate(entries, 42);
        fixture.printFootprint(System.out);
        switch (view)
        {
            case "index":
                break;
            case "chronicle":
                fixture.reopenAsReader();
                break;
            default:
                throw new IllegalArgumentException("view must be index or chronicle, got " + view);
        }
        stockView = fixture.store().stockView();
        final Class<?> expected = "index".equals(view) ? AvailabilityIndex.class : ChronicleStockView.class;
        if (!expected.isInstance(stockView))
        {
            throw new IllegalStateException("view=" + view + " expected " + expected.getSimpleName() + " but the store gave " +
                stockView.getClass().getName());
        }

        final SplittableRandom random = new SplittableRandom(7);
        final int skuBound = fixture.skuCount() + fixture.skuCount() / 9;
        skuIds = new int[KEYS];
        locationIds = new int[KEYS];
        for (int i = 0; i < KEYS; i++)
        {
            skuIds[i] = random.nextInt(skuBound);
            locationIds[i] = random.nextInt(StockFixture.LOCATIONS);
        }
        candidateSkuIds = new int[CANDIDATE_SETS][CANDIDATES];
        candidateLocationIds = new int[CANDIDATE_SETS];
        for (int i = 0; i < CANDIDATE_SETS; i++)
        {
            candidateLocationIds[i] = random.nextInt(StockFixture.LOCATIONS);
            for (int j = 0; j < CANDIDATES; j++)
            {
                candidateSkuIds[i][j] = random.nextInt(skuBound);
            }
        }
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
     * One point lookup: ATP of a (sku, location).
     *
     * @param probe the thread's cursor.
     * @return ATP units or {@link StockView#NO_RECORD}.
     */
    @Benchmark
    public int available(final Probe probe)
    {
        final int i = probe.key;
        probe.key = (i + 1) & (KEYS - 1);
        return stockView.available(skuIds[i], locationIds[i]);
    }

    /**
     * One point lookup of the full level into the caller's holder.
     *
     * @param probe the thread's cursor and holder.
     * @return ATP units, or {@link StockView#NO_RECORD} on a miss.
     */
    @Benchmark
    public int read(final Probe probe)
    {
        final int i = probe.key;
        probe.key = (i + 1) & (KEYS - 1);
        final StockLevel level = probe.level;
        return stockView.read(skuIds[i], locationIds[i], level) ? level.available() : StockView.NO_RECORD;
    }

    /**
     * The candidate-availability query over {@value #CANDIDATES} candidates at one location,
     * at least 1 unit, changed in the last 20 hours.
     *
     * @param probe the thread's cursor and output array.
     * @return how many candidates qualified (their positions are in {@code probe.positions}).
     */
    @Benchmark
    public int filterAvailable(final Probe probe)
    {
        final int set = probe.candidateSet;
        probe.candidateSet = (set + 1) & (CANDIDATE_SETS - 1);
        return stockView.filterAvailable(
            candidateLocationIds[set], candidateSkuIds[set], CANDIDATES, 1, StockFixture.FRESH_SINCE_EPOCH_SECOND, probe.positions);
    }
}
