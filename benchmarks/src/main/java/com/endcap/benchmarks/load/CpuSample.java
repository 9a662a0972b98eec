package com.endcap.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * CPU time at one moment: this JVM's (the generator's) and the whole machine's, from
 * {@code /proc/stat}; two samples give each one's share of the machine in between. Immutable.
 *
 * @param nanos        {@link System#nanoTime()} when taken.
 * @param harnessNanos CPU time this process has used.
 * @param boxBusy      machine jiffies not idle or waiting for I/O.
 * @param boxTotal     all machine jiffies.
 */
record CpuSample(long nanos, long harnessNanos, long boxBusy, long boxTotal)
{
    /**
     * @return a sample now; machine counters are 0 where {@code /proc/stat} cannot be read.
     */
    static CpuSample now()
    {
        long busy = 0;
        long total = 0;
        try
        {
            final String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            for (int i = 1; i < fields.length && i <= 8; i++)
            {
                final long value = Long.parseLong(fields[i]);
                total += value;
                if (4 != i && 5 != i)
                {
                    busy += value;
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            busy = 0;
            total = 0;
        }
        final long harness = ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        return new CpuSample(System.nanoTime(), harness, busy, total);
    }

    /**
     * @param earlier an earlier sample.
     * @return this JVM's share of the machine's CPU in between, 0..1.
     */
    double harnessShareSince(final CpuSample earlier)
    {
        return (harnessNanos - earlier.harnessNanos) / (double)((nanos - earlier.nanos) * Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param earlier an earlier sample.
     * @return the machine's busy share in between, 0..1, or NaN when unknown.
     */
    double boxShareSince(final CpuSample earlier)
    {
        final long total = boxTotal - earlier.boxTotal;
        return total <= 0 ? Double.NaN : (boxBusy - earlier.boxBusy) / (double)total;
    }
}
