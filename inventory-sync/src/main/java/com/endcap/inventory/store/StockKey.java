package com.endcap.inventory.store;

/**
 * Mutable key of a stock record: (sku id, location id) packed into one long.
 * <p>
 * Each thread owns and reuses its instance so lookups do not allocate.
 */
public final class StockKey
{
    /** Serialized size in the map file. */
    public static final int BYTES = Long.BYTES;

    private long packed;

    /**
     * @param skuId      dense sku id.
     * @param locationId dense location id.
     * @return the packed key.
     */
    public static long pack(final int skuId, final int locationId)
    {
        return ((long)skuId << 32) | (locationId & 0xFFFF_FFFFL);
    }

    /**
     * @param packed a packed key.
     * @return its sku id.
     */
    public static int skuId(final long packed)
    {
        return (int)(packed >>> 32);
    }

    /**
     * @param packed a packed key.
     * @return its location id.
     */
    public static int locationId(final long packed)
    {
        return (int)packed;
    }

    /**
     * @param skuId      dense sku id.
     * @param locationId dense location id.
     * @return this, for chaining.
     */
    public StockKey set(final int skuId, final int locationId)
    {
        packed = pack(skuId, locationId);
        return this;
    }

    /**
     * @param packed the packed key.
     * @return this, for chaining.
     */
    public StockKey packed(final long packed)
    {
        this.packed = packed;
        return this;
    }

    /**
     * @return the packed key.
     */
    public long packed()
    {
        return packed;
    }

    /**
     * @return the sku id.
     */
    public int skuId()
    {
        return skuId(packed);
    }

    /**
     * @return the location id.
     */
    public int locationId()
    {
        return locationId(packed);
    }

    public boolean equals(final Object o)
    {
        return o instanceof StockKey && ((StockKey)o).packed == packed;
    }

    public int hashCode()
    {
        return Long.hashCode(packed);
    }

    public String toString()
    {
        return "StockKey{sku=" + skuId() + ", location=" + locationId() + '}';
    }
}
