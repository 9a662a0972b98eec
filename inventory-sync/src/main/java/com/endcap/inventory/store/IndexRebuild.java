package com.endcap.inventory.store;

import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.IntArrayList;
import org.agrona.collections.IntHashSet;

import java.util.Arrays;
import java.util.function.ObjLongConsumer;

/**
 * Start-up of the writer: fills the {@link AvailabilityIndex} and the skus held per location from
 * every record of the store, before the writer thread starts.
 * <p>
 * A large store is scanned by two threads, each over half of Chronicle's segments: reading the
 * entries (page faults and cache misses over the mapped file) is most of the work, and the
 * other core is otherwise idle or compiling. Only the calling thread writes the index (it has a
 * single writer); the helper keeps the keys and packed levels it read in arrays, which the
 * calling thread puts afterwards.
 * <p>
 * Records come in Chronicle's hash order, so adding each sku to its location's set straight away
 * would touch all the sets at random (100 MB of them at 10M records, far past the CPU caches): the
 * scan only appends the sku to its location's list, and each set is then built from its list in
 * one go, while it fits in cache.
 */
public final class IndexRebuild
{
    /** Below this many records one thread scans: a second one costs more than it saves. */
    static final long PARALLEL_SCAN_RECORDS = 1 << 19;

    private final AvailabilityIndex index;
    private final int listCapacity;
    private final Int2ObjectHashMap<IntHashSet> skusByLocation = new Int2ObjectHashMap<>();
    private IntArrayList[] byLocation;

    private IndexRebuild(final AvailabilityIndex index, final long records, final int locations)
    {
        this.index = index;
        this.listCapacity = (int)Math.min(1 << 24, Math.max(16, records / Math.max(1, locations)));
        this.byLocation = new IntArrayList[Math.max(16, locations)];
    }

    /**
     * Fills an empty index from the records.
     *
     * @param records   the opened store; nothing writes it meanwhile.
     * @param index     an empty index, written by the calling thread only.
     * @param locations locations known (sizes the per-location lists for an even share).
     * @return the skus with a record, by location id, as {@link com.endcap.inventory.apply.StockWriter} keeps them.
     */
    public static Int2ObjectHashMap<IntHashSet> rebuild(
        final ChronicleStockStore records, final AvailabilityIndex index, final int locations)
    {
        return rebuild(records, index, locations, PARALLEL_SCAN_RECORDS);
    }

    static Int2ObjectHashMap<IntHashSet> rebuild(
        final ChronicleStockStore records, final AvailabilityIndex index, final int locations, final long parallelFrom)
    {
        final long size = records.size();
        final IndexRebuild rebuild = new IndexRebuild(index, size, locations);
        final int segments = records.segments();
        if (size < parallelFrom || segments < 2)
        {
            records.forEachInSegments(0, segments, rebuild::addRecord);
        }
        else
        {
            final int split = segments / 2;
            final ScannedLevels helped = new ScannedLevels((int)Math.min(Integer.MAX_VALUE - 8, size / 2 + size / 16 + 16));
            final Thread helper = new Thread(() -> helped.scan(records, split, segments), "endcap-index-scan");
            helper.setDaemon(true);
            helper.start();
            try
            {
                records.forEachInSegments(0, split, rebuild::addRecord);
            }
            finally
            {
                joinUninterruptibly(helper);
            }
            helped.replayInto(rebuild);
        }
        return rebuild.skusByLocation();
    }

    private void addRecord(final StockRecord record, final long packedKey)
    {
        addLevel(packedKey, level(record));
    }

    /** The record as the index keeps it. */
    private static long level(final StockRecord record)
    {
        return AvailabilityIndex.pack(record.available(), record.attributes(), record.updatedAtMillis() / 1000);
    }

    private void addLevel(final long packedKey, final long packedLevel)
    {
        index.putPacked(packedKey, packedLevel);
        final int skuId = StockKey.skuId(packedKey);
        final int locationId = StockKey.locationId(packedKey);
        if (locationId < 0)
        {
            // Not a dense id; kept as the writer would keep it.
            skusByLocation.computeIfAbsent(locationId, k -> new IntHashSet()).add(skuId);
            return;
        }
        if (locationId >= byLocation.length)
        {
            byLocation = Arrays.copyOf(byLocation, Math.max(locationId + 1, byLocation.length * 2));
        }
        IntArrayList skus = byLocation[locationId];
        if (null == skus)
        {
            skus = new IntArrayList(listCapacity, IntArrayList.DEFAULT_NULL_VALUE);
            byLocation[locationId] = skus;
        }
        skus.addInt(skuId);
    }

    private Int2ObjectHashMap<IntHashSet> skusByLocation()
    {
        for (int locationId = 0; locationId < byLocation.length; locationId++)
        {
            final IntArrayList skus = byLocation[locationId];
            if (null != skus)
            {
                // IntHashSet takes slots, not entries: room for them all below its 0.65 load factor.
                final IntHashSet set = new IntHashSet((int)Math.min(1 << 30, (long)(skus.size() / 0.65) + 1));
                for (int i = 0, size = skus.size(); i < size; i++)
                {
                    set.add(skus.getInt(i));
                }
                skusByLocation.put(locationId, set);
                byLocation[locationId] = null;
            }
        }
        return skusByLocation;
    }

    private static void joinUninterruptibly(final Thread thread)
    {
        boolean interrupted = false;
        while (true)
        {
            try
            {
                thread.join();
                break;
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** What the helper thread read: packed keys and packed levels, in scan order. */
    private static final class ScannedLevels implements ObjLongConsumer<StockRecord>
    {
        private long[] keys;
        private long[] levels;
        private int count;
        private Throwable failure;

        ScannedLevels(final int capacity)
        {
            keys = new long[capacity];
            levels = new long[capacity];
        }

        void scan(final ChronicleStockStore records, final int fromSegment, final int toSegment)
        {
            try
            {
                records.forEachInSegments(fromSegment, toSegment, this);
            }
            catch (final RuntimeException | Error ex)
            {
                failure = ex;
            }
        }

        public void accept(final StockRecord record, final long packedKey)
        {
            if (count == keys.length)
            {
                final int grown = (int)Math.min(Integer.MAX_VALUE - 8, keys.length + (keys.length >> 1) + 16L);
                keys = Arrays.copyOf(keys, grown);
                levels = Arrays.copyOf(levels, grown);
            }
            keys[count] = packedKey;
            levels[count] = level(record);
            count++;
        }

        void replayInto(final IndexRebuild rebuild)
        {
            // Joined: the thread's writes happen-before this read.
            if (failure instanceof RuntimeException)
            {
                throw (RuntimeException)failure;
            }
            if (failure instanceof Error)
            {
                throw (Error)failure;
            }
            for (int i = 0; i < count; i++)
            {
                rebuild.addLevel(keys[i], levels[i]);
            }
        }
    }
}
