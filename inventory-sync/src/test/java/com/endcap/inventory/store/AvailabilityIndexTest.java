package com.endcap.inventory.store;

import com.endcap.bidder.stock.StockLevel;
import com.endcap.bidder.stock.StockView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class AvailabilityIndexTest
{
    @Test
    void growingKeepsEveryEntry()
    {
        final AvailabilityIndex target = new AvailabilityIndex(16);

        for (int i = 0; i < 50_000; i++)
        {
            target.put(i, i % 7, i % 1000, i & 0x7F, 1_700_000_000L + i);
        }

        assertThat(target.size()).isEqualTo(50_000);
        final StockLevel level = new StockLevel();
        for (int i = 0; i < 50_000; i++)
        {
            assertThat(target.read(i, i % 7, level)).isTrue();
            assertThat(level.available()).isEqualTo(i % 1000);
            assertThat(level.attributes()).isEqualTo(i & 0x7F);
            assertThat(level.updatedAtEpochSecond()).isEqualTo(1_700_000_000L + i);
        }
        assertThat(target.available(1, 2)).isEqualTo(StockView.NO_RECORD);
    }

    @Test
    void unitsAboveTheIndexRangeSaturate()
    {
        final AvailabilityIndex target = new AvailabilityIndex(16);

        target.put(1, 1, Integer.MAX_VALUE, 0, 0);

        assertThat(target.available(1, 1)).isEqualTo(AvailabilityIndex.MAX_UNITS);
    }

    @Test
    void updatingAnEntryKeepsOneEntry()
    {
        final AvailabilityIndex target = new AvailabilityIndex(16);

        target.put(3, 4, 10, 0, 100);
        target.put(3, 4, 0, 0, 200);

        assertThat(target.size()).isEqualTo(1);
        assertThat(target.available(3, 4)).isZero();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void readersNeverSeeATornOrLostEntryWhileTheWriterGrowsTheTable() throws InterruptedException
    {
        final AvailabilityIndex target = new AvailabilityIndex(16);
        final int entries = 400_000;
        final AtomicBoolean done = new AtomicBoolean();
        final AtomicReference<String> failure = new AtomicReference<>();
        final AtomicReference<Integer> published = new AtomicReference<>(-1);

        final Thread reader = new Thread(() ->
        {
            final StockLevel level = new StockLevel();
            while (!done.get() && null == failure.get())
            {
                final int upTo = published.get();
                for (int i = Math.max(0, upTo - 1000); i <= upTo; i++)
                {
                    if (!target.read(i, 1, level))
                    {
                        failure.set("entry " + i + " lost after it was published");
                        return;
                    }
                    final long second = level.updatedAtEpochSecond();
                    if (level.available() != i % 5000 || (second != 1_700_000_000L + i && second != 1_800_000_000L + i))
                    {
                        failure.set("entry " + i + " torn: " + level);
                        return;
                    }
                }
            }
        });
        reader.start();

        for (int i = 0; i < entries; i++)
        {
            target.put(i, 1, i % 5000, 0, 1_700_000_000L + i);
            if ((i & 63) == 0)
            {
                published.set(i);
            }
            if (i > 10 && (i & 7) == 0)
            {
                final int again = i - 7;
                target.put(again, 1, again % 5000, 0, 1_800_000_000L + again);
            }
        }
        done.set(true);
        reader.join();

        assertThat(failure.get()).isNull();
        assertThat(target.size()).isEqualTo(entries);
    }
}
