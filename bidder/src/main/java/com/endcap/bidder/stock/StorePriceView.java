package com.endcap.bidder.stock;

/**
 * Read port for a location's own prices (the {@code price} and {@code sale_price} columns of its
 * local-inventory feed), which override the catalog's when an ad shows that location.
 * <p>
 * Any thread may call it at any rate; it never locks, never blocks and never allocates.
 */
public interface StorePriceView
{
    /** No location has prices of its own. */
    StorePriceView NONE = (skuId, locationId, into) -> false;

    /**
     * @param skuId      dense sku id.
     * @param locationId dense location id.
     * @param into       caller-owned holder, {@code into[0]} price and {@code into[1]} sale price in
     *                   cents ({@code -1} for not given); written only when this returns true.
     * @return true when the location prices the sku itself.
     */
    boolean read(int skuId, int locationId, long[] into);
}
