package com.endcap.bidder.stock;

import org.agrona.collections.Long2ObjectHashMap;

/**
 * The in-memory fake of {@link StockView} for bidder tests: a plain map, single-threaded, with
 * a mutator the real port does not have. Passes the same {@link StockViewConformanceTest} as the
 * Chronicle-backed store.
 */
public final class InMemoryStockView implements StockView
{
    private final Long2ObjectHashMap<StockLevel> levels = new Long2ObjectHashMap<>();

    /**
     * Sets the stock of a (sku, location), as the writer would after applying a change.
     *
     * @param skuId                dense sku id.
     * @param locationId           dense location id.
     * @param onHand               units on hand.
     * @param reserved             units reserved.
     * @param safetyStock          units held back.
     * @param attributes           {@link StockAttributes} bits.
     * @param updatedAtEpochSecond time of the change.
     */
    public void put(
        final int skuId, final int locationId, final int onHand, final int reserved, final int safetyStock,
        final int attributes, final long updatedAtEpochSecond)
    {
        final int atp = Math.max(0, onHand - reserved - safetyStock);
        levels.computeIfAbsent(key(skuId, locationId), k -> new StockLevel()).set(atp, attributes, updatedAtEpochSecond);
    }

    public int available(final int skuId, final int locationId)
    {
        final StockLevel level = levels.get(key(skuId, locationId));
        return null == level ? NO_RECORD : level.available();
    }

    public boolean read(final int skuId, final int locationId, final StockLevel into)
    {
        final StockLevel level = levels.get(key(skuId, locationId));
        if (null == level)
        {
            return false;
        }
        into.set(level.available(), level.attributes(), level.updatedAtEpochSecond());
        return true;
    }

    public int filterAvailable(
        final int locationId, final int[] skuIds, final int count, final int minUnits,
        final long freshSinceEpochSecond, final int[] outPositions)
    {
        int found = 0;
        for (int i = 0; i < count; i++)
        {
            final StockLevel level = levels.get(key(skuIds[i], locationId));
            if (null != level && level.available() >= minUnits && level.updatedAtEpochSecond() >= freshSinceEpochSecond)
            {
                outPositions[found++] = i;
            }
        }
        return found;
    }

    private static long key(final int skuId, final int locationId)
    {
        return ((long)skuId << 32) | (locationId & 0xFFFF_FFFFL);
    }
}
