package com.endcap.bidder.segment;

import org.agrona.collections.IntHashSet;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-memory {@link SegmentView} fed by the segment feed ({@code POST /v1/segments}): per user key,
 * a set of segment ids, each with its own expiry.
 * <p>
 * Writes merge: {@link #put} gives each named segment the expiry {@code now + ttlSeconds},
 * replacing any earlier expiry of that segment, and keeps the user's other segments until they
 * expire. A ttl of 0 therefore removes the named segments. Expired segments are never reported,
 * and are dropped when their user is next written and by {@link #purgeExpired}.
 * <p>
 * Memory is bounded: at most {@link #maxUsers()} users, each with at most
 * {@link #maxSegmentsPerUser()} segments, and the dictionary's own capacity. A new user beyond the
 * bound first makes the store drop users whose segments have all expired; when none have, the put
 * is refused with {@link #USERS_FULL}. Refusals are return codes, never exceptions; malformed
 * arguments (bad user key or segment name, negative ttl) are exceptions.
 * <p>
 * Threads: {@link #segmentsOf} and {@link #users} may be called from any thread, never lock and
 * never allocate: each user's segments are an immutable snapshot that a write replaces whole, so
 * a reader sees a user either entirely before or entirely after a write. Writes ({@link #put},
 * {@link #remove}, {@link #purgeExpired}) may come from any thread, are serialised by a private
 * lock that readers never take, and allocate.
 */
public final class SegmentStore implements SegmentView
{
    /** {@link #put} refused a new user: the store holds {@link #maxUsers()} users with unexpired segments. */
    public static final int USERS_FULL = -1;
    /** {@link #put} refused: the user would hold more than {@link #maxSegmentsPerUser()} segments. */
    public static final int USER_SEGMENTS_FULL = -2;
    /** {@link #put} refused: a segment name is new and the {@link SegmentDictionary} is full. */
    public static final int DICTIONARY_FULL = -3;

    /** Segments per user of a store built without that bound. */
    public static final int DEFAULT_MAX_SEGMENTS_PER_USER = 256;
    /** Longest user key accepted, in characters. */
    public static final int MAX_USER_KEY_LENGTH = 256;

    private final SegmentDictionary dictionary;
    private final int maxUsers;
    private final int maxSegmentsPerUser;
    private final ConcurrentHashMap<String, UserSegments> usersByKey = new ConcurrentHashMap<>();
    private final Object writeLock = new Object();

    /** No stored segment expires before this; guarded by {@code writeLock}. */
    private long earliestExpiry = Long.MAX_VALUE;

    /**
     * A store allowing {@link #DEFAULT_MAX_SEGMENTS_PER_USER} segments per user.
     *
     * @param dictionary where segment names are interned; its ids are the ones reported.
     * @param maxUsers   most users held at once, 1 or more.
     */
    public SegmentStore(final SegmentDictionary dictionary, final int maxUsers)
    {
        this(dictionary, maxUsers, DEFAULT_MAX_SEGMENTS_PER_USER);
    }

    /**
     * @param dictionary         where segment names are interned; its ids are the ones reported.
     * @param maxUsers           most users held at once, 1 or more.
     * @param maxSegmentsPerUser most segments held for one user, 1 or more.
     */
    public SegmentStore(final SegmentDictionary dictionary, final int maxUsers, final int maxSegmentsPerUser)
    {
        if (null == dictionary)
        {
            throw new IllegalArgumentException("segment dictionary is null");
        }
        if (maxUsers < 1)
        {
            throw new IllegalArgumentException("maxUsers must be 1 or more, was " + maxUsers);
        }
        if (maxSegmentsPerUser < 1)
        {
            throw new IllegalArgumentException("maxSegmentsPerUser must be 1 or more, was " + maxSegmentsPerUser);
        }
        this.dictionary = dictionary;
        this.maxUsers = maxUsers;
        this.maxSegmentsPerUser = maxSegmentsPerUser;
    }

    /**
     * Merges segments into a user's set: each named segment expires at
     * {@code nowEpochSecond + ttlSeconds} (saturating), replacing any earlier expiry for it; the
     * user's other unexpired segments are kept, expired ones dropped. A user left with no
     * unexpired segment is removed. A refused put leaves the user's segments as they were (the
     * dictionary may still have learned the names).
     *
     * @param userKey        the shopper's key, 1 to {@value #MAX_USER_KEY_LENGTH} characters.
     * @param segmentNames   segment names (duplicates allowed), each following the
     *                       {@link SegmentDictionary} name rule; may be empty.
     * @param ttlSeconds     seconds the named segments live, 0 or more; 0 removes them.
     * @param nowEpochSecond the current time in epoch seconds.
     * @return the number of unexpired segments the user holds after the put (0 or more), or
     * {@link #USERS_FULL}, {@link #USER_SEGMENTS_FULL} or {@link #DICTIONARY_FULL}.
     * @throws IllegalArgumentException for a bad user key, a null list or name, a name breaking
     *                                  the name rule, or a negative ttl.
     */
    public int put(final String userKey, final List<String> segmentNames, final long ttlSeconds, final long nowEpochSecond)
    {
        checkUserKey(userKey);
        if (null == segmentNames)
        {
            throw new IllegalArgumentException("segment names are null for user key '" + userKey + "'");
        }
        if (ttlSeconds < 0)
        {
            throw new IllegalArgumentException("ttlSeconds must be 0 or more, was " + ttlSeconds);
        }
        for (final String name : segmentNames)
        {
            SegmentDictionary.checkName(name);
        }
        if (segmentNames.size() > maxSegmentsPerUser)
        {
            return USER_SEGMENTS_FULL;
        }

        final long expiresAt = saturatedAdd(nowEpochSecond, ttlSeconds);
        final boolean storesNamed = expiresAt > nowEpochSecond && !segmentNames.isEmpty();

        synchronized (writeLock)
        {
            final UserSegments current = usersByKey.get(userKey);
            if (null == current)
            {
                if (!storesNamed)
                {
                    return 0;
                }
                if (usersByKey.size() >= maxUsers)
                {
                    if (nowEpochSecond >= earliestExpiry)
                    {
                        purgeExpiredLocked(nowEpochSecond);
                    }
                    if (usersByKey.size() >= maxUsers)
                    {
                        return USERS_FULL;
                    }
                }
            }

            final int[] namedIds = new int[segmentNames.size()];
            int namedCount = 0;
            for (final String name : segmentNames)
            {
                final int id = dictionary.tryIntern(name);
                if (SegmentDictionary.FULL == id)
                {
                    return DICTIONARY_FULL;
                }
                if (!contains(namedIds, namedCount, id))
                {
                    namedIds[namedCount++] = id;
                }
            }

            final int currentCount = null == current ? 0 : current.ids.length;
            final int[] ids = new int[currentCount + namedCount];
            final long[] expiries = new long[ids.length];
            int count = 0;
            for (int i = 0; i < currentCount; i++)
            {
                if (current.expiresAt[i] > nowEpochSecond && !contains(namedIds, namedCount, current.ids[i]))
                {
                    ids[count] = current.ids[i];
                    expiries[count] = current.expiresAt[i];
                    count++;
                }
            }
            if (storesNamed)
            {
                for (int i = 0; i < namedCount; i++)
                {
                    ids[count] = namedIds[i];
                    expiries[count] = expiresAt;
                    count++;
                }
            }

            if (0 == count)
            {
                if (null != current)
                {
                    usersByKey.remove(userKey);
                }
                return 0;
            }
            if (count > maxSegmentsPerUser)
            {
                return USER_SEGMENTS_FULL;
            }

            final UserSegments next = new UserSegments(Arrays.copyOf(ids, count), Arrays.copyOf(expiries, count));
            usersByKey.put(userKey, next);
            earliestExpiry = Math.min(earliestExpiry, next.earliestExpiry);

            return count;
        }
    }

    /**
     * Forgets a user and all their segments.
     *
     * @param userKey the shopper's key, may be null.
     * @return true when the user was held.
     */
    public boolean remove(final String userKey)
    {
        if (null == userKey)
        {
            return false;
        }
        synchronized (writeLock)
        {
            return null != usersByKey.remove(userKey);
        }
    }

    /**
     * Drops every expired segment, and every user left with none. Call from a cold thread now and
     * then; {@link #put} also does it when the user bound is reached.
     *
     * @param nowEpochSecond the current time in epoch seconds.
     * @return how many users were dropped.
     */
    public int purgeExpired(final long nowEpochSecond)
    {
        synchronized (writeLock)
        {
            return purgeExpiredLocked(nowEpochSecond);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void segmentsOf(final String userKey, final long nowEpochSecond, final IntHashSet into)
    {
        if (null == userKey)
        {
            return;
        }
        final UserSegments user = usersByKey.get(userKey);
        if (null == user || user.latestExpiry <= nowEpochSecond)
        {
            return;
        }

        final int[] ids = user.ids;
        final long[] expiresAt = user.expiresAt;
        for (int i = 0; i < ids.length; i++)
        {
            if (expiresAt[i] > nowEpochSecond)
            {
                into.add(ids[i]);
            }
        }
    }

    /**
     * @return how many users are held, including users whose segments expired but were not yet
     * purged.
     */
    public int users()
    {
        return usersByKey.size();
    }

    /**
     * @return most users held at once.
     */
    public int maxUsers()
    {
        return maxUsers;
    }

    /**
     * @return most segments held for one user.
     */
    public int maxSegmentsPerUser()
    {
        return maxSegmentsPerUser;
    }

    /**
     * @return the dictionary the reported ids come from.
     */
    public SegmentDictionary dictionary()
    {
        return dictionary;
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return "SegmentStore{users=" + usersByKey.size() + ", maxUsers=" + maxUsers +
            ", maxSegmentsPerUser=" + maxSegmentsPerUser + '}';
    }

    private int purgeExpiredLocked(final long nowEpochSecond)
    {
        int dropped = 0;
        long earliest = Long.MAX_VALUE;
        for (final Map.Entry<String, UserSegments> entry : usersByKey.entrySet())
        {
            UserSegments user = entry.getValue();
            if (user.latestExpiry <= nowEpochSecond)
            {
                usersByKey.remove(entry.getKey());
                dropped++;
                continue;
            }
            if (user.earliestExpiry <= nowEpochSecond)
            {
                user = user.unexpired(nowEpochSecond);
                usersByKey.put(entry.getKey(), user);
            }
            earliest = Math.min(earliest, user.earliestExpiry);
        }
        earliestExpiry = earliest;

        return dropped;
    }

    private static void checkUserKey(final String userKey)
    {
        if (null == userKey || userKey.isEmpty())
        {
            throw new IllegalArgumentException("user key is missing");
        }
        if (userKey.length() > MAX_USER_KEY_LENGTH)
        {
            throw new IllegalArgumentException(
                "user key must be at most " + MAX_USER_KEY_LENGTH + " characters, was " + userKey.length());
        }
    }

    private static boolean contains(final int[] values, final int count, final int value)
    {
        for (int i = 0; i < count; i++)
        {
            if (values[i] == value)
            {
                return true;
            }
        }
        return false;
    }

    private static long saturatedAdd(final long epochSecond, final long seconds)
    {
        final long sum = epochSecond + seconds;
        return sum < epochSecond ? Long.MAX_VALUE : sum;
    }

    /**
     * One user's segments at one moment: never changed once published, replaced whole on write.
     */
    private static final class UserSegments
    {
        final int[] ids;
        final long[] expiresAt;
        final long earliestExpiry;
        final long latestExpiry;

        UserSegments(final int[] ids, final long[] expiresAt)
        {
            this.ids = ids;
            this.expiresAt = expiresAt;
            long earliest = Long.MAX_VALUE;
            long latest = Long.MIN_VALUE;
            for (final long expiry : expiresAt)
            {
                earliest = Math.min(earliest, expiry);
                latest = Math.max(latest, expiry);
            }
            earliestExpiry = earliest;
            latestExpiry = latest;
        }

        UserSegments unexpired(final long nowEpochSecond)
        {
            int count = 0;
            final int[] keptIds = new int[ids.length];
            final long[] keptExpiries = new long[ids.length];
            for (int i = 0; i < ids.length; i++)
            {
                if (expiresAt[i] > nowEpochSecond)
                {
                    keptIds[count] = ids[i];
                    keptExpiries[count] = expiresAt[i];
                    count++;
                }
            }

            return new UserSegments(Arrays.copyOf(keptIds, count), Arrays.copyOf(keptExpiries, count));
        }
    }
}
