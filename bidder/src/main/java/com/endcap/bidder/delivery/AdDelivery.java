package com.endcap.bidder.delivery;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Impressions and clicks of one ad, for its predicted click rate. Counters only grow; any thread
 * may record, any thread may read (lock-free, allocation-free).
 * <p>
 * The predicted click rate smooths the ad's prior with what it has observed, as a Beta prior of
 * {@link #PRIOR_WEIGHT} pseudo-impressions: {@code (clicks + prior × w) / (impressions + w)}. A new
 * ad ranks on its prior; after a few thousand impressions its own rate dominates.
 */
public final class AdDelivery
{
    /** Pseudo-impressions the prior is worth. */
    public static final double PRIOR_WEIGHT = 1_000.0;

    private final String adId;
    private final int serial;
    private final AtomicLong impressions = new AtomicLong();
    private final AtomicLong clicks = new AtomicLong();

    /**
     * @param adId   the ad.
     * @param serial dense number of the ad, stable for the life of the process (frequency caps key on it).
     */
    public AdDelivery(final String adId, final int serial)
    {
        this.adId = adId;
        this.serial = serial;
    }

    /**
     * @return the ad.
     */
    public String adId()
    {
        return adId;
    }

    /**
     * @return the ad's dense serial.
     */
    public int serial()
    {
        return serial;
    }

    /**
     * Counts one impression.
     */
    public void recordImpression()
    {
        impressions.incrementAndGet();
    }

    /**
     * Counts one click.
     */
    public void recordClick()
    {
        clicks.incrementAndGet();
    }

    /**
     * @return impressions counted.
     */
    public long impressions()
    {
        return impressions.get();
    }

    /**
     * @return clicks counted.
     */
    public long clicks()
    {
        return clicks.get();
    }

    /**
     * @param prior the ad's prior click rate, between 0 and 1.
     * @return the smoothed click rate.
     */
    public double predictedClickRate(final double prior)
    {
        final long shown = impressions.get();
        final long clicked = Math.min(clicks.get(), shown + (long)PRIOR_WEIGHT);
        return (clicked + prior * PRIOR_WEIGHT) / (shown + PRIOR_WEIGHT);
    }

    public String toString()
    {
        return "AdDelivery{" + adId + ", impressions=" + impressions + ", clicks=" + clicks + '}';
    }
}
