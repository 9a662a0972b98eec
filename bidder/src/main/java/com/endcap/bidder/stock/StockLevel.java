package com.endcap.bidder.stock;

/**
 * Mutable holder for one (sku, location) stock level, filled by {@link StockView#read}.
 * <p>
 * Not thread-safe: each reading thread owns its holder and reuses it across calls, so reads do
 * not allocate.
 */
public final class StockLevel
{
    private int available;
    private int attributes;
    private long updatedAtEpochSecond;

    /**
     * Overwrites every field.
     *
     * @param available            ATP units, 0 or more.
     * @param attributes           {@link StockAttributes} bits.
     * @param updatedAtEpochSecond epoch second of the last change.
     * @return this, for chaining.
     */
    public StockLevel set(final int available, final int attributes, final long updatedAtEpochSecond)
    {
        this.available = available;
        this.attributes = attributes;
        this.updatedAtEpochSecond = updatedAtEpochSecond;
        return this;
    }

    /**
     * @return available-to-promise units, 0 or more.
     */
    public int available()
    {
        return available;
    }

    /**
     * @return {@link StockAttributes} bits of the record.
     */
    public int attributes()
    {
        return attributes;
    }

    /**
     * @return epoch second of the last change applied to the record.
     */
    public long updatedAtEpochSecond()
    {
        return updatedAtEpochSecond;
    }

    public String toString()
    {
        return "StockLevel{available=" + available + ", attributes=" + StockAttributes.describe(attributes) +
            ", updatedAtEpochSecond=" + updatedAtEpochSecond + '}';
    }
}
