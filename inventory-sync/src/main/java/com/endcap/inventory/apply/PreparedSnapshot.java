package com.endcap.inventory.apply;

/**
 * A validated full-stock snapshot of one location, ready for the writer: every row parsed, every
 * id interned. Built by {@link com.endcap.inventory.feed.SnapshotParser}; applied whole by the
 * writer, which also zeroes every sku of the location the snapshot does not list.
 *
 * @param locationId  dense location id the snapshot replaces.
 * @param tsMillis    epoch millis the snapshot was taken (becomes each record's time of change).
 * @param skuIds      sku per row.
 * @param onHand      units on hand per row.
 * @param attributes  {@link com.endcap.bidder.stock.StockAttributes} bits per row.
 * @param priceCents  the store's own price per row in cents, or -1 when not given.
 * @param saleCents   the store's own sale price per row in cents, or -1 when not given.
 */
public record PreparedSnapshot(
    int locationId,
    long tsMillis,
    int[] skuIds,
    int[] onHand,
    int[] attributes,
    long[] priceCents,
    long[] saleCents)
{
    /**
     * Checks the columns have one entry per row.
     */
    public PreparedSnapshot
    {
        final int rows = skuIds.length;
        if (onHand.length != rows || attributes.length != rows || priceCents.length != rows || saleCents.length != rows)
        {
            throw new IllegalArgumentException("snapshot columns differ in length");
        }
    }

    /**
     * @return number of rows.
     */
    public int rows()
    {
        return skuIds.length;
    }
}
