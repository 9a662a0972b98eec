package com.endcap.bidder.delivery;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

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
    // Counters are fields of this object, not AtomicLongs beside it: a decision reads them for
    // every CPC candidate, and each extra object is another dependent cache miss.
    private static final VarHandle IMPRESSIONS;
    private static final VarHandle CLICKS;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            IMPRESSIONS = lookup.findVarHandle(AdDelivery.class, "impressions", long.class);
            CLICKS = lookup.findVarHandle(AdDelivery.class, "clicks", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private volatile long impressions;
    private volatile long clicks;

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
        IMPRESSIONS.getAndAdd(this, 1L);
    }

    /**
     * Counts one click.
     */
    public void recordClick()
    {
        CLICKS.getAndAdd(this, 1L);
    }

    /**
     * @return impressions counted.
     */
    public long impressions()
    {
        return impressions;
    }

    /**
     * @return clicks counted.
     */
    public long clicks()
    {
        return clicks;
    }

    /**
     * @param prior the ad's prior click rate, between 0 and 1.
     * @return the smoothed click rate.
     */
    public double predictedClickRate(final double prior)
    {
        final long shown = impressions;
        final long clicked = Math.min(clicks, shown + (long)PRIOR_WEIGHT);
        return (clicked + prior * PRIOR_WEIGHT) / (shown + PRIOR_WEIGHT);
    }

    public String toString()
    {
        return "AdDelivery{" + adId + ", impressions=" + impressions + ", clicks=" + clicks + '}';
    }
}
