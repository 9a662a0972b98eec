package com.endcap.inventory.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class StorePriceIndexTest
{
    @TempDir
    Path dir;

    @Test
    void readsWhatThePriceMapHoldsBeforeAndAfterTheIndexIsBuilt()
    {
        try (ChronicleStockStore store = ChronicleStockStore.open(dir, 10_000, false))
        {
            // given: a price persisted before the index exists
            store.applyPrice(1, 2, 1_999, StorePrice.NONE);

            // when
            final StorePriceIndex target = store.indexPrices();
            store.applyPrice(3, 2, StorePrice.NONE, 450);
            store.applyPrice(4, 2, 0, 0);

            // then
            assertPrice(target, 1, 2, 1_999, StorePrice.NONE);
            assertPrice(target, 3, 2, StorePrice.NONE, 450);
            assertPrice(target, 4, 2, 0, 0);
            assertThat(target.read(1, 3, new long[2])).isFalse();
            assertThat(store.indexPrices()).isSameAs(target);
        }
    }

    @Test
    void clearedPricesAreGone()
    {
        try (ChronicleStockStore store = ChronicleStockStore.open(dir, 10_000, false))
        {
            final StorePriceIndex target = store.indexPrices();
            store.applyPrice(1, 2, 500, 450);

            store.applyPrice(1, 2, StorePrice.NONE, StorePrice.NONE);
            store.applyPrice(9, 9, StorePrice.NONE, StorePrice.NONE);

            final long[] into = { 7, 7 };
            assertThat(target.read(1, 2, into)).isFalse();
            assertThat(target.read(9, 9, into)).isFalse();
            assertThat(into).containsExactly(7, 7);
        }
    }

    @Test
    void pricesTooLargeToPackAreReadFromTheMap()
    {
        try (ChronicleStockStore store = ChronicleStockStore.open(dir, 10_000, false))
        {
            final StorePriceIndex target = store.indexPrices();

            store.applyPrice(1, 1, (1L << 31) - 2, (1L << 32) - 2);
            store.applyPrice(1, 2, (1L << 31) - 1, 5);
            store.applyPrice(1, 3, 5, 1L << 32);
            store.applyPrice(1, 4, Long.MAX_VALUE, Long.MAX_VALUE - 1);

            assertPrice(target, 1, 1, (1L << 31) - 2, (1L << 32) - 2);
            assertPrice(target, 1, 2, (1L << 31) - 1, 5);
            assertPrice(target, 1, 3, 5, 1L << 32);
            assertPrice(target, 1, 4, Long.MAX_VALUE, Long.MAX_VALUE - 1);
        }
    }

    @Test
    void agreesWithThePriceMapOnRandomChanges()
    {
        try (ChronicleStockStore store = ChronicleStockStore.open(dir, 10_000, false))
        {
            final SplittableRandom random = new SplittableRandom(11);
            for (int i = 0; i < 2_000; i++)
            {
                store.applyPrice(random.nextInt(50), random.nextInt(5), price(random), price(random));
            }
            final StorePriceIndex target = store.indexPrices();
            for (int i = 0; i < 5_000; i++)
            {
                store.applyPrice(random.nextInt(50), random.nextInt(5), price(random), price(random));
            }

            final StorePrice expected = new StorePrice();
            final long[] actual = new long[2];
            for (int sku = 0; sku < 50; sku++)
            {
                for (int location = 0; location < 5; location++)
                {
                    final boolean present = store.readPrice(sku, location, expected);
                    assertThat(target.read(sku, location, actual)).as("sku %d at %d", sku, location).isEqualTo(present);
                    if (present)
                    {
                        assertThat(actual).containsExactly(expected.priceCents(), expected.saleCents());
                    }
                }
            }
        }
    }

    private static long price(final SplittableRandom random)
    {
        switch (random.nextInt(4))
        {
            case 0:
                return StorePrice.NONE;
            case 1:
                return random.nextLong(1L << 40);
            default:
                return random.nextInt(100_000);
        }
    }

    private static void assertPrice(
        final StorePriceIndex target, final int sku, final int location, final long price, final long sale)
    {
        final long[] into = new long[2];
        assertThat(target.read(sku, location, into)).isTrue();
        assertThat(into).containsExactly(price, sale);
    }
}
