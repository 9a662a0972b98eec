package com.endcap.inventory;

import com.endcap.bidder.stock.SellThroughView;
import com.endcap.bidder.stock.StockView;
import com.endcap.bidder.stock.StorePriceView;
import com.endcap.inventory.apply.InventoryCounters;
import com.endcap.inventory.apply.InventoryProxy;
import com.endcap.inventory.apply.StockWriter;
import com.endcap.inventory.apply.StockWriterAgent;
import com.endcap.inventory.ids.IdDictionary;
import com.endcap.inventory.location.LocationRegistry;
import com.endcap.inventory.store.AvailabilityIndex;
import com.endcap.inventory.store.ChronicleStockStore;
import com.endcap.inventory.store.ChronicleStockView;
import com.endcap.inventory.store.ChronicleStorePriceView;
import com.endcap.inventory.store.IndexRebuild;
import com.endcap.inventory.store.SellThroughIndex;
import com.endcap.inventory.store.StockRecord;
import org.agrona.CloseHelper;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.IntHashSet;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * The stock store of one data directory, opened either as its single writer or as a reader.
 * <p>
 * <b>Writer</b> ({@link #openWriter}): at most one process per directory (a file lock enforces
 * it). Owns the id dictionaries, the location registry, the Chronicle records, the hot
 * {@link AvailabilityIndex} rebuilt from the records at open, and the writer agent; producers
 * submit through {@link #proxy()}.
 * <p>
 * <b>Reader</b> ({@link #openReader}): any number of other processes on the host, reading the
 * same files while the writer runs; {@link #stockView()} probes the Chronicle records directly.
 * <p>
 * Files in the data directory: {@code stock.cm3}, {@code stock-seq.cm3}, {@code store-prices.cm3} (Chronicle Map),
 * {@code skus.ids}, {@code locations.ids}, {@code sources.ids} (append-only id dictionaries),
 * {@code locations.ndjson}, {@code writer.lock}, and {@code clean-shutdown} while no writer runs
 * after a clean close (its absence at open means the last writer crashed, and the Chronicle
 * files are opened in recovery mode, which releases locks a killed process held).
 */
public final class InventoryStore implements AutoCloseable
{
    /** Present while no writer runs, after a clean close. */
    public static final String CLEAN_MARKER = "clean-shutdown";
    private static final String LOCK_FILE = "writer.lock";

    private final InventoryConfig config;
    private final IdDictionary skus;
    private final IdDictionary locations;
    private final IdDictionary sources;
    private final LocationRegistry locationRegistry;
    private final ChronicleStockStore records;
    private final StockView stockView;
    private final StorePriceView storePrices;
    private final AvailabilityIndex index;
    private final SellThroughView sellThrough;
    private final InventoryCounters counters = new InventoryCounters();
    private final StockWriter writer;
    private final AgentRunner runner;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final boolean recovered;

    private InventoryStore(final InventoryConfig config, final boolean asWriter, final NanoClock nanoClock)
    {
        this.config = config.validate();
        final Path dir = config.dataDir();
        try
        {
            Files.createDirectories(dir);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create data directory " + dir, ex);
        }

        if (asWriter)
        {
            try
            {
                lockChannel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                lock = lockChannel.tryLock();
            }
            catch (final IOException | OverlappingFileLockException ex)
            {
                throw new IllegalStateException("cannot lock " + dir.resolve(LOCK_FILE), ex);
            }
            if (null == lock)
            {
                CloseHelper.quietClose(lockChannel);
                throw new IllegalStateException("another inventory writer holds " + dir + " (" + LOCK_FILE + " is locked)");
            }
            final java.util.ArrayDeque<AutoCloseable> opened = new java.util.ArrayDeque<>();
            try
            {
                recovered = Files.exists(dir.resolve(ChronicleStockStore.STOCK_FILE)) &&
                    !Files.exists(dir.resolve(CLEAN_MARKER));
                deleteMarker(dir);

                skus = IdDictionary.openWritable(dir.resolve("skus.ids"));
                opened.push(skus);
                locations = IdDictionary.openWritable(dir.resolve("locations.ids"));
                opened.push(locations);
                sources = IdDictionary.openWritable(dir.resolve("sources.ids"));
                opened.push(sources);
                records = ChronicleStockStore.open(dir, config.maxEntries(), recovered);
                opened.push(records);

                index = new AvailabilityIndex(
                    (int)Math.min(Integer.MAX_VALUE / 2, Math.max(config.maxEntries(), records.size())));
                final Int2ObjectHashMap<IntHashSet> skusByLocation = IndexRebuild.rebuild(records, index, locations.size());
                stockView = index;
                storePrices = records.indexPrices();
                final SellThroughIndex sellThroughIndex =
                    new SellThroughIndex(1 << 16, SellThroughIndex.DEFAULT_TAU_SECONDS, SystemEpochClock.INSTANCE);
                sellThrough = sellThroughIndex;

                final Runnable force = config.durability() == InventoryConfig.Durability.OS ? this::forceToDisk : null;
                writer = new StockWriter(
                    config.ringBufferBytes(), config.ackSlots(), TimeUnit.MILLISECONDS.toNanos(config.slotWaitMillis()),
                    records, index, sellThroughIndex, skusByLocation, counters, nanoClock, force);
                runner = config.startWriterThread() ?
                    new AgentRunner(
                        new BackoffIdleStrategy(64, 16, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(250)),
                        InventoryStore::onWriterError, null, writer.agent()) :
                    null;
                if (null != runner)
                {
                    AgentRunner.startOnThread(runner);
                }
            }
            catch (final RuntimeException | Error ex)
            {
                // Whatever opened before the failure is closed and the lock released, so the
                // caller (or the next process) can open the directory again.
                while (!opened.isEmpty())
                {
                    CloseHelper.quietClose(opened.pop());
                }
                CloseHelper.quietClose(lock);
                CloseHelper.quietClose(lockChannel);
                throw ex;
            }
        }
        else
        {
            lockChannel = null;
            lock = null;
            recovered = false;
            skus = IdDictionary.openReadOnly(dir.resolve("skus.ids"));
            locations = IdDictionary.openReadOnly(dir.resolve("locations.ids"));
            sources = IdDictionary.openReadOnly(dir.resolve("sources.ids"));
            records = ChronicleStockStore.open(dir, config.maxEntries(), false);
            index = null;
            stockView = new ChronicleStockView(records);
            storePrices = new ChronicleStorePriceView(records);
            sellThrough = SellThroughView.NONE;
            writer = null;
            runner = null;
        }
        locationRegistry = new LocationRegistry(dir, locations);
    }

    /**
     * Opens the directory as its one writer, starting the writer thread when configured.
     *
     * @param config store configuration.
     * @return the store.
     * @throws IllegalStateException when another process is the writer.
     */
    public static InventoryStore openWriter(final InventoryConfig config)
    {
        return new InventoryStore(config, true, new SystemNanoClock());
    }

    /**
     * Opens a directory another process writes, for reading.
     *
     * @param config store configuration (only {@code dataDir} and {@code maxEntries} matter).
     * @return the store.
     */
    public static InventoryStore openReader(final InventoryConfig config)
    {
        return new InventoryStore(config, false, new SystemNanoClock());
    }

    /**
     * @return recent sell-through for the oversell guard: the writer's estimate in the writer
     *         process, {@link SellThroughView#NONE} in a reader process (it sees no changes applied).
     */
    public SellThroughView sellThroughView()
    {
        return sellThrough;
    }

    /**
     * @return locations' own prices (from their snapshots) for the decision engine: the writer's
     *         in-heap {@link com.endcap.inventory.store.StorePriceIndex}, or the Chronicle map in a reader process.
     */
    public StorePriceView storePriceView()
    {
        return storePrices;
    }

    /**
     * @return the stock read port for the decision engine.
     */
    public StockView stockView()
    {
        return stockView;
    }

    /**
     * @return where producers submit changes and snapshots (writer only).
     * @throws IllegalStateException in a reader.
     */
    public InventoryProxy proxy()
    {
        requireWriter();
        return writer.proxy();
    }

    /**
     * @return the writer agent, to drive by hand when {@code startWriterThread} is false.
     */
    public StockWriterAgent writerAgent()
    {
        requireWriter();
        return writer.agent();
    }

    /**
     * @return sku ids.
     */
    public IdDictionary skus()
    {
        return skus;
    }

    /**
     * @return location ids.
     */
    public IdDictionary locations()
    {
        return locations;
    }

    /**
     * @return source ids.
     */
    public IdDictionary sources()
    {
        return sources;
    }

    /**
     * @return stores and warehouses.
     */
    public LocationRegistry locationRegistry()
    {
        return locationRegistry;
    }

    /**
     * @return the durable records (support reads, sizes).
     */
    public ChronicleStockStore records()
    {
        return records;
    }

    /**
     * @return pipeline counters.
     */
    public InventoryCounters counters()
    {
        return counters;
    }

    /**
     * @return the configuration the store was opened with.
     */
    public InventoryConfig config()
    {
        return config;
    }

    /**
     * @return true when this writer found the previous writer had not closed cleanly.
     */
    public boolean recovered()
    {
        return recovered;
    }

    /**
     * @return heap bytes of the hot index (writer), 0 in a reader.
     */
    public long indexFootprintBytes()
    {
        return null == index ? 0 : index.footprintBytes();
    }

    /**
     * Reads the full record of a (sku, location) by external ids. Any thread; allocates (support path).
     *
     * @param sku      external sku id.
     * @param location external location code.
     * @param into     holder to fill.
     * @return true when the record exists.
     */
    public boolean readRecord(final String sku, final String location, final StockRecord into)
    {
        final int skuId = skus.idOf(sku);
        final int locationId = locations.idOf(location);
        return IdDictionary.MISSING != skuId && IdDictionary.MISSING != locationId && records.read(skuId, locationId, into);
    }

    /**
     * Stops the writer (after it applies what producers already handed it), closes the files and,
     * for a writer, marks the shutdown clean.
     */
    public void close()
    {
        if (null != writer)
        {
            writer.closeProxy();
            if (null != runner)
            {
                CloseHelper.close(runner);
            }
            while (writer.agent().doWork() > 0)
            {
                Thread.onSpinWait();
            }
        }
        CloseHelper.closeAll(records, skus, locations, sources);
        if (null != lock)
        {
            try
            {
                Files.createFile(config.dataDir().resolve(CLEAN_MARKER));
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot mark clean shutdown", ex);
            }
            finally
            {
                CloseHelper.quietClose(lock);
                CloseHelper.quietClose(lockChannel);
            }
        }
    }

    private void forceToDisk()
    {
        records.force();
        skus.force();
        locations.force();
        sources.force();
    }

    private void requireWriter()
    {
        if (null == writer)
        {
            throw new IllegalStateException("this process opened the store as a reader");
        }
    }

    private static void deleteMarker(final Path dir)
    {
        try
        {
            Files.deleteIfExists(dir.resolve(CLEAN_MARKER));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot clear clean-shutdown marker", ex);
        }
    }

    private static void onWriterError(final Throwable error)
    {
        org.slf4j.LoggerFactory.getLogger(InventoryStore.class).error("stock writer failed a duty cycle", error);
    }
}
