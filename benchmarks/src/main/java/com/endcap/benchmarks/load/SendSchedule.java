package com.endcap.benchmarks.load;

import java.util.SplittableRandom;

/**
 * Intended send times of an open-loop run at a fixed rate, in {@link System#nanoTime()} nanos. A
 * request's latency is measured from its intended time, never from when it was actually sent, so
 * a stalled server (or generator) is charged for every request it delayed: coordinated omission
 * is corrected by construction, not after the fact.
 * <p>
 * {@link Arrivals#UNIFORM}: the k-th time is {@code start + k * 10^9 / rate}, computed from k so
 * rounding never drifts. {@link Arrivals#POISSON}: exponentially distributed gaps of mean
 * {@code 10^9 / rate} (a Poisson process, as independent shoppers arrive), accumulated in double
 * precision.
 * <p>
 * Not thread-safe: one generator thread owns it.
 */
final class SendSchedule
{
    /** How arrivals are spaced. */
    enum Arrivals
    {
        /** Evenly. */
        UNIFORM,
        /** Exponential gaps (Poisson arrivals). */
        POISSON
    }

    private final Arrivals arrivals;
    private final double gapNanos;
    private final long startNanos;
    private final SplittableRandom random;
    private long count;
    private double poissonOffsetNanos;

    /**
     * @param arrivals      spacing.
     * @param ratePerSecond requests per second, above 0.
     * @param startNanos    the first intended time.
     * @param seed          seed of the Poisson gaps.
     */
    SendSchedule(final Arrivals arrivals, final double ratePerSecond, final long startNanos, final long seed)
    {
        if (!(ratePerSecond > 0))
        {
            throw new IllegalArgumentException("rate must be above 0, got " + ratePerSecond);
        }
        this.arrivals = arrivals;
        this.gapNanos = 1e9 / ratePerSecond;
        this.startNanos = startNanos;
        this.random = new SplittableRandom(seed);
    }

    /**
     * @return the next intended send time; the first call returns the start.
     */
    long next()
    {
        final long k = count++;
        if (Arrivals.UNIFORM == arrivals)
        {
            return startNanos + (long)(k * gapNanos);
        }
        if (k > 0)
        {
            poissonOffsetNanos += -Math.log(1.0 - random.nextDouble()) * gapNanos;
        }
        return startNanos + (long)poissonOffsetNanos;
    }

    /**
     * @return how many times {@link #next} has handed out.
     */
    long count()
    {
        return count;
    }
}
