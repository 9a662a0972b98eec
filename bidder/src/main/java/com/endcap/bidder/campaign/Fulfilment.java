package com.endcap.bidder.campaign;

/** How the shopper gets the advertised product. */
public enum Fulfilment
{
    /** In stock at a store for pickup today. */
    PICKUP,
    /** Shippable from a warehouse serving the shopper's region. */
    SHIP,
    /** Pickup when a store has it, else ship. */
    ANY
}
