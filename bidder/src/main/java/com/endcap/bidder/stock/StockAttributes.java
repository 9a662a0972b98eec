package com.endcap.bidder.stock;

/**
 * Bit layout of the per-(sku, location) attributes a local-inventory feed carries, packed into
 * one byte so the hot index can hold them next to the units.
 * <pre>
 *   bit 0      LIMITED      the feed said "limited availability": show band {@code limited}
 *   bit 1      NO_PICKUP    never advertise for pickup here ("not supported", "on display to order")
 *   bits 2..4  pickup SLA   {@link #SLA_UNKNOWN} .. {@link #SLA_MULTI_WEEK}
 *   bits 5..6  pickup method {@link #METHOD_UNKNOWN} .. {@link #METHOD_SHIP_TO_STORE}
 * </pre>
 */
public final class StockAttributes
{
    /** Feed said limited availability. */
    public static final int LIMITED = 1;
    /** Not advertised for pickup at this location. */
    public static final int NO_PICKUP = 1 << 1;

    private static final int SLA_SHIFT = 2;
    private static final int SLA_MASK = 0b111 << SLA_SHIFT;
    private static final int METHOD_SHIFT = 5;
    private static final int METHOD_MASK = 0b11 << METHOD_SHIFT;

    /** Pickup SLA not given. */
    public static final int SLA_UNKNOWN = 0;
    /** Pick up today. */
    public static final int SLA_SAME_DAY = 1;
    /** Pick up tomorrow. */
    public static final int SLA_NEXT_DAY = 2;
    /** Pick up in 2 days. */
    public static final int SLA_2_DAY = 3;
    /** Pick up in 3 days. */
    public static final int SLA_3_DAY = 4;
    /** Pick up in 4 days. */
    public static final int SLA_4_DAY = 5;
    /** Pick up in 5 days or up to a week. */
    public static final int SLA_5_DAY_PLUS = 6;
    /** Pick up in weeks. */
    public static final int SLA_MULTI_WEEK = 7;

    /** Pickup method not given. */
    public static final int METHOD_UNKNOWN = 0;
    /** Buy online, pick up in store. */
    public static final int METHOD_BUY = 1;
    /** Reserve online, pay in store. */
    public static final int METHOD_RESERVE = 2;
    /** Shipped to the store for pickup. */
    public static final int METHOD_SHIP_TO_STORE = 3;

    private StockAttributes()
    {
    }

    /**
     * @param attributes packed bits.
     * @return the pickup SLA code, {@link #SLA_UNKNOWN} .. {@link #SLA_MULTI_WEEK}.
     */
    public static int pickupSla(final int attributes)
    {
        return (attributes & SLA_MASK) >>> SLA_SHIFT;
    }

    /**
     * @param attributes packed bits.
     * @return the pickup method code, {@link #METHOD_UNKNOWN} .. {@link #METHOD_SHIP_TO_STORE}.
     */
    public static int pickupMethod(final int attributes)
    {
        return (attributes & METHOD_MASK) >>> METHOD_SHIFT;
    }

    /**
     * Packs the attributes.
     *
     * @param limited      band limited.
     * @param noPickup     never advertised for pickup.
     * @param pickupSla    SLA code.
     * @param pickupMethod method code.
     * @return packed bits, 0..127.
     */
    public static int pack(final boolean limited, final boolean noPickup, final int pickupSla, final int pickupMethod)
    {
        return (limited ? LIMITED : 0) |
            (noPickup ? NO_PICKUP : 0) |
            ((pickupSla << SLA_SHIFT) & SLA_MASK) |
            ((pickupMethod << METHOD_SHIFT) & METHOD_MASK);
    }

    /**
     * @param attributes packed bits.
     * @return true when the location never advertises this sku for pickup.
     */
    public static boolean noPickup(final int attributes)
    {
        return (attributes & NO_PICKUP) != 0;
    }

    /**
     * @param attributes packed bits.
     * @return true when the feed marked the sku as limited availability.
     */
    public static boolean limited(final int attributes)
    {
        return (attributes & LIMITED) != 0;
    }

    /**
     * Human-readable form for logs and tests (allocates; never on the hot path).
     *
     * @param attributes packed bits.
     * @return a description such as {@code limited,sla=1,method=1}.
     */
    public static String describe(final int attributes)
    {
        return (limited(attributes) ? "limited," : "") + (noPickup(attributes) ? "noPickup," : "") +
            "sla=" + pickupSla(attributes) + ",method=" + pickupMethod(attributes);
    }
}
