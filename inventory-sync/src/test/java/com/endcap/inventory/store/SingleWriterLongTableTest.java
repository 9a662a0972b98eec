package com.endcap.inventory.store;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SingleWriterLongTableTest
{
    @Test
    void everyKeyReadsItsLatestValueThroughGrowthAndAbsentKeysReadMissing()
    {
        final long seed = System.nanoTime();
        System.out.println("everyKeyReadsItsLatestValueThroughGrowthAndAbsentKeysReadMissing seed=" + seed);
        final Random random = new Random(seed);
        final SingleWriterLongTable target = new SingleWriterLongTable(16);
        final Map<Long, Long> expected = new HashMap<>();

        for (int i = 0; i < 50_000; i++)
        {
            final long key = random.nextInt(4) == 0 && !expected.isEmpty() ? expected.keySet().iterator().next() :
                random.nextLong() >>> random.nextInt(64);
            if (SingleWriterLongTable.MISSING == key)
            {
                continue;
            }
            final long value = random.nextLong() & Long.MAX_VALUE;
            assertThat(target.put(key, value)).as("seed %d", seed).isEqualTo(!expected.containsKey(key));
            expected.put(key, value);
        }

        assertThat(target.size()).isEqualTo(expected.size());
        expected.forEach((key, value) -> assertThat(target.get(key)).as("seed %d key %d", seed, key).isEqualTo(value));
        for (int i = 0; i < 10_000; i++)
        {
            final long absent = random.nextLong();
            if (!expected.containsKey(absent))
            {
                assertThat(target.get(absent)).isEqualTo(SingleWriterLongTable.MISSING);
            }
        }
        // a power-of-two table of a key and a value a slot, grown only as far as the 0.65 load factor asks
        final long slots = target.footprintBytes() / (2 * Long.BYTES);
        assertThat(Long.bitCount(slots)).isEqualTo(1);
        assertThat(target.size()).isLessThanOrEqualTo((int)(slots * 0.65)).isGreaterThan((int)(slots / 2 * 0.65));
    }
}
