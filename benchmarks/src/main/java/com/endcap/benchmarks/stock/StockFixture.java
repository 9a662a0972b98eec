package com.endcap.benchmarks.stock;

import com.endcap.inventory.InventoryConfig;
import com.endcap.inventory.InventoryStore;
import com.endcap.inventory.apply.ApplyResult;
import com.endcap.inventory.apply.ChangeBatch;
import com.endcap.inventory.apply.StockWriterAgent;
import com.endcap.inventory.store.ChronicleStockStore;
import org.agrona.IoUtil;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A stock store filled for one benchmark trial: a fresh temp data directory holding
 * {@code skuCount × LOCATIONS} records, every one written the production way (a
 * {@link ChangeBatch} through the writer's proxy, applied by its agent, driven by hand on the
 * calling thread). {@link #close()} closes the store and deletes the directory.
 * <p>
 * Record values: on hand uniform in 0..20 (about 5% of records at zero), no reservations or
 * safety stock, random attribute bits, last changed within the 24 hours before
 * {@link #BASE_MILLIS}. Only the one source id is interned: the benchmarks address skus and
 * locations by dense id, as the decision path does, so the sku and location dictionaries stay
 * empty.
 * <p>
 * Not thread-safe: a trial's setup thread creates it and the benchmark thread drives the writer.
 */
final class StockFixture implements AutoCloseable
{
    /** Locations per catalogue: entries = skus × 100 (100k skus × 100 stores at 10M entries). */
    static final int LOCATIONS = 100;
    /** The fixture's "now": 2026-01-01T00:00:00Z. Records changed in the day before it. */
    static final long BASE_MILLIS = 1_767_225_600_000L;
    /** The filter's freshness cut-off: records changed in the last 20 hours qualify (~83%). */
    static final long FRESH_SINCE_EPOCH_SECOND = BASE_MILLIS / 1000 - TimeUnit.HOURS.toSeconds(20);
    /** Changes per batch handed to the proxy; fits the default 4 MiB ring buffer many times. */
    static final int BATCH = 8192;
    /** The one source every change comes from. */
    static final String SOURCE = "bench-feed";

    private static final String FOOTPRINT_PREFIX = "# endcap-footprint ";

    private final Path dataDir;
    private final InventoryConfig config;
    private final int skuCount;
    private final int sourceId;
    private InventoryStore store;
    private long populateNanos;
    private long writerHeapBytes;

    private StockFixture(final Path dataDir, final InventoryConfig config, final int skuCount)
    {
        this.dataDir = dataDir;
        this.config = config;
        this.skuCount = skuCount;
        this.store = InventoryStore.openWriter(config);
        this.sourceId = store.sources().intern(SOURCE);
    }

    /**
     * Creates a temp data directory, opens it as the writer (no writer thread) and fills it.
     *
     * @param entries records wanted, a multiple of {@link #LOCATIONS}.
     * @param seed    seed of the record values.
     * @return the fixture, its store open as the writer.
     */
    static StockFixture populate(final long entries, final long seed)
    {
        if (entries < LOCATIONS || entries % LOCATIONS != 0 || entries / LOCATIONS > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("entries must be a positive multiple of " + LOCATIONS + ", got " + entries);
        }

        final long heapBefore = usedHeapAfterGc();
        final Path dir;
        try
        {
            dir = Files.createTempDirectory("endcap-bench-");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create a temp data directory", ex);
        }
        final InventoryConfig config = InventoryConfig.defaults(dir).withMaxEntries(entries).withWriterThread(false);

        final long startNs = System.nanoTime();
        final StockFixture fixture = new StockFixture(dir, config, (int)(entries / LOCATIONS));
        fixture.fill(new SplittableRandom(seed));
        fixture.populateNanos = System.nanoTime() - startNs;
        fixture.writerHeapBytes = usedHeapAfterGc() - heapBefore;

        return fixture;
    }

    /**
     * Applies a batch on the calling thread: hands it to the proxy, then runs the writer's duty
     * cycle until the batch is acknowledged.
     *
     * @param store a writer opened without a writer thread.
     * @param batch the changes; must fit the ring buffer.
     * @return what the writer did.
     */
    static ApplyResult applyOnThisThread(final InventoryStore store, final ChangeBatch batch)
    {
        return drain(store.writerAgent(), store.proxy().submit(batch));
    }

    /**
     * Runs the writer's duty cycle until {@code pending} is acknowledged.
     *
     * @param agent   the writer agent of the store that accepted the batch.
     * @param pending the batch's acknowledgement.
     * @return what the writer did.
     */
    static ApplyResult drain(final StockWriterAgent agent, final CompletableFuture<ApplyResult> pending)
    {
        while (!pending.isDone())
        {
            agent.doWork();
        }
        return pending.join();
    }

    /**
     * @return the store: the writer, or the reader after {@link #reopenAsReader()}.
     */
    InventoryStore store()
    {
        return store;
    }

    /**
     * @return the id of {@link #SOURCE}.
     */
    int sourceId()
    {
        return sourceId;
    }

    /**
     * @return skus in the catalogue (ids {@code 0 .. skuCount - 1}).
     */
    int skuCount()
    {
        return skuCount;
    }

    /**
     * Closes the writer (cleanly, as a deploy would) and opens the directory as a reader
     * process does: its {@code stockView()} then probes the Chronicle file directly.
     */
    void reopenAsReader()
    {
        store.close();
        store = InventoryStore.openReader(config);
    }

    /**
     * Prints the store's footprint as {@code # endcap-footprint} lines (JMH copies a fork's
     * output to the console). Call while the store is the populated writer.
     *
     * @param out where to print.
     */
    void printFootprint(final PrintStream out)
    {
        final long size = store.records().size();
        final long offHeap = store.records().offHeapMemoryUsed();
        final long index = store.indexFootprintBytes();
        final Path stockFile = dataDir.resolve(ChronicleStockStore.STOCK_FILE);
        final Path seqFile = dataDir.resolve(ChronicleStockStore.SEQ_FILE);
        final double seconds = populateNanos / 1e9;

        out.printf("%sentries=%d populate=%.1fs (%.0f inserts/s through proxy+agent, incl. file creation)%n",
            FOOTPRINT_PREFIX, size, seconds, size / seconds);
        out.printf("%schronicle offHeapMemoryUsed=%d B = %.1f B/entry%n", FOOTPRINT_PREFIX, offHeap, (double)offHeap / size);
        out.printf("%sindex footprintBytes=%d B = %.1f B/entry%n", FOOTPRINT_PREFIX, index, (double)index / size);
        out.printf("%swriter heap after GC (index + per-location sku sets + rest)=%d B = %.1f B/entry%n",
            FOOTPRINT_PREFIX, writerHeapBytes, (double)writerHeapBytes / size);
        printFileSize(out, stockFile, size);
        printFileSize(out, seqFile, size);
    }

    public void close()
    {
        try
        {
            store.close();
        }
        finally
        {
            IoUtil.delete(dataDir.toFile(), true);
        }
    }

    private void fill(final SplittableRandom random)
    {
        final ChangeBatch batch = new ChangeBatch();
        final long entries = (long)skuCount * LOCATIONS;
        for (long i = 0; i < entries; i++)
        {
            final int skuId = (int)(i / LOCATIONS);
            final int locationId = (int)(i % LOCATIONS);
            final long tsMillis = BASE_MILLIS - TimeUnit.SECONDS.toMillis(random.nextInt(86_400));
            batch.addAbsolute(0, skuId, locationId, sourceId, 1, tsMillis, random.nextInt(21), ChangeBatch.ABSENT, ChangeBatch.ABSENT)
                .withAttributes(random.nextInt(128));
            if (batch.size() == BATCH)
            {
                applyFully(batch);
            }
        }
        if (batch.size() > 0)
        {
            applyFully(batch);
        }
    }

    private void applyFully(final ChangeBatch batch)
    {
        final ApplyResult result = applyOnThisThread(store, batch);
        if (result.applied() != batch.size())
        {
            throw new IllegalStateException("fixture batch of " + batch.size() + " applied as " + result);
        }
        batch.clear();
    }

    private static void printFileSize(final PrintStream out, final Path file, final long entries)
    {
        try
        {
            final long apparent = Files.size(file);
            final long allocated = allocatedBytes(file);
            out.printf("%s%s apparent=%d B (%.1f B/entry) allocated on disk=%s%n",
                FOOTPRINT_PREFIX, file.getFileName(), apparent, (double)apparent / entries,
                allocated < 0 ? "n/a" : String.format("%d B (%.1f B/entry)", allocated, (double)allocated / entries));
        }
        catch (final IOException ex)
        {
            out.printf("%s%s size unavailable: %s%n", FOOTPRINT_PREFIX, file.getFileName(), ex);
        }
    }

    /** Blocks the file system allocated (the map file is sparse), from {@code du}; -1 when unavailable. */
    private static long allocatedBytes(final Path file)
    {
        try
        {
            final Process du = new ProcessBuilder("du", "-B1", file.toString()).redirectErrorStream(true).start();
            final String output;
            try (InputStream in = du.getInputStream())
            {
                output = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            }
            if (!du.waitFor(10, TimeUnit.SECONDS) || du.exitValue() != 0)
            {
                return -1;
            }
            return Long.parseLong(output.trim().split("\\s+")[0]);
        }
        catch (final IOException | NumberFormatException ex)
        {
            return -1;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static long usedHeapAfterGc()
    {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
