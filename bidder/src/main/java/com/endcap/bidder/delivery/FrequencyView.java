package com.endcap.bidder.delivery;

/**
 * Read port for frequency caps: how often a shopper has seen an ad lately.
 * <p>
 * Any thread may call it at any rate; it never locks, never blocks and never allocates.
 */
public interface FrequencyView
{
    /** Knows of no impressions: caps never bind. */
    FrequencyView NONE = (userKey, adSerial, sinceEpochSecond) -> 0;

    /**
     * @param userKey          the shopper's key, never null.
     * @param adSerial         the ad's serial ({@link AdDelivery#serial()}).
     * @param sinceEpochSecond count impressions at or after this second.
     * @return impressions of the ad to the shopper since then.
     */
    int impressionsSince(String userKey, int adSerial, long sinceEpochSecond);
}
