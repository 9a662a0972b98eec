package com.endcap.inventory.store;

import com.endcap.bidder.stock.StockLevel;
import com.endcap.bidder.stock.StockView;

/**
 * {@link StockView} straight over the Chronicle records, for a process that shares the store file
 * with a separate writing process (it has no writer to keep an {@link AvailabilityIndex} for it).
 * About half a microsecond a probe at 10M entries, against tens of nanoseconds for the index.
 * <p>
 * Any thread; each thread reuses its own holders, so reads do not allocate after the first.
 */
public final class ChronicleStockView implements StockView
{
    private final ChronicleStockStore store;
    private final ThreadLocal<StockRecord> records = ThreadLocal.withInitial(StockRecord::new);

    /**
     * @param store the opened store.
     */
    public ChronicleStockView(final ChronicleStockStore store)
    {
        this.store = store;
    }

    public int available(final int skuId, final int locationId)
    {
        final StockRecord record = records.get();
        return store.read(skuId, locationId, record) ? record.available() : NO_RECORD;
    }

    public boolean read(final int skuId, final int locationId, final StockLevel into)
    {
        final StockRecord record = records.get();
        if (!store.read(skuId, locationId, record))
        {
            return false;
        }
        into.set(record.available(), record.attributes(), record.updatedAtMillis() / 1000);
        return true;
    }

    public int filterAvailable(
        final int locationId, final int[] skuIds, final int count, final int minUnits,
        final long freshSinceEpochSecond, final int[] outPositions)
    {
        final StockRecord record = records.get();
        int found = 0;
        for (int i = 0; i < count; i++)
        {
            if (store.read(skuIds[i], locationId, record) &&
                record.available() >= minUnits &&
                record.updatedAtMillis() / 1000 >= freshSinceEpochSecond)
            {
                outPositions[found++] = i;
            }
        }
        return found;
    }
}
