package com.endcap.server.json;

import java.lang.management.ManagementFactory;

/**
 * Measures heap bytes the calling thread allocates, through HotSpot's per-thread allocation
 * counter; tests needing it fail on a JVM without one rather than pass unchecked.
 */
public final class Allocations
{
    private static final com.sun.management.ThreadMXBean THREADS = threads();

    private Allocations()
    {
    }

    /**
     * Runs {@code operation} {@code iterations} times after as many warm-up runs.
     *
     * @param iterations how many measured runs.
     * @param operation  the operation; create it before calling so its own allocation is not counted.
     * @return bytes allocated by the calling thread during the measured runs.
     */
    public static long bytesAllocatedBy(final int iterations, final Runnable operation)
    {
        if (null == THREADS)
        {
            throw new IllegalStateException("this JVM has no per-thread allocation counter; the allocation tests need HotSpot's");
        }
        for (int i = 0; i < iterations; i++)
        {
            operation.run();
        }

        final long before = THREADS.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < iterations; i++)
        {
            operation.run();
        }

        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }

    private static com.sun.management.ThreadMXBean threads()
    {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean)
        {
            final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
            if (threads.isThreadAllocatedMemorySupported())
            {
                threads.setThreadAllocatedMemoryEnabled(true);
                return threads;
            }
        }
        return null;
    }
}
