package com.endcap.benchmarks.decision;

import com.endcap.bidder.decision.DecisionEngine;
import com.endcap.bidder.decision.DecisionRequest;
import com.endcap.bidder.decision.DecisionResult;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * The {@link DecideBenchmark} loop timed by the calling thread's <em>CPU</em> time rather than the
 * wall clock: on a shared 2-core box, time the thread spends descheduled inflates JMH's averages
 * by tens of percent between identical runs, while its CPU time moves far less. Use it to compare
 * two builds of the engine; publish JMH's figures.
 * <p>
 * Run: {@code java $(unzip -p benchmarks/target/benchmarks.jar endcap-jvm.options) -Xms2g -Xmx2g
 * -cp benchmarks/target/benchmarks.jar com.endcap.benchmarks.decision.DecideCpu skus|mixed [rounds]}.
 * Prints CPU ns per decide for each round of {@value #DECIDES_PER_ROUND} decides and the median
 * of the second half (the first half is JIT warmup), and allocated bytes per decide.
 */
public final class DecideCpu
{
    private static final int DECIDES_PER_ROUND = 50_000;

    private DecideCpu()
    {
    }

    /**
     * @param args {@code skus} or {@code mixed}, then optionally the number of rounds (30).
     */
    public static void main(final String[] args)
    {
        final boolean categorySets = args.length > 0 && "mixed".equals(args[0]);
        final int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final com.sun.management.ThreadMXBean allocation = (com.sun.management.ThreadMXBean)threads;
        final long self = Thread.currentThread().getId();

        final RetailerFixture fixture = RetailerFixture.build(42, categorySets);
        try
        {
            final DecisionEngine engine = fixture.engine();
            final DecisionRequest[] requests = fixture.requests(DecideBenchmark.REQUESTS, 3, 7);
            fixture.printSummary(System.out, requests);
            final DecisionResult result = new DecisionResult();
            final long[] nanos = new long[rounds];
            long digest = 0;
            long bytes = 0;
            int next = 0;
            for (int r = 0; r < rounds; r++)
            {
                final long bytesBefore = allocation.getThreadAllocatedBytes(self);
                final long cpuBefore = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < DECIDES_PER_ROUND; i++)
                {
                    engine.decide(requests[next], result);
                    digest += result.winnerCount(0);
                    next = (next + 1) & (DecideBenchmark.REQUESTS - 1);
                }
                nanos[r] = (threads.getCurrentThreadCpuTime() - cpuBefore) / DECIDES_PER_ROUND;
                bytes = allocation.getThreadAllocatedBytes(self) - bytesBefore;
                System.out.printf("round %2d: %,d CPU ns/decide%n", r, nanos[r]);
            }
            final long[] measured = Arrays.copyOfRange(nanos, rounds / 2, rounds);
            Arrays.sort(measured);
            System.out.printf("# endcap-decide-cpu %s: median %,d CPU ns/decide over rounds %d-%d, %.2f B/decide (last round), digest %d%n",
                categorySets ? "mixed" : "skus", measured[measured.length / 2], rounds / 2, rounds - 1,
                (double)bytes / DECIDES_PER_ROUND, digest);
        }
        finally
        {
            fixture.close();
        }
    }
}
