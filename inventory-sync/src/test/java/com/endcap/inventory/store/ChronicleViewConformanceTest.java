package com.endcap.inventory.store;

import com.endcap.bidder.stock.StockView;

/** The StockView contract straight over the Chronicle records, as a reader process sees them. */
class ChronicleViewConformanceTest extends WriterIndexConformanceTest
{
    private StockView view;

    protected StockView target()
    {
        if (null == view)
        {
            view = new ChronicleStockView(store().store().records());
        }
        return view;
    }
}
