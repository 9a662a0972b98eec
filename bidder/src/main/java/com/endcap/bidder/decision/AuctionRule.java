package com.endcap.bidder.decision;

/**
 * How a winner's price is set.
 */
public enum AuctionRule
{
    /**
     * Generalised second price: each winner pays what it needed to keep its rank, the expected value
     * of the next eligible ad (or the slot floor, whichever is higher) divided by its own quality,
     * plus the price increment; never below the floor, never above its own bid.
     */
    SECOND_PRICE,
    /** Each winner pays its bid. */
    FIRST_PRICE
}
