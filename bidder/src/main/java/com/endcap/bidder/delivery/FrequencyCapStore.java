package com.endcap.bidder.delivery;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * In-memory impression history per shopper for frequency caps: for each user key, the most recent
 * {@link #maxEntriesPerUser()} impressions as (ad serial, epoch second) pairs.
 * <p>
 * Threads: {@link #record} from event threads, serialised per user; {@link #impressionsSince}
 * from decision threads, lock-free and allocation-free (each user's history is an immutable array
 * replaced whole on write). {@link #purgeOlderThan} from a housekeeping thread.
 * <p>
 * Bounded: at most {@link #maxUsers()} users. When full, a record for a new user is dropped and
 * counted in {@link #dropped()}: caps then under-count for that user until a purge makes room,
 * which errs towards showing an ad once more rather than failing the request.
 */
public final class FrequencyCapStore implements FrequencyView
{
    
    private final ConcurrentHashMap<String, History> users = new ConcurrentHashMap<>();
    private final int maxUsers;
    private final int maxEntriesPerUser;
    private final AtomicLong dropped = new AtomicLong();

    /**
     * @param maxUsers          most shoppers tracked at once.
     * @param maxEntriesPerUser most recent impressions kept per shopper.
     */
    public FrequencyCapStore(final int maxUsers, final int maxEntriesPerUser)
    {
        if (maxUsers < 1 || maxEntriesPerUser < 1)
        {
            throw new IllegalArgumentException("maxUsers and maxEntriesPerUser must be >= 1");
        }
        this.maxUsers = maxUsers;
        this.maxEntriesPerUser = maxEntriesPerUser;
    }

    /**
     * Records one impression of an ad to a shopper.
     *
     * @param userKey        the shopper's key; null records nothing.
     * @param adSerial       the ad's serial.
     * @param nowEpochSecond when it was shown.
     */
    public void record(final String userKey, final int adSerial, final long nowEpochSecond)
    {
        if (null == userKey)
        {
            return;
        }
        // compute() serialises with purgeOlderThan on the same key: a purge can never remove a
        // history an impression is being added to.
        users.compute(userKey, (key, existing) ->
        {
            History history = existing;
            if (null == history)
            {
                if (users.size() >= maxUsers)
                {
                    dropped.incrementAndGet();
                    return null;
                }
                history = new History();
            }
            history.append(pack(adSerial, nowEpochSecond), maxEntriesPerUser);
            return history;
        });
    }

    public long[] recentImpressions(final String userKey)
    {
        final History history = users.get(userKey);
        return null == history ? NO_IMPRESSIONS : history.entries;
    }

    /**
     * Drops impressions before a second, and users left with none.
     *
     * @param epochSecond oldest second kept (e.g. now minus the longest cap window).
     * @return users dropped.
     */
    public int purgeOlderThan(final long epochSecond)
    {
        int removed = 0;
        for (final String userKey : users.keySet())
        {
            final boolean[] emptied = new boolean[1];
            users.computeIfPresent(userKey, (key, history) ->
            {
                emptied[0] = history.purge(epochSecond);
                return emptied[0] ? null : history;
            });
            if (emptied[0])
            {
                removed++;
            }
        }
        return removed;
    }

    /**
     * @return shoppers tracked.
     */
    public int users()
    {
        return users.size();
    }

    /**
     * @return most shoppers tracked.
     */
    public int maxUsers()
    {
        return maxUsers;
    }

    /**
     * @return most impressions kept per shopper.
     */
    public int maxEntriesPerUser()
    {
        return maxEntriesPerUser;
    }

    /**
     * @return impressions not recorded because the store was full.
     */
    public long dropped()
    {
        return dropped.get();
    }

    private static long pack(final int adSerial, final long epochSecond)
    {
        return ((long)adSerial << 32) | (epochSecond & 0xFFFF_FFFFL);
    }

    private static final class History
    {
        volatile long[] entries = NO_IMPRESSIONS;

        synchronized void append(final long entry, final int max)
        {
            final long[] old = entries;
            final long[] next;
            if (old.length < max)
            {
                next = Arrays.copyOf(old, old.length + 1);
            }
            else
            {
                next = new long[max];
                System.arraycopy(old, old.length - max + 1, next, 0, max - 1);
            }
            next[next.length - 1] = entry;
            entries = next;
        }

        /**
         * @return true when nothing is left.
         */
        synchronized boolean purge(final long oldestKept)
        {
            final long[] old = entries;
            int keep = 0;
            for (final long entry : old)
            {
                if ((entry & 0xFFFF_FFFFL) >= oldestKept)
                {
                    keep++;
                }
            }
            if (keep != old.length)
            {
                final long[] next = new long[keep];
                int i = 0;
                for (final long entry : old)
                {
                    if ((entry & 0xFFFF_FFFFL) >= oldestKept)
                    {
                        next[i++] = entry;
                    }
                }
                entries = next;
            }
            return 0 == keep;
        }
    }
}
