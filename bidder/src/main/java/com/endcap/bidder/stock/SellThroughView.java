package com.endcap.bidder.stock;

/**
 * Recent sell-through per (sku, location), for the oversell guard: how fast units are leaving
 * the shelf. Any thread, no locks, no allocation.
 */
public interface SellThroughView
{
    /** Knows nothing: every rate is 0, so the guard never throttles. */
    SellThroughView NONE = (skuId, locationId) -> 0.0;

    /**
     * @param skuId      dense sku id.
     * @param locationId dense location id.
     * @return recent units sold per hour (an exponentially decayed rate), 0 when unknown.
     */
    double unitsPerHour(int skuId, int locationId);
}
