package com.endcap.inventory.store;

import com.endcap.inventory.ManualStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SellThroughIndexTest
{
    private static final long T0 = 1_763_900_000L;

    private long nowMillis = T0 * 1000;
    private final SellThroughIndex target = new SellThroughIndex(16, 3600, () -> nowMillis);

    @TempDir
    Path dir;

    @Test
    void unknownPairSellsNothing()
    {
        assertThat(target.unitsPerHour(1, 2)).isZero();
    }

    @Test
    void steadySalesSettleAtTheirRate()
    {
        // given: 6 units an hour, one every 10 minutes, for 10 hours
        for (int i = 0; i < 60; i++)
        {
            target.onDecrease(1, 2, 1, T0 + i * 600L);
        }

        // when
        nowMillis = (T0 + 59 * 600L) * 1000;

        // then: the decayed sum of a steady stream is close to its rate
        assertThat(target.unitsPerHour(1, 2)).isCloseTo(6.0, within(0.6));
        assertThat(target.unitsPerHour(2, 1)).isZero();
    }

    @Test
    void aBurstFadesWithTheTimeConstant()
    {
        // given
        target.onDecrease(1, 2, 10, T0);

        // when / then: e^-1 after one time constant
        assertThat(target.unitsPerHour(1, 2)).isCloseTo(10.0, within(1e-4));
        nowMillis = (T0 + 3600) * 1000;
        assertThat(target.unitsPerHour(1, 2)).isCloseTo(10.0 / Math.E, within(1e-4));
    }

    @Test
    void writerFeedsRelativeDecreasesOnly()
    {
        try (ManualStore store = ManualStore.open(dir))
        {
            // given
            final SellThroughIndex index = (SellThroughIndex)store.store().sellThroughView();
            store.apply(store.absolute("100871", "S042", "pos", 1, 10));
            store.apply(store.delta("100872", "S042", "pos", 1, 5));
            assertThat(index.size()).isZero();

            // when
            store.apply(store.delta("100871", "S042", "pos", 2, -2));
            store.apply(store.absolute("100872", "S042", "pos", 2, 1));

            // then: the sale counts; the recount from 5 to 1 does not
            assertThat(index.size()).isEqualTo(1);
        }
    }
}
