package com.endcap.inventory.store;

import com.endcap.bidder.stock.StockLevel;
import com.endcap.bidder.stock.StockView;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The hot, in-heap answer to "is this sku available here": one open-addressing hash table of
 * packed (sku, location) keys to one packed word each, kept up to date by the stock writer.
 * <p>
 * Why: a Chronicle Map probe costs about half a microsecond at 10M entries; a decision testing
 * 200 candidates needs each test in tens of nanoseconds. The table is two {@code long[]} arrays,
 * so the GC never traces it.
 * <p>
 * Concurrency: exactly one writer thread calls {@link #put}; any number of readers call the
 * {@link StockView} methods without locks or allocation. Entries are never removed (stock going
 * to zero is a value of 0), so a reader that sees a key sees a complete value: the writer stores
 * the value before it releases the key. Growing copies into a new table off to the side and
 * publishes it with one volatile write.
 * <p>
 * Value word:
 * <pre>
 *   bits  0..23  ATP, saturated at 16,777,215 (exact counts live in the record)
 *   bits 24..31  {@link com.endcap.bidder.stock.StockAttributes} bits
 *   bits 32..63  epoch second of the last change (unsigned; good until 2106)
 * </pre>
 */
public final class AvailabilityIndex implements StockView
{
    /** Largest ATP the index represents exactly; larger values read as this. */
    public static final int MAX_UNITS = (1 << 24) - 1;

    private static final long EMPTY = -1L;
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    private static final class Table
    {
        final long[] keys;
        final long[] values;
        final int mask;

        Table(final int capacity)
        {
            keys = new long[capacity];
            values = new long[capacity];
            java.util.Arrays.fill(keys, EMPTY);
            mask = capacity - 1;
        }
    }

    private volatile Table table;
    private int size;
    private int resizeThreshold;

    /**
     * @param expectedEntries entries to size for without growing.
     */
    public AvailabilityIndex(final int expectedEntries)
    {
        final int capacity = capacityFor(Math.max(16, expectedEntries));
        table = new Table(capacity);
        resizeThreshold = threshold(capacity);
    }

    /**
     * Writer thread only: sets the level of a (sku, location).
     *
     * @param skuId              dense sku id.
     * @param locationId         dense location id.
     * @param available          ATP units, 0 or more.
     * @param attributes         attribute bits.
     * @param updatedAtEpochSecond epoch second of the change.
     */
    public void put(
        final int skuId, final int locationId, final int available, final int attributes, final long updatedAtEpochSecond)
    {
        final long key = StockKey.pack(skuId, locationId);
        final long value = pack(available, attributes, updatedAtEpochSecond);
        Table t = table;
        int index = slot(key, t.mask);
        long existing;
        while (EMPTY != (existing = (long)LONGS.getOpaque(t.keys, index)))
        {
            if (existing == key)
            {
                LONGS.setRelease(t.values, index, value);
                return;
            }
            index = (index + 1) & t.mask;
        }

        if (size >= resizeThreshold)
        {
            t = grow(t);
            index = slot(key, t.mask);
            while (EMPTY != t.keys[index])
            {
                index = (index + 1) & t.mask;
            }
        }
        LONGS.setRelease(t.values, index, value);
        LONGS.setRelease(t.keys, index, key);
        size++;
    }

    /**
     * @return number of (sku, location) entries.
     */
    public int size()
    {
        return size;
    }

    /**
     * @return bytes of heap the table holds (both arrays).
     */
    public long footprintBytes()
    {
        return (long)table.keys.length * 2 * Long.BYTES;
    }

    public int available(final int skuId, final int locationId)
    {
        final long value = find(StockKey.pack(skuId, locationId));
        return EMPTY == value ? NO_RECORD : units(value);
    }

    public boolean read(final int skuId, final int locationId, final StockLevel into)
    {
        final long value = find(StockKey.pack(skuId, locationId));
        if (EMPTY == value)
        {
            return false;
        }
        into.set(units(value), attributes(value), updatedAtEpochSecond(value));
        return true;
    }

    public int filterAvailable(
        final int locationId, final int[] skuIds, final int count, final int minUnits,
        final long freshSinceEpochSecond, final int[] outPositions)
    {
        final Table t = table;
        int found = 0;
        for (int i = 0; i < count; i++)
        {
            final long value = find(t, StockKey.pack(skuIds[i], locationId));
            if (EMPTY != value && units(value) >= minUnits && updatedAtEpochSecond(value) >= freshSinceEpochSecond)
            {
                outPositions[found++] = i;
            }
        }
        return found;
    }

    private long find(final long key)
    {
        return find(table, key);
    }

    private static long find(final Table t, final long key)
    {
        final long[] keys = t.keys;
        int index = slot(key, t.mask);
        long candidate;
        while (EMPTY != (candidate = (long)LONGS.getAcquire(keys, index)))
        {
            if (candidate == key)
            {
                return (long)LONGS.getAcquire(t.values, index);
            }
            index = (index + 1) & t.mask;
        }
        return EMPTY;
    }

    private Table grow(final Table old)
    {
        final Table bigger = new Table(old.keys.length << 1);
        for (int i = 0; i < old.keys.length; i++)
        {
            final long key = old.keys[i];
            if (EMPTY != key)
            {
                int index = slot(key, bigger.mask);
                while (EMPTY != bigger.keys[index])
                {
                    index = (index + 1) & bigger.mask;
                }
                bigger.keys[index] = key;
                bigger.values[index] = old.values[i];
            }
        }
        resizeThreshold = threshold(bigger.keys.length);
        table = bigger;
        return bigger;
    }

    static long pack(final int available, final int attributes, final long updatedAtEpochSecond)
    {
        final long units = Math.min(Math.max(available, 0), MAX_UNITS);
        return units | ((long)(attributes & 0xFF) << 24) | ((updatedAtEpochSecond & 0xFFFF_FFFFL) << 32);
    }

    private static int units(final long value)
    {
        return (int)(value & MAX_UNITS);
    }

    private static int attributes(final long value)
    {
        return (int)(value >>> 24) & 0xFF;
    }

    private static long updatedAtEpochSecond(final long value)
    {
        return value >>> 32;
    }

    private static int slot(final long key, final int mask)
    {
        long h = key * 0x9E37_79B9_7F4A_7C15L;
        h ^= h >>> 32;
        return (int)h & mask;
    }

    private static int capacityFor(final int entries)
    {
        final long wanted = (long)Math.ceil(entries / 0.65);
        final long capacity = Long.highestOneBit(wanted - 1) << 1;
        if (capacity > (1 << 30))
        {
            throw new IllegalArgumentException("too many entries for one index: " + entries);
        }
        return (int)capacity;
    }

    private static int threshold(final int capacity)
    {
        return (int)(capacity * 0.65);
    }
}
