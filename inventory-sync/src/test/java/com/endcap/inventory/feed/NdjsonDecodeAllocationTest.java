package com.endcap.inventory.feed;

import com.endcap.inventory.apply.ChangeBatch;
import com.endcap.inventory.ids.IdDictionary;
import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Heap bytes the calling thread allocates per decoded line once the decoder is warm and the ids
 * are known, counted by HotSpot's per-thread allocation counter. Before the long-lived parser a
 * line cost about 1.2 KB (a parser, its context and buffers, a String per id and integer).
 */
class NdjsonDecodeAllocationTest
{
    private static final long NOW = 1_763_900_999_000L;
    private static final int LINES = 1_000;
    private static final int BODIES = 300;

    @TempDir
    Path dir;

    @Test
    void decodeAllocatesAlmostNothingPerLineOnceIdsAreKnown()
    {
        // given
        final CachedEpochClock clock = new CachedEpochClock();
        clock.update(NOW);
        try (IdDictionary skus = IdDictionary.openWritable(dir.resolve("skus.ids"));
            IdDictionary locations = IdDictionary.openWritable(dir.resolve("locations.ids"));
            IdDictionary sources = IdDictionary.openWritable(dir.resolve("sources.ids")))
        {
            final NdjsonChangeDecoder target = new NdjsonChangeDecoder(skus, locations, sources, clock);
            final ChangeBatch batch = new ChangeBatch();
            final byte[] body = body();
            final com.sun.management.ThreadMXBean threads = threads();
            for (int i = 0; i < BODIES; i++)
            {
                assertThat(target.decode(body, 0, body.length, batch.clear()).decoded()).isEqualTo(LINES);
            }

            // when
            final long before = threads.getCurrentThreadAllocatedBytes();
            int decoded = 0;
            for (int i = 0; i < BODIES; i++)
            {
                decoded += target.decode(body, 0, body.length, batch.clear()).decoded();
            }
            final double bytesPerLine = (double)(threads.getCurrentThreadAllocatedBytes() - before) / decoded;

            // then: the per-body result (a list and a record, ~100 B) spread over its lines, with slack
            assertThat(decoded).isEqualTo(BODIES * LINES);
            assertThat(bytesPerLine).isLessThan(4.0);
        }
    }

    private static byte[] body()
    {
        final StringBuilder body = new StringBuilder();
        for (int i = 0; i < LINES; i++)
        {
            final String location = String.format("S%03d", i % 50);
            body.append("{\"source\":\"pos-").append(location).append("\",\"seq\":").append(1_000_000 + i)
                .append(",\"sku\":\"").append(1_000_000 + i * 7 % 600).append("\",\"location\":\"").append(location)
                .append(i % 5 == 0 ? "\",\"delta\":-1" : "\",\"onHand\":" + i % 21)
                .append(i % 10 == 0 ? ",\"reserved\":1" : "")
                .append(",\"ts\":").append(NOW - i).append(", \"note\": [1, {\"x\": \"y\"}]}\n");
        }
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static com.sun.management.ThreadMXBean threads()
    {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        assertThat(threads.isThreadAllocatedMemorySupported()).as("HotSpot's per-thread allocation counter").isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);
        return threads;
    }
}
