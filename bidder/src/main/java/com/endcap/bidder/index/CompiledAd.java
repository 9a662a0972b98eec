package com.endcap.bidder.index;

import com.endcap.bidder.campaign.Ad;
import com.endcap.bidder.campaign.BidModel;
import com.endcap.bidder.campaign.Campaign;
import com.endcap.bidder.campaign.Fulfilment;
import com.endcap.bidder.campaign.Pacing;
import com.endcap.bidder.catalog.Product;
import com.endcap.bidder.delivery.AdDelivery;
import com.endcap.bidder.delivery.CampaignDelivery;
import com.endcap.bidder.segment.TargetingExpression;

/**
 * One ad as the decision engine reads it: everything a decision needs resolved to primitives,
 * arrays and shared references when the index is built, so the hot path does no lookups by
 * string and no parsing. Immutable (the delivery objects it points to count on).
 * <p>
 * Fields are public and final for the engine's inner loop; treat every array as read-only.
 */
public final class CompiledAd
{
    /** Geo scope: no limit. */
    public static final int GEO_ANYWHERE = 0;
    /** Geo scope: stores within {@link #radiusKm} of the shopper (pickup only). */
    public static final int GEO_RADIUS = 1;
    /** Geo scope: the stores in {@link #storeBits} (pickup only). */
    public static final int GEO_STORES = 2;
    /** Geo scope: stores in, and warehouses shipping to, the regions in {@link #regionBits}. */
    public static final int GEO_REGIONS = 3;

    /** The ad as configured. */
    public final Ad ad;
    /** Its campaign. */
    public final Campaign campaign;
    /** Dense number of the ad's advertiser within this index. */
    public final int advertiserOrdinal;
    /** The ad's delivery counters (impressions, clicks, serial). */
    public final AdDelivery adDelivery;
    /** The ad's serial ({@link AdDelivery#serial()}), here to spare the decision path a load. */
    public final int adSerial;
    /** The campaign's spend. */
    public final CampaignDelivery campaignDelivery;

    /** Flight start, inclusive, epoch second. */
    public final long flightStartEpochSecond;
    /** Flight end, exclusive, epoch second. */
    public final long flightEndEpochSecond;
    /** Lifetime budget in micros, {@link Long#MAX_VALUE} for none. */
    public final long budgetTotalMicros;
    /** Daily budget in micros, {@link Long#MAX_VALUE} for none. */
    public final long budgetDailyMicros;
    /** How the daily budget is spread. */
    public final Pacing pacing;
    /** Campaign priority: higher wins ties. */
    public final int priority;

    /** Bit per {@link com.endcap.bidder.campaign.Channel} ordinal the ad may show on. */
    public final int channelMask;
    /** Segment targeting, {@link TargetingExpression#ALWAYS} when untargeted. */
    public final TargetingExpression segments;
    /** Page types, any of which matches; empty matches all. */
    public final String[] pageTypes;
    /** Category prefixes, any of which the page's category must lie under; empty matches all. */
    public final String[] categoryPrefixes;
    /** {@link CategoryPaths} ordinals of {@link #categoryPrefixes}: the page matches when it lies under any. */
    public final int[] categoryPrefixOrdinals;
    /** Keywords, any of which the page must carry; empty matches all. */
    public final String[] keywords;

    /** One of the {@code GEO_*} kinds. */
    public final int geoKind;
    /** Radius for {@link #GEO_RADIUS}. */
    public final double radiusKm;
    /** Location-id bit set for {@link #GEO_STORES}, else null. */
    public final long[] storeBits;
    /** Region-ordinal bit set for {@link #GEO_REGIONS}, else null. */
    public final long[] regionBits;

    /** Dense sku ids of the product set, in catalog order (category, then id). */
    public final int[] skuIds;
    /** The products, parallel to {@link #skuIds}. */
    public final Product[] products;
    /** The category most of the products are in: what the ad is "about" for relevance. */
    public final String primaryCategory;
    /** The distinct categories of the products (complement matching), in catalog order. */
    public final String[] categories;
    /**
     * For each of {@link #categories}, the positions (into {@link #skuIds}) of its products, highest
     * shopper price first, then catalog order: the order a product is picked in within a category.
     */
    public final int[][] positionsByCategory;
    /** Index-wide ordinals of {@link #categories}, for per-request memos of category matches. */
    public final int[] categoryOrdinals;
    /** Index-wide ordinal of {@link #primaryCategory}, or -1 for an ad without products. */
    public final int primaryCategoryOrdinal;

    /** Pickup, ship or any. */
    public final Fulfilment fulfilment;
    /** Smallest ATP advertised. */
    public final int minUnits;
    /** How the ad pays. */
    public final BidModel bidModel;
    /** Bid per thousand impressions (CPM) or per click (CPC). */
    public final double bidAmount;
    /** Prior click rate. */
    public final double ctrPrior;
    /** Share of shoppers held out of the campaign (the largest any of its ads asks for), 0..0.5. */
    public final double holdoutShare;
    /** Per-campaign salt of the holdout hash. */
    public final long holdoutSalt;
    /** Frequency cap count, 0 for none. */
    public final int capCount;
    /** Frequency cap window in seconds. */
    public final long capWindowSeconds;
    /** Segment id of the loyalty tier that sees the member variant, or -1. */
    public final int loyaltySegmentId;

    CompiledAd(
        final Ad ad, final Campaign campaign, final int advertiserOrdinal, final AdDelivery adDelivery,
        final CampaignDelivery campaignDelivery, final int channelMask, final TargetingExpression segments,
        final int geoKind, final long[] storeBits, final long[] regionBits, final int[] skuIds,
        final Product[] products, final String primaryCategory, final long holdoutSalt, final double holdoutShare,
        final int loyaltySegmentId,
        final java.util.function.ToIntFunction<String> categoryOrdinal,
        final java.util.function.ToIntFunction<String> prefixOrdinal)
    {
        this.ad = ad;
        this.campaign = campaign;
        this.advertiserOrdinal = advertiserOrdinal;
        this.adDelivery = adDelivery;
        this.adSerial = adDelivery.serial();
        this.campaignDelivery = campaignDelivery;
        this.flightStartEpochSecond = campaign.flight().start().getEpochSecond();
        this.flightEndEpochSecond = campaign.flight().end().getEpochSecond();
        this.budgetTotalMicros = micros(campaign.budget().total());
        this.budgetDailyMicros = micros(campaign.budget().daily());
        this.pacing = campaign.pacing();
        this.priority = campaign.priority();
        this.channelMask = channelMask;
        this.segments = segments;
        this.pageTypes = ad.targeting().pageTypes().toArray(new String[0]);
        this.categoryPrefixes = ad.targeting().categories().toArray(new String[0]);
        this.categoryPrefixOrdinals = java.util.Arrays.stream(categoryPrefixes).mapToInt(prefixOrdinal).toArray();
        this.keywords = ad.targeting().keywords().toArray(new String[0]);
        this.geoKind = geoKind;
        this.radiusKm = ad.geo().radiusKm();
        this.storeBits = storeBits;
        this.regionBits = regionBits;
        this.skuIds = skuIds;
        this.products = products;
        this.primaryCategory = primaryCategory;
        this.categories = java.util.Arrays.stream(products).map(Product::category).distinct().toArray(String[]::new);
        this.categoryOrdinals = java.util.Arrays.stream(categories).mapToInt(categoryOrdinal).toArray();
        this.primaryCategoryOrdinal = products.length == 0 ? -1 : categoryOrdinal.applyAsInt(primaryCategory);
        this.positionsByCategory = new int[categories.length][];
        for (int c = 0; c < categories.length; c++)
        {
            final String category = categories[c];
            positionsByCategory[c] = java.util.stream.IntStream.range(0, products.length)
                .filter(i -> products[i].category().equals(category))
                .boxed()
                .sorted(java.util.Comparator.<Integer>comparingLong(i -> products[i].effectivePriceCents()).reversed()
                    .thenComparingInt(i -> i))
                .mapToInt(Integer::intValue)
                .toArray();
        }
        this.fulfilment = ad.fulfilment();
        this.minUnits = ad.minUnits();
        this.bidModel = ad.bid().model();
        this.bidAmount = ad.bid().amount();
        this.ctrPrior = ad.ctrPrior();
        this.holdoutShare = holdoutShare;
        this.holdoutSalt = holdoutSalt;
        this.capCount = null == ad.frequencyCap() ? 0 : ad.frequencyCap().count();
        this.capWindowSeconds = null == ad.frequencyCap() ? 0 : ad.frequencyCap().windowSeconds();
        this.loyaltySegmentId = loyaltySegmentId;
    }

    /**
     * @return the ad id.
     */
    public String adId()
    {
        return ad.id();
    }

    /**
     * @return the campaign id.
     */
    public String campaignId()
    {
        return campaign.id();
    }

    /**
     * @return the advertiser id.
     */
    public String advertiserId()
    {
        return campaign.advertiserId();
    }

    /**
     * @param bits a bit set.
     * @param i    a bit.
     * @return whether bit {@code i} is set; false beyond the set.
     */
    public static boolean hasBit(final long[] bits, final int i)
    {
        final int word = i >>> 6;
        return i >= 0 && word < bits.length && (bits[word] & (1L << i)) != 0;
    }

    private static long micros(final double amount)
    {
        return Double.isInfinite(amount) ? Long.MAX_VALUE : Math.round(amount * 1_000_000.0);
    }

    public String toString()
    {
        return "CompiledAd{" + ad.id() + " of " + campaign.id() + ", " + skuIds.length + " skus}";
    }
}
