package com.endcap.inventory.apply;

import java.util.Arrays;

/**
 * A reusable, columnar batch of validated stock changes with ids already interned, filled by a
 * producer (the NDJSON decoder, the demo churn, the Kafka consumer) and handed to
 * {@link InventoryProxy#submit}. Not thread-safe: one producer thread owns a batch.
 * <p>
 * A change is absolute ({@code onHand} given) or relative ({@code delta}); {@code reserved} and
 * {@code safetyStock}, when given, are absolute in both.
 */
public final class ChangeBatch
{
    /** Marks an optional field that was not given. */
    public static final int ABSENT = Integer.MIN_VALUE;

    private int size;
    private int[] skuIds = new int[16];
    private int[] locationIds = new int[16];
    private int[] sourceIds = new int[16];
    private long[] seqs = new long[16];
    private long[] timestamps = new long[16];
    private boolean[] absolute = new boolean[16];
    private int[] quantities = new int[16];
    private int[] reserved = new int[16];
    private int[] safetyStock = new int[16];
    private int[] lines = new int[16];
    private int[] attributes = new int[16];

    /**
     * Empties the batch for reuse.
     *
     * @return this, for chaining.
     */
    public ChangeBatch clear()
    {
        size = 0;
        return this;
    }

    /**
     * Adds an absolute change: on hand becomes {@code onHand}.
     *
     * @param line        1-based line of the input the change came from (0 when none).
     * @param skuId       dense sku id.
     * @param locationId  dense location id.
     * @param sourceId    dense source id.
     * @param seq         the source's sequence number.
     * @param tsMillis    epoch millis the source observed the change.
     * @param onHand      units on hand.
     * @param reserved    units reserved, or {@link #ABSENT} to keep.
     * @param safetyStock units held back, or {@link #ABSENT} to keep.
     * @return this, for chaining.
     */
    public ChangeBatch addAbsolute(
        final int line, final int skuId, final int locationId, final int sourceId, final long seq, final long tsMillis,
        final int onHand, final int reserved, final int safetyStock)
    {
        return add(line, skuId, locationId, sourceId, seq, tsMillis, true, onHand, reserved, safetyStock);
    }

    /**
     * Adds a relative change: on hand moves by {@code delta}.
     *
     * @param line        1-based line of the input the change came from (0 when none).
     * @param skuId       dense sku id.
     * @param locationId  dense location id.
     * @param sourceId    dense source id.
     * @param seq         the source's sequence number.
     * @param tsMillis    epoch millis the source observed the change.
     * @param delta       units added (negative: sold or removed).
     * @param reserved    units reserved, or {@link #ABSENT} to keep.
     * @param safetyStock units held back, or {@link #ABSENT} to keep.
     * @return this, for chaining.
     */
    public ChangeBatch addDelta(
        final int line, final int skuId, final int locationId, final int sourceId, final long seq, final long tsMillis,
        final int delta, final int reserved, final int safetyStock)
    {
        return add(line, skuId, locationId, sourceId, seq, tsMillis, false, delta, reserved, safetyStock);
    }

    private ChangeBatch add(
        final int line, final int skuId, final int locationId, final int sourceId, final long seq, final long tsMillis,
        final boolean isAbsolute, final int quantity, final int reservedUnits, final int safetyUnits)
    {
        if (size == skuIds.length)
        {
            grow();
        }
        final int i = size++;
        lines[i] = line;
        skuIds[i] = skuId;
        locationIds[i] = locationId;
        sourceIds[i] = sourceId;
        seqs[i] = seq;
        timestamps[i] = tsMillis;
        absolute[i] = isAbsolute;
        quantities[i] = quantity;
        reserved[i] = reservedUnits;
        safetyStock[i] = safetyUnits;
        attributes[i] = ABSENT;
        return this;
    }

    /**
     * Sets the {@link com.endcap.bidder.stock.StockAttributes} bits of the change added last
     * (pickup flags and band pushed by a store system); without this the record keeps its own.
     *
     * @param attributeBits attribute bits, 0..255.
     * @return this, for chaining.
     */
    public ChangeBatch withAttributes(final int attributeBits)
    {
        if (0 == size)
        {
            throw new IllegalStateException("no change to set attributes on");
        }
        attributes[size - 1] = attributeBits & 0xFF;
        return this;
    }

    /**
     * @return number of changes.
     */
    public int size()
    {
        return size;
    }

    /**
     * @param i index.
     * @return input line of change {@code i}.
     */
    public int line(final int i)
    {
        return lines[i];
    }

    /**
     * @param i index.
     * @return sku id of change {@code i}.
     */
    public int skuId(final int i)
    {
        return skuIds[i];
    }

    /**
     * @param i index.
     * @return location id of change {@code i}.
     */
    public int locationId(final int i)
    {
        return locationIds[i];
    }

    /**
     * @param i index.
     * @return source id of change {@code i}.
     */
    public int sourceId(final int i)
    {
        return sourceIds[i];
    }

    /**
     * @param i index.
     * @return sequence of change {@code i}.
     */
    public long seq(final int i)
    {
        return seqs[i];
    }

    /**
     * @param i index.
     * @return epoch millis of change {@code i}.
     */
    public long timestamp(final int i)
    {
        return timestamps[i];
    }

    /**
     * @param i index.
     * @return true when change {@code i} sets on hand, false when it moves it.
     */
    public boolean isAbsolute(final int i)
    {
        return absolute[i];
    }

    /**
     * @param i index.
     * @return on hand (absolute) or delta (relative) of change {@code i}.
     */
    public int quantity(final int i)
    {
        return quantities[i];
    }

    /**
     * @param i index.
     * @return reserved units of change {@code i}, or {@link #ABSENT}.
     */
    public int reserved(final int i)
    {
        return reserved[i];
    }

    /**
     * @param i index.
     * @return safety stock of change {@code i}, or {@link #ABSENT}.
     */
    public int safetyStock(final int i)
    {
        return safetyStock[i];
    }

    /**
     * @param i index.
     * @return attribute bits of change {@code i}, or {@link #ABSENT} to keep the record's.
     */
    public int attributes(final int i)
    {
        return attributes[i];
    }

    private void grow()
    {
        final int capacity = skuIds.length * 2;
        lines = Arrays.copyOf(lines, capacity);
        skuIds = Arrays.copyOf(skuIds, capacity);
        locationIds = Arrays.copyOf(locationIds, capacity);
        sourceIds = Arrays.copyOf(sourceIds, capacity);
        seqs = Arrays.copyOf(seqs, capacity);
        timestamps = Arrays.copyOf(timestamps, capacity);
        absolute = Arrays.copyOf(absolute, capacity);
        quantities = Arrays.copyOf(quantities, capacity);
        reserved = Arrays.copyOf(reserved, capacity);
        safetyStock = Arrays.copyOf(safetyStock, capacity);
        attributes = Arrays.copyOf(attributes, capacity);
    }
}
