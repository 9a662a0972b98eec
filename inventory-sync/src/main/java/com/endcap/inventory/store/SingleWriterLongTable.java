package com.endcap.inventory.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * An open-addressing hash table of {@code long} keys to {@code long} values, written by one
 * thread and read by any number without locks or allocation: the in-heap structure behind the
 * writer's hot indexes ({@link AvailabilityIndex}, {@link SellThroughIndex}).
 * <p>
 * Entries are never removed. A reader that sees a key sees a complete value: the writer stores
 * the value before it releases the key. Growing copies into a new table off to the side and
 * publishes it with one volatile write. One {@code long[]} the GC never traces, each key followed
 * by its value: a lookup that misses the cache costs one miss, where separate key and value arrays
 * cost two (the stock probes of a decision are mostly misses into a table of hundreds of MB).
 * <p>
 * {@link #MISSING} ({@code -1}) is the key and value sentinel: neither may be stored.
 */
public final class SingleWriterLongTable
{
    /** Returned by {@link #get} for a key never put; also the one key that may not be stored. */
    public static final long MISSING = -1L;

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    private static final class Table
    {
        /** {@code slots[2i]} is slot i's key, {@code slots[2i + 1]} its value. */
        final long[] slots;
        final int mask;

        Table(final int capacity)
        {
            slots = new long[capacity * 2];
            Arrays.fill(slots, MISSING);
            mask = capacity - 1;
        }

        int capacity()
        {
            return mask + 1;
        }
    }

    private volatile Table table;
    private int size;
    private int resizeThreshold;

    /**
     * @param expectedEntries entries to size for without growing.
     */
    public SingleWriterLongTable(final int expectedEntries)
    {
        final int capacity = capacityFor(Math.max(16, expectedEntries));
        table = new Table(capacity);
        resizeThreshold = threshold(capacity);
    }

    /**
     * Writer thread only: sets the value of a key.
     *
     * @param key   any key but {@link #MISSING}.
     * @param value any value but {@link #MISSING}.
     * @return true when the key was new.
     */
    public boolean put(final long key, final long value)
    {
        Table t = table;
        int index = slot(key, t.mask);
        long existing;
        while (MISSING != (existing = (long)LONGS.getOpaque(t.slots, index << 1)))
        {
            if (existing == key)
            {
                LONGS.setRelease(t.slots, (index << 1) + 1, value);
                return false;
            }
            index = (index + 1) & t.mask;
        }

        if (size >= resizeThreshold)
        {
            t = grow(t);
            index = free(t, key);
        }
        LONGS.setRelease(t.slots, (index << 1) + 1, value);
        LONGS.setRelease(t.slots, index << 1, key);
        size++;
        return true;
    }

    /**
     * Any thread.
     *
     * @param key a key.
     * @return its value, or {@link #MISSING}.
     */
    public long get(final long key)
    {
        final Table t = table;
        final long[] slots = t.slots;
        final int mask = t.mask;
        int index = slot(key, mask);
        long candidate;
        while (MISSING != (candidate = (long)LONGS.getAcquire(slots, index << 1)))
        {
            if (candidate == key)
            {
                return (long)LONGS.getAcquire(slots, (index << 1) + 1);
            }
            index = (index + 1) & mask;
        }
        return MISSING;
    }

    /**
     * @return entries held (writer thread's view).
     */
    public int size()
    {
        return size;
    }

    /**
     * @return bytes of heap the table holds (keys and values).
     */
    public long footprintBytes()
    {
        return (long)table.slots.length * Long.BYTES;
    }

    private Table grow(final Table old)
    {
        final Table bigger = new Table(old.capacity() << 1);
        final long[] from = old.slots;
        for (int i = 0; i < from.length; i += 2)
        {
            final long key = from[i];
            if (MISSING != key)
            {
                final int index = free(bigger, key);
                bigger.slots[index << 1] = key;
                bigger.slots[(index << 1) + 1] = from[i + 1];
            }
        }
        resizeThreshold = threshold(bigger.capacity());
        table = bigger;
        return bigger;
    }

    /** The first free slot on a key's probe path, in a table not yet (or no longer) shared. */
    private static int free(final Table t, final long key)
    {
        int index = slot(key, t.mask);
        while (MISSING != t.slots[index << 1])
        {
            index = (index + 1) & t.mask;
        }
        return index;
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
            throw new IllegalArgumentException("too many entries for one table: " + entries);
        }
        return (int)capacity;
    }

    private static int threshold(final int capacity)
    {
        return (int)(capacity * 0.65);
    }
}
