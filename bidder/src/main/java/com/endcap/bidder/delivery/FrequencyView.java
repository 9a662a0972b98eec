package com.endcap.bidder.delivery;

/**
 * Read port for frequency caps: how often a shopper has seen an ad lately.
 * <p>
 * Any thread may call it at any rate; it never locks, never blocks and never allocates.
 */
public interface FrequencyView
{
    /** A shopper without impressions. */
    long[] NO_IMPRESSIONS = new long[0];

    /** Knows of no impressions: caps never bind. */
    FrequencyView NONE = userKey -> NO_IMPRESSIONS;

    /**
     * The shopper's recent impressions, each packed as {@code adSerial << 32 | epochSecond}: one
     * lookup per decision, then {@link #count} per capped ad.
     *
     * @param userKey the shopper's key, never null.
     * @return the impressions, read-only (never changed once returned); empty when none.
     */
    long[] recentImpressions(String userKey);

    /**
     * @param userKey          the shopper's key, never null.
     * @param adSerial         the ad's serial ({@link AdDelivery#serial()}).
     * @param sinceEpochSecond count impressions at or after this second.
     * @return impressions of the ad to the shopper since then.
     */
    default int impressionsSince(final String userKey, final int adSerial, final long sinceEpochSecond)
    {
        return count(recentImpressions(userKey), adSerial, sinceEpochSecond);
    }

    /**
     * @param impressions      from {@link #recentImpressions}.
     * @param adSerial         the ad's serial.
     * @param sinceEpochSecond count impressions at or after this second.
     * @return impressions of the ad since then.
     */
    static int count(final long[] impressions, final int adSerial, final long sinceEpochSecond)
    {
        int count = 0;
        for (final long entry : impressions)
        {
            if ((int)(entry >>> 32) == adSerial && (entry & 0xFFFF_FFFFL) >= sinceEpochSecond)
            {
                count++;
            }
        }
        return count;
    }
}
