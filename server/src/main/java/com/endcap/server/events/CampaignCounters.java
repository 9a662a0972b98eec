package com.endcap.server.events;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Per-campaign event counts (impressions, viewable impressions, clicks), kept for the
 * measurement reports: the numerators of view and click rates per campaign. Any thread.
 */
public final class CampaignCounters
{
    /** Index of impressions. */
    public static final int IMPRESSIONS = 0;
    /** Index of viewable impressions. */
    public static final int VIEWABLE = 1;
    /** Index of clicks. */
    public static final int CLICKS = 2;

    private final ConcurrentHashMap<String, AtomicLongArray> counts = new ConcurrentHashMap<>();

    /**
     * @param campaignId the campaign.
     * @param kind       {@link #IMPRESSIONS}, {@link #VIEWABLE} or {@link #CLICKS}.
     */
    public void increment(final String campaignId, final int kind)
    {
        counts.computeIfAbsent(campaignId, id -> new AtomicLongArray(3)).incrementAndGet(kind);
    }

    /**
     * @param campaignId the campaign.
     * @param kind       which count.
     * @return the count, 0 when none.
     */
    public long count(final String campaignId, final int kind)
    {
        final AtomicLongArray values = counts.get(campaignId);
        return null == values ? 0 : values.get(kind);
    }

    /**
     * @return a copy: campaign id to {impressions, viewable, clicks}, by id.
     */
    public Map<String, long[]> snapshot()
    {
        final Map<String, long[]> copy = new TreeMap<>();
        counts.forEach((id, values) -> copy.put(id, new long[] {values.get(0), values.get(1), values.get(2)}));
        return copy;
    }
}
