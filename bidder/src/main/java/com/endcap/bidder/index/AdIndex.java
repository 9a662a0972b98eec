package com.endcap.bidder.index;

import com.endcap.bidder.campaign.Ad;
import com.endcap.bidder.campaign.Campaign;
import com.endcap.bidder.campaign.Channel;
import com.endcap.bidder.catalog.Catalog;
import com.endcap.bidder.catalog.Product;
import com.endcap.bidder.delivery.DeliveryLedger;
import com.endcap.bidder.ids.IdMap;
import com.endcap.bidder.location.Location;
import com.endcap.bidder.segment.SegmentDictionary;
import com.endcap.bidder.segment.TargetingExpression;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a decision reads besides live stock, segments and delivery: the active ads compiled
 * and grouped by slot type and channel, the catalog, and the locations laid out for geo search.
 * Immutable: built off the hot path whenever campaigns, the catalog or the locations change, and
 * published by the engine with one volatile write, so a decision sees one consistent index.
 * <p>
 * Candidates come from {@link #candidates(String, Channel)}: the ads for a slot type and channel,
 * never a scan of all ads. Paused campaigns and ads of campaigns without ads are not indexed.
 */
public final class AdIndex
{
    /** Default most products an ad's set is narrowed to (category sets: the highest priced). */
    public static final int DEFAULT_MAX_SKUS_PER_AD = 256;

    private static final CompiledAd[] NO_ADS = new CompiledAd[0];
    private static final int[] NO_IDS = new int[0];

    private final Map<String, SlotAds> slots;
    private final List<CompiledAd> ads;
    private final Catalog catalog;
    private final Location[] locationsById;
    private final Map<String, Location> locationsByCode;
    private final int[] storeIds;
    private final double[] storeLat;
    private final double[] storeLon;
    private final Map<String, Integer> regionOrdinals;
    private final int[] regionOfLocation;
    private final int[][] warehousesByRegion;
    private final int advertiserCount;
    private final String[] categories;
    private final int[][] categoryBoundaries;
    private final CategoryPaths paths;
    private final int[][] complementPaths;

    private AdIndex(
        final Map<String, SlotAds> slots, final List<CompiledAd> ads, final Catalog catalog,
        final Location[] locationsById, final Map<String, Location> locationsByCode, final int[] storeIds,
        final Map<String, Integer> regionOrdinals, final int[] regionOfLocation, final int[][] warehousesByRegion,
        final int advertiserCount, final String[] categories, final int[][] categoryBoundaries, final CategoryPaths paths,
        final int[][] complementPaths)
    {
        this.complementPaths = complementPaths;
        this.categories = categories;
        this.categoryBoundaries = categoryBoundaries;
        this.paths = paths;
        this.slots = slots;
        this.ads = ads;
        this.catalog = catalog;
        this.locationsById = locationsById;
        this.locationsByCode = locationsByCode;
        this.storeIds = storeIds;
        this.storeLat = new double[storeIds.length];
        this.storeLon = new double[storeIds.length];
        for (int i = 0; i < storeIds.length; i++)
        {
            storeLat[i] = locationsById[storeIds[i]].lat();
            storeLon[i] = locationsById[storeIds[i]].lon();
        }
        this.regionOrdinals = regionOrdinals;
        this.regionOfLocation = regionOfLocation;
        this.warehousesByRegion = warehousesByRegion;
        this.advertiserCount = advertiserCount;
    }

    /**
     * An index with no ads, products or locations: what a server starts from.
     *
     * @return the empty index.
     */
    public static AdIndex empty()
    {
        return build(List.of(), Catalog.EMPTY, null, List.of(), new SegmentDictionary(1), new DeliveryLedger(),
            DEFAULT_MAX_SKUS_PER_AD);
    }

    /**
     * Builds an index. Allocates freely: never on the decision path.
     *
     * @param campaigns     every campaign; paused ones are left out.
     * @param catalog       the catalog (products carry dense sku ids).
     * @param skuIds        sku id dictionary shared with the stock store, to resolve explicit sku
     *                      lists; null resolves through the catalog alone.
     * @param locations     every store and warehouse (dense ids shared with the stock store).
     * @param dictionary    where segment names are interned.
     * @param ledger        delivery counters, looked up (or created) per campaign and ad.
     * @param maxSkusPerAd  most products an ad's set is narrowed to, 1 or more.
     * @return the index.
     * @throws IllegalArgumentException naming the campaign and ad, when a targeting expression
     *                                  does not compile.
     */
    public static AdIndex build(
        final Collection<Campaign> campaigns, final Catalog catalog, final IdMap skuIds,
        final Collection<Location> locations, final SegmentDictionary dictionary, final DeliveryLedger ledger,
        final int maxSkusPerAd)
    {
        if (maxSkusPerAd < 1)
        {
            throw new IllegalArgumentException("maxSkusPerAd must be >= 1");
        }
        int maxLocationId = -1;
        for (final Location location : locations)
        {
            maxLocationId = Math.max(maxLocationId, location.id());
        }
        final Location[] byId = new Location[maxLocationId + 1];
        final Map<String, Location> byCode = new HashMap<>();
        final Map<String, Integer> regionOrdinals = new HashMap<>();
        for (final Location location : locations)
        {
            byId[location.id()] = location;
            byCode.put(location.code(), location);
            if (null != location.region())
            {
                regionOrdinals.putIfAbsent(location.region(), regionOrdinals.size());
            }
            for (final String region : location.regions())
            {
                regionOrdinals.putIfAbsent(region, regionOrdinals.size());
            }
        }
        final int[] regionOfLocation = new int[byId.length];
        Arrays.fill(regionOfLocation, -1);
        final List<Integer> stores = new ArrayList<>();
        final List<List<Location>> warehouses = new ArrayList<>();
        for (int i = 0; i < regionOrdinals.size(); i++)
        {
            warehouses.add(new ArrayList<>());
        }
        for (final Location location : byId)
        {
            if (null == location)
            {
                continue;
            }
            if (null != location.region())
            {
                regionOfLocation[location.id()] = regionOrdinals.get(location.region());
            }
            if (location.isStore())
            {
                if (!Double.isNaN(location.lat()) && !Double.isNaN(location.lon()))
                {
                    stores.add(location.id());
                }
            }
            else
            {
                for (final String region : location.regions())
                {
                    warehouses.get(regionOrdinals.get(region)).add(location);
                }
            }
        }
        final int[][] warehousesByRegion = new int[regionOrdinals.size()][];
        for (int r = 0; r < warehousesByRegion.length; r++)
        {
            warehousesByRegion[r] = warehouses.get(r).stream()
                .sorted(Comparator.comparingInt(Location::shipDays).thenComparingInt(Location::id))
                .mapToInt(Location::id)
                .toArray();
        }

        final Map<String, Integer> advertisers = new HashMap<>();
        final Map<String, int[]> skusByCategory = new HashMap<>();
        final Map<String, Integer> categoryOrdinals = new HashMap<>();
        final List<String> categoryNames = new ArrayList<>();
        final java.util.function.ToIntFunction<String> categoryOrdinal = category -> categoryOrdinals.computeIfAbsent(
            category, k ->
            {
                categoryNames.add(k);
                return categoryNames.size() - 1;
            });
        final CategoryPaths.Builder paths = new CategoryPaths.Builder();
        final java.util.function.ToIntFunction<String> prefixOrdinal = paths::addPrefix;
        final List<CompiledAd> compiled = new ArrayList<>();
        final Map<String, List<CompiledAd>> bySlot = new HashMap<>();
        for (final Campaign campaign : campaigns)
        {
            if (!campaign.active())
            {
                continue;
            }
            final int advertiser = advertisers.computeIfAbsent(campaign.advertiserId(), k -> advertisers.size());
            final long salt = Holdout.salt(campaign.id());
            // One control group per campaign: the largest share any of its ads asks for, so a
            // shopper held out of one ad of the campaign is held out of all of them.
            final double holdoutShare = campaign.ads().stream().mapToDouble(Ad::holdoutShare).max().orElse(0);
            for (final Ad ad : campaign.ads())
            {
                final CompiledAd c = compile(
                    campaign, ad, advertiser, salt, holdoutShare, catalog, skuIds, byCode, regionOrdinals, byId.length, dictionary,
                    ledger, maxSkusPerAd, categoryOrdinal, prefixOrdinal, skusByCategory);
                compiled.add(c);
                for (final String slot : new java.util.LinkedHashSet<>(ad.slots()))
                {
                    bySlot.computeIfAbsent(slot, k -> new ArrayList<>()).add(c);
                }
            }
        }
        final Map<String, SlotAds> slots = new HashMap<>();
        bySlot.forEach((slot, list) -> slots.put(slot, new SlotAds(list)));

        final int[][] categoryBoundaries = new int[categoryNames.size()][];
        for (int c = 0; c < categoryBoundaries.length; c++)
        {
            categoryBoundaries[c] = paths.addCategory(categoryNames.get(c));
        }

        final CategoryPaths built = paths.build();
        return new AdIndex(
            slots, List.copyOf(compiled), catalog, byId, byCode, stores.stream().mapToInt(Integer::intValue).toArray(),
            regionOrdinals, regionOfLocation, warehousesByRegion, advertisers.size(), categoryNames.toArray(new String[0]),
            categoryBoundaries, built, complementPaths(catalog, built));
    }

    /**
     * Per sku id, the paths of the product's complement categories that the index numbers, distinct:
     * a complement no path matches has no indexed category under it and is left out.
     */
    private static int[][] complementPaths(final Catalog catalog, final CategoryPaths paths)
    {
        final int[][] bySku = new int[catalog.maxSkuId() + 1][];
        Arrays.fill(bySku, NO_IDS);
        for (final Product product : catalog.products())
        {
            final int[] found = product.complements().stream()
                .mapToInt(paths::findPrefix)
                .filter(path -> path >= 0)
                .distinct()
                .toArray();
            if (found.length > 0)
            {
                bySku[product.skuId()] = found;
            }
        }
        return bySku;
    }

    private static CompiledAd compile(
        final Campaign campaign, final Ad ad, final int advertiser, final long salt, final double holdoutShare,
        final Catalog catalog,
        final IdMap skuIds, final Map<String, Location> byCode, final Map<String, Integer> regionOrdinals,
        final int locationCount, final SegmentDictionary dictionary, final DeliveryLedger ledger, final int maxSkusPerAd,
        final java.util.function.ToIntFunction<String> categoryOrdinal,
        final java.util.function.ToIntFunction<String> prefixOrdinal, final Map<String, int[]> skusByCategory)
    {
        int channelMask = 0;
        if (ad.channels().isEmpty())
        {
            channelMask = (1 << Channel.values().length) - 1;
        }
        for (final Channel channel : ad.channels())
        {
            channelMask |= 1 << channel.ordinal();
        }

        final TargetingExpression segments;
        try
        {
            segments = null == ad.targeting().segments() ?
                TargetingExpression.ALWAYS : TargetingExpression.compile(ad.targeting().segments(), dictionary);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(
                "campaign " + campaign.id() + ", ad " + ad.id() + ": targeting.segments: " + ex.getMessage(), ex);
        }

        int geoKind = CompiledAd.GEO_ANYWHERE;
        long[] storeBits = null;
        long[] regionBits = null;
        if (ad.geo().radiusKm() > 0)
        {
            geoKind = CompiledAd.GEO_RADIUS;
        }
        else if (!ad.geo().stores().isEmpty())
        {
            geoKind = CompiledAd.GEO_STORES;
            storeBits = new long[(locationCount + 63) >>> 6];
            for (final String code : ad.geo().stores())
            {
                final Location store = byCode.get(code);
                if (null != store && store.isStore())
                {
                    storeBits[store.id() >>> 6] |= 1L << store.id();
                }
            }
        }
        else if (!ad.geo().regions().isEmpty())
        {
            geoKind = CompiledAd.GEO_REGIONS;
            regionBits = new long[(regionOrdinals.size() + 63) >>> 6];
            for (final String region : ad.geo().regions())
            {
                final Integer ordinal = regionOrdinals.get(region);
                if (null != ordinal)
                {
                    regionBits[ordinal >>> 6] |= 1L << ordinal;
                }
            }
        }

        final Product[] products = productSet(ad, catalog, skuIds, maxSkusPerAd, skusByCategory);
        final int[] ids = products.length == 0 ? NO_IDS : new int[products.length];
        for (int i = 0; i < products.length; i++)
        {
            ids[i] = products[i].skuId();
        }

        final int loyaltySegmentId = null == ad.creative().loyalty() ?
            -1 : dictionary.intern(ad.creative().loyalty().segment());

        return new CompiledAd(
            ad, campaign, advertiser, ledger.ad(ad.id()), ledger.campaign(campaign.id(), campaign.flight().zone()),
            channelMask, segments, geoKind, storeBits, regionBits, ids, products, primaryCategory(products), salt,
            holdoutShare, loyaltySegmentId, categoryOrdinal, prefixOrdinal);
    }

    private static Product[] productSet(
        final Ad ad, final Catalog catalog, final IdMap skuIds, final int maxSkusPerAd, final Map<String, int[]> skusByCategory)
    {
        final List<Product> products = new ArrayList<>();
        if (null != ad.products().category())
        {
            // One catalog scan per category per build, however many ads advertise it.
            for (final int skuId : skusByCategory.computeIfAbsent(ad.products().category(), catalog::skusUnder))
            {
                products.add(catalog.product(skuId));
            }
        }
        else
        {
            final Map<String, Product> bySku = null == skuIds ? catalogBySku(catalog) : null;
            for (final String sku : ad.products().skus())
            {
                final Product product;
                if (null == skuIds)
                {
                    product = bySku.get(sku);
                }
                else
                {
                    final int id = skuIds.idOf(sku);
                    product = IdMap.MISSING == id ? null : catalog.product(id);
                }
                if (null != product && !products.contains(product))
                {
                    products.add(product);
                }
            }
        }
        if (products.size() > maxSkusPerAd)
        {
            products.sort(Comparator.comparingLong(Product::effectivePriceCents).reversed()
                .thenComparingInt(Product::skuId));
            products.subList(maxSkusPerAd, products.size()).clear();
        }
        products.sort(Comparator.comparing(Product::category).thenComparingInt(Product::skuId));
        return products.toArray(new Product[0]);
    }

    private static Map<String, Product> catalogBySku(final Catalog catalog)
    {
        final Map<String, Product> bySku = new HashMap<>();
        for (final Product product : catalog.products())
        {
            bySku.put(product.sku(), product);
        }
        return bySku;
    }

    private static String primaryCategory(final Product[] products)
    {
        final Map<String, Integer> counts = new HashMap<>();
        String best = "";
        int bestCount = 0;
        for (final Product product : products)
        {
            final int count = counts.merge(product.category(), 1, Integer::sum);
            if (count > bestCount)
            {
                best = product.category();
                bestCount = count;
            }
        }
        return best;
    }

    /**
     * The candidate ads of a slot type on a channel. Allocation-free.
     *
     * @param slot    slot type.
     * @param channel channel.
     * @return the ads, possibly empty; never null.
     */
    public CompiledAd[] candidates(final String slot, final Channel channel)
    {
        final SlotAds ads = null == slot ? null : slots.get(slot);
        return null == ads ? NO_ADS : ads.byChannel[channel.ordinal()];
    }

    /**
     * Every ad of a slot type, on any channel (for debug reasons).
     *
     * @param slot slot type.
     * @return the ads, possibly empty; never null.
     */
    public CompiledAd[] slotAds(final String slot)
    {
        final SlotAds ads = null == slot ? null : slots.get(slot);
        return null == ads ? NO_ADS : ads.all;
    }

    /**
     * @return every indexed ad.
     */
    public List<CompiledAd> ads()
    {
        return ads;
    }

    /**
     * @return the catalog.
     */
    public Catalog catalog()
    {
        return catalog;
    }

    /**
     * @param id dense location id.
     * @return the location, or null.
     */
    public Location location(final int id)
    {
        return id >= 0 && id < locationsById.length ? locationsById[id] : null;
    }

    /**
     * @param code location code.
     * @return the location, or null.
     */
    public Location location(final String code)
    {
        return null == code ? null : locationsByCode.get(code);
    }

    /**
     * @return number of stores with a position.
     */
    public int storeCount()
    {
        return storeIds.length;
    }

    /**
     * @param i store index, 0 .. {@link #storeCount()}.
     * @return the store's location id.
     */
    public int storeId(final int i)
    {
        return storeIds[i];
    }

    /**
     * @param i store index.
     * @return the store's latitude.
     */
    public double storeLat(final int i)
    {
        return storeLat[i];
    }

    /**
     * @param i store index.
     * @return the store's longitude.
     */
    public double storeLon(final int i)
    {
        return storeLon[i];
    }

    /**
     * @param region region code.
     * @return its ordinal, or -1.
     */
    public int regionOrdinal(final String region)
    {
        final Integer ordinal = null == region ? null : regionOrdinals.get(region);
        return null == ordinal ? -1 : ordinal;
    }

    /**
     * @param locationId dense location id.
     * @return the ordinal of the store's region, or -1.
     */
    public int regionOfLocation(final int locationId)
    {
        return locationId >= 0 && locationId < regionOfLocation.length ? regionOfLocation[locationId] : -1;
    }

    /**
     * @param regionOrdinal a region.
     * @return warehouses shipping to it, fastest first; empty for -1.
     */
    public int[] warehousesFor(final int regionOrdinal)
    {
        return regionOrdinal >= 0 && regionOrdinal < warehousesByRegion.length ? warehousesByRegion[regionOrdinal] : NO_IDS;
    }

    /**
     * @return distinct product categories of the indexed ads; ordinals index {@link #category(int)}.
     */
    public int categoryCount()
    {
        return categories.length;
    }

    /**
     * @return the category paths the index numbers: every targeting prefix (the ordinals in
     *         {@link CompiledAd#categoryPrefixOrdinals}) and every boundary prefix of the ads' product categories.
     */
    public CategoryPaths paths()
    {
        return paths;
    }

    /**
     * @param skuId a dense sku id.
     * @return the {@link #paths()} ordinals of the product's complement categories, distinct; empty for a
     *         product without complements the index numbers, or an unknown id; read-only.
     */
    public int[] complementPaths(final int skuId)
    {
        return skuId >= 0 && skuId < complementPaths.length ? complementPaths[skuId] : NO_IDS;
    }

    /**
     * @param ordinal a category ordinal.
     * @return the path ordinals of the category's boundary prefixes, shortest first, {@link CategoryPaths#ROOT}
     *         first (see {@link CategoryPaths.Builder#addCategory}); read-only.
     */
    public int[] categoryBoundaries(final int ordinal)
    {
        return categoryBoundaries[ordinal];
    }

    /**
     * @param ordinal a category ordinal.
     * @return the category path.
     */
    public String category(final int ordinal)
    {
        return categories[ordinal];
    }

    /**
     * @return distinct advertisers with indexed ads.
     */
    public int advertiserCount()
    {
        return advertiserCount;
    }

    public String toString()
    {
        return "AdIndex{ads=" + ads.size() + ", slots=" + slots.keySet() + ", products=" + catalog.size() +
            ", stores=" + storeIds.length + '}';
    }

    private static final class SlotAds
    {
        final CompiledAd[] all;
        final CompiledAd[][] byChannel = new CompiledAd[Channel.values().length][];

        SlotAds(final List<CompiledAd> ads)
        {
            all = ads.toArray(NO_ADS);
            for (final Channel channel : Channel.values())
            {
                final int bit = 1 << channel.ordinal();
                byChannel[channel.ordinal()] = ads.stream().filter(ad -> (ad.channelMask & bit) != 0).toArray(CompiledAd[]::new);
            }
        }
    }
}
