package com.endcap.inventory.store;

import net.openhft.chronicle.hash.Data;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import net.openhft.chronicle.map.ExternalMapQueryContext;
import net.openhft.chronicle.map.MapEntry;
import net.openhft.chronicle.map.MapSegmentContext;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.ObjLongConsumer;

/**
 * The persisted stock records: a Chronicle Map of {@link StockKey} to {@link StockRecord} in a
 * memory-mapped file, plus a small map of sequences for the second and later sources of a
 * (sku, location).
 * <p>
 * Threads: the {@code apply*} methods belong to the single stock writer thread of the single
 * writing process. {@link #read} may be called from any thread of any process that opened the
 * file; it takes Chronicle's per-segment read lock, so it is for support and reader processes,
 * not the decision path (that reads {@link AvailabilityIndex}).
 * <p>
 * Durability: every {@code apply*} writes through to the mapped file before it returns, so a
 * process crash (even {@code kill -9}) loses nothing already applied: the pages belong to the
 * kernel's page cache. Surviving an OS crash or power loss additionally needs the pages written
 * to disk, which {@link #force()} does (fsync of the file).
 */
public final class ChronicleStockStore implements AutoCloseable
{
    /** Outcome of a sequenced change: it changed the record. */
    public static final int APPLIED = 1;
    /** Outcome of a sequenced change: its seq was not above the source's last; nothing changed. */
    public static final int IGNORED = 0;

    /** File of the stock records inside the data directory. */
    public static final String STOCK_FILE = "stock.cm3";
    /** File of the sequences of further sources. */
    public static final String SEQ_FILE = "stock-seq.cm3";
    /** File of store-level prices from snapshots. */
    public static final String PRICE_FILE = "store-prices.cm3";

    private final ChronicleMap<StockKey, StockRecord> stock;
    private final ChronicleMap<SourceSeqKey, Long> seqs;
    private final ChronicleMap<StockKey, StorePrice> prices;
    private final FileChannel syncChannel;
    private final ThreadLocal<StockKey> readKeys = ThreadLocal.withInitial(StockKey::new);
    private final StockKey writeKey = new StockKey();
    private final StockRecord writeRecord = new StockRecord();
    private final SourceSeqKey writeSeqKey = new SourceSeqKey();
    private final StorePrice writePrice = new StorePrice();
    /** The writer process's in-heap copy of the prices, once {@link #indexPrices} built it. */
    private StorePriceIndex priceIndex;

    private ChronicleStockStore(
        final ChronicleMap<StockKey, StockRecord> stock,
        final ChronicleMap<SourceSeqKey, Long> seqs,
        final ChronicleMap<StockKey, StorePrice> prices,
        final FileChannel sync)
    {
        this.stock = stock;
        this.seqs = seqs;
        this.prices = prices;
        this.syncChannel = sync;
    }

    /**
     * Opens (creating when absent) the store in {@code dataDir}.
     *
     * @param dataDir    directory of the files.
     * @param maxEntries (sku, location) records to size the file for; Chronicle grows past it,
     *                   a little slower.
     * @param recover    true when the previous writer did not close cleanly: clears locks a
     *                   killed process held and checks every entry.
     * @return the store.
     */
    public static ChronicleStockStore open(final Path dataDir, final long maxEntries, final boolean recover)
    {
        try
        {
            // The owner (InventoryStore) closes the maps in order on shutdown; Chronicle's own
            // close-on-exit hook would race it and close a map under the writer.
            // No entry checksums: Chronicle rewrites an entry's checksum only when the update
            // context closes, so a kill -9 between an in-place value write and that close left a
            // mismatch that recovery "repairs" by dropping the entry, acknowledged value and all
            // (KillNineDurabilityTest caught it). Our records are fixed-size and written in place.
            Files.createDirectories(dataDir);
            final File stockFile = dataDir.resolve(STOCK_FILE).toFile();
            final File seqFile = dataDir.resolve(SEQ_FILE).toFile();
            final ChronicleMapBuilder<StockKey, StockRecord> stockBuilder = ChronicleMapBuilder
                .of(StockKey.class, StockRecord.class)
                .name("endcap-stock")
                .skipCloseOnExitHook(true)
                .checksumEntries(false)
                .keyMarshaller(StockKeyMarshaller.INSTANCE)
                .valueMarshaller(StockRecordMarshaller.INSTANCE)
                .constantKeySizeBySample(new StockKey())
                .constantValueSizeBySample(new StockRecord())
                .entries(Math.max(1_000, maxEntries))
                .maxBloatFactor(4.0);
            final ChronicleMapBuilder<SourceSeqKey, Long> seqBuilder = ChronicleMapBuilder
                .of(SourceSeqKey.class, Long.class)
                .name("endcap-stock-seq")
                .skipCloseOnExitHook(true)
                .checksumEntries(false)
                .keyMarshaller(SourceSeqKey.Marshaller.INSTANCE)
                .constantKeySizeBySample(new SourceSeqKey())
                .entries(Math.max(1_000, maxEntries / 8))
                .maxBloatFactor(8.0);

            final ChronicleMapBuilder<StockKey, StorePrice> priceBuilder = ChronicleMapBuilder
                .of(StockKey.class, StorePrice.class)
                .name("endcap-store-prices")
                .skipCloseOnExitHook(true)
                .checksumEntries(false)
                .keyMarshaller(StockKeyMarshaller.INSTANCE)
                .valueMarshaller(StorePrice.Marshaller.INSTANCE)
                .constantKeySizeBySample(new StockKey())
                .constantValueSizeBySample(new StorePrice())
                .entries(Math.max(1_000, maxEntries / 4))
                .maxBloatFactor(8.0);

            final File priceFile = dataDir.resolve(PRICE_FILE).toFile();
            final ChronicleMap<StockKey, StockRecord> stock = openOrRecover(stockBuilder, stockFile, recover);
            final ChronicleMap<SourceSeqKey, Long> seqs = openOrRecover(seqBuilder, seqFile, recover);
            final ChronicleMap<StockKey, StorePrice> prices = openOrRecover(priceBuilder, priceFile, recover);
            final FileChannel sync = FileChannel.open(stockFile.toPath(), StandardOpenOption.READ);
            return new ChronicleStockStore(stock, seqs, prices, sync);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open stock store in " + dataDir, ex);
        }
    }

    /**
     * Reads a record. Any thread.
     *
     * @param skuId      dense sku id.
     * @param locationId dense location id.
     * @param into       caller's holder, filled when the record exists.
     * @return true when the record exists.
     */
    public boolean read(final int skuId, final int locationId, final StockRecord into)
    {
        return null != stock.getUsing(readKeys.get().set(skuId, locationId), into);
    }

    /**
     * Writer thread: applies a sequenced change, unless {@code seq} is not above the last
     * applied for {@code sourceId} at this (sku, location).
     *
     * @param skuId       dense sku id.
     * @param locationId  dense location id.
     * @param sourceId    dense source id.
     * @param seq         the source's sequence number of this change.
     * @param change      how the record changes; reads the current record, writes the new one.
     * @param result      receives the record after the change (or as it stands when ignored).
     * @return {@link #APPLIED} or {@link #IGNORED}.
     */
    public int applySequenced(
        final int skuId, final int locationId, final int sourceId, final long seq,
        final RecordChange change, final StockRecord result)
    {
        final StockKey key = writeKey.set(skuId, locationId);
        try (ExternalMapQueryContext<StockKey, StockRecord, ?> context = stock.queryContext(key))
        {
            context.updateLock().lock();
            final MapEntry<StockKey, StockRecord> entry = context.entry();
            final StockRecord record = writeRecord;
            if (null == entry)
            {
                record.clear().sourceId(sourceId).seq(seq);
                change.apply(record);
                context.insert(context.absentEntry(), context.wrapValueAsData(record));
            }
            else
            {
                entry.value().getUsing(record);
                if (record.sourceId() == sourceId || record.sourceId() == StockRecord.NO_SOURCE)
                {
                    if (record.sourceId() == sourceId && seq <= record.seq())
                    {
                        result.copyFrom(record);
                        return IGNORED;
                    }
                    record.sourceId(sourceId).seq(seq);
                }
                else if (!advanceOtherSource(key.packed(), sourceId, seq))
                {
                    result.copyFrom(record);
                    return IGNORED;
                }
                change.apply(record);
                context.replaceValue(entry, context.wrapValueAsData(record));
            }
            result.copyFrom(record);
            return APPLIED;
        }
    }

    /**
     * Reads a store-level price. Any thread.
     *
     * @param skuId      dense sku id.
     * @param locationId dense location id.
     * @param into       caller's holder, filled when the location has its own price.
     * @return true when the location has its own price for the sku.
     */
    public boolean readPrice(final int skuId, final int locationId, final StorePrice into)
    {
        return null != prices.getUsing(readKeys.get().set(skuId, locationId), into);
    }

    /**
     * Writer thread: sets or clears a location's own price for a sku.
     *
     * @param skuId      dense sku id.
     * @param locationId dense location id.
     * @param priceCents regular price in cents, or {@link StorePrice#NONE}.
     * @param saleCents  sale price in cents, or {@link StorePrice#NONE}.
     */
    public void applyPrice(final int skuId, final int locationId, final long priceCents, final long saleCents)
    {
        final StockKey key = writeKey.set(skuId, locationId);
        if (StorePrice.NONE == priceCents && StorePrice.NONE == saleCents)
        {
            prices.remove(key);
        }
        else
        {
            prices.put(key, writePrice.set(priceCents, saleCents));
        }
        if (null != priceIndex)
        {
            priceIndex.put(skuId, locationId, priceCents, saleCents);
        }
    }

    /**
     * The writing process, before its writer thread starts: copies the price map into an in-heap
     * index that {@link #applyPrice} keeps current from then on, for the decision engine to read.
     * A reader process must not use it: it would not see the writer's changes.
     *
     * @return the index (the same one on every call).
     */
    public StorePriceIndex indexPrices()
    {
        if (null == priceIndex)
        {
            final StorePriceIndex index =
                new StorePriceIndex((int)Math.min(Integer.MAX_VALUE / 2, Math.max(1_024, prices.longSize())), this);
            final StockKey key = new StockKey();
            final StorePrice price = new StorePrice();
            prices.forEachEntry(entry ->
            {
                entry.key().getUsing(key);
                entry.value().getUsing(price);
                index.put(key.skuId(), key.locationId(), price.priceCents(), price.saleCents());
            });
            priceIndex = index;
        }
        return priceIndex;
    }

    /**
     * Writer thread: overwrites stock fields without a sequence check (snapshots). Keeps the
     * record's source and sequence.
     *
     * @param skuId      dense sku id.
     * @param locationId dense location id.
     * @param change     how the record changes.
     * @param result     receives the record after the change.
     */
    public void applyUnsequenced(final int skuId, final int locationId, final RecordChange change, final StockRecord result)
    {
        final StockKey key = writeKey.set(skuId, locationId);
        try (ExternalMapQueryContext<StockKey, StockRecord, ?> context = stock.queryContext(key))
        {
            context.updateLock().lock();
            final MapEntry<StockKey, StockRecord> entry = context.entry();
            final StockRecord record = writeRecord;
            if (null == entry)
            {
                record.clear();
                change.apply(record);
                context.insert(context.absentEntry(), context.wrapValueAsData(record));
            }
            else
            {
                entry.value().getUsing(record);
                change.apply(record);
                context.replaceValue(entry, context.wrapValueAsData(record));
            }
            result.copyFrom(record);
        }
    }

    /**
     * Visits the records of some of the map's segments (start-up index build: separate threads
     * may scan separate segments). Single thread per call.
     *
     * @param fromSegment first segment, inclusive.
     * @param toSegment   last segment, exclusive; at most {@link #segments()}.
     * @param visitor     receives the packed key and a reused record.
     */
    public void forEachInSegments(final int fromSegment, final int toSegment, final ObjLongConsumer<StockRecord> visitor)
    {
        final StockRecord record = new StockRecord();
        final Consumer<MapEntry<StockKey, StockRecord>> action = entry ->
        {
            // Straight from the entry's bytes: the fixed layouts of StockKeyMarshaller and
            // StockRecordMarshaller, without a marshaller call and a positioned view per entry.
            final Data<StockKey> key = entry.key();
            final Data<StockRecord> value = entry.value();
            visitor.accept(StockRecordMarshaller.readAt(value.bytes(), value.offset(), record),
                StockKeyMarshaller.readAt(key.bytes(), key.offset()));
        };
        for (int segment = fromSegment; segment < toSegment; segment++)
        {
            try (MapSegmentContext<StockKey, StockRecord, ?> context = stock.segmentContext(segment))
            {
                context.forEachSegmentEntry(action);
            }
        }
    }

    /**
     * @return segments of the stock map (each locked on its own).
     */
    public int segments()
    {
        return stock.segments();
    }

    /**
     * @return number of (sku, location) records.
     */
    public long size()
    {
        return stock.longSize();
    }

    /**
     * @return bytes of off-heap memory the stock map uses (its mapped file's used part).
     */
    public long offHeapMemoryUsed()
    {
        return stock.offHeapMemoryUsed();
    }

    /**
     * Writes every applied change to disk (fsync), for durability across an OS crash.
     */
    public void force()
    {
        try
        {
            syncChannel.force(false);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("fsync of stock store failed", ex);
        }
    }

    public void close()
    {
        try
        {
            syncChannel.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        finally
        {
            prices.close();
            seqs.close();
            stock.close();
        }
    }

    /**
     * Visits a record's source sequences for tests and support: the inline one and the others.
     *
     * @param skuId      dense sku id.
     * @param locationId dense location id.
     * @param visitor    receives (sourceId, seq).
     */
    public void forEachSourceSeq(final int skuId, final int locationId, final BiConsumer<Integer, Long> visitor)
    {
        final StockRecord record = new StockRecord();
        if (read(skuId, locationId, record) && record.sourceId() != StockRecord.NO_SOURCE)
        {
            visitor.accept(record.sourceId(), record.seq());
        }
        final long packed = StockKey.pack(skuId, locationId);
        seqs.forEachEntry(entry ->
        {
            final SourceSeqKey key = entry.key().get();
            if (key.stockKey() == packed)
            {
                visitor.accept(key.sourceId(), entry.value().get());
            }
        });
    }

    private static <K, V> ChronicleMap<K, V> openOrRecover(
        final ChronicleMapBuilder<K, V> builder, final File file, final boolean recover) throws IOException
    {
        return recover && file.exists() ? builder.recoverPersistedTo(file, true) : builder.createPersistedTo(file);
    }

    private boolean advanceOtherSource(final long stockKey, final int sourceId, final long seq)
    {
        final SourceSeqKey key = writeSeqKey.set(stockKey, sourceId);
        final Long last = seqs.get(key);
        if (null != last && seq <= last)
        {
            return false;
        }
        seqs.put(key, seq);
        return true;
    }

    /** A change to one record, applied by the writer in place. */
    @FunctionalInterface
    public interface RecordChange
    {
        /**
         * @param record the current record (cleared when new); change it in place.
         */
        void apply(StockRecord record);
    }
}
