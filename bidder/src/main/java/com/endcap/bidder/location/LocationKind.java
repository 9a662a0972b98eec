package com.endcap.bidder.location;

/** What a location is, which decides how a shopper gets stock from it. */
public enum LocationKind
{
    /** A store: pickup today, in-store screens. */
    STORE,
    /** A warehouse or distribution centre: ships to the regions it serves. */
    WAREHOUSE
}
