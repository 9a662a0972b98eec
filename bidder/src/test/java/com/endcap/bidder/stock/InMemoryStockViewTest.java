package com.endcap.bidder.stock;

class InMemoryStockViewTest extends StockViewConformanceTest
{
    private final InMemoryStockView target = new InMemoryStockView();

    protected StockView target()
    {
        return target;
    }

    protected void givenStock(
        final int skuId, final int locationId, final int onHand, final int reserved, final int safetyStock,
        final int attributes, final long updatedAtEpochSecond)
    {
        target.put(skuId, locationId, onHand, reserved, safetyStock, attributes, updatedAtEpochSecond);
    }
}
