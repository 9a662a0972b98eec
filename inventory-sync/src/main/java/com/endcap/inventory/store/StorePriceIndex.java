package com.endcap.inventory.store;

import com.endcap.bidder.stock.StorePriceView;

/**
 * The writer process's in-heap copy of the locations' own prices, kept by
 * {@link ChronicleStockStore#applyPrice} next to the Chronicle price map, so the decision engine
 * reads a winner's store price with one table probe instead of a Chronicle lookup (two thread
 * locals, a segment lookup and a copy; ~6% of a decision's CPU before this index).
 * <p>
 * Each (sku, location) maps to its regular and sale price packed into one {@code long}, 31 bits
 * and 32 bits, each stored plus one so that {@code 0} means "not given". Prices too large to pack
 * (over about 21 million currency units) are marked and read from the Chronicle map instead:
 * exact for every price, fast for every realistic one. Cleared prices stay in the table as
 * {@code 0}, since its entries are never removed.
 * <p>
 * Threads: {@link #put} on the writer thread only; {@link #read} from any thread, lock- and
 * allocation-free unless a price is too large to pack.
 */
public final class StorePriceIndex implements StorePriceView
{
    private static final long NO_PRICES = 0;
    /** Marks an entry whose prices live only in the Chronicle map. */
    private static final long UNPACKED = Long.MIN_VALUE;
    private static final long MAX_PACKED_PRICE = (1L << 31) - 2;
    private static final long MAX_PACKED_SALE = (1L << 32) - 2;

    private final SingleWriterLongTable table;
    /** Where the prices that do not pack are read. */
    private final ChronicleStorePriceView unpacked;

    /**
     * @param expectedEntries (sku, location) prices to size for without growing.
     * @param records         the store whose price map holds the prices that do not pack.
     */
    StorePriceIndex(final int expectedEntries, final ChronicleStockStore records)
    {
        this.table = new SingleWriterLongTable(expectedEntries);
        this.unpacked = new ChronicleStorePriceView(records);
    }

    /**
     * Writer thread: records a location's prices for a sku, as the price map now holds them.
     *
     * @param skuId      dense sku id.
     * @param locationId dense location id.
     * @param priceCents regular price in cents, or {@link StorePrice#NONE}.
     * @param saleCents  sale price in cents, or {@link StorePrice#NONE}.
     */
    void put(final int skuId, final int locationId, final long priceCents, final long saleCents)
    {
        final long key = StockKey.pack(skuId, locationId);
        if (StorePrice.NONE == priceCents && StorePrice.NONE == saleCents)
        {
            if (SingleWriterLongTable.MISSING != table.get(key))
            {
                table.put(key, NO_PRICES);
            }
            return;
        }
        table.put(key, pack(priceCents, saleCents));
    }

    public boolean read(final int skuId, final int locationId, final long[] into)
    {
        final long value = table.get(StockKey.pack(skuId, locationId));
        if (SingleWriterLongTable.MISSING == value || NO_PRICES == value)
        {
            return false;
        }
        if (UNPACKED == value)
        {
            return unpacked.read(skuId, locationId, into);
        }
        into[0] = (value >>> 32) - 1;
        into[1] = (value & 0xFFFF_FFFFL) - 1;
        return true;
    }

    /**
     * @return (sku, location) entries held, cleared ones included (writer thread's view).
     */
    public int size()
    {
        return table.size();
    }

    static long pack(final long priceCents, final long saleCents)
    {
        if (priceCents < StorePrice.NONE || priceCents > MAX_PACKED_PRICE ||
            saleCents < StorePrice.NONE || saleCents > MAX_PACKED_SALE)
        {
            return UNPACKED;
        }
        return (priceCents + 1) << 32 | (saleCents + 1);
    }
}
