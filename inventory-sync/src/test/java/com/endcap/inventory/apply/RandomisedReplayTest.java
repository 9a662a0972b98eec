package com.endcap.inventory.apply;

import com.endcap.inventory.ManualStore;
import com.endcap.inventory.store.StockRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streams of changes from several sources, delivered with duplicates and reordering, must end in
 * the state an oracle computes: each source's changes apply at most once, a change arriving after
 * a higher seq of its source at that (sku, location) is dropped, and the drops are counted.
 */
class RandomisedReplayTest
{
    private static final String[] SKUS = {"A", "B", "C", "D"};
    private static final String[] LOCATIONS = {"S1", "S2", "DC"};
    private static final String[] SOURCES = {"pos", "wms", "ecom"};

    private record Change(String sku, String location, String source, long seq, boolean absolute, int quantity)
    {
    }

    @TempDir
    Path dir;

    @Test
    void interleavedDuplicateAndReorderedChangesMatchTheOracle()
    {
        final long seed = Long.getLong("endcap.test.seed", System.nanoTime());
        System.out.println("RandomisedReplayTest seed=" + seed + " (rerun with -Dendcap.test.seed=" + seed + ")");
        final Random random = new Random(seed);

        final List<Change> produced = new ArrayList<>();
        final Map<String, Long> nextSeq = new HashMap<>();
        for (int i = 0; i < 3_000; i++)
        {
            final String sku = SKUS[random.nextInt(SKUS.length)];
            final String location = LOCATIONS[random.nextInt(LOCATIONS.length)];
            final String source = SOURCES[random.nextInt(SOURCES.length)];
            final long seq = nextSeq.merge(source, (long)(1 + random.nextInt(3)), Long::sum);
            final boolean absolute = random.nextInt(5) == 0;
            produced.add(new Change(sku, location, source, seq, absolute, absolute ? random.nextInt(50) : random.nextInt(11) - 5));
        }

        final List<Change> delivered = new ArrayList<>();
        for (final Change change : produced)
        {
            delivered.add(change);
            if (random.nextInt(4) == 0)
            {
                delivered.add(change);
            }
        }
        for (int i = 0; i < delivered.size() / 10; i++)
        {
            final int a = random.nextInt(delivered.size());
            final int b = Math.min(delivered.size() - 1, a + random.nextInt(8));
            Collections.swap(delivered, a, b);
        }

        final Map<String, Integer> oracleOnHand = new HashMap<>();
        final Map<String, Long> oracleLastSeq = new HashMap<>();
        long oracleIgnored = 0;
        for (final Change change : delivered)
        {
            final String record = change.sku + "@" + change.location;
            final String seqKey = record + "#" + change.source;
            final Long last = oracleLastSeq.get(seqKey);
            if (null != last && change.seq <= last)
            {
                oracleIgnored++;
                continue;
            }
            oracleLastSeq.put(seqKey, change.seq);
            final int before = oracleOnHand.getOrDefault(record, 0);
            oracleOnHand.put(record, change.absolute ? change.quantity : before + change.quantity);
        }

        try (ManualStore target = ManualStore.open(dir))
        {
            final ChangeBatch batch = new ChangeBatch();
            for (int i = 0; i < delivered.size(); i++)
            {
                final Change change = delivered.get(i);
                final int sku = target.sku(change.sku);
                final int location = target.location(change.location);
                final int source = target.source(change.source);
                if (change.absolute)
                {
                    batch.addAbsolute(i, sku, location, source, change.seq, 1_000L, change.quantity, ChangeBatch.ABSENT,
                        ChangeBatch.ABSENT);
                }
                else
                {
                    batch.addDelta(i, sku, location, source, change.seq, 1_000L, change.quantity, ChangeBatch.ABSENT,
                        ChangeBatch.ABSENT);
                }
                if (batch.size() == 1 + random.nextInt(64))
                {
                    target.apply(batch);
                    batch.clear();
                }
            }
            target.apply(batch);

            for (final String sku : SKUS)
            {
                for (final String location : LOCATIONS)
                {
                    final Integer expected = oracleOnHand.get(sku + "@" + location);
                    final StockRecord record = new StockRecord();
                    if (null == expected)
                    {
                        assertThat(target.store().readRecord(sku, location, record)).as(sku + "@" + location).isFalse();
                    }
                    else
                    {
                        assertThat(target.store().readRecord(sku, location, record)).as(sku + "@" + location).isTrue();
                        assertThat(record.onHand()).as("onHand of " + sku + "@" + location + " seed " + seed).isEqualTo(expected);
                        assertThat(target.available(sku, location)).isEqualTo(Math.max(0, expected));
                    }
                }
            }
            assertThat(target.store().counters().ignored()).as("ignored, seed " + seed).isEqualTo(oracleIgnored);
            assertThat(target.store().counters().applied()).isEqualTo(delivered.size() - oracleIgnored);
        }
    }
}
