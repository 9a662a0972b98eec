package com.endcap.inventory.store;

import com.endcap.bidder.stock.StockLevel;
import com.endcap.bidder.stock.StockView;

/**
 * The hot, in-heap answer to "is this sku available here": one open-addressing hash table of
 * packed (sku, location) keys to one packed word each, kept up to date by the stock writer.
 * <p>
 * Why: a Chronicle Map probe costs about half a microsecond at 10M entries; a decision testing
 * 200 candidates needs each test in tens of nanoseconds. The table is two {@code long[]} arrays,
 * so the GC never traces it.
 * <p>
 * Concurrency: exactly one writer thread calls {@link #put}; any number of readers call the
 * {@link StockView} methods without locks or allocation ({@link SingleWriterLongTable}). Entries
 * are never removed: stock going to zero is a value of 0.
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

    private final SingleWriterLongTable table;

    /**
     * @param expectedEntries entries to size for without growing.
     */
    public AvailabilityIndex(final int expectedEntries)
    {
        table = new SingleWriterLongTable(expectedEntries);
    }

    /**
     * Writer thread only: sets the level of a (sku, location).
     *
     * @param skuId              dense sku id.
     * @param locationId         dense location id.
     * @param available          ATP units, 0 or more.
     * @param attributes         attribute bits.
     * @param updatedAtEpochSecond epoch second of the change.
     * @return true when the (sku, location) was new to the index.
     */
    public boolean put(
        final int skuId, final int locationId, final int available, final int attributes, final long updatedAtEpochSecond)
    {
        return table.put(StockKey.pack(skuId, locationId), pack(available, attributes, updatedAtEpochSecond));
    }

    /**
     * Writer thread only: sets a level already packed by {@link #pack}.
     *
     * @return true when the key was new to the index.
     */
    boolean putPacked(final long packedKey, final long packedLevel)
    {
        return table.put(packedKey, packedLevel);
    }

    /**
     * @return number of (sku, location) entries.
     */
    public int size()
    {
        return table.size();
    }

    /**
     * @return bytes of heap the table holds (both arrays).
     */
    public long footprintBytes()
    {
        return table.footprintBytes();
    }

    public int available(final int skuId, final int locationId)
    {
        final long value = table.get(StockKey.pack(skuId, locationId));
        return SingleWriterLongTable.MISSING == value ? NO_RECORD : units(value);
    }

    public boolean read(final int skuId, final int locationId, final StockLevel into)
    {
        final long value = table.get(StockKey.pack(skuId, locationId));
        if (SingleWriterLongTable.MISSING == value)
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
        int found = 0;
        for (int i = 0; i < count; i++)
        {
            final long value = table.get(StockKey.pack(skuIds[i], locationId));
            if (SingleWriterLongTable.MISSING != value && units(value) >= minUnits &&
                updatedAtEpochSecond(value) >= freshSinceEpochSecond)
            {
                outPositions[found++] = i;
            }
        }
        return found;
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
}
