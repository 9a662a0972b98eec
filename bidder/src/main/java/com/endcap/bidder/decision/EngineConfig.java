package com.endcap.bidder.decision;

import java.util.Map;

/**
 * Settings of the decision engine, validated once at construction.
 *
 * @param auctionRule          how winners' prices are set.
 * @param priceIncrement       added to a second price (currency units), 0 or more.
 * @param defaultFloorCpm      floor, as expected value per thousand impressions, of slots without their own.
 * @param slotFloorsCpm        floors per slot type.
 * @param maxStockAgeSeconds   stock last changed longer ago than this counts as unavailable; 0 turns
 *                             the staleness check off.
 * @param maxPickupRadiusKm    how far from the shopper's position stores are considered at all.
 * @param maxNearbyStores      how many of the nearest stores are considered, 1..64.
 * @param limitedUnits         at or below this many units a location shows band {@code limited}
 *                             and "Only N left".
 * @param oversellHorizonHours how long a shopper takes to act on an ad: the oversell guard skips a
 *                             (sku, location) whose units minus the sell-through over this horizon
 *                             fall below the ad's minimum; 0 turns the guard off.
 * @param onePerAdvertiser     at most one ad of an advertiser per placement.
 */
public record EngineConfig(
    AuctionRule auctionRule,
    double priceIncrement,
    double defaultFloorCpm,
    Map<String, Double> slotFloorsCpm,
    long maxStockAgeSeconds,
    double maxPickupRadiusKm,
    int maxNearbyStores,
    int limitedUnits,
    double oversellHorizonHours,
    boolean onePerAdvertiser)
{
    /** Most nearby stores a decision may consider. */
    public static final int MAX_NEARBY_STORES = 64;

    /** The documented defaults. */
    public static final EngineConfig DEFAULTS = new EngineConfig(
        AuctionRule.SECOND_PRICE, 0.01, 0.0, Map.of(), 24 * 3600, 50.0, 5, 5, 2.0, true);

    /**
     * Validates.
     */
    public EngineConfig
    {
        if (null == auctionRule)
        {
            throw new IllegalArgumentException("auctionRule must be second_price or first_price");
        }
        if (!(priceIncrement >= 0 && priceIncrement < 100))
        {
            throw new IllegalArgumentException("priceIncrement must be 0..100, got " + priceIncrement);
        }
        if (!(defaultFloorCpm >= 0))
        {
            throw new IllegalArgumentException("defaultFloorCpm must be >= 0, got " + defaultFloorCpm);
        }
        slotFloorsCpm = null == slotFloorsCpm ? Map.of() : Map.copyOf(slotFloorsCpm);
        slotFloorsCpm.forEach((slot, floor) ->
        {
            if (!(floor >= 0))
            {
                throw new IllegalArgumentException("slotFloorsCpm." + slot + " must be >= 0, got " + floor);
            }
        });
        if (maxStockAgeSeconds < 0)
        {
            throw new IllegalArgumentException("maxStockAgeSeconds must be >= 0, got " + maxStockAgeSeconds);
        }
        if (!(maxPickupRadiusKm > 0 && maxPickupRadiusKm <= 500))
        {
            throw new IllegalArgumentException("maxPickupRadiusKm must be in (0, 500], got " + maxPickupRadiusKm);
        }
        if (maxNearbyStores < 1 || maxNearbyStores > MAX_NEARBY_STORES)
        {
            throw new IllegalArgumentException("maxNearbyStores must be 1.." + MAX_NEARBY_STORES + ", got " + maxNearbyStores);
        }
        if (limitedUnits < 0)
        {
            throw new IllegalArgumentException("limitedUnits must be >= 0, got " + limitedUnits);
        }
        if (!(oversellHorizonHours >= 0 && oversellHorizonHours <= 24 * 14))
        {
            throw new IllegalArgumentException("oversellHorizonHours must be 0..336, got " + oversellHorizonHours);
        }
    }

    /**
     * @param slot slot type.
     * @return the slot's floor as expected value per thousand impressions.
     */
    public double floorCpm(final String slot)
    {
        final Double floor = slotFloorsCpm.get(slot);
        return null == floor ? defaultFloorCpm : floor;
    }

    /**
     * @param rule the auction rule.
     * @return a copy with another auction rule.
     */
    public EngineConfig withAuctionRule(final AuctionRule rule)
    {
        return new EngineConfig(rule, priceIncrement, defaultFloorCpm, slotFloorsCpm, maxStockAgeSeconds,
            maxPickupRadiusKm, maxNearbyStores, limitedUnits, oversellHorizonHours, onePerAdvertiser);
    }

    /**
     * @param seconds stock age limit, 0 for none.
     * @return a copy with another stock age limit.
     */
    public EngineConfig withMaxStockAgeSeconds(final long seconds)
    {
        return new EngineConfig(auctionRule, priceIncrement, defaultFloorCpm, slotFloorsCpm, seconds,
            maxPickupRadiusKm, maxNearbyStores, limitedUnits, oversellHorizonHours, onePerAdvertiser);
    }

    /**
     * @param floors floors per slot type.
     * @return a copy with other slot floors.
     */
    public EngineConfig withSlotFloorsCpm(final Map<String, Double> floors)
    {
        return new EngineConfig(auctionRule, priceIncrement, defaultFloorCpm, floors, maxStockAgeSeconds,
            maxPickupRadiusKm, maxNearbyStores, limitedUnits, oversellHorizonHours, onePerAdvertiser);
    }

    /**
     * @param onePerAdvertiser at most one ad per advertiser per placement.
     * @return a copy with that setting.
     */
    public EngineConfig withOnePerAdvertiser(final boolean onePerAdvertiser)
    {
        return new EngineConfig(auctionRule, priceIncrement, defaultFloorCpm, slotFloorsCpm, maxStockAgeSeconds,
            maxPickupRadiusKm, maxNearbyStores, limitedUnits, oversellHorizonHours, onePerAdvertiser);
    }
}
