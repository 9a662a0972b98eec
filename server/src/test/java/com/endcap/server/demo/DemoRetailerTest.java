package com.endcap.server.demo;

import com.endcap.bidder.catalog.Product;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
        assertThat(second.catalog(new MapIdMap())).isEqualTo(first.catalog(new MapIdMap()));
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
    void standardRetailerIsOneMetroOfTwentyStoresAndTwoWarehouses()
    {
        // when
        final DemoRetailer target = DemoRetailer.standard();

        // then
        assertThat(target.storeCount()).isEqualTo(20);
        assertThat(target.warehouseCount()).isEqualTo(2);
        assertThat(target.stores().get(0).name()).isEqualTo("Main St");
        assertThat(target.stores().get(1).name()).isEqualTo("Union Square");
        final Set<String> codes = new HashSet<>();
        final Set<String> names = new HashSet<>();
        for (final Location store : target.stores())
        {
            codes.add(store.code());
            names.add(store.name());
            assertThat(store.isStore()).isTrue();
            assertThat(store.code()).matches("S0[0-9]{2}");
            assertThat(store.timezone()).isEqualTo("America/New_York");
            assertThat(store.region()).isIn("NY", "NJ");
            assertThat(store.lat()).isBetween(40.5, 41.0);
            assertThat(store.lon()).isBetween(-74.3, -73.7);
        }
        assertThat(codes).hasSize(20);
        assertThat(names).hasSize(20);
        assertThat(target.stores()).extracting(Location::region).contains("NY", "NJ");
        final Set<Integer> shipDays = new HashSet<>();
        for (final Location warehouse : target.warehouses())
        {
            assertThat(warehouse.isStore()).isFalse();
            assertThat(warehouse.regions()).contains("NY", "NJ");
            shipDays.add(warehouse.shipDays());
        }
        assertThat(shipDays).containsExactlyInAnyOrder(1, 2);
        assertThat(target.warehouses()).flatExtracting(Location::regions).contains("CT", "PA");
    }

    @Test
    void standardCatalogHasFiveThousandSkusInFourDepartments()
    {
        // when
        final DemoRetailer target = DemoRetailer.standard();

        // then
        assertThat(target.skuCount()).isEqualTo(5_000);
        assertThat(target.products().get(0).sku()).isEqualTo("100001");
        assertThat(target.products().get(4_999).sku()).isEqualTo("105000");
        final Map<String, Set<String>> subcategories = new TreeMap<>();
        final Map<String, long[]> priceByCategory = new HashMap<>();
        final Set<String> titles = new HashSet<>();
        final Set<String> gtins = new HashSet<>();
        int onSale = 0;
        for (final DemoRetailer.Product product : target.products())
        {
            subcategories.computeIfAbsent(product.department(), k -> new HashSet<>()).add(product.category());
            titles.add(product.title());
            gtins.add(product.gtin());
            assertThat(product.title()).startsWith(product.brand() + " ").doesNotContain("<", ">", "\n", "\t");
            assertThat(product.gtin()).hasSize(13).satisfies(DemoRetailerTest::assertGtinCheckDigit);
            assertThat(product.priceCents()).isPositive();
            assertThat(product.priceCents() % 100).isEqualTo(99);
            if (product.salePriceCents() != -1)
            {
                onSale++;
                assertThat(product.salePriceCents()).isPositive().isLessThan(product.priceCents());
            }
            final long[] sumAndCount = priceByCategory.computeIfAbsent(product.department(), k -> new long[2]);
            sumAndCount[0] += product.priceCents();
            sumAndCount[1]++;
        }
        assertThat(subcategories.keySet()).containsExactlyInAnyOrderElementsOf(DemoRetailer.DEPARTMENTS);
        subcategories.values().forEach(paths -> assertThat(paths).hasSizeBetween(3, 6));
        assertThat(subcategories.get("pet")).contains("pet/dog-food", "pet/treats", "pet/cat-litter");
        assertThat(subcategories.get("grocery")).contains("grocery/coffee", "grocery/snacks");
        assertThat(subcategories.get("household")).contains("household/cleaning");
        assertThat(subcategories.get("electronics")).contains("electronics/headphones", "electronics/chargers");
        assertThat(titles).as("distinct titles").hasSize(5_000);
        assertThat(gtins).as("distinct GTINs").hasSize(5_000);
        assertThat(onSale).isBetween(500, 1_000);
        assertThat(average(priceByCategory.get("electronics"))).isGreaterThan(2 * average(priceByCategory.get("grocery")));
    }

    @Test
    void catalogCarriesDenseIdsImagesPagesAndComplements()
    {
        // given
        final DemoRetailer target = DemoRetailer.generate(7, 3, 40);
        final MapIdMap ids = new MapIdMap();
        ids.intern("999999");

        // when
        final List<Product> catalog = target.catalog(ids);

        // then
        assertThat(catalog).hasSize(40);
        for (int s = 0; s < catalog.size(); s++)
        {
            final DemoRetailer.Product source = target.products().get(s);
            final Product product = catalog.get(s);
            assertThat(product.skuId()).isEqualTo(ids.idOf(source.sku())).isEqualTo(s + 1);
            assertThat(product.sku()).isEqualTo(source.sku());
            assertThat(product.gtin()).isEqualTo(source.gtin());
            assertThat(product.title()).isEqualTo(source.title());
            assertThat(product.category()).isEqualTo(source.category());
            assertThat(product.priceCents()).isEqualTo(source.priceCents());
            assertThat(product.saleCents()).isEqualTo(
                source.salePriceCents() < 0 ? Product.NO_PRICE : source.salePriceCents());
            assertThat(product.currency()).isEqualTo("USD");
            assertThat(product.imageUrl()).isEqualTo("/demo/img/" + source.sku() + ".svg");
            assertThat(product.url()).isEqualTo("/demo/product/" + source.sku());
            assertThat(product.complements()).isNotEmpty().allSatisfy(complement ->
                assertThat(complement).isNotEqualTo(product.category()));
            assertThat(target.productIndex(source.sku())).isEqualTo(s);
        }
        assertThat(complementsOf(catalog, "pet/dog-food")).contains("pet/treats");
        assertThat(complementsOf(catalog, "grocery/coffee")).contains("grocery/snacks");
        assertThat(complementsOf(catalog, "electronics/headphones")).contains("electronics/chargers");
        assertThat(target.productIndex("100041")).isEqualTo(-1);
        assertThat(target.productIndex("abc")).isEqualTo(-1);
        assertThat(target.catalog(ids)).as("ids are stable").isEqualTo(catalog);
    }

    @Test
    void standardRetailerHasSoldOutAndLowStockAtStoresAndMoreInWarehouses()
    {
        // given
        final DemoRetailer target = DemoRetailer.standard();
        int zeros = 0;
        int low = 0;
        int notCarried = 0;
        long storeUnits = 0;
        int storeRecords = 0;

        // when
        for (int l = 0; l < target.storeCount(); l++)
        {
            for (int s = 0; s < target.skuCount(); s++)
            {
                final int units = target.initialOnHand(l, s);
                if (DemoRetailer.NOT_CARRIED == units)
                {
                    notCarried++;
                    continue;
                }
                storeUnits += units;
                storeRecords++;
                if (0 == units)
                {
                    zeros++;
                }
                else if (units <= 5)
                {
                    low++;
                }
            }
        }
        long warehouseUnits = 0;
        for (int l = target.storeCount(); l < target.locations().size(); l++)
        {
            for (int s = 0; s < target.skuCount(); s++)
            {
                assertThat(target.carries(l, s)).as("a warehouse carries the whole range").isTrue();
                warehouseUnits += target.initialOnHand(l, s);
            }
        }

        // then
        final int storePairs = 20 * 5_000;
        assertThat(notCarried).isBetween(storePairs * 5 / 100, storePairs * 15 / 100);
        assertThat(zeros).isBetween(storeRecords * 4 / 100, storeRecords * 10 / 100);
        assertThat(low).isBetween(storeRecords * 10 / 100, storeRecords * 20 / 100);
        assertThat(warehouseUnits / (2 * 5_000)).isGreaterThan(10 * storeUnits / storeRecords);
        assertThat(target.recordCount()).isEqualTo(22 * 5_000 - notCarried);
    }

    @Test
    void loadPutsEveryCarriedPairIntoTheStoreBeforeItReturns()
    {
        // given
        final DemoRetailer target = DemoRetailer.standard();
        try (InventoryStore store = DemoStores.openWriter(dir))
        {
            // when
            final long startNanos = System.nanoTime();
            final DemoRetailer.Loaded loaded = target.load(store, clock);
            final long loadMillis = (System.nanoTime() - startNanos) / 1_000_000;
            System.out.println("DemoRetailerTest: loaded the standard retailer (" + target.recordCount() +
                " stock records, " + target.skuCount() + " skus, " + target.locations().size() + " locations) in " +
                loadMillis + " ms");

            // then
            assertThat(loaded.reused()).isFalse();
            assertThat(store.records().size()).isEqualTo(target.recordCount());
            assertThat(store.counters().snapshots()).isEqualTo(22);
            assertThat(store.locationRegistry().byCode("S001").name()).isEqualTo("Main St");
            assertThat(store.locationRegistry().byCode("S020").name()).isEqualTo("Montclair");
            assertThat(store.locationRegistry().byCode("DC-EAST").isStore()).isFalse();
            assertThat(store.skus().size()).isEqualTo(5_000);
            assertThat(loaded.catalog()).isEqualTo(target.catalog(store.skus()));

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

    private static List<String> complementsOf(final List<Product> catalog, final String category)
    {
        return catalog.stream().filter(product -> product.category().equals(category)).findFirst()
            .orElseThrow().complements();
    }

    private static double average(final long[] sumAndCount)
    {
        return (double)sumAndCount[0] / sumAndCount[1];
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
