package com.endcap.bidder.decision;

import com.endcap.bidder.campaign.Fulfilment;
import com.endcap.bidder.catalog.Product;
import com.endcap.bidder.index.CompiledAd;
import com.endcap.bidder.location.Location;
import com.endcap.bidder.stock.StockAttributes;

/**
 * One ad chosen for a placement: the ad, the product it shows, where the shopper can get it, and
 * what it cleared at. A reused holder owned by a {@link DecisionResult}: valid until the next
 * decision on the same result.
 */
public final class AdDecision
{
    /** Band of a location with plenty of units. */
    public static final String BAND_IN_STOCK = "in_stock";
    /** Band of a location down to its last units. */
    public static final String BAND_LIMITED = "limited";

    CompiledAd ad;
    Product product;
    Location location;
    Fulfilment mode;
    double distanceKm;
    int units;
    long stockUpdatedAtEpochSecond;
    int attributes;
    boolean limited;
    long priceCents;
    long saleCents;
    long memberPriceCents;
    double score;
    double quality;
    double clearingPrice;

    /**
     * @return the ad.
     */
    public CompiledAd ad()
    {
        return ad;
    }

    /**
     * @return the product shown.
     */
    public Product product()
    {
        return product;
    }

    /**
     * @return the store (pickup) or warehouse (ship) the shopper gets it from.
     */
    public Location location()
    {
        return location;
    }

    /**
     * @return {@link Fulfilment#PICKUP} or {@link Fulfilment#SHIP}.
     */
    public Fulfilment mode()
    {
        return mode;
    }

    /**
     * @return km from the shopper to the store; {@code NaN} when unknown (ship, or a chosen store without a position).
     */
    public double distanceKm()
    {
        return distanceKm;
    }

    /**
     * @return available-to-promise units at the location when decided.
     */
    public int units()
    {
        return units;
    }

    /**
     * @return epoch second of the last change to the shown stock (its age at decision time).
     */
    public long stockUpdatedAtEpochSecond()
    {
        return stockUpdatedAtEpochSecond;
    }

    /**
     * @return false when the campaign hides exact counts.
     */
    public boolean showUnits()
    {
        return !ad.ad.hideUnits();
    }

    /**
     * @return {@link #BAND_IN_STOCK} or {@link #BAND_LIMITED}.
     */
    public String band()
    {
        return limited ? BAND_LIMITED : BAND_IN_STOCK;
    }

    /**
     * @return the regular price in cents shown (the location's own when it has one).
     */
    public long priceCents()
    {
        return priceCents;
    }

    /**
     * @return the sale price in cents shown, or {@link Product#NO_PRICE}.
     */
    public long saleCents()
    {
        return saleCents;
    }

    /**
     * @return the loyalty member price in cents, or {@link Product#NO_PRICE} when the shopper sees no member variant.
     */
    public long memberPriceCents()
    {
        return memberPriceCents;
    }

    /**
     * @return true when the shopper sees the loyalty member variant.
     */
    public boolean memberVariant()
    {
        return memberPriceCents != Product.NO_PRICE;
    }

    /**
     * @return the headline shown: the member variant's when it has one, else the ad's (may be null).
     */
    public String headline()
    {
        if (memberVariant() && null != ad.ad.creative().loyalty().headline())
        {
            return ad.ad.creative().loyalty().headline();
        }
        return ad.ad.creative().headline();
    }

    /**
     * @return expected value per thousand impressions the ad ranked on.
     */
    public double score()
    {
        return score;
    }

    /**
     * @return the price it cleared at, in the ad's model (per thousand for CPM, per click for CPC).
     */
    public double clearingPrice()
    {
        return clearingPrice;
    }

    /**
     * Appends the availability line shoppers read, e.g. "Only 3 left at Main St — pick up today",
     * "In stock at Oak Ave, 2.4 km", "Ships in 2 days". Allocation-free given room in {@code into}.
     *
     * @param into where to append.
     * @return {@code into}.
     */
    public StringBuilder appendMessage(final StringBuilder into)
    {
        if (Fulfilment.SHIP == mode)
        {
            if (limited)
            {
                appendLimited(into, false).append(" — ships");
            }
            else
            {
                into.append("Ships");
            }
            appendShipDays(into, location.shipDays());
            return into;
        }
        if (limited)
        {
            appendLimited(into, true).append(location.name()).append(" — ");
            appendPickup(into);
        }
        else if (!Double.isNaN(distanceKm) && distanceKm >= 0.05)
        {
            into.append("In stock at ").append(location.name()).append(", ");
            final long tenths = Math.round(distanceKm * 10);
            into.append(tenths / 10).append('.').append(tenths % 10).append(" km");
        }
        else
        {
            into.append("In stock at ").append(location.name()).append(" — ");
            appendPickup(into);
        }
        return into;
    }

    /**
     * @return the availability line (allocates; for tests and cold paths).
     */
    public String message()
    {
        return appendMessage(new StringBuilder(64)).toString();
    }

    private StringBuilder appendLimited(final StringBuilder into, final boolean atLocation)
    {
        if (showUnits())
        {
            into.append("Only ").append(units).append(" left");
        }
        else
        {
            into.append("Limited stock");
        }
        return atLocation ? into.append(" at ") : into;
    }

    private static void appendShipDays(final StringBuilder into, final int days)
    {
        if (days <= 0)
        {
            into.append(" today");
        }
        else if (1 == days)
        {
            into.append(" tomorrow");
        }
        else
        {
            into.append(" in ").append(days).append(" days");
        }
    }

    private void appendPickup(final StringBuilder into)
    {
        final String verb = StockAttributes.METHOD_RESERVE == StockAttributes.pickupMethod(attributes) ?
            "reserve, pick up" : "pick up";
        into.append(verb);
        switch (StockAttributes.pickupSla(attributes))
        {
            case StockAttributes.SLA_NEXT_DAY:
                into.append(" tomorrow");
                break;
            case StockAttributes.SLA_2_DAY:
            case StockAttributes.SLA_3_DAY:
            case StockAttributes.SLA_4_DAY:
                into.append(" in ").append(StockAttributes.pickupSla(attributes) - 1).append(" days");
                break;
            case StockAttributes.SLA_5_DAY_PLUS:
                into.append(" within a week");
                break;
            case StockAttributes.SLA_MULTI_WEEK:
                into.append(" in a few weeks");
                break;
            default:
                into.append(" today");
                break;
        }
    }

    public String toString()
    {
        return "AdDecision{" + ad.adId() + ", sku=" + product.sku() + ", " + mode + " at " + location.code() +
            ", units=" + units + ", clearing=" + clearingPrice + '}';
    }
}
