package com.endcap.server.demo;

import com.endcap.bidder.location.Location;
import com.endcap.bidder.stock.StockView;
import com.endcap.inventory.InventoryStore;
import com.endcap.inventory.apply.ChangeBatch;
import com.endcap.inventory.store.StockRecord;
import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class DemoRetailerTest
{
    private static final long NOW_MILLIS = 1_763_900_000_000L;

    @TempDir
    Path dir;

    private final CachedEpochClock clock = new CachedEpochClock();

    DemoRetailerTest()
    {
        clock.update(NOW_MILLIS);
    }

    @Test
    void generatesTheSameRetailerFromTheSameSeed()
    {
        // when
        final DemoRetailer first = DemoRetailer.standard();
        final DemoRetailer second = DemoRetailer.standard();

        // then
        assertThat(second.fingerprint()).isEqualTo(first.fingerprint());
        assertThat(second.locations()).isEqualTo(first.locations());
        assertThat(second.products()).isEqualTo(first.products());
        for (int l = 0; l < first.locations().size(); l++)
        {
            for (int s = 0; s < first.skuCount(); s++)
            {
                assertThat(second.initialOnHand(l, s)).isEqualTo(first.initialOnHand(l, s));
                assertThat(second.initialAttributes(l, s)).isEqualTo(first.initialAttributes(l, s));
            }
        }
    }

    @Test
    void standardRetailerIsOneMetroOfStoresTwoWarehousesAndFiveHundredSkus()
    {
        // when
        final DemoRetailer target = DemoRetailer.standard();

        // then
        assertThat(target.storeCount()).isEqualTo(12);
        assertThat(target.warehouseCount()).isEqualTo(2);
        assertThat(target.skuCount()).isEqualTo(500);
        assertThat(target.stores().get(0).name()).isEqualTo("Main St");
        for (final Location store : target.stores())
        {
            assertThat(store.isStore()).isTrue();
            assertThat(store.timezone()).isEqualTo("America/New_York");
            assertThat(store.region()).isIn("NY", "NJ");
            assertThat(store.lat()).isBetween(40.5, 41.0);
            assertThat(store.lon()).isBetween(-74.3, -73.7);
        }
        for (final Location warehouse : target.warehouses())
        {
            assertThat(warehouse.isStore()).isFalse();
            assertThat(warehouse.regions()).contains("NY", "NJ");
            assertThat(warehouse.shipDays()).isPositive();
        }
        assertThat(target.products().get(0).sku()).isEqualTo("100001");
        assertThat(target.products().get(499).sku()).isEqualTo("100500");
        final Set<String> categories = new HashSet<>();
        final Set<String> titles = new HashSet<>();
        for (final DemoRetailer.Product product : target.products())
        {
            categories.add(product.category());
            titles.add(product.title());
            assertThat(product.gtin()).hasSize(13).satisfies(DemoRetailerTest::assertGtinCheckDigit);
            assertThat(product.priceCents()).isPositive();
            if (product.salePriceCents() != -1)
            {
                assertThat(product.salePriceCents()).isPositive().isLessThan(product.priceCents());
            }
        }
        assertThat(categories).contains("pet/dog-food", "grocery/coffee");
        assertThat(titles).as("distinct titles").hasSize(500);
    }

    @Test
    void standardRetailerHasSoldOutAndLowStockAtStores()
    {
        // given
        final DemoRetailer target = DemoRetailer.standard();
        int zeros = 0;
        int low = 0;
        int notCarried = 0;

        // when
        for (int l = 0; l < target.storeCount(); l++)
        {
            for (int s = 0; s < target.skuCount(); s++)
            {
                final int units = target.initialOnHand(l, s);
                if (DemoRetailer.NOT_CARRIED == units)
                {
                    notCarried++;
                }
                else if (0 == units)
                {
                    zeros++;
                }
                else if (units <= 3)
                {
                    low++;
                }
            }
        }

        // then
        assertThat(zeros).isGreaterThan(100);
        assertThat(low).isGreaterThan(200);
        assertThat(notCarried).isGreaterThan(100);
        assertThat(target.recordCount()).isEqualTo(12 * 500 + 2 * 500 - notCarried);
    }

    @Test
    void loadPutsEveryCarriedPairIntoTheStoreBeforeItReturns()
    {
        // given
        final DemoRetailer target = DemoRetailer.standard();
        try (InventoryStore store = DemoStores.openWriter(dir))
        {
            // when
            final DemoRetailer.Loaded loaded = target.load(store, clock);

            // then
            assertThat(loaded.reused()).isFalse();
            assertThat(store.records().size()).isEqualTo(target.recordCount());
            assertThat(store.counters().snapshots()).isEqualTo(14);
            assertThat(store.locationRegistry().byCode("S001").name()).isEqualTo("Main St");
            assertThat(store.locationRegistry().byCode("DC-EAST").isStore()).isFalse();
            assertThat(store.skus().size()).isEqualTo(500);

            final int inStock = firstSku(target, 0, true);
            final String sku = target.products().get(inStock).sku();
            final StockRecord record = new StockRecord();
            assertThat(store.readRecord(sku, "S001", record)).isTrue();
            assertThat(record.onHand()).isEqualTo(target.initialOnHand(0, inStock)).isPositive();
            assertThat(record.updatedAtMillis()).isEqualTo(NOW_MILLIS);
            assertThat(store.stockView().available(loaded.skuIds()[inStock], loaded.locationIds()[0]))
                .isEqualTo(target.initialOnHand(0, inStock));

            final int warehouse = target.storeCount();
            final int shipped = firstSku(target, warehouse, true);
            assertThat(store.readRecord(target.products().get(shipped).sku(), "DC-EAST", record)).isTrue();
            assertThat(record.onHand()).isEqualTo(target.initialOnHand(warehouse, shipped));

            final int soldOut = firstSku(target, 0, false);
            assertThat(store.stockView().available(loaded.skuIds()[soldOut], loaded.locationIds()[0])).isZero();

            final int notCarried = firstNotCarried(target, 0);
            assertThat(store.stockView().available(loaded.skuIds()[notCarried], loaded.locationIds()[0]))
                .isEqualTo(StockView.NO_RECORD);
        }
    }

    @Test
    void reopenedDataDirectoryKeepsTheStockTheLastRunLeft() throws Exception
    {
        // given a loaded retailer whose first in-stock item at the first store sold one unit
        final DemoRetailer target = DemoRetailer.generate(7, 3, 40);
        final int sku = firstSku(target, 0, true);
        final DemoRetailer.Loaded first;
        try (InventoryStore store = DemoStores.openWriter(dir))
        {
            first = target.load(store, clock);
            final ChangeBatch sale = new ChangeBatch().addDelta(
                0, first.skuIds()[sku], first.locationIds()[0], store.sources().intern("test-pos"), 1, NOW_MILLIS,
                -1, ChangeBatch.ABSENT, ChangeBatch.ABSENT);
            assertThat(store.proxy().submit(sale).get(10, TimeUnit.SECONDS).applied()).isEqualTo(1);
        }

        // when
        try (InventoryStore store = DemoStores.openWriter(dir))
        {
            final DemoRetailer.Loaded second = target.load(store, clock);

            // then
            assertThat(second.reused()).isTrue();
            assertThat(second.skuIds()).isEqualTo(first.skuIds());
            assertThat(second.locationIds()).isEqualTo(first.locationIds());
            assertThat(store.stockView().available(second.skuIds()[sku], second.locationIds()[0]))
                .isEqualTo(target.initialOnHand(0, sku) - 1);
            assertThat(store.counters().snapshots()).isZero();
        }
    }

    @Test
    void reloadsInitialStockWhenTheDirectoryHoldsNoCompleteLoad() throws Exception
    {
        // given a load that never wrote its marker (cut short), then a sale
        final DemoRetailer target = DemoRetailer.generate(7, 3, 40);
        final int sku = firstSku(target, 0, true);
        try (InventoryStore store = DemoStores.openWriter(dir))
        {
            final DemoRetailer.Loaded loaded = target.load(store, clock);
            final ChangeBatch sale = new ChangeBatch().addDelta(
                0, loaded.skuIds()[sku], loaded.locationIds()[0], store.sources().intern("test-pos"), 1, NOW_MILLIS,
                -1, ChangeBatch.ABSENT, ChangeBatch.ABSENT);
            store.proxy().submit(sale).get(10, TimeUnit.SECONDS);
        }
        Files.delete(dir.resolve(DemoRetailer.MARKER_FILE));

        // when
        try (InventoryStore store = DemoStores.openWriter(dir))
        {
            final DemoRetailer.Loaded loaded = target.load(store, clock);

            // then
            assertThat(loaded.reused()).isFalse();
            assertThat(store.stockView().available(loaded.skuIds()[sku], loaded.locationIds()[0]))
                .isEqualTo(target.initialOnHand(0, sku));
            assertThat(Files.readString(dir.resolve(DemoRetailer.MARKER_FILE)).trim()).isEqualTo(target.fingerprint());
        }
    }

    static int firstSku(final DemoRetailer retailer, final int location, final boolean inStock)
    {
        for (int s = 0; s < retailer.skuCount(); s++)
        {
            final int units = retailer.initialOnHand(location, s);
            if (inStock ? units > 0 : units == 0)
            {
                return s;
            }
        }
        throw new AssertionError("no " + (inStock ? "in-stock" : "sold-out") + " sku at location " + location);
    }

    private static int firstNotCarried(final DemoRetailer retailer, final int location)
    {
        for (int s = 0; s < retailer.skuCount(); s++)
        {
            if (!retailer.carries(location, s))
            {
                return s;
            }
        }
        throw new AssertionError("every sku is carried at location " + location);
    }

    private static void assertGtinCheckDigit(final String gtin)
    {
        int sum = 0;
        for (int i = 0; i < 13; i++)
        {
            final int digit = gtin.charAt(i) - '0';
            sum += (i % 2 == 0) ? digit : 3 * digit;
        }
        assertThat(sum % 10).as("GTIN-13 check digit of %s", gtin).isZero();
    }
}
