package com.endcap.inventory.apply;

import com.endcap.bidder.stock.StockAttributes;
import com.endcap.bidder.stock.StockView;
import com.endcap.inventory.InventoryConfig;
import com.endcap.inventory.InventoryStore;
import com.endcap.inventory.ManualStore;
import com.endcap.inventory.store.StockRecord;
import com.endcap.inventory.store.StorePrice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StockWriterTest
{
    @TempDir
    Path dir;

    private ManualStore target;

    @BeforeEach
    void open()
    {
        target = ManualStore.open(dir);
    }

    @AfterEach
    void close()
    {
        target.close();
    }

    @Test
    void absoluteThenDeltaMovesOnHand()
    {
        target.apply(target.absolute("100871", "S042", "pos-S042", 1881, 7));
        final ApplyResult result = target.apply(target.delta("100871", "S042", "pos-S042", 1882, -1));

        assertThat(result).isEqualTo(new ApplyResult(1, 0, 0));
        assertThat(target.available("100871", "S042")).isEqualTo(6);
    }

    @Test
    void duplicateSeqIsIgnoredAndCounted()
    {
        target.apply(target.absolute("100871", "S042", "pos-S042", 10, 7));

        final ApplyResult replay = target.apply(target.absolute("100871", "S042", "pos-S042", 10, 99));

        assertThat(replay).isEqualTo(new ApplyResult(0, 1, 0));
        assertThat(target.available("100871", "S042")).isEqualTo(7);
        assertThat(target.store().counters().applied()).isEqualTo(1);
        assertThat(target.store().counters().ignored()).isEqualTo(1);
    }

    @Test
    void olderSeqArrivingLateIsIgnored()
    {
        target.apply(target.absolute("100871", "S042", "pos-S042", 20, 5));

        target.apply(target.absolute("100871", "S042", "pos-S042", 19, 50));

        assertThat(target.available("100871", "S042")).isEqualTo(5);
    }

    @Test
    void relativeChangeAppliesExactlyOnceWhenReplayed()
    {
        target.apply(target.absolute("100871", "S042", "pos-S042", 1, 10));
        final ChangeBatch sale = target.delta("100871", "S042", "pos-S042", 2, -3);

        target.apply(sale);
        target.apply(sale);
        target.apply(sale);

        assertThat(target.available("100871", "S042")).isEqualTo(7);
    }

    @Test
    void eachSourceKeepsItsOwnSequence()
    {
        target.apply(target.absolute("100871", "S042", "pos-S042", 100, 10));
        target.apply(target.delta("100871", "S042", "ecom-reservations", 1, -2));
        target.apply(target.delta("100871", "S042", "ecom-reservations", 1, -2));
        target.apply(target.delta("100871", "S042", "pos-S042", 101, -1));
        target.apply(target.delta("100871", "S042", "ecom-reservations", 2, -1));

        assertThat(target.available("100871", "S042")).isEqualTo(6);
        final Map<Integer, Long> seqs = new HashMap<>();
        target.store().records().forEachSourceSeq(target.sku("100871"), target.location("S042"), seqs::put);
        assertThat(seqs).containsEntry(target.source("pos-S042"), 101L).containsEntry(target.source("ecom-reservations"), 2L);
    }

    @Test
    void sequencesArePerSkuAndLocation()
    {
        target.apply(target.absolute("A", "S1", "pos", 5, 1));

        final ApplyResult otherSku = target.apply(target.absolute("B", "S1", "pos", 5, 2));
        final ApplyResult otherLocation = target.apply(target.absolute("A", "S2", "pos", 5, 3));

        assertThat(otherSku.applied()).isEqualTo(1);
        assertThat(otherLocation.applied()).isEqualTo(1);
    }

    @Test
    void reservedAndSafetyStockAreKeptUnlessGiven()
    {
        final int sku = target.sku("100871");
        final int store = target.location("S042");
        final int source = target.source("pos-S042");
        target.apply(new ChangeBatch().addAbsolute(1, sku, store, source, 1, 1_000L, 10, 2, 1));

        target.apply(new ChangeBatch().addDelta(1, sku, store, source, 2, 2_000L, -1, ChangeBatch.ABSENT, ChangeBatch.ABSENT));

        final StockRecord record = new StockRecord();
        assertThat(target.store().readRecord("100871", "S042", record)).isTrue();
        assertThat(record.onHand()).isEqualTo(9);
        assertThat(record.reserved()).isEqualTo(2);
        assertThat(record.safetyStock()).isEqualTo(1);
        assertThat(record.available()).isEqualTo(6);
        assertThat(record.updatedAtMillis()).isEqualTo(2_000L);
        assertThat(record.seq()).isEqualTo(2);
    }

    @Test
    void batchAcknowledgementCountsAppliedAndIgnored()
    {
        final int source = target.source("pos");
        final ChangeBatch batch = new ChangeBatch();
        for (int i = 0; i < 100; i++)
        {
            batch.addAbsolute(i + 1, target.sku("sku-" + i), target.location("S1"), source, 1, 1_000L, i, ChangeBatch.ABSENT,
                ChangeBatch.ABSENT);
        }
        target.apply(batch);
        batch.addDelta(101, target.sku("sku-0"), target.location("S1"), source, 2, 1_000L, 5, ChangeBatch.ABSENT,
            ChangeBatch.ABSENT);

        final ApplyResult result = target.apply(batch);

        assertThat(result).isEqualTo(new ApplyResult(1, 100, 0));
        assertThat(target.available("sku-0", "S1")).isEqualTo(5);
    }

    @Test
    void snapshotReplacesTheLocationsStockAndZeroesWhatItNoLongerLists()
    {
        target.apply(target.absolute("A", "S1", "pos", 1, 4));
        target.apply(target.absolute("B", "S1", "pos", 1, 6));
        target.apply(target.absolute("C", "S1", "pos", 1, 0));
        target.apply(target.absolute("A", "S2", "pos", 1, 9));
        final int limited = StockAttributes.pack(true, false, StockAttributes.SLA_SAME_DAY, StockAttributes.METHOD_BUY);

        final ApplyResult result = target.apply(new PreparedSnapshot(
            target.location("S1"), 5_000_000L,
            new int[]{target.sku("A"), target.sku("D")}, new int[]{2, 3}, new int[]{limited, 0},
            new long[]{-1, 1999}, new long[]{-1, -1}));

        assertThat(result).isEqualTo(new ApplyResult(2, 0, 1));
        assertThat(target.available("A", "S1")).isEqualTo(2);
        assertThat(target.available("B", "S1")).isZero();
        assertThat(target.available("C", "S1")).isZero();
        assertThat(target.available("D", "S1")).isEqualTo(3);
        assertThat(target.available("A", "S2")).isEqualTo(9);
        final com.endcap.bidder.stock.StockLevel level = new com.endcap.bidder.stock.StockLevel();
        target.store().stockView().read(target.sku("A"), target.location("S1"), level);
        assertThat(level.attributes()).isEqualTo(limited);
        assertThat(level.updatedAtEpochSecond()).isEqualTo(5_000L);
        assertThat(target.store().counters().removed()).isEqualTo(1);
        final StorePrice price = new StorePrice();
        assertThat(target.store().records().readPrice(target.sku("D"), target.location("S1"), price)).isTrue();
        assertThat(price.priceCents()).isEqualTo(1999);
        assertThat(price.saleCents()).isEqualTo(StorePrice.NONE);
        assertThat(target.store().records().readPrice(target.sku("A"), target.location("S1"), price)).isFalse();
        // the engine's view (the writer's in-heap index) agrees
        final long[] engine = new long[2];
        assertThat(target.store().storePriceView().read(target.sku("D"), target.location("S1"), engine)).isTrue();
        assertThat(engine).containsExactly(1999, StorePrice.NONE);
        assertThat(target.store().storePriceView().read(target.sku("A"), target.location("S1"), engine)).isFalse();
    }

    @Test
    void snapshotClearsStorePricesItNoLongerGives()
    {
        final int store = target.location("S1");
        target.apply(new PreparedSnapshot(store, 1L, new int[]{target.sku("A")}, new int[]{1}, new int[]{0},
            new long[]{500}, new long[]{450}));

        target.apply(new PreparedSnapshot(store, 2L, new int[0], new int[0], new int[0], new long[0], new long[0]));

        assertThat(target.store().records().readPrice(target.sku("A"), store, new StorePrice())).isFalse();
        assertThat(target.store().storePriceView().read(target.sku("A"), store, new long[2])).isFalse();
    }

    @Test
    void snapshotKeepsSourceSequencesSoLaterDeltasStillApplyOnce()
    {
        target.apply(target.absolute("A", "S1", "pos", 7, 4));
        target.apply(new PreparedSnapshot(target.location("S1"), 5_000_000L, new int[]{target.sku("A")}, new int[]{10},
            new int[]{0}, new long[]{-1}, new long[]{-1}));

        target.apply(target.delta("A", "S1", "pos", 7, -1));
        target.apply(target.delta("A", "S1", "pos", 8, -1));

        assertThat(target.available("A", "S1")).isEqualTo(9);
    }

    @Test
    void emptySnapshotMakesTheWholeLocationUnavailable()
    {
        target.apply(target.absolute("A", "S1", "pos", 1, 4));
        target.apply(target.absolute("B", "S1", "pos", 1, 4));

        final ApplyResult result = target.apply(new PreparedSnapshot(target.location("S1"), 1L, new int[0], new int[0],
            new int[0], new long[0], new long[0]));

        assertThat(result.removed()).isEqualTo(2);
        assertThat(target.available("A", "S1")).isZero();
        assertThat(target.available("B", "S1")).isZero();
    }

    @Test
    void stockSurvivesCloseAndReopenWithTheSameIds()
    {
        target.apply(target.absolute("100871", "S042", "pos-S042", 1881, 7));
        final int skuId = target.sku("100871");
        target.close();

        target = ManualStore.open(dir);

        assertThat(target.store().recovered()).isFalse();
        assertThat(target.store().skus().idOf("100871")).isEqualTo(skuId);
        assertThat(target.available("100871", "S042")).isEqualTo(7);
        assertThat(target.apply(target.absolute("100871", "S042", "pos-S042", 1881, 1)).ignored()).isEqualTo(1);
        assertThat(target.apply(target.delta("100871", "S042", "pos-S042", 1882, -2)).applied()).isEqualTo(1);
        assertThat(target.available("100871", "S042")).isEqualTo(5);
    }

    @Test
    void reopenRebuildsTheIndexAndEachLocationsStockedSkusFromTheRecords()
    {
        // given: records at 40 locations, 1 to 5 skus each, one location set by a snapshot
        final int limited = StockAttributes.pack(true, false, StockAttributes.SLA_SAME_DAY, StockAttributes.METHOD_BUY);
        for (int location = 0; location < 40; location++)
        {
            for (int sku = 0; sku <= location % 5; sku++)
            {
                target.apply(target.absolute("sku-" + sku, "S" + location, "pos", 1, 10 * location + sku));
            }
        }
        target.apply(new PreparedSnapshot(target.location("S7"), 5_000_000L, new int[]{target.sku("sku-0")}, new int[]{3},
            new int[]{limited}, new long[]{-1}, new long[]{-1}));
        final com.endcap.bidder.stock.StockLevel before = new com.endcap.bidder.stock.StockLevel();
        target.store().stockView().read(target.sku("sku-0"), target.location("S7"), before);
        target.close();

        // when
        target = ManualStore.open(dir);

        // then: every level reads as before, and a snapshot zeroes what it no longer lists
        assertThat(target.store().records().size()).isEqualTo(120);
        for (int location = 0; location < 40; location++)
        {
            for (int sku = 0; sku < 5; sku++)
            {
                final int expected = location == 7 ? (sku == 0 ? 3 : sku <= 2 ? 0 : StockView.NO_RECORD) :
                    sku <= location % 5 ? 10 * location + sku : StockView.NO_RECORD;
                assertThat(target.available("sku-" + sku, "S" + location)).as("sku-%d at S%d", sku, location)
                    .isEqualTo(expected);
            }
        }
        final com.endcap.bidder.stock.StockLevel after = new com.endcap.bidder.stock.StockLevel();
        target.store().stockView().read(target.sku("sku-0"), target.location("S7"), after);
        assertThat(after.attributes()).isEqualTo(before.attributes()).isEqualTo(limited);
        assertThat(after.updatedAtEpochSecond()).isEqualTo(before.updatedAtEpochSecond()).isEqualTo(5_000L);

        final ApplyResult result = target.apply(new PreparedSnapshot(target.location("S39"), 6_000_000L,
            new int[]{target.sku("sku-1")}, new int[]{1}, new int[]{0}, new long[]{-1}, new long[]{-1}));
        assertThat(result).isEqualTo(new ApplyResult(1, 0, 4));
        assertThat(target.available("sku-0", "S39")).isZero();
        assertThat(target.available("sku-1", "S39")).isEqualTo(1);
        assertThat(target.available("sku-4", "S39")).isZero();
        assertThat(target.available("sku-4", "S34")).isEqualTo(344);
    }

    @Test
    void secondWriterOnTheSameDirectoryIsRefused()
    {
        assertThatThrownBy(() -> InventoryStore.openWriter(InventoryConfig.defaults(dir)))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("writer");
    }

    @Test
    void unknownSkuOrLocationReadsAsNoRecord()
    {
        assertThat(target.store().stockView().available(12345, 678)).isEqualTo(StockView.NO_RECORD);
        assertThat(target.store().readRecord("nope", "S042", new StockRecord())).isFalse();
    }

    @Test
    void osDurabilityAcknowledgesAfterSync()
    {
        target.close();
        try (InventoryStore store = InventoryStore.openWriter(InventoryConfig.defaults(dir)
            .withMaxEntries(1_000).withDurability(InventoryConfig.Durability.OS)))
        {
            final ChangeBatch batch = new ChangeBatch().addAbsolute(1, store.skus().intern("A"), store.locations().intern("S1"),
                store.sources().intern("pos"), 1, 1_000L, 3, ChangeBatch.ABSENT, ChangeBatch.ABSENT);

            final ApplyResult result = store.proxy().submit(batch).join();

            assertThat(result.applied()).isEqualTo(1);
            assertThat(store.stockView().available(store.skus().idOf("A"), store.locations().idOf("S1"))).isEqualTo(3);
        }
        target = ManualStore.open(dir);
    }
}
