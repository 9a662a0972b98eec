package com.endcap.inventory.store;

import com.endcap.bidder.stock.StockLevel;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.IntHashSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The two-thread scan of a large store builds what the one-thread scan builds. */
class IndexRebuildTest
{
    @TempDir
    Path dir;

    @Test
    void twoThreadScanFillsTheSameIndexAndStockedSkusAsOneThread()
    {
        final long seed = System.nanoTime();
        System.out.println("twoThreadScanFillsTheSameIndexAndStockedSkusAsOneThread seed=" + seed);
        final Random random = new Random(seed);
        try (ChronicleStockStore records = ChronicleStockStore.open(dir, 200_000, false))
        {
            // given: records over 37 locations with every field varied
            final Map<Long, StockRecord> written = new HashMap<>();
            final StockRecord result = new StockRecord();
            for (int i = 0; i < 20_000; i++)
            {
                final int skuId = random.nextInt(5_000);
                final int locationId = random.nextInt(37);
                final int onHand = random.nextInt(50_000_000) - 1_000;
                final int reserved = random.nextInt(100);
                final int attributes = random.nextInt(256);
                final long millis = 1_700_000_000_000L + random.nextInt(1_000_000_000);
                records.applyUnsequenced(skuId, locationId,
                    record -> record.onHand(onHand).reserved(reserved).attributes(attributes).updatedAtMillis(millis), result);
                written.put(StockKey.pack(skuId, locationId), new StockRecord().copyFrom(result));
            }
            assertThat(records.segments()).isGreaterThan(1);

            // when
            final AvailabilityIndex oneThread = new AvailabilityIndex(200_000);
            final Int2ObjectHashMap<IntHashSet> oneThreadSkus = IndexRebuild.rebuild(records, oneThread, 37, Long.MAX_VALUE);
            final AvailabilityIndex twoThreads = new AvailabilityIndex(200_000);
            final Int2ObjectHashMap<IntHashSet> twoThreadSkus = IndexRebuild.rebuild(records, twoThreads, 5, 0);

            // then
            assertThat(twoThreads.size()).isEqualTo(oneThread.size()).isEqualTo(written.size());
            assertThat(plain(twoThreadSkus)).isEqualTo(plain(oneThreadSkus)).isEqualTo(expectedSkus(written));
            final StockLevel one = new StockLevel();
            final StockLevel two = new StockLevel();
            written.forEach((packed, record) ->
            {
                final int skuId = StockKey.skuId(packed);
                final int locationId = StockKey.locationId(packed);
                assertThat(oneThread.read(skuId, locationId, one)).isTrue();
                assertThat(twoThreads.read(skuId, locationId, two)).isTrue();
                assertThat(two.available()).as("seed %d", seed).isEqualTo(one.available())
                    .isEqualTo(Math.min(record.available(), AvailabilityIndex.MAX_UNITS));
                assertThat(two.attributes()).isEqualTo(one.attributes()).isEqualTo(record.attributes());
                assertThat(two.updatedAtEpochSecond()).isEqualTo(one.updatedAtEpochSecond())
                    .isEqualTo(record.updatedAtMillis() / 1000);
            });
        }
    }

    private static Map<Integer, Set<Integer>> plain(final Int2ObjectHashMap<IntHashSet> skusByLocation)
    {
        final Map<Integer, Set<Integer>> plain = new HashMap<>();
        skusByLocation.forEach((locationId, skus) -> plain.put(locationId, new HashSet<>(skus)));
        return plain;
    }

    private static Map<Integer, Set<Integer>> expectedSkus(final Map<Long, StockRecord> written)
    {
        final Map<Integer, Set<Integer>> expected = new HashMap<>();
        written.keySet().forEach(packed ->
            expected.computeIfAbsent(StockKey.locationId(packed), k -> new HashSet<>()).add(StockKey.skuId(packed)));
        return expected;
    }
}
