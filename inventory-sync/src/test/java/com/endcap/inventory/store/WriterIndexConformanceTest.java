package com.endcap.inventory.store;

import com.endcap.bidder.stock.StockView;
import com.endcap.bidder.stock.StockViewConformanceTest;
import com.endcap.inventory.ManualStore;
import com.endcap.inventory.apply.ChangeBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The StockView contract over the writer's hot index, fed through the real writer path. */
class WriterIndexConformanceTest extends StockViewConformanceTest
{
    @TempDir
    Path dir;

    private ManualStore store;
    private long seq;

    protected StockView target()
    {
        return store().store().stockView();
    }

    protected void givenStock(
        final int skuId, final int locationId, final int onHand, final int reserved, final int safetyStock,
        final int attributes, final long updatedAtEpochSecond)
    {
        store().apply(new ChangeBatch()
            .addAbsolute(1, skuId, locationId, 0, ++seq, updatedAtEpochSecond * 1000, onHand, reserved, safetyStock)
            .withAttributes(attributes));
    }

    protected ManualStore store()
    {
        if (null == store)
        {
            store = ManualStore.open(dir);
            store.source("conformance");
        }
        return store;
    }

    @AfterEach
    void close()
    {
        if (null != store)
        {
            store.close();
        }
    }
}
