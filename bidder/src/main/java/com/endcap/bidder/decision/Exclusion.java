package com.endcap.bidder.decision;

/**
 * One ad left out of one placement, for {@code debug.excluded}.
 *
 * @param placementId the placement.
 * @param adId        the ad.
 * @param campaignId  its campaign.
 * @param reason      why.
 * @param detail      for people, e.g. {@code S042 has 0}.
 */
public record Exclusion(String placementId, String adId, String campaignId, ExclusionReason reason, String detail)
{
}
