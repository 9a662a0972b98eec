package com.endcap.bidder.delivery;

import com.endcap.bidder.campaign.BidModel;

import java.time.ZoneId;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What has been delivered, per campaign and ad, kept across campaign edits and index rebuilds:
 * spend (for budgets and pacing), impressions and clicks (for click-rate prediction), and each
 * shopper's recent impressions (for frequency caps).
 * <p>
 * Threads: the index builder looks entries up (creating them) off the hot path; events record
 * from any thread; decisions read through the entries the index holds, never through the maps.
 * <p>
 * Billing: a CPM ad spends {@code clearingPrice / 1000} per counted impression, a CPC ad
 * {@code clearingPrice} per counted click. Events are counted once upstream (signed, deduplicated
 * tokens), so this ledger trusts what it is given.
 */
public final class DeliveryLedger
{
    /** Default most shoppers tracked for frequency caps. */
    public static final int DEFAULT_MAX_USERS = 1_000_000;
    /** Default impressions kept per shopper for frequency caps. */
    public static final int DEFAULT_MAX_ENTRIES_PER_USER = 64;

    private final ConcurrentHashMap<String, CampaignDelivery> campaigns = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AdDelivery> ads = new ConcurrentHashMap<>();
    private final AtomicInteger nextAdSerial = new AtomicInteger();
    private final FrequencyCapStore frequency;

    /**
     * A ledger with the default frequency-cap bounds.
     */
    public DeliveryLedger()
    {
        this(new FrequencyCapStore(DEFAULT_MAX_USERS, DEFAULT_MAX_ENTRIES_PER_USER));
    }

    /**
     * @param frequency where shoppers' impressions are kept.
     */
    public DeliveryLedger(final FrequencyCapStore frequency)
    {
        this.frequency = frequency;
    }

    /**
     * @param campaignId the campaign.
     * @param zone       its time zone (updated when the campaign moved zone).
     * @return the campaign's delivery, created on first use.
     */
    public CampaignDelivery campaign(final String campaignId, final ZoneId zone)
    {
        final CampaignDelivery delivery = campaigns.computeIfAbsent(campaignId, id -> new CampaignDelivery(id, zone));
        delivery.zone(zone);
        return delivery;
    }

    /**
     * @param campaignId the campaign.
     * @return its delivery, or null when never indexed.
     */
    public CampaignDelivery campaignOrNull(final String campaignId)
    {
        return campaigns.get(campaignId);
    }

    /**
     * @param adId the ad.
     * @return the ad's delivery, created with a new serial on first use.
     */
    public AdDelivery ad(final String adId)
    {
        return ads.computeIfAbsent(adId, id -> new AdDelivery(id, nextAdSerial.getAndIncrement()));
    }

    /**
     * @param adId the ad.
     * @return its delivery, or null when never indexed.
     */
    public AdDelivery adOrNull(final String adId)
    {
        return ads.get(adId);
    }

    /**
     * @return the shoppers' impression history (the {@link FrequencyView} decisions read).
     */
    public FrequencyCapStore frequency()
    {
        return frequency;
    }

    /**
     * Counts an impression: the ad's impressions, the shopper's history, and a CPM ad's spend.
     *
     * @param campaignId     the campaign.
     * @param adId           the ad.
     * @param userKey        the shopper, or null.
     * @param model          how the ad pays.
     * @param clearingPrice  the price it cleared at (per thousand for CPM).
     * @param nowEpochSecond when.
     * @return false when the campaign or ad is unknown (nothing recorded).
     */
    public boolean recordImpression(
        final String campaignId, final String adId, final String userKey, final BidModel model,
        final double clearingPrice, final long nowEpochSecond)
    {
        final CampaignDelivery campaign = campaigns.get(campaignId);
        final AdDelivery ad = ads.get(adId);
        if (null == campaign || null == ad)
        {
            return false;
        }
        ad.recordImpression();
        frequency.record(userKey, ad.serial(), nowEpochSecond);
        if (BidModel.CPM == model)
        {
            campaign.recordSpend(toMicros(clearingPrice) / 1000, nowEpochSecond);
        }
        return true;
    }

    /**
     * Counts a click: the ad's clicks and a CPC ad's spend.
     *
     * @param campaignId     the campaign.
     * @param adId           the ad.
     * @param model          how the ad pays.
     * @param clearingPrice  the price it cleared at.
     * @param nowEpochSecond when.
     * @return false when the campaign or ad is unknown (nothing recorded).
     */
    public boolean recordClick(
        final String campaignId, final String adId, final BidModel model, final double clearingPrice,
        final long nowEpochSecond)
    {
        final CampaignDelivery campaign = campaigns.get(campaignId);
        final AdDelivery ad = ads.get(adId);
        if (null == campaign || null == ad)
        {
            return false;
        }
        ad.recordClick();
        if (BidModel.CPC == model)
        {
            campaign.recordSpend(toMicros(clearingPrice), nowEpochSecond);
        }
        return true;
    }

    /**
     * @param amount money in currency units.
     * @return the same in micros, rounded.
     */
    public static long toMicros(final double amount)
    {
        return Math.round(amount * 1_000_000.0);
    }
}
