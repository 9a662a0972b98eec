package com.endcap.bidder.decision;

import com.endcap.bidder.campaign.Channel;

/**
 * A decision request as the engine reads it: the fields of {@code POST /v1/decisions}, held in
 * preallocated arrays so one instance per thread is reused for every request.
 * <p>
 * Not thread-safe. {@link #reset()} before filling; the {@code add*} methods return false when a
 * bound is reached (the caller answers 400), never grow.
 */
public final class DecisionRequest
{
    /** Most placements per request. */
    public static final int MAX_PLACEMENTS = 10;
    /** Most ads per placement. */
    public static final int MAX_COUNT = 20;
    /** Most segments named in a request. */
    public static final int MAX_SEGMENTS = 64;
    /** Most page keywords. */
    public static final int MAX_KEYWORDS = 32;
    /** Most cart or order skus. */
    public static final int MAX_SKUS = 100;

    private final String[] placementIds = new String[MAX_PLACEMENTS];
    private final String[] placementSlots = new String[MAX_PLACEMENTS];
    private final int[] placementCounts = new int[MAX_PLACEMENTS];
    private int placementCount;

    private final String[] segments = new String[MAX_SEGMENTS];
    private int segmentCount;
    private final String[] keywords = new String[MAX_KEYWORDS];
    private int keywordCount;
    private final String[] cartSkus = new String[MAX_SKUS];
    private int cartSkuCount;
    private final String[] orderSkus = new String[MAX_SKUS];
    private int orderSkuCount;
    private final String[] excludedSkus = new String[MAX_SKUS];
    private int excludedSkuCount;

    private String userKey;
    private Channel channel = Channel.WEB;
    private String storeId;
    private boolean hasGeo;
    private double lat;
    private double lon;
    private String region;
    private String pageType;
    private String category;
    private boolean personalization = true;
    private boolean debug;

    /**
     * Clears every field to its default (channel web, personalization allowed).
     *
     * @return this.
     */
    public DecisionRequest reset()
    {
        for (int i = 0; i < placementCount; i++)
        {
            placementIds[i] = null;
            placementSlots[i] = null;
        }
        placementCount = 0;
        clear(segments, segmentCount);
        segmentCount = 0;
        clear(keywords, keywordCount);
        keywordCount = 0;
        clear(cartSkus, cartSkuCount);
        cartSkuCount = 0;
        clear(orderSkus, orderSkuCount);
        orderSkuCount = 0;
        clear(excludedSkus, excludedSkuCount);
        excludedSkuCount = 0;
        userKey = null;
        channel = Channel.WEB;
        storeId = null;
        hasGeo = false;
        lat = 0;
        lon = 0;
        region = null;
        pageType = null;
        category = null;
        personalization = true;
        debug = false;
        return this;
    }

    private static void clear(final String[] values, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            values[i] = null;
        }
    }

    /**
     * @param id    placement id, the key of the response's {@code decisions}.
     * @param slot  slot type.
     * @param count ads wanted, 1..{@value #MAX_COUNT}.
     * @return false when the request already holds {@value #MAX_PLACEMENTS} placements.
     * @throws IllegalArgumentException when {@code count} is out of range or id/slot is null.
     */
    public boolean addPlacement(final String id, final String slot, final int count)
    {
        if (null == id || null == slot || count < 1 || count > MAX_COUNT)
        {
            throw new IllegalArgumentException("placement needs an id, a slot and a count of 1.." + MAX_COUNT);
        }
        if (placementCount == MAX_PLACEMENTS)
        {
            return false;
        }
        placementIds[placementCount] = id;
        placementSlots[placementCount] = slot;
        placementCounts[placementCount] = count;
        placementCount++;
        return true;
    }

    /**
     * @param segment a segment name from the request.
     * @return false when {@value #MAX_SEGMENTS} are held.
     */
    public boolean addSegment(final String segment)
    {
        if (segmentCount == MAX_SEGMENTS)
        {
            return false;
        }
        segments[segmentCount++] = segment;
        return true;
    }

    /**
     * @param keyword a page keyword.
     * @return false when {@value #MAX_KEYWORDS} are held.
     */
    public boolean addKeyword(final String keyword)
    {
        if (keywordCount == MAX_KEYWORDS)
        {
            return false;
        }
        keywords[keywordCount++] = keyword;
        return true;
    }

    /**
     * @param sku a sku in the shopper's cart.
     * @return false when {@value #MAX_SKUS} are held.
     */
    public boolean addCartSku(final String sku)
    {
        if (cartSkuCount == MAX_SKUS)
        {
            return false;
        }
        cartSkus[cartSkuCount++] = sku;
        return true;
    }

    /**
     * @param sku a sku of the order just placed (post-purchase placement).
     * @return false when {@value #MAX_SKUS} are held.
     */
    public boolean addOrderSku(final String sku)
    {
        if (orderSkuCount == MAX_SKUS)
        {
            return false;
        }
        orderSkus[orderSkuCount++] = sku;
        return true;
    }

    /**
     * @param sku a sku not to advertise (already on the page, or just shown on a rotating screen);
     *            unlike cart and order skus it implies no complements.
     * @return false when {@value #MAX_SKUS} are held.
     */
    public boolean addExcludedSku(final String sku)
    {
        if (excludedSkuCount == MAX_SKUS)
        {
            return false;
        }
        excludedSkus[excludedSkuCount++] = sku;
        return true;
    }

    /**
     * Forgets the excluded skus (a rotation starting over).
     *
     * @return this.
     */
    public DecisionRequest clearExcludedSkus()
    {
        clear(excludedSkus, excludedSkuCount);
        excludedSkuCount = 0;
        return this;
    }

    /**
     * @return excluded skus held.
     */
    public int excludedSkuCount()
    {
        return excludedSkuCount;
    }

    /**
     * @param i index.
     * @return an excluded sku.
     */
    public String excludedSku(final int i)
    {
        return excludedSkus[i];
    }

    /**
     * @param userKey the retailer's first-party id of the shopper, or null.
     * @return this.
     */
    public DecisionRequest userKey(final String userKey)
    {
        this.userKey = userKey;
        return this;
    }

    /**
     * @param channel where the ad shows.
     * @return this.
     */
    public DecisionRequest channel(final Channel channel)
    {
        this.channel = null == channel ? Channel.WEB : channel;
        return this;
    }

    /**
     * @param storeId the shopper's chosen store code, or null.
     * @return this.
     */
    public DecisionRequest storeId(final String storeId)
    {
        this.storeId = storeId;
        return this;
    }

    /**
     * @param lat the shopper's latitude.
     * @param lon the shopper's longitude.
     * @return this.
     */
    public DecisionRequest geo(final double lat, final double lon)
    {
        this.hasGeo = true;
        this.lat = lat;
        this.lon = lon;
        return this;
    }

    /**
     * @param region the shopper's region code (for shipping), or null.
     * @return this.
     */
    public DecisionRequest region(final String region)
    {
        this.region = region;
        return this;
    }

    /**
     * @param pageType page type, or null.
     * @return this.
     */
    public DecisionRequest pageType(final String pageType)
    {
        this.pageType = pageType;
        return this;
    }

    /**
     * @param category page category path, or null.
     * @return this.
     */
    public DecisionRequest category(final String category)
    {
        this.category = category;
        return this;
    }

    /**
     * @param personalization false when the shopper did not consent: user key and segments are ignored.
     * @return this.
     */
    public DecisionRequest personalization(final boolean personalization)
    {
        this.personalization = personalization;
        return this;
    }

    /**
     * @param debug true to collect exclusion reasons (allocates; never in production traffic).
     * @return this.
     */
    public DecisionRequest debug(final boolean debug)
    {
        this.debug = debug;
        return this;
    }

    /**
     * @return placements held.
     */
    public int placementCount()
    {
        return placementCount;
    }

    /**
     * @param i placement index.
     * @return its id.
     */
    public String placementId(final int i)
    {
        return placementIds[i];
    }

    /**
     * @param i placement index.
     * @return its slot type.
     */
    public String placementSlot(final int i)
    {
        return placementSlots[i];
    }

    /**
     * @param i placement index.
     * @return ads wanted.
     */
    public int placementCount(final int i)
    {
        return placementCounts[i];
    }

    /**
     * @return segments named in the request.
     */
    public int segmentCount()
    {
        return segmentCount;
    }

    /**
     * @param i index.
     * @return a segment name.
     */
    public String segment(final int i)
    {
        return segments[i];
    }

    /**
     * @return keywords held.
     */
    public int keywordCount()
    {
        return keywordCount;
    }

    /**
     * @param i index.
     * @return a keyword.
     */
    public String keyword(final int i)
    {
        return keywords[i];
    }

    /**
     * @return cart skus held.
     */
    public int cartSkuCount()
    {
        return cartSkuCount;
    }

    /**
     * @param i index.
     * @return a cart sku.
     */
    public String cartSku(final int i)
    {
        return cartSkus[i];
    }

    /**
     * @return order skus held.
     */
    public int orderSkuCount()
    {
        return orderSkuCount;
    }

    /**
     * @param i index.
     * @return an order sku.
     */
    public String orderSku(final int i)
    {
        return orderSkus[i];
    }

    /**
     * @return the user key, or null.
     */
    public String userKey()
    {
        return userKey;
    }

    /**
     * @return the channel.
     */
    public Channel channel()
    {
        return channel;
    }

    /**
     * @return the chosen store code, or null.
     */
    public String storeId()
    {
        return storeId;
    }

    /**
     * @return true when a position was given.
     */
    public boolean hasGeo()
    {
        return hasGeo;
    }

    /**
     * @return latitude, when {@link #hasGeo()}.
     */
    public double lat()
    {
        return lat;
    }

    /**
     * @return longitude, when {@link #hasGeo()}.
     */
    public double lon()
    {
        return lon;
    }

    /**
     * @return the region code, or null.
     */
    public String region()
    {
        return region;
    }

    /**
     * @return the page type, or null.
     */
    public String pageType()
    {
        return pageType;
    }

    /**
     * @return the page category, or null.
     */
    public String category()
    {
        return category;
    }

    /**
     * @return whether personalization is allowed.
     */
    public boolean personalization()
    {
        return personalization;
    }

    /**
     * @return whether exclusion reasons are wanted.
     */
    public boolean debug()
    {
        return debug;
    }
}
