package com.endcap.bidder.decision;

/**
 * Why a placement got no ad, coarse enough to count without debug: for the metrics operators
 * watch ({@code endcap_decisions_no_fill_total{reason}}).
 */
public enum NoFillReason
{
    /** The placement was filled. */
    FILLED("filled"),
    /** No ad targets the slot type on this channel. */
    NO_CANDIDATES("no_candidates"),
    /** Ads target the slot, but none passed flight, budget, targeting, caps, holdout or floor. */
    NOT_ELIGIBLE("not_eligible"),
    /** Eligible ads exist, but none had stock where the shopper can get it. */
    NO_STOCK("no_stock");

    private final String wireName;

    NoFillReason(final String wireName)
    {
        this.wireName = wireName;
    }

    /**
     * @return the label value.
     */
    public String wireName()
    {
        return wireName;
    }
}
