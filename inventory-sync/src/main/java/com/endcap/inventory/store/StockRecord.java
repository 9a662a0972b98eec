package com.endcap.inventory.store;

import com.endcap.bidder.stock.StockAttributes;

/**
 * Mutable value of one (sku, location): the durable truth the hot index is derived from.
 * <p>
 * Layout in the map file ({@link #BYTES} bytes, little-endian):
 * <pre>
 *   0  int   onHand
 *   4  int   reserved
 *   8  int   safetyStock
 *  12  int   sourceId       the first source that wrote this record
 *  16  long  seq            last sequence applied from sourceId (other sources: the seq map)
 *  24  long  meta           updatedAtMillis (low 48 bits) | attributes (next 8 bits)
 * </pre>
 * Each thread owns and reuses its instance; reads fill it in place.
 */
public final class StockRecord
{
    /** Serialized size in the map file. */
    public static final int BYTES = 32;
    /** {@link #sourceId()} of a record no sequenced change has written yet (snapshot only). */
    public static final int NO_SOURCE = -1;

    private static final long MILLIS_MASK = (1L << 48) - 1;
    private static final int ATTRIBUTES_SHIFT = 48;

    private int onHand;
    private int reserved;
    private int safetyStock;
    private int sourceId = NO_SOURCE;
    private long seq;
    private long updatedAtMillis;
    private int attributes;

    /**
     * Resets to an empty record (no stock, no source).
     *
     * @return this, for chaining.
     */
    public StockRecord clear()
    {
        onHand = 0;
        reserved = 0;
        safetyStock = 0;
        sourceId = NO_SOURCE;
        seq = 0;
        updatedAtMillis = 0;
        attributes = 0;
        return this;
    }

    /**
     * @return available-to-promise: {@code max(0, onHand - reserved - safetyStock)}, computed in
     * long so extreme counts cannot overflow.
     */
    public int available()
    {
        final long atp = (long)onHand - reserved - safetyStock;
        return atp <= 0 ? 0 : (int)Math.min(Integer.MAX_VALUE, atp);
    }

    /**
     * @return units on hand; may go negative when deltas oversell.
     */
    public int onHand()
    {
        return onHand;
    }

    /**
     * @param onHand units on hand.
     * @return this, for chaining.
     */
    public StockRecord onHand(final int onHand)
    {
        this.onHand = onHand;
        return this;
    }

    /**
     * @return units reserved (orders not yet picked).
     */
    public int reserved()
    {
        return reserved;
    }

    /**
     * @param reserved units reserved.
     * @return this, for chaining.
     */
    public StockRecord reserved(final int reserved)
    {
        this.reserved = reserved;
        return this;
    }

    /**
     * @return units held back from promising.
     */
    public int safetyStock()
    {
        return safetyStock;
    }

    /**
     * @param safetyStock units held back.
     * @return this, for chaining.
     */
    public StockRecord safetyStock(final int safetyStock)
    {
        this.safetyStock = safetyStock;
        return this;
    }

    /**
     * @return id of the source whose sequence {@link #seq()} is, or {@link #NO_SOURCE}.
     */
    public int sourceId()
    {
        return sourceId;
    }

    /**
     * @param sourceId source id.
     * @return this, for chaining.
     */
    public StockRecord sourceId(final int sourceId)
    {
        this.sourceId = sourceId;
        return this;
    }

    /**
     * @return last sequence applied from {@link #sourceId()}.
     */
    public long seq()
    {
        return seq;
    }

    /**
     * @param seq sequence.
     * @return this, for chaining.
     */
    public StockRecord seq(final long seq)
    {
        this.seq = seq;
        return this;
    }

    /**
     * @return epoch millis of the last change.
     */
    public long updatedAtMillis()
    {
        return updatedAtMillis;
    }

    /**
     * @param updatedAtMillis epoch millis, 0 .. 2^48-1 (year 10889).
     * @return this, for chaining.
     */
    public StockRecord updatedAtMillis(final long updatedAtMillis)
    {
        this.updatedAtMillis = updatedAtMillis & MILLIS_MASK;
        return this;
    }

    /**
     * @return {@link StockAttributes} bits.
     */
    public int attributes()
    {
        return attributes;
    }

    /**
     * @param attributes {@link StockAttributes} bits, 0..255.
     * @return this, for chaining.
     */
    public StockRecord attributes(final int attributes)
    {
        this.attributes = attributes & 0xFF;
        return this;
    }

    /**
     * Copies every field of another record.
     *
     * @param other source.
     * @return this, for chaining.
     */
    public StockRecord copyFrom(final StockRecord other)
    {
        onHand = other.onHand;
        reserved = other.reserved;
        safetyStock = other.safetyStock;
        sourceId = other.sourceId;
        seq = other.seq;
        updatedAtMillis = other.updatedAtMillis;
        attributes = other.attributes;
        return this;
    }

    long meta()
    {
        return (updatedAtMillis & MILLIS_MASK) | ((long)attributes << ATTRIBUTES_SHIFT);
    }

    void meta(final long meta)
    {
        updatedAtMillis = meta & MILLIS_MASK;
        attributes = (int)(meta >>> ATTRIBUTES_SHIFT) & 0xFF;
    }

    public String toString()
    {
        return "StockRecord{onHand=" + onHand + ", reserved=" + reserved + ", safetyStock=" + safetyStock +
            ", sourceId=" + sourceId + ", seq=" + seq + ", updatedAtMillis=" + updatedAtMillis +
            ", attributes=" + StockAttributes.describe(attributes) + '}';
    }
}
