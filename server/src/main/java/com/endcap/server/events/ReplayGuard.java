package com.endcap.server.events;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts each event once: a bounded, time-windowed set of the event keys seen. Two generations
 * of at most {@code maxEntries} keys each; the older is dropped when the window has passed since
 * it started (or when the current one fills up, counted in {@link #earlyRotations()}). A key is
 * remembered for at least one window, which equals the token lifetime, so a token replayed while
 * still valid is always recognised; once expired, the token itself is refused.
 * <p>
 * Threads: any; lock-free apart from the rare rotation.
 */
public final class ReplayGuard
{
    private final long windowMillis;
    private final int maxEntries;
    private final AtomicLong earlyRotations = new AtomicLong();
    private volatile Generation current;
    private volatile Generation previous;

    private static final class Generation
    {
        final Set<String> keys = ConcurrentHashMap.newKeySet();
        final long startedAtMillis;

        Generation(final long startedAtMillis)
        {
            this.startedAtMillis = startedAtMillis;
        }
    }

    /**
     * @param windowMillis how long a key is remembered at least.
     * @param maxEntries   most keys per generation.
     * @param nowMillis    the current time.
     */
    public ReplayGuard(final long windowMillis, final int maxEntries, final long nowMillis)
    {
        this.windowMillis = windowMillis;
        this.maxEntries = maxEntries;
        this.current = new Generation(nowMillis);
        this.previous = new Generation(nowMillis);
    }

    /**
     * Records a key.
     *
     * @param key       the event key (e.g. decision, sku and event type).
     * @param nowMillis the current time.
     * @return true the first time the key is seen in the window; false for a replay.
     */
    public boolean firstTime(final String key, final long nowMillis)
    {
        Generation now = current;
        if (nowMillis - now.startedAtMillis >= windowMillis || now.keys.size() >= maxEntries)
        {
            now = rotate(now, nowMillis);
        }
        if (previous.keys.contains(key))
        {
            return false;
        }
        return now.keys.add(key);
    }

    private synchronized Generation rotate(final Generation seen, final long nowMillis)
    {
        if (current != seen)
        {
            return current;
        }
        if (nowMillis - seen.startedAtMillis < windowMillis)
        {
            earlyRotations.incrementAndGet();
        }
        previous = seen;
        current = new Generation(nowMillis);
        return current;
    }

    /**
     * @return keys held in both generations.
     */
    public int size()
    {
        return current.keys.size() + previous.keys.size();
    }

    /**
     * @return rotations forced by a full generation (replays older than that may count again).
     */
    public long earlyRotations()
    {
        return earlyRotations.get();
    }
}
