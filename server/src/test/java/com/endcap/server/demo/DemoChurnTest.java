package com.endcap.server.demo;

import com.endcap.bidder.stock.StockView;
import com.endcap.inventory.InventoryStore;
import com.endcap.inventory.apply.ApplyResult;
import org.agrona.concurrent.CachedEpochClock;
import org.agrona.concurrent.SystemEpochClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@Timeout(60)
class DemoChurnTest
{
    private static final long START_MILLIS = 1_763_900_000_000L;

    @TempDir
    Path dir;

    private final CachedEpochClock clock = new CachedEpochClock();
    private final DemoRetailer retailer = DemoRetailer.generate(11, 3, 40);
    private InventoryStore store;
    private DemoRetailer.Loaded loaded;
    private long seed;

    @BeforeEach
    void loadRetailer()
    {
        clock.update(START_MILLIS);
        seed = ThreadLocalRandom.current().nextLong();
        System.out.println("DemoChurnTest seed " + seed);
        store = DemoStores.openWriter(dir);
        loaded = retailer.load(store, clock);
    }

    @AfterEach
    void closeStore()
    {
        store.close();
    }

    @Test
    void spreadsTheRateOverTenTicksASecond()
    {
        // given
        final DemoChurn target = new DemoChurn(store, loaded, 25, clock, seed);
        final int[] perTick = new int[20];

        // when
        for (int i = 0; i < perTick.length; i++)
        {
            perTick[i] = target.changesForNextTick();
        }

        // then
        assertThat(perTick).containsOnly(2, 3);
        assertThat(sum(perTick, 0, 10)).isEqualTo(25);
        assertThat(sum(perTick, 10, 20)).isEqualTo(25);
    }

    @Test
    void ticksSellAndRestockStock() throws Exception
    {
        // given
        final DemoChurn target = new DemoChurn(store, loaded, 50, clock, seed);
        final int[][] before = snapshotAvailability();
        long applied = 0;

        // when
        for (int tick = 0; tick < 10; tick++)
        {
            clock.advance(100);
            final ApplyResult result = target.tick(10).get(10, TimeUnit.SECONDS);
            applied += result.applied();
            assertThat(result.ignored()).isZero();
        }

        // then (a change is skipped now and then when every probe hits a pair the batch already changed)
        assertThat(applied).isEqualTo(target.sales() + target.restocks()).isBetween(90L, 100L);
        assertThat(target.sales()).isPositive();
        assertThat(target.restocks()).isPositive();
        assertThat(store.counters().applied()).isEqualTo(applied);
        assertThat(store.counters().ignored()).isZero();
        final int[][] after = snapshotAvailability();
        int changed = 0;
        for (int l = 0; l < before.length; l++)
        {
            for (int s = 0; s < before[l].length; s++)
            {
                if (before[l][s] != after[l][s])
                {
                    changed++;
                }
                if (retailer.carries(l, s))
                {
                    assertThat(after[l][s]).isNotNegative();
                }
                else
                {
                    assertThat(after[l][s]).as("a pair the retailer does not carry").isEqualTo(StockView.NO_RECORD);
                }
            }
        }
        assertThat(changed).isPositive();
    }

    @Test
    void itemsSellOutAndComeBack() throws Exception
    {
        // given
        final DemoChurn target = new DemoChurn(store, loaded, 50, clock, seed);
        final boolean[][] seenSoldOut = new boolean[retailer.locations().size()][retailer.skuCount()];
        boolean cameBack = false;
        boolean soldOutByChurn = false;

        // when
        for (int tick = 0; tick < 2_000 && !(cameBack && soldOutByChurn); tick++)
        {
            clock.advance(100);
            target.tick(10).get(10, TimeUnit.SECONDS);
            soldOutByChurn = target.sellOuts() > 0;
            final int[][] now = snapshotAvailability();
            for (int l = 0; l < now.length; l++)
            {
                for (int s = 0; s < now[l].length; s++)
                {
                    if (0 == now[l][s])
                    {
                        seenSoldOut[l][s] = true;
                    }
                    else if (now[l][s] > 0 && seenSoldOut[l][s])
                    {
                        cameBack = true;
                    }
                }
            }
        }

        // then
        assertThat(soldOutByChurn).as("a sale took an item to zero").isTrue();
        assertThat(cameBack).as("a sold-out item was restocked").isTrue();
    }

    @Test
    void whatTheChurnSellsOutComesBackWithinTheDeliveryDelay() throws Exception
    {
        // given one tick a simulated second, so minutes pass in a few hundred ticks
        final DemoChurn target = new DemoChurn(store, loaded, 50, clock, seed);
        final long deadlineMillis = DemoChurn.MAX_RESTOCK_DELAY_MILLIS + 3_000;
        final long endMillis = START_MILLIS + 3 * DemoChurn.MAX_RESTOCK_DELAY_MILLIS;
        int[][] before = snapshotAvailability();
        final long[][] soldOutAt = new long[before.length][before[0].length];
        int soldOut = 0;
        int cameBack = 0;

        // when
        while (clock.time() < endMillis)
        {
            clock.advance(1_000);
            target.tick(10).get(10, TimeUnit.SECONDS);
            final int[][] now = snapshotAvailability();
            for (int l = 0; l < now.length; l++)
            {
                for (int s = 0; s < now[l].length; s++)
                {
                    if (before[l][s] > 0 && 0 == now[l][s])
                    {
                        soldOutAt[l][s] = clock.time();
                        soldOut++;
                    }
                    else if (0 == before[l][s] && now[l][s] > 0 && soldOutAt[l][s] > 0)
                    {
                        // then
                        assertThat(clock.time() - soldOutAt[l][s]).as("location %d sku %d back", l, s)
                            .isLessThanOrEqualTo(deadlineMillis);
                        soldOutAt[l][s] = 0;
                        cameBack++;
                    }
                    else if (0 == now[l][s] && soldOutAt[l][s] > 0)
                    {
                        assertThat(clock.time() - soldOutAt[l][s]).as("location %d sku %d still out", l, s)
                            .isLessThanOrEqualTo(deadlineMillis);
                    }
                }
            }
            before = now;
        }

        // then
        assertThat(soldOut).isGreaterThan(10);
        assertThat(cameBack).isGreaterThan(soldOut / 2);
        assertThat(store.counters().ignored()).isZero();
    }

    @Test
    void keepsSequencesAboveAnEarlierRunAfterARestart() throws Exception
    {
        // given an earlier run that applied changes
        final DemoChurn earlier = new DemoChurn(store, loaded, 50, clock, seed);
        for (int tick = 0; tick < 20; tick++)
        {
            earlier.tick(50).get(10, TimeUnit.SECONDS);
        }
        store.close();

        // when the demo restarts a second later on the same directory
        clock.advance(1_000);
        store = DemoStores.openWriter(dir);
        loaded = retailer.load(store, clock);
        final DemoChurn later = new DemoChurn(store, loaded, 50, clock, seed + 1);
        long applied = 0;
        for (int tick = 0; tick < 20; tick++)
        {
            final ApplyResult result = later.tick(50).get(10, TimeUnit.SECONDS);
            applied += result.applied();
        }

        // then
        assertThat(loaded.reused()).isTrue();
        assertThat(applied).isEqualTo(later.sales() + later.restocks()).isGreaterThan(900L);
        assertThat(store.counters().ignored()).isZero();
    }

    @Test
    void appliesEveryChangeOfLargeBatches() throws Exception
    {
        // given the standard retailer and ticks of a 100,000 changes/s rate
        store.close();
        final Path standardDir = dir.resolve("standard");
        store = DemoStores.openWriter(standardDir);
        loaded = DemoRetailer.standard().load(store, clock);
        final DemoChurn target = new DemoChurn(store, loaded, DemoChurn.MAX_CHANGES_PER_SECOND, clock, seed);
        long submitted = 0;

        // when
        for (int tick = 0; tick < 30; tick++)
        {
            clock.advance(100);
            final long before = target.sales() + target.restocks();
            final ApplyResult result = target.tick(target.changesForNextTick()).get(30, TimeUnit.SECONDS);
            submitted += target.sales() + target.restocks() - before;
            assertThat(result.ignored()).isZero();
        }

        // then
        assertThat(submitted).isGreaterThan(100_000);
        assertThat(store.counters().applied()).isEqualTo(submitted);
        assertThat(store.counters().ignored()).isZero();
    }

    @Test
    void startTicksOnItsOwnThreadUntilClosed()
    {
        // given
        final DemoChurn target = new DemoChurn(store, loaded, 200, SystemEpochClock.INSTANCE, seed);

        // when
        target.start();

        // then
        try
        {
            await().atMost(Duration.ofSeconds(20)).until(() -> store.counters().applied() >= 40);
        }
        finally
        {
            target.close();
        }
        final long appliedWhenClosed = store.counters().applied();
        assertThat(target.failures()).isZero();
        assertThat(appliedWhenClosed).isEqualTo(target.sales() + target.restocks());
    }

    @Test
    void zeroRateNeverStartsATicker()
    {
        // given
        final DemoChurn target = new DemoChurn(store, loaded, 0, SystemEpochClock.INSTANCE, seed);

        // when
        target.start();
        target.close();

        // then
        assertThat(target.changesForNextTick()).isZero();
        assertThat(store.counters().applied()).isZero();
    }

    @Test
    void refusesARateOutOfRange()
    {
        assertThatThrownBy(() -> new DemoChurn(store, loaded, -1, clock, seed))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("changesPerSecond");
        assertThatThrownBy(() -> new DemoChurn(store, loaded, DemoChurn.MAX_CHANGES_PER_SECOND + 1, clock, seed))
            .isInstanceOf(IllegalArgumentException.class);
    }

    private int[][] snapshotAvailability()
    {
        final int[][] available = new int[retailer.locations().size()][retailer.skuCount()];
        for (int l = 0; l < available.length; l++)
        {
            for (int s = 0; s < available[l].length; s++)
            {
                available[l][s] = store.stockView().available(loaded.skuIds()[s], loaded.locationIds()[l]);
            }
        }
        return available;
    }

    private static int sum(final int[] values, final int from, final int to)
    {
        int total = 0;
        for (int i = from; i < to; i++)
        {
            total += values[i];
        }
        return total;
    }
}
