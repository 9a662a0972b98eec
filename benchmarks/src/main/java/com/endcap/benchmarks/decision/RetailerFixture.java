package com.endcap.benchmarks.decision;

import com.endcap.bidder.campaign.Ad;
import com.endcap.bidder.campaign.BidModel;
import com.endcap.bidder.campaign.Campaign;
import com.endcap.bidder.campaign.Channel;
import com.endcap.bidder.campaign.Fulfilment;
import com.endcap.bidder.campaign.Pacing;
import com.endcap.bidder.catalog.Catalog;
import com.endcap.bidder.catalog.Product;
import com.endcap.bidder.decision.DecisionEngine;
import com.endcap.bidder.decision.DecisionPorts;
import com.endcap.bidder.decision.DecisionRequest;
import com.endcap.bidder.decision.DecisionResult;
import com.endcap.bidder.decision.EngineConfig;
import com.endcap.bidder.delivery.DeliveryLedger;
import com.endcap.bidder.index.AdIndex;
import com.endcap.bidder.location.Location;
import com.endcap.bidder.segment.SegmentDictionary;
import com.endcap.bidder.segment.SegmentStore;
import com.endcap.bidder.stock.StockAttributes;
import com.endcap.bidder.stock.StockLevel;
import com.endcap.bidder.stock.StockView;
import com.endcap.inventory.InventoryConfig;
import com.endcap.inventory.InventoryStore;
import com.endcap.inventory.apply.ApplyResult;
import com.endcap.inventory.apply.ChangeBatch;
import com.endcap.inventory.store.AvailabilityIndex;
import org.agrona.IoUtil;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A retailer sized for the decide benchmark, wired the way {@code EndcapServer} wires the engine:
 * {@value #SKUS} products in {@value #LEAF_CATEGORIES} categories, {@value #STORES} stores around
 * one metro and {@value #WAREHOUSES} warehouses, {@value #ADS} ads of which {@value #CANDIDATES}
 * compete for {@link #SLOT} (the others spread over {@value #OTHER_SLOTS} other slot types),
 * {@value #USERS} shoppers with {@value #SEGMENTS_PER_USER} segments each, and the real stock
 * store: a fresh temp data directory opened as the writer, every record written the production
 * way (a {@link ChangeBatch} through the writer's proxy, applied by its agent driven by hand), read
 * through its {@link AvailabilityIndex}. {@link #close()} closes the store and deletes the
 * directory.
 * <p>
 * Ads: half CPM, half CPC; 40% segment-targeted, 1 in 8 page-category-targeted; geo anywhere
 * (40%), a 5 to 30 km radius (30%), regions (15%) or 10 to 50 listed stores (15%); a quarter with
 * a whole category as product set when asked for, else 1 to 20 skus of one category; 1 in 5 with
 * a frequency cap, 1 in 10 with a holdout, 1 in 7 with a loyalty variant; 1 campaign in 10 on an
 * even-paced daily budget.
 * <p>
 * Stock: a store carries a product with probability 0.3 and a warehouse with 0.9 (about 6.3M
 * records); on hand uniform in 0..20, changed within the 20 hours before {@link #NOW_MILLIS}
 * except 3% changed 1 to 3 days before (stale under the default 24 h limit); 5% of records not
 * for pickup.
 * <p>
 * Not thread-safe to build; the engine it returns is safe for any number of deciding threads.
 */
final class RetailerFixture implements AutoCloseable
{
    /** Products. */
    static final int SKUS = 100_000;
    /** Leaf categories ({@value #DEPARTMENTS} departments of 10 aisles), {@value #SKUS} / 200 products each. */
    static final int LEAF_CATEGORIES = 200;
    /** Top-level categories. */
    static final int DEPARTMENTS = 20;
    /** Stores. */
    static final int STORES = 195;
    /** Warehouses. */
    static final int WAREHOUSES = 5;
    /** Ads in the index. */
    static final int ADS = 10_000;
    /** Ads competing for {@link #SLOT} on the web. */
    static final int CANDIDATES = 200;
    /** Other slot types the remaining ads fill. */
    static final int OTHER_SLOTS = 49;
    /** The slot type decided. */
    static final String SLOT = "product_sidebar";
    /** Shoppers with stored segments. */
    static final int USERS = 10_000;
    /** Segments each shopper holds. */
    static final int SEGMENTS_PER_USER = 5;
    /** Distinct segments. */
    static final int SEGMENTS = 100;
    /** The engine's clock: 2026-11-25T12:00:00Z. */
    static final long NOW_MILLIS = 1_795_608_000_000L;

    private static final double METRO_LAT = 40.7411;
    private static final double METRO_LON = -73.9897;
    private static final int BATCH = 8192;
    private static final String[][] WAREHOUSE_REGIONS = {
        {"NY", "NJ"}, {"NY", "CT"}, {"NJ", "PA"}, {"CT", "MA"}, {"NY", "NJ", "CT", "PA"}};

    private final Path dataDir;
    private final InventoryStore store;
    private final List<Product> products = new ArrayList<>(SKUS);
    private final List<Location> locations = new ArrayList<>();
    private final List<Campaign> campaigns = new ArrayList<>();
    private final SegmentDictionary dictionary = new SegmentDictionary();
    private final SegmentStore segments = new SegmentStore(dictionary, USERS + 1);
    private final DeliveryLedger ledger = new DeliveryLedger();
    private final boolean categorySets;
    private final DecisionEngine engine;
    private long stockRecords;
    private long populateNanos;

    private RetailerFixture(final long seed, final boolean categorySets)
    {
        this.categorySets = categorySets;
        final SplittableRandom random = new SplittableRandom(seed);
        try
        {
            dataDir = Files.createTempDirectory("endcap-decide-bench-");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create a temp data directory", ex);
        }
        store = InventoryStore.openWriter(
            InventoryConfig.defaults(dataDir).withMaxEntries(7_000_000).withWriterThread(false));
        catalog(random);
        locations(random);
        final long start = System.nanoTime();
        stock(random);
        populateNanos = System.nanoTime() - start;
        shoppers(random);
        campaigns(random);
        final AdIndex index = AdIndex.build(
            campaigns, new Catalog(products), store.skus(), locations, dictionary, ledger, AdIndex.DEFAULT_MAX_SKUS_PER_AD);
        if (index.candidates(SLOT, Channel.WEB).length != CANDIDATES)
        {
            throw new IllegalStateException("expected " + CANDIDATES + " candidates for " + SLOT + ", index has " +
                index.candidates(SLOT, Channel.WEB).length);
        }
        frequencyHistory(random, index);
        engine = new DecisionEngine(EngineConfig.DEFAULTS, new DecisionPorts(
            store.stockView(), segments, dictionary, store.skus(), ledger.frequency(), store.sellThroughView(),
            store.storePriceView()), () -> NOW_MILLIS, index);
    }

    /**
     * Builds the retailer and fills its stock store.
     *
     * @param seed         seed of every random choice.
     * @param categorySets true for a quarter of the ads to advertise a whole category (500
     *                     products, narrowed by the index to the 256 highest priced); false for
     *                     every ad to list 1 to 20 skus.
     * @return the fixture.
     */
    static RetailerFixture build(final long seed, final boolean categorySets)
    {
        return new RetailerFixture(seed, categorySets);
    }

    /**
     * @return the engine, wired to the store, segments and delivery ledger.
     */
    DecisionEngine engine()
    {
        return engine;
    }

    /**
     * Requests of different shoppers, stores, positions and pages: one placement of {@link #SLOT}
     * wanting {@code count} ads; 60% at a chosen store with the shopper's position near it, 30%
     * with a position only, 10% with a region only; 90% with a known shopper.
     *
     * @param howMany requests.
     * @param count   ads per placement.
     * @param seed    seed.
     * @return the requests.
     */
    DecisionRequest[] requests(final int howMany, final int count, final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final DecisionRequest[] requests = new DecisionRequest[howMany];
        for (int i = 0; i < howMany; i++)
        {
            final DecisionRequest request = new DecisionRequest();
            request.addPlacement("pdp-sidebar", SLOT, count);
            request.channel(Channel.WEB).pageType("product");
            if (random.nextInt(10) > 0)
            {
                request.userKey(userKey(random.nextInt(USERS)));
            }
            request.addSegment(segment(random.nextInt(SEGMENTS)));
            final int where = random.nextInt(10);
            if (where < 6)
            {
                final Location at = locations.get(random.nextInt(STORES));
                request.storeId(at.code()).geo(at.lat() + (random.nextDouble() - 0.5) * 0.05, at.lon() + (random.nextDouble() - 0.5) * 0.05);
            }
            else if (where < 9)
            {
                request.geo(METRO_LAT + (random.nextDouble() - 0.5) * 0.7, METRO_LON + (random.nextDouble() - 0.5) * 0.8);
            }
            else
            {
                request.region(random.nextBoolean() ? "NY" : "NJ");
            }
            final Product viewed = products.get(random.nextInt(SKUS));
            request.category(viewed.category());
            for (int c = random.nextInt(3); c > 0; c--)
            {
                request.addCartSku(products.get(random.nextInt(SKUS)).sku());
            }
            requests[i] = request;
        }
        return requests;
    }

    /**
     * Prints the fixture's shape and what the requests decide, as {@code # endcap-decide} lines.
     *
     * @param out      where to print.
     * @param requests the requests.
     */
    void printSummary(final PrintStream out, final DecisionRequest[] requests)
    {
        final CountingStockView counting = new CountingStockView(engine.ports().stock());
        final DecisionPorts ports = engine.ports();
        final DecisionEngine counted = new DecisionEngine(engine.config(), new DecisionPorts(
            counting, ports.segments(), ports.dictionary(), ports.skuIds(), ports.frequency(), ports.sellThrough(),
            ports.prices()), () -> NOW_MILLIS, engine.index());
        final DecisionResult result = new DecisionResult();
        long winners = 0;
        long filled = 0;
        long pickup = 0;
        long heldOut = 0;
        for (final DecisionRequest request : requests)
        {
            counted.decide(request, result);
            winners += result.winnerCount(0);
            filled += result.winnerCount(0) > 0 ? 1 : 0;
            heldOut += result.heldOutCount();
            for (int k = 0; k < result.winnerCount(0); k++)
            {
                pickup += result.winner(0, k).mode() == Fulfilment.PICKUP ? 1 : 0;
            }
        }
        out.printf("# endcap-decide skus=%d locations=%d (stores=%d warehouses=%d) stock records=%d populate=%.1fs%n",
            SKUS, locations.size(), STORES, WAREHOUSES, stockRecords, populateNanos / 1e9);
        out.printf("# endcap-decide ads=%d candidates for %s on web=%d users=%d segments/user=%d%n",
            engine.index().ads().size(), SLOT, engine.index().candidates(SLOT, Channel.WEB).length, USERS, SEGMENTS_PER_USER);
        out.printf("# endcap-decide over %d requests: filled=%.1f%% winners/request=%.2f pickup share=%.1f%% held out/request=%.2f%n",
            requests.length, 100.0 * filled / requests.length, (double)winners / requests.length,
            winners == 0 ? 0.0 : 100.0 * pickup / winners, (double)heldOut / requests.length);
        out.printf("# endcap-decide stock reads/request: filterAvailable calls=%.2f skus probed=%.1f full reads=%.2f " +
            "(category product sets: %s)%n", (double)counting.filters / requests.length,
            (double)counting.probed / requests.length, (double)counting.reads / requests.length, categorySets);
    }

    /** Counts the engine's stock reads, for the summary only (the benchmark reads the store directly). */
    private static final class CountingStockView implements StockView
    {
        private final StockView delegate;
        long filters;
        long probed;
        long reads;

        CountingStockView(final StockView delegate)
        {
            this.delegate = delegate;
        }

        public int available(final int skuId, final int locationId)
        {
            return delegate.available(skuId, locationId);
        }

        public boolean read(final int skuId, final int locationId, final StockLevel into)
        {
            reads++;
            return delegate.read(skuId, locationId, into);
        }

        public int filterAvailable(
            final int locationId, final int[] skuIds, final int count, final int minUnits,
            final long freshSinceEpochSecond, final int[] outPositions)
        {
            filters++;
            probed += count;
            return delegate.filterAvailable(locationId, skuIds, count, minUnits, freshSinceEpochSecond, outPositions);
        }
    }

    public void close()
    {
        try
        {
            store.close();
        }
        finally
        {
            IoUtil.delete(dataDir.toFile(), true);
        }
    }

    private void catalog(final SplittableRandom random)
    {
        for (int i = 0; i < SKUS; i++)
        {
            final String sku = sku(i);
            final int id = store.skus().intern(sku);
            if (id != i)
            {
                throw new IllegalStateException("sku " + sku + " interned as " + id);
            }
            final int leaf = i / (SKUS / LEAF_CATEGORIES);
            final long price = 199 + random.nextInt(19_800);
            final long sale = random.nextInt(5) == 0 ? price * (70 + random.nextInt(25)) / 100 : Product.NO_PRICE;
            products.add(new Product(id, sku, null, "Product " + sku, price, sale, "USD", category(leaf), null, null,
                List.of(department(random.nextInt(DEPARTMENTS)))));
        }
    }

    private void locations(final SplittableRandom random)
    {
        for (int s = 0; s < STORES; s++)
        {
            final double lat = METRO_LAT + (random.nextDouble() - 0.5) * 0.8;
            final double lon = METRO_LON + (random.nextDouble() - 0.5) * 1.0;
            final String region = lat > 41.0 ? "CT" : lon < -74.05 ? "NJ" : "NY";
            locations.add(Location.store(s, String.format("S%03d", s), "Store " + s, lat, lon, "America/New_York", region));
        }
        for (int w = 0; w < WAREHOUSES; w++)
        {
            locations.add(Location.warehouse(STORES + w, "DC-" + w, "Warehouse " + w, List.of(WAREHOUSE_REGIONS[w]), 1 + w % 3));
        }
    }

    private void stock(final SplittableRandom random)
    {
        final int sourceId = store.sources().intern("bench-feed");
        final long nowSecond = NOW_MILLIS / 1000;
        final ChangeBatch batch = new ChangeBatch();
        for (int sku = 0; sku < SKUS; sku++)
        {
            for (int location = 0; location < STORES + WAREHOUSES; location++)
            {
                if (random.nextInt(100) >= (location < STORES ? 30 : 90))
                {
                    continue;
                }
                final long ageSeconds = random.nextInt(100) < 3 ?
                    TimeUnit.DAYS.toSeconds(1) + random.nextInt(2 * 86_400) : random.nextInt(20 * 3600);
                final int attributes = StockAttributes.pack(
                    random.nextInt(20) == 0, random.nextInt(20) == 0, random.nextInt(3), random.nextInt(3));
                batch.addAbsolute(0, sku, location, sourceId, 1, (nowSecond - ageSeconds) * 1000, random.nextInt(21),
                    ChangeBatch.ABSENT, ChangeBatch.ABSENT).withAttributes(attributes);
                if (batch.size() == BATCH)
                {
                    apply(batch);
                }
            }
        }
        if (batch.size() > 0)
        {
            apply(batch);
        }
    }

    private void apply(final ChangeBatch batch)
    {
        final CompletableFuture<ApplyResult> pending = store.proxy().submit(batch);
        while (!pending.isDone())
        {
            store.writerAgent().doWork();
        }
        final ApplyResult result = pending.join();
        if (result.applied() != batch.size())
        {
            throw new IllegalStateException("stock batch of " + batch.size() + " applied as " + result);
        }
        stockRecords += batch.size();
        batch.clear();
    }

    private void shoppers(final SplittableRandom random)
    {
        final long nowSecond = NOW_MILLIS / 1000;
        for (int u = 0; u < USERS; u++)
        {
            final List<String> held = new ArrayList<>(SEGMENTS_PER_USER);
            while (held.size() < SEGMENTS_PER_USER)
            {
                final String segment = segment(random.nextInt(SEGMENTS));
                if (!held.contains(segment))
                {
                    held.add(segment);
                }
            }
            if (segments.put(userKey(u), held, 30 * 86_400, nowSecond) != SEGMENTS_PER_USER)
            {
                throw new IllegalStateException("segments of " + userKey(u) + " not stored");
            }
        }
    }

    private void campaigns(final SplittableRandom random)
    {
        final Campaign.Flight flight = new Campaign.Flight(
            Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"), ZoneId.of("America/New_York"));
        int adNumber = 0;
        int campaignNumber = 0;
        for (int slot = 0; slot <= OTHER_SLOTS; slot++)
        {
            final String slotName = 0 == slot ? SLOT : "slot-" + slot;
            for (int a = 0; a < ADS / (OTHER_SLOTS + 1); a += 2)
            {
                final String id = "cmp-" + campaignNumber++;
                final boolean paced = random.nextInt(10) == 0;
                final List<Ad> ads = List.of(
                    ad(random, "ad-" + adNumber++, slotName), ad(random, "ad-" + adNumber++, slotName));
                campaigns.add(new Campaign(id, "adv-" + random.nextInt(slot == 0 ? 60 : 500), id, true,
                    paced ? new Campaign.Budget(10_000, 200 + random.nextInt(800), "USD") : Campaign.Budget.unlimited(),
                    flight, paced ? Pacing.EVEN : Pacing.ASAP, random.nextInt(3), ads));
                if (paced)
                {
                    ledger.campaign(id, flight.zone()).recordSpend(random.nextInt(100_000_000), NOW_MILLIS / 1000 - 3600);
                }
            }
        }
    }

    private Ad ad(final SplittableRandom random, final String id, final String slot)
    {
        final String segmentExpression;
        switch (random.nextInt(10))
        {
            case 0:
            case 1:
                segmentExpression = segment(random.nextInt(SEGMENTS)) + " OR " + segment(random.nextInt(SEGMENTS));
                break;
            case 2:
                segmentExpression = segment(random.nextInt(SEGMENTS)) + " AND NOT " + segment(random.nextInt(SEGMENTS));
                break;
            case 3:
                segmentExpression = "NOT " + segment(random.nextInt(SEGMENTS));
                break;
            default:
                segmentExpression = null;
                break;
        }
        final List<String> categories = random.nextInt(8) == 0 ?
            List.of(department(random.nextInt(DEPARTMENTS))) : List.of();
        final Ad.GeoScope geo;
        final int geoKind = random.nextInt(20);
        if (geoKind < 8)
        {
            geo = Ad.GeoScope.ANYWHERE;
        }
        else if (geoKind < 14)
        {
            geo = Ad.GeoScope.radius(5 + random.nextInt(26));
        }
        else if (geoKind < 17)
        {
            geo = new Ad.GeoScope(0, List.of(), random.nextBoolean() ? List.of("NY") : List.of("NJ", "CT"));
        }
        else
        {
            final List<String> stores = new ArrayList<>();
            for (int i = 10 + random.nextInt(40); i > 0; i--)
            {
                stores.add(locations.get(random.nextInt(STORES)).code());
            }
            geo = new Ad.GeoScope(0, stores, List.of());
        }
        final Ad.ProductSet productSet;
        if (random.nextInt(4) == 0 && categorySets)
        {
            productSet = Ad.ProductSet.category(category(random.nextInt(LEAF_CATEGORIES)));
        }
        else
        {
            final int leaf = random.nextInt(LEAF_CATEGORIES);
            final int perLeaf = SKUS / LEAF_CATEGORIES;
            final List<String> skus = new ArrayList<>();
            for (int i = 1 + random.nextInt(20); i > 0; i--)
            {
                skus.add(sku(leaf * perLeaf + random.nextInt(perLeaf)));
            }
            productSet = new Ad.ProductSet(skus, null);
        }
        final int fulfilment = random.nextInt(20);
        final Ad.Bid bid = random.nextBoolean() ?
            new Ad.Bid(BidModel.CPM, 1 + random.nextInt(1_900) / 100.0) : new Ad.Bid(BidModel.CPC, 0.1 + random.nextInt(190) / 100.0);
        final Ad.Creative creative = random.nextInt(7) == 0 ?
            new Ad.Creative("product_card", "Near you", null, new Ad.LoyaltyVariant(segment(random.nextInt(10)), 10, "Members save")) :
            Ad.Creative.DEFAULT;
        return new Ad(id, List.of(slot), EnumSet.noneOf(Channel.class),
            new Ad.Targeting(segmentExpression, List.of(), categories, List.of()), geo, productSet,
            fulfilment < 10 ? Fulfilment.ANY : fulfilment < 17 ? Fulfilment.PICKUP : Fulfilment.SHIP, 1 + random.nextInt(5), bid,
            random.nextInt(5) == 0 ? new Ad.FrequencyCap(1 + random.nextInt(3), 86_400) : null,
            random.nextInt(10) == 0 ? 0.05 + random.nextInt(16) / 100.0 : 0,
            creative, 0.005 + random.nextInt(25) / 1000.0, false);
    }

    private void frequencyHistory(final SplittableRandom random, final AdIndex index)
    {
        final long nowSecond = NOW_MILLIS / 1000;
        final var candidates = index.candidates(SLOT, Channel.WEB);
        for (int u = 0; u < USERS; u++)
        {
            for (int i = random.nextInt(4); i > 0; i--)
            {
                ledger.frequency().record(
                    userKey(u), candidates[random.nextInt(candidates.length)].adDelivery.serial(), nowSecond - random.nextInt(86_400));
            }
        }
    }

    private static String sku(final int i)
    {
        return Integer.toString(1_000_000 + i);
    }

    private static String category(final int leaf)
    {
        return department(leaf / (LEAF_CATEGORIES / DEPARTMENTS)) + "/aisle-" + leaf % (LEAF_CATEGORIES / DEPARTMENTS);
    }

    private static String department(final int department)
    {
        return "dept-" + department;
    }

    private static String segment(final int i)
    {
        return "seg-" + i;
    }

    private static String userKey(final int i)
    {
        return "u-" + i;
    }
}
