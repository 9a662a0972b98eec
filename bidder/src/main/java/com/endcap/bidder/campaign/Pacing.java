package com.endcap.bidder.campaign;

/** How a campaign spends its daily budget through the day. */
public enum Pacing
{
    /** Spread evenly over the campaign's day (in its time zone). */
    EVEN,
    /** As fast as the auctions allow, until the budget is spent. */
    ASAP
}
