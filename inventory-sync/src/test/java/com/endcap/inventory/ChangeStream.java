package com.endcap.inventory;

import com.endcap.inventory.apply.ChangeBatch;

/**
 * A deterministic, endless stream of change batches that a child writer process applies and the
 * test process checks afterwards, without the two ever exchanging the values.
 * <p>
 * Every batch holds {@link #CHANGES} changes, one per (sku, location) of {@link #SKUS} skus at
 * {@link #LOCATIONS}, all from {@link #SOURCE}, every change of batch {@code b} with seq
 * {@code b}. Batch 1 sets every record absolutely; from batch 2 on, even changes set on hand
 * absolutely ({@link #absoluteOnHand}) and odd changes move it by {@link #delta} (+1 or -1), so
 * an odd record's value proves each relative change applied exactly once. A record whose seq is
 * {@code b} must therefore hold {@link #expectedOnHand expectedOnHand(b, change)}.
 */
public final class ChangeStream
{
    /** Skus per location. */
    public static final int SKUS = 100;
    /** Locations every sku is stocked at. */
    public static final String[] LOCATIONS = {"S001", "S002"};
    /** Changes per batch: one per (sku, location). */
    public static final int CHANGES = SKUS * LOCATIONS.length;
    /** The one source of every change. */
    public static final String SOURCE = "pos-stream";
    /** Epoch millis every change carries. */
    public static final long TS_MILLIS = 1_763_900_000_000L;

    private final int[] skuIds = new int[CHANGES];
    private final int[] locationIds = new int[CHANGES];
    private final int sourceId;

    /**
     * Interns the stream's ids in the store's dictionaries.
     *
     * @param store a writer.
     */
    public ChangeStream(final InventoryStore store)
    {
        for (int change = 0; change < CHANGES; change++)
        {
            skuIds[change] = store.skus().intern(skuName(change));
            locationIds[change] = store.locations().intern(locationCode(change));
        }
        sourceId = store.sources().intern(SOURCE);
    }

    /**
     * @param change index of the change in a batch.
     * @return the external sku id it touches.
     */
    public static String skuName(final int change)
    {
        return "SKU-" + (change % SKUS);
    }

    /**
     * @param change index of the change in a batch.
     * @return the location code it touches.
     */
    public static String locationCode(final int change)
    {
        return LOCATIONS[change / SKUS];
    }

    /**
     * @param batchNo batch number, from 1.
     * @param change  index of the change in the batch.
     * @return true when the change sets on hand, false when it moves it.
     */
    public static boolean isAbsolute(final long batchNo, final int change)
    {
        return 1 == batchNo || 0 == (change & 1);
    }

    /**
     * @param batchNo batch number, from 1.
     * @param change  index of the change in the batch.
     * @return on hand an absolute change sets: 1..997, varying with both arguments.
     */
    public static int absoluteOnHand(final long batchNo, final int change)
    {
        return 1 + (int)((batchNo * 37 + change * 11L) % 997);
    }

    /**
     * @param batchNo batch number, from 2.
     * @param change  index of the change in the batch.
     * @return units a relative change moves on hand by: +1 or -1.
     */
    public static int delta(final long batchNo, final int change)
    {
        return 0 == ((batchNo + change) & 1) ? 1 : -1;
    }

    /**
     * @param lastBatchNo the last batch applied to the record (the record's seq).
     * @param change      index of the change in a batch.
     * @return on hand the record must hold after batches 1..{@code lastBatchNo}.
     */
    public static int expectedOnHand(final long lastBatchNo, final int change)
    {
        if (isAbsolute(lastBatchNo, change))
        {
            return absoluteOnHand(lastBatchNo, change);
        }
        int onHand = absoluteOnHand(1, change);
        for (long b = 2; b <= lastBatchNo; b++)
        {
            onHand += delta(b, change);
        }
        return onHand;
    }

    /**
     * @param change index of the change in a batch.
     * @return its dense sku id in this store.
     */
    public int skuId(final int change)
    {
        return skuIds[change];
    }

    /**
     * @param change index of the change in a batch.
     * @return its dense location id in this store.
     */
    public int locationId(final int change)
    {
        return locationIds[change];
    }

    /**
     * Fills {@code batch} with batch number {@code batchNo}.
     *
     * @param batch   cleared and filled.
     * @param batchNo batch number, from 1; also every change's seq.
     * @return {@code batch}.
     */
    public ChangeBatch fill(final ChangeBatch batch, final long batchNo)
    {
        batch.clear();
        for (int change = 0; change < CHANGES; change++)
        {
            if (isAbsolute(batchNo, change))
            {
                batch.addAbsolute(0, skuIds[change], locationIds[change], sourceId, batchNo, TS_MILLIS,
                    absoluteOnHand(batchNo, change), ChangeBatch.ABSENT, ChangeBatch.ABSENT);
            }
            else
            {
                batch.addDelta(0, skuIds[change], locationIds[change], sourceId, batchNo, TS_MILLIS,
                    delta(batchNo, change), ChangeBatch.ABSENT, ChangeBatch.ABSENT);
            }
        }
        return batch;
    }
}
