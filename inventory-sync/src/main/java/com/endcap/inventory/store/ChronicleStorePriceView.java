package com.endcap.inventory.store;

import com.endcap.bidder.stock.StorePriceView;

/**
 * The decision engine's view of locations' own prices, read from the Chronicle price map. Any
 * thread; each thread reads into its own holder, so no lock and no allocation after the first
 * call on a thread. A probe costs a Chronicle lookup, so the engine asks only for the ads it shows.
 */
public final class ChronicleStorePriceView implements StorePriceView
{
    private final ChronicleStockStore records;
    private final ThreadLocal<StorePrice> holders = ThreadLocal.withInitial(StorePrice::new);

    /**
     * @param records the store holding the prices.
     */
    public ChronicleStorePriceView(final ChronicleStockStore records)
    {
        this.records = records;
    }

    public boolean read(final int skuId, final int locationId, final long[] into)
    {
        final StorePrice price = holders.get();
        if (!records.readPrice(skuId, locationId, price))
        {
            return false;
        }
        into[0] = price.priceCents();
        into[1] = price.saleCents();
        return true;
    }
}
