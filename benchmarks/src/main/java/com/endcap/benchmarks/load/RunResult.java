package com.endcap.benchmarks.load;

import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.time.Instant;

/**
 * What one generator run measured, over its measurement window only (warmup excluded).
 *
 * @param name              the run's name (file names, table rows).
 * @param openLoop          true for a fixed-rate run, false for closed-loop maximum throughput.
 * @param offeredRps        the fixed rate asked for; 0 for closed loop.
 * @param connections       keep-alive connections.
 * @param depth             requests in flight per connection at most (1: no pipelining).
 * @param windowStart       wall-clock start of the measurement window.
 * @param windowEnd         wall-clock end of the measurement window.
 * @param latency           ns; open loop: from each request's intended send time to its
 *                          response (coordinated omission corrected); closed loop: from send.
 * @param serviceTime       ns from the actual send to the response.
 * @param sendLag           ns the generator sent after the intended time (its own lateness plus
 *                          queueing for a free connection); empty for closed loop.
 * @param completedInWindow responses that arrived inside the window.
 * @param measured          requests recorded in {@code latency}.
 * @param non2xx            responses with a status outside 200..299 (whole run).
 * @param errors            requests lost to a closed connection (whole run).
 * @param unfinished        measured requests still unanswered when the drain time ran out;
 *                          recorded in {@code latency} at that time (a lower bound).
 * @param meanBodyBytes     mean response body size (whole run).
 */
record RunResult(
    String name,
    boolean openLoop,
    double offeredRps,
    int connections,
    int depth,
    Instant windowStart,
    Instant windowEnd,
    Histogram latency,
    Histogram serviceTime,
    Histogram sendLag,
    long completedInWindow,
    long measured,
    long non2xx,
    long errors,
    long unfinished,
    long meanBodyBytes)
{
    /**
     * @return the window's length in seconds.
     */
    double windowSeconds()
    {
        return Duration.between(windowStart, windowEnd).toNanos() / 1e9;
    }

    /**
     * @return responses per second inside the window.
     */
    double achievedRps()
    {
        return completedInWindow / windowSeconds();
    }

    /**
     * @param percentile 0..100.
     * @return the latency at it, µs.
     */
    double latencyMicros(final double percentile)
    {
        return latency.getValueAtPercentile(percentile) / 1e3;
    }
}
