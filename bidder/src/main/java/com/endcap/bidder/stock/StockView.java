package com.endcap.bidder.stock;

/**
 * Read-only view of live stock, keyed by dense sku and location ids.
 * <p>
 * Contract for every implementation:
 * <ul>
 *     <li>Any thread may call any method at any rate; calls never lock, never block and never
 *     allocate.</li>
 *     <li>Available-to-promise (ATP) is {@code max(0, onHand - reserved - safetyStock)}.</li>
 *     <li>Times are epoch seconds of the last change applied to the record (the stock's age for a
 *     staleness policy). Second resolution is all a staleness policy needs and lets the hot index
 *     pack a record into one word.</li>
 *     <li>Ids that were never interned, or a (sku, location) never stocked, read as
 *     {@link #NO_RECORD}; a record whose stock went to zero reads as {@code 0}.</li>
 * </ul>
 */
public interface StockView
{
    /** Returned by {@link #available(int, int)} when there is no record for (sku, location). */
    int NO_RECORD = -1;

    /**
     * Available-to-promise units for a sku at a location.
     *
     * @param skuId      dense sku id.
     * @param locationId dense location id.
     * @return ATP units (0 or more), or {@link #NO_RECORD}.
     */
    int available(int skuId, int locationId);

    /**
     * Reads the full level of a (sku, location) into a caller-owned holder.
     *
     * @param skuId      dense sku id.
     * @param locationId dense location id.
     * @param into       reused holder, overwritten only when a record exists.
     * @return true when a record exists and {@code into} was filled.
     */
    boolean read(int skuId, int locationId, StockLevel into);

    /**
     * The candidate-availability query of the decision path: which of these SKUs can be promised at
     * this location, with at least {@code minUnits} available, from stock that changed at or after
     * {@code freshSinceEpochSecond}.
     *
     * @param locationId            dense location id.
     * @param skuIds                candidate sku ids; only the first {@code count} are read.
     * @param count                 how many candidates to test.
     * @param minUnits              smallest ATP that qualifies (1 or more).
     * @param freshSinceEpochSecond records last changed before this are stale and do not qualify;
     *                              pass 0 to accept any age.
     * @param outPositions          receives the positions (indexes into {@code skuIds}) that
     *                              qualify, in candidate order; must hold {@code count} entries.
     * @return how many positions were written to {@code outPositions}.
     */
    int filterAvailable(
        int locationId, int[] skuIds, int count, int minUnits, long freshSinceEpochSecond, int[] outPositions);
}
