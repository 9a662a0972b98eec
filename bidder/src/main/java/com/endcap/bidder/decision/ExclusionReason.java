package com.endcap.bidder.decision;

/**
 * Why an ad was not shown, as reported under {@code debug.excluded[].reason}.
 */
public enum ExclusionReason
{
    /** Outside the campaign's flight. */
    FLIGHT("flight"),
    /** Lifetime or daily budget spent. */
    BUDGET("budget"),
    /** Even pacing: today's spend is ahead of the day's line. */
    PACING("pacing"),
    /** The shopper saw the ad as often as its cap allows in the window. */
    FREQUENCY_CAP("frequency_cap"),
    /** The ad does not run on the request's channel. */
    CHANNEL("channel"),
    /** Page type, category or keywords do not match. */
    CONTEXT("context"),
    /** The shopper is not in the ad's audience. */
    SEGMENTS("segments"),
    /** No store or warehouse in the ad's geo scope can serve the shopper. */
    GEO("geo"),
    /** The shopper is in the campaign's control group. */
    HOLDOUT("holdout"),
    /** No product of the ad has enough fresh stock where the shopper can get it. */
    OUT_OF_STOCK("out_of_stock"),
    /** The only stock left would sell out before the shopper gets there (oversell guard). */
    OVERSELL_GUARD("oversell_guard"),
    /** Every available product is already ordered, in the cart, or shown in another slot. */
    NO_PRODUCT("no_product"),
    /** Expected value below the slot's floor. */
    BELOW_FLOOR("below_floor"),
    /** Another ad of the same advertiser already fills this placement. */
    ADVERTISER_LIMIT("advertiser_limit"),
    /** Eligible, but ranked below the placement's count. */
    OUTRANKED("outranked");

    private final String wireName;

    ExclusionReason(final String wireName)
    {
        this.wireName = wireName;
    }

    /**
     * @return the name in the API.
     */
    public String wireName()
    {
        return wireName;
    }
}
