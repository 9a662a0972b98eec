package com.endcap.bidder.segment;

import org.agrona.collections.IntHashSet;

/**
 * Read port of the decision engine onto the audience segments Endcap holds per shopper, keyed by
 * the shopper's user key and answering with dense ids from a {@link SegmentDictionary}.
 * <p>
 * Contract for every implementation:
 * <ul>
 *     <li>Any thread may call {@link #segmentsOf} at any rate; it never locks, never blocks and
 *     never allocates, provided {@code into} has room (size it once, {@code clear()} it per
 *     request).</li>
 *     <li>A segment is held from when it is stored until its expiry second, exclusive: at
 *     {@code nowEpochSecond >= expiry} it is no longer reported.</li>
 *     <li>A null or unknown user key, or one whose segments all expired, adds nothing.</li>
 * </ul>
 */
public interface SegmentView
{
    /** Holds no segments for anyone: for deployments without a segment feed, and for tests. */
    SegmentView NONE = new SegmentView()
    {
        public void segmentsOf(final String userKey, final long nowEpochSecond, final IntHashSet into)
        {
        }

        public String toString()
        {
            return "SegmentView.NONE";
        }
    };

    /**
     * Adds the ids of the shopper's unexpired segments to {@code into}, leaving what it already
     * holds in place.
     *
     * @param userKey        the shopper's key, may be null.
     * @param nowEpochSecond the current time in epoch seconds.
     * @param into           caller-owned set receiving segment ids.
     */
    void segmentsOf(String userKey, long nowEpochSecond, IntHashSet into);
}
