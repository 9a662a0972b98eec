package com.endcap.bidder.campaign;

/** What an ad pays for. */
public enum BidModel
{
    /** Per thousand impressions. */
    CPM,
    /** Per click. */
    CPC
}
