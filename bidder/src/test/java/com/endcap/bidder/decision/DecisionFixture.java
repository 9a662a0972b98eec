package com.endcap.bidder.decision;

import com.endcap.bidder.campaign.Ad;
import com.endcap.bidder.campaign.BidModel;
import com.endcap.bidder.campaign.Campaign;
import com.endcap.bidder.campaign.Channel;
import com.endcap.bidder.campaign.Fulfilment;
import com.endcap.bidder.campaign.Pacing;
import com.endcap.bidder.catalog.Catalog;
import com.endcap.bidder.catalog.Product;
import com.endcap.bidder.delivery.DeliveryLedger;
import com.endcap.bidder.ids.IdMap;
import com.endcap.bidder.index.AdIndex;
import com.endcap.bidder.location.Location;
import com.endcap.bidder.segment.SegmentDictionary;
import com.endcap.bidder.segment.SegmentStore;
import com.endcap.bidder.stock.InMemoryStockView;
import com.endcap.bidder.stock.SellThroughView;
import com.endcap.bidder.stock.StorePriceView;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small retailer for decision tests: stores and warehouses with positions, a catalog, in-memory
 * stock, segments, a fake clock, and builders for campaigns and ads. Build the engine with
 * {@link #engine()} after adding campaigns; {@link #rebuild()} republishes after changes.
 */
public final class DecisionFixture
{
    /** The fixture's "now": 2026-11-25T12:00:00Z. */
    public static final long NOW_MILLIS = Instant.parse("2026-11-25T12:00:00Z").toEpochMilli();
    /** Now in epoch seconds. */
    public static final long NOW = NOW_MILLIS / 1000;

    /** Main St, the shopper's usual store (id 0), Manhattan. */
    public static final Location MAIN_ST = Location.store(0, "S001", "Main St", 40.7411, -73.9897, "America/New_York", "NY");
    /** Oak Ave, about 2.4 km from Main St (id 1). */
    public static final Location OAK_AVE = Location.store(1, "S002", "Oak Ave", 40.7590, -73.9845, "America/New_York", "NY");
    /** Hoboken, New Jersey, about 4 km west (id 2). */
    public static final Location HOBOKEN = Location.store(2, "S003", "Hoboken", 40.7440, -74.0324, "America/New_York", "NJ");
    /** A store far away in Boston (id 3). */
    public static final Location BOSTON = Location.store(3, "S004", "Boylston", 42.3493, -71.0786, "America/New_York", "MA");
    /** East warehouse shipping to NY and NJ in 2 days (id 4). */
    public static final Location DC_EAST = Location.warehouse(4, "DC-EAST", "East DC", List.of("NY", "NJ"), 2);

    private final SimpleIdMap skuIds = new SimpleIdMap();
    private final Map<String, Product> products = new LinkedHashMap<>();
    private final List<Location> locations = new ArrayList<>(List.of(MAIN_ST, OAK_AVE, HOBOKEN, BOSTON, DC_EAST));
    private final Map<String, Campaign> campaigns = new LinkedHashMap<>();
    private final SegmentDictionary dictionary = new SegmentDictionary();
    private final SegmentStore segmentStore = new SegmentStore(dictionary, 1000);
    private final DeliveryLedger ledger = new DeliveryLedger();
    private final Map<Long, Double> sellThrough = new ConcurrentHashMap<>();
    private final Map<Long, long[]> storePrices = new HashMap<>();
    /** Stock, editable by tests. */
    public final InMemoryStockView stock = new InMemoryStockView();
    /** Milliseconds the engine's clock reads; tests may move it. */
    public long nowMillis = NOW_MILLIS;
    private EngineConfig config = EngineConfig.DEFAULTS;
    private DecisionEngine engine;

    /**
     * Adds a product.
     *
     * @param sku        retailer id.
     * @param category   category path.
     * @param priceCents price.
     * @param complements complement categories.
     * @return its dense id.
     */
    public int product(final String sku, final String category, final long priceCents, final String... complements)
    {
        final int id = skuIds.intern(sku);
        products.put(sku, new Product(id, sku, null, "Product " + sku, priceCents, Product.NO_PRICE, "USD", category,
            "/img/" + sku + ".svg", "/p/" + sku, List.of(complements)));
        return id;
    }

    /**
     * @param sku retailer id.
     * @return its dense id.
     */
    public int skuId(final String sku)
    {
        return skuIds.idOf(sku);
    }

    /**
     * Sets fresh stock: on hand = units, nothing reserved, changed now.
     *
     * @param sku      retailer id.
     * @param location where.
     * @param units    ATP.
     */
    public void stock(final String sku, final Location location, final int units)
    {
        stock(sku, location, units, 0);
    }

    /**
     * Sets fresh stock with attribute bits.
     *
     * @param sku        retailer id.
     * @param location   where.
     * @param units      ATP.
     * @param attributes {@link com.endcap.bidder.stock.StockAttributes} bits.
     */
    public void stock(final String sku, final Location location, final int units, final int attributes)
    {
        stock.put(skuIds.idOf(sku), location.id(), units, 0, 0, attributes, nowMillis / 1000);
    }

    /**
     * Sets stock last changed at a given second.
     *
     * @param sku         retailer id.
     * @param location    where.
     * @param units       ATP.
     * @param epochSecond time of the change.
     */
    public void stockAt(final String sku, final Location location, final int units, final long epochSecond)
    {
        stock.put(skuIds.idOf(sku), location.id(), units, 0, 0, 0, epochSecond);
    }

    /**
     * @param sku      retailer id.
     * @param location where.
     * @param perHour  units sold per hour lately.
     */
    public void sellThrough(final String sku, final Location location, final double perHour)
    {
        sellThrough.put(key(skuIds.idOf(sku), location.id()), perHour);
    }

    /**
     * @param sku        retailer id.
     * @param location   where.
     * @param priceCents the location's price.
     * @param saleCents  its sale price, or -1.
     */
    public void storePrice(final String sku, final Location location, final long priceCents, final long saleCents)
    {
        storePrices.put(key(skuIds.idOf(sku), location.id()), new long[] {priceCents, saleCents});
    }

    /**
     * @param location an extra location.
     */
    public void location(final Location location)
    {
        locations.add(location);
    }

    /**
     * Stores segments for a shopper (TTL one day).
     *
     * @param userKey  shopper.
     * @param segments names.
     */
    public void segments(final String userKey, final String... segments)
    {
        segmentStore.put(userKey, List.of(segments), 86_400, nowMillis / 1000);
    }

    /**
     * @param config engine settings to use from the next {@link #engine()}.
     */
    public void config(final EngineConfig config)
    {
        this.config = config;
        this.engine = null;
    }

    /**
     * Adds or replaces a campaign.
     *
     * @param campaign the campaign.
     */
    public void campaign(final Campaign campaign)
    {
        campaigns.put(campaign.id(), campaign);
        if (null != engine)
        {
            rebuild();
        }
    }

    /**
     * @param id campaign id to remove.
     */
    public void removeCampaign(final String id)
    {
        campaigns.remove(id);
        if (null != engine)
        {
            rebuild();
        }
    }

    /**
     * @return the engine, built on first use.
     */
    public DecisionEngine engine()
    {
        if (null == engine)
        {
            final DecisionPorts ports = new DecisionPorts(
                stock, segmentStore, dictionary, skuIds, ledger.frequency(),
                (SellThroughView)(skuId, locationId) -> sellThrough.getOrDefault(key(skuId, locationId), 0.0),
                (StorePriceView)(skuId, locationId, into) ->
                {
                    final long[] price = storePrices.get(key(skuId, locationId));
                    if (null == price)
                    {
                        return false;
                    }
                    into[0] = price[0];
                    into[1] = price[1];
                    return true;
                });
            engine = new DecisionEngine(config, ports, () -> nowMillis, index());
        }
        return engine;
    }

    /**
     * Rebuilds the index from the current campaigns, catalog and locations, and publishes it.
     */
    public void rebuild()
    {
        engine().publish(index());
    }

    private AdIndex index()
    {
        return AdIndex.build(campaigns.values(), new Catalog(products.values()), skuIds, locations, dictionary, ledger,
            AdIndex.DEFAULT_MAX_SKUS_PER_AD);
    }

    /**
     * @return the delivery ledger.
     */
    public DeliveryLedger ledger()
    {
        return ledger;
    }

    /**
     * @return the segment dictionary.
     */
    public SegmentDictionary dictionary()
    {
        return dictionary;
    }

    /**
     * Decides a request.
     *
     * @param request the request.
     * @return a fresh result.
     */
    public DecisionResult decide(final DecisionRequest request)
    {
        final DecisionResult result = new DecisionResult();
        engine().decide(request, result);
        return result;
    }

    /**
     * A request for one placement on the web at the shopper's store (Main St).
     *
     * @param slot  slot type.
     * @param count ads wanted.
     * @return the request.
     */
    public static DecisionRequest requestAtMainSt(final String slot, final int count)
    {
        final DecisionRequest request = new DecisionRequest();
        request.addPlacement("p1", slot, count);
        request.storeId(MAIN_ST.code());
        return request;
    }

    /**
     * @param id campaign id.
     * @return a campaign builder with an always-on flight and no budget limits.
     */
    public static CampaignBuilder campaign(final String id)
    {
        return new CampaignBuilder(id);
    }

    /**
     * @param id ad id.
     * @return an ad builder: slot {@code product_sidebar}, pickup, min 1 unit, CPM 5.
     */
    public static AdBuilder ad(final String id)
    {
        return new AdBuilder(id);
    }

    private static long key(final int skuId, final int locationId)
    {
        return ((long)skuId << 32) | (locationId & 0xFFFF_FFFFL);
    }

    /** Campaign builder. */
    public static final class CampaignBuilder
    {
        private final String id;
        private String advertiserId;
        private boolean active = true;
        private Campaign.Budget budget = Campaign.Budget.unlimited();
        private Campaign.Flight flight = Campaign.Flight.always();
        private Pacing pacing = Pacing.ASAP;
        private int priority;
        private final List<Ad> ads = new ArrayList<>();

        CampaignBuilder(final String id)
        {
            this.id = id;
            this.advertiserId = "adv-" + id;
        }

        /**
         * @param advertiserId advertiser.
         * @return this.
         */
        public CampaignBuilder advertiser(final String advertiserId)
        {
            this.advertiserId = advertiserId;
            return this;
        }

        /**
         * @param active false for paused.
         * @return this.
         */
        public CampaignBuilder active(final boolean active)
        {
            this.active = active;
            return this;
        }

        /**
         * @param total total budget.
         * @param daily daily budget.
         * @return this.
         */
        public CampaignBuilder budget(final double total, final double daily)
        {
            this.budget = new Campaign.Budget(total, daily, "USD");
            return this;
        }

        /**
         * @param start flight start.
         * @param end   flight end.
         * @param zone  zone.
         * @return this.
         */
        public CampaignBuilder flight(final String start, final String end, final String zone)
        {
            this.flight = new Campaign.Flight(Instant.parse(start), Instant.parse(end), ZoneId.of(zone));
            return this;
        }

        /**
         * @param pacing pacing.
         * @return this.
         */
        public CampaignBuilder pacing(final Pacing pacing)
        {
            this.pacing = pacing;
            return this;
        }

        /**
         * @param priority priority.
         * @return this.
         */
        public CampaignBuilder priority(final int priority)
        {
            this.priority = priority;
            return this;
        }

        /**
         * @param ad an ad.
         * @return this.
         */
        public CampaignBuilder ad(final AdBuilder ad)
        {
            ads.add(ad.build());
            return this;
        }

        /**
         * @return the campaign.
         */
        public Campaign build()
        {
            return new Campaign(id, advertiserId, id, active, budget, flight, pacing, priority, ads);
        }
    }

    /** Ad builder. */
    public static final class AdBuilder
    {
        private final String id;
        private List<String> slots = List.of("product_sidebar");
        private Set<Channel> channels = Set.of();
        private Ad.Targeting targeting = Ad.Targeting.NONE;
        private Ad.GeoScope geo = Ad.GeoScope.ANYWHERE;
        private Ad.ProductSet products;
        private Fulfilment fulfilment = Fulfilment.PICKUP;
        private int minUnits = 1;
        private Ad.Bid bid = new Ad.Bid(BidModel.CPM, 5.0);
        private Ad.FrequencyCap cap;
        private double holdoutShare;
        private Ad.Creative creative = Ad.Creative.DEFAULT;
        private double ctrPrior = Ad.DEFAULT_CTR_PRIOR;
        private boolean hideUnits;

        AdBuilder(final String id)
        {
            this.id = id;
        }

        /**
         * @param slots slot types.
         * @return this.
         */
        public AdBuilder slots(final String... slots)
        {
            this.slots = List.of(slots);
            return this;
        }

        /**
         * @param channels channels.
         * @return this.
         */
        public AdBuilder channels(final Channel... channels)
        {
            this.channels = Set.of(channels);
            return this;
        }

        /**
         * @param segments   expression or null.
         * @param pageTypes  page types.
         * @param categories category prefixes.
         * @param keywords   keywords.
         * @return this.
         */
        public AdBuilder targeting(
            final String segments, final List<String> pageTypes, final List<String> categories, final List<String> keywords)
        {
            this.targeting = new Ad.Targeting(segments, pageTypes, categories, keywords);
            return this;
        }

        /**
         * @param segments segment expression.
         * @return this.
         */
        public AdBuilder segments(final String segments)
        {
            return targeting(segments, List.of(), List.of(), List.of());
        }

        /**
         * @param geo geo scope.
         * @return this.
         */
        public AdBuilder geo(final Ad.GeoScope geo)
        {
            this.geo = geo;
            return this;
        }

        /**
         * @param skus explicit skus.
         * @return this.
         */
        public AdBuilder skus(final String... skus)
        {
            this.products = Ad.ProductSet.of(skus);
            return this;
        }

        /**
         * @param category a category product set.
         * @return this.
         */
        public AdBuilder category(final String category)
        {
            this.products = Ad.ProductSet.category(category);
            return this;
        }

        /**
         * @param fulfilment mode.
         * @return this.
         */
        public AdBuilder fulfilment(final Fulfilment fulfilment)
        {
            this.fulfilment = fulfilment;
            return this;
        }

        /**
         * @param minUnits minimum ATP.
         * @return this.
         */
        public AdBuilder minUnits(final int minUnits)
        {
            this.minUnits = minUnits;
            return this;
        }

        /**
         * @param model  bid model.
         * @param amount amount.
         * @return this.
         */
        public AdBuilder bid(final BidModel model, final double amount)
        {
            this.bid = new Ad.Bid(model, amount);
            return this;
        }

        /**
         * @param count         impressions.
         * @param windowSeconds window.
         * @return this.
         */
        public AdBuilder cap(final int count, final long windowSeconds)
        {
            this.cap = new Ad.FrequencyCap(count, windowSeconds);
            return this;
        }

        /**
         * @param share holdout share.
         * @return this.
         */
        public AdBuilder holdout(final double share)
        {
            this.holdoutShare = share;
            return this;
        }

        /**
         * @param creative creative.
         * @return this.
         */
        public AdBuilder creative(final Ad.Creative creative)
        {
            this.creative = creative;
            return this;
        }

        /**
         * @param prior prior click rate.
         * @return this.
         */
        public AdBuilder ctrPrior(final double prior)
        {
            this.ctrPrior = prior;
            return this;
        }

        /**
         * @param hide true to hide unit counts.
         * @return this.
         */
        public AdBuilder hideUnits(final boolean hide)
        {
            this.hideUnits = hide;
            return this;
        }

        /**
         * @return the ad.
         */
        public Ad build()
        {
            return new Ad(id, slots, channels, targeting, geo, products, fulfilment, minUnits, bid, cap, holdoutShare,
                creative, ctrPrior, hideUnits);
        }
    }

    /** A thread-safe id map for skus, as the stock store's dictionary would be. */
    public static final class SimpleIdMap implements IdMap
    {
        private final Map<String, Integer> ids = new ConcurrentHashMap<>();
        private final List<String> names = new ArrayList<>();

        public synchronized int intern(final String name)
        {
            return ids.computeIfAbsent(name, n ->
            {
                names.add(n);
                return names.size() - 1;
            });
        }

        public int idOf(final String name)
        {
            final Integer id = ids.get(name);
            return null == id ? MISSING : id;
        }

        public synchronized String nameOf(final int id)
        {
            return id >= 0 && id < names.size() ? names.get(id) : null;
        }
    }
}
