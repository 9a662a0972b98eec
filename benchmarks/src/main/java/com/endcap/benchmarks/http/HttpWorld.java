package com.endcap.benchmarks.http;

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
import com.endcap.inventory.InventoryConfig;
import com.endcap.inventory.InventoryStore;
import com.endcap.inventory.apply.ApplyResult;
import com.endcap.inventory.apply.ChangeBatch;
import com.endcap.server.admin.InvalidInputException;
import com.endcap.server.events.EventTokens;
import com.endcap.server.http.Responses;
import com.endcap.server.json.DecisionRequestDecoder;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import org.agrona.IoUtil;

import java.io.ByteArrayOutputStream;
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
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A retailer behind {@code POST /v1/decisions}, wired the way {@code EndcapServer} wires the
 * engine (the real stock store opened as the writer in a fresh temp directory, read through its
 * {@code AvailabilityIndex}; a {@link SegmentStore}; the delivery ledger's frequency store), and
 * the request bodies a retailer's web front sends it.
 * <p>
 * Every request asks for two placements on a product page: {@value #SIDEBAR_COUNT} ads of
 * {@value #SIDEBAR_SLOT} and {@value #CARD_COUNT} of {@value #CARD_SLOT}. Each of these slots has
 * {@link Size#adsPerSlot} candidate ads on the web; {@link Size#otherAds} more fill
 * {@value #OTHER_SLOTS} other slot types. Ads are distributed as in the decide benchmark's
 * {@code RetailerFixture} (half CPM, half CPC; 40% segment-targeted; geo anywhere, radius, regions
 * or listed stores; 1 to 20 skus of one category; some frequency caps, holdouts, loyalty variants
 * and paced budgets). Products carry image and product URLs, so responses are full-sized.
 * <p>
 * Names are deterministic functions of indices ({@link #sku}, {@link #userKey}, {@link #segment},
 * {@link #category}), so {@link #bodies} needs no store and the decode benchmark builds none.
 * <p>
 * Not thread-safe to build; the engine is safe for any number of deciding threads.
 * {@link #close()} closes the store and deletes its directory.
 */
final class HttpWorld implements AutoCloseable
{
    /** The first placement's slot type. */
    static final String SIDEBAR_SLOT = "product_sidebar";
    /** The first placement's id. */
    static final String SIDEBAR_ID = "pdp-sidebar";
    /** Ads the first placement wants. */
    static final int SIDEBAR_COUNT = 3;
    /** The second placement's slot type. */
    static final String CARD_SLOT = "product_card";
    /** The second placement's id. */
    static final String CARD_ID = "pdp-cards";
    /** Ads the second placement wants. */
    static final int CARD_COUNT = 2;
    /** Slot types beyond the two requested, filled by {@link Size#otherAds}. */
    static final int OTHER_SLOTS = 8;
    /** Products per leaf category. */
    static final int PRODUCTS_PER_LEAF = 100;
    /** Leaf categories per department. */
    static final int LEAVES_PER_DEPARTMENT = 10;
    /** Distinct segments. */
    static final int SEGMENTS = 100;
    /** Segments each stored shopper holds. */
    static final int SEGMENTS_PER_USER = 5;
    /** The engine's clock: 2026-11-25T12:00:00Z. */
    static final long NOW_MILLIS = 1_795_608_000_000L;
    /** The event URL signing key. */
    static final String SIGNING_KEY = "endcap-benchmark-signing-key-0123456789";
    /** Event URL validity, the server's default. */
    static final long TOKEN_TTL_SECONDS = 86_400;
    /** Absolute base of event URLs, as a production deployment sets it. */
    static final String PUBLIC_BASE_URL = "https://ads.example-retailer.com";

    private static final double METRO_LAT = 40.7411;
    private static final double METRO_LON = -73.9897;
    private static final int BATCH = 8192;
    private static final String[][] WAREHOUSE_REGIONS = {
        {"NY", "NJ"}, {"NY", "CT"}, {"NJ", "PA"}, {"CT", "MA"}, {"NY", "NJ", "CT", "PA"}};
    private static final String[] KEYWORDS = {"organic", "gluten free", "family size", "sale", "new", "gift", "kids"};

    /** How big the retailer is. */
    enum Size
    {
        /** For the encode benchmark: a few thousand stock records, built in well under a second. */
        SMALL(2_000, 20, 2, 40, 0, 1_000),
        /** For the HTTP path: about 0.7M stock records and 2,000 ads, built in a few seconds. */
        MEDIUM(20_000, 100, 5, 200, 1_600, 10_000);

        /** Products. */
        final int skus;
        /** Stores. */
        final int stores;
        /** Warehouses, at most 5. */
        final int warehouses;
        /** Candidate ads on the web for each of the two requested slots. */
        final int adsPerSlot;
        /** Ads spread over {@value HttpWorld#OTHER_SLOTS} other slot types. */
        final int otherAds;
        /** Shoppers with stored segments. */
        final int users;

        Size(final int skus, final int stores, final int warehouses, final int adsPerSlot, final int otherAds, final int users)
        {
            this.skus = skus;
            this.stores = stores;
            this.warehouses = warehouses;
            this.adsPerSlot = adsPerSlot;
            this.otherAds = otherAds;
            this.users = users;
        }

        /**
         * @param name {@code small} or {@code medium}, any case.
         * @return the size.
         * @throws IllegalArgumentException for any other name.
         */
        static Size of(final String name)
        {
            try
            {
                return valueOf(name.toUpperCase(Locale.ROOT));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException("world must be small or medium, got " + name, ex);
            }
        }

        int leaves()
        {
            return skus / PRODUCTS_PER_LEAF;
        }

        int departments()
        {
            return Math.max(1, leaves() / LEAVES_PER_DEPARTMENT);
        }
    }

    private final Size size;
    private final Path dataDir;
    private final InventoryStore store;
    private final List<Product> products;
    private final List<Location> locations;
    private final List<Campaign> campaigns = new ArrayList<>();
    private final SegmentDictionary dictionary = new SegmentDictionary();
    private final SegmentStore segments;
    private final DeliveryLedger ledger = new DeliveryLedger();
    private final DecisionEngine engine;
    private final EventTokens tokens = new EventTokens(SIGNING_KEY);
    private long stockRecords;
    private final long buildNanos;

    private HttpWorld(final Size size, final long seed)
    {
        final long start = System.nanoTime();
        this.size = size;
        final SplittableRandom random = new SplittableRandom(seed);
        try
        {
            dataDir = Files.createTempDirectory("endcap-http-bench-");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create a temp data directory", ex);
        }
        final long expected = (long)size.skus * (size.stores * 3 / 10 + size.warehouses * 9 / 10 + 1);
        store = InventoryStore.openWriter(
            InventoryConfig.defaults(dataDir).withMaxEntries(expected + expected / 4 + 10_000).withWriterThread(false));
        segments = new SegmentStore(dictionary, size.users + 1);
        products = new ArrayList<>(size.skus);
        catalog(random);
        locations = locations(size, seed);
        stock(random);
        shoppers(random);
        campaigns(random);
        final AdIndex index = AdIndex.build(
            campaigns, new Catalog(products), store.skus(), locations, dictionary, ledger, AdIndex.DEFAULT_MAX_SKUS_PER_AD);
        for (final String slot : List.of(SIDEBAR_SLOT, CARD_SLOT))
        {
            if (index.candidates(slot, Channel.WEB).length != size.adsPerSlot)
            {
                throw new IllegalStateException("expected " + size.adsPerSlot + " candidates for " + slot + ", index has " +
                    index.candidates(slot, Channel.WEB).length);
            }
        }
        frequencyHistory(random, index);
        engine = new DecisionEngine(EngineConfig.DEFAULTS, new DecisionPorts(
            store.stockView(), segments, dictionary, store.skus(), ledger.frequency(), store.sellThroughView(),
            store.storePriceView()), () -> NOW_MILLIS, index);
        buildNanos = System.nanoTime() - start;
    }

    /**
     * Builds the retailer and fills its stock store.
     *
     * @param size how big.
     * @param seed seed of every random choice.
     * @return the world.
     */
    static HttpWorld build(final Size size, final long seed)
    {
        return new HttpWorld(size, seed);
    }

    /**
     * @return the engine.
     */
    DecisionEngine engine()
    {
        return engine;
    }

    /**
     * @return the event URL signer, keyed with {@link #SIGNING_KEY}.
     */
    EventTokens tokens()
    {
        return tokens;
    }

    /**
     * @return the locations the world was built with: {@link Size#stores} stores, then the warehouses.
     */
    List<Location> locations()
    {
        return locations;
    }

    /**
     * Stores around one metro, then warehouses; ids are their positions.
     *
     * @param size how big.
     * @param seed seed.
     * @return the locations.
     */
    static List<Location> locations(final Size size, final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed ^ 0x5EED_10CAL);
        final List<Location> locations = new ArrayList<>(size.stores + size.warehouses);
        for (int s = 0; s < size.stores; s++)
        {
            final double lat = METRO_LAT + (random.nextDouble() - 0.5) * 0.8;
            final double lon = METRO_LON + (random.nextDouble() - 0.5) * 1.0;
            final String region = lat > 41.0 ? "CT" : lon < -74.05 ? "NJ" : "NY";
            locations.add(Location.store(s, String.format("S%03d", s), "Store " + s, lat, lon, "America/New_York", region));
        }
        for (int w = 0; w < size.warehouses; w++)
        {
            locations.add(Location.warehouse(
                size.stores + w, "DC-" + w, "Warehouse " + w, List.of(WAREHOUSE_REGIONS[w]), 1 + w % 3));
        }
        return locations;
    }

    /**
     * Request bodies as a retailer's web front sends them: both placements; a known shopper 90% of
     * the time with 1 or 2 page-level segments; 60% at a chosen store with the shopper's position
     * near it, 30% a position only, 10% a region only; the viewed product's category; keywords on
     * 1 in 4; 0 to 3 cart skus; personalization consent.
     *
     * @param size      how big the world is (user, sku and category ranges).
     * @param locations its locations ({@link #locations(Size, long)}).
     * @param howMany   bodies.
     * @param seed      seed.
     * @return UTF-8 JSON bodies.
     */
    static byte[][] bodies(final Size size, final List<Location> locations, final int howMany, final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final byte[][] bodies = new byte[howMany][];
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        for (int i = 0; i < howMany; i++)
        {
            bytes.reset();
            try (JsonGenerator g = Responses.JSON.createGenerator(bytes, JsonEncoding.UTF8))
            {
                g.writeStartObject();
                g.writeArrayFieldStart("placements");
                placement(g, SIDEBAR_ID, SIDEBAR_SLOT, SIDEBAR_COUNT);
                placement(g, CARD_ID, CARD_SLOT, CARD_COUNT);
                g.writeEndArray();

                g.writeObjectFieldStart("user");
                if (random.nextInt(10) > 0)
                {
                    g.writeStringField("key", userKey(random.nextInt(size.users)));
                }
                g.writeArrayFieldStart("segments");
                for (int s = 1 + random.nextInt(2); s > 0; s--)
                {
                    g.writeString(segment(random.nextInt(SEGMENTS)));
                }
                g.writeEndArray();
                g.writeEndObject();

                g.writeObjectFieldStart("context");
                g.writeStringField("channel", "web");
                g.writeStringField("pageType", "product");
                final int where = random.nextInt(10);
                if (where < 6)
                {
                    final Location at = locations.get(random.nextInt(size.stores));
                    g.writeStringField("storeId", at.code());
                    geo(g, at.lat() + (random.nextDouble() - 0.5) * 0.05, at.lon() + (random.nextDouble() - 0.5) * 0.05);
                }
                else if (where < 9)
                {
                    geo(g, METRO_LAT + (random.nextDouble() - 0.5) * 0.7, METRO_LON + (random.nextDouble() - 0.5) * 0.8);
                }
                else
                {
                    g.writeStringField("region", random.nextBoolean() ? "NY" : "NJ");
                }
                g.writeStringField("category", category(random.nextInt(size.skus) / PRODUCTS_PER_LEAF));
                if (random.nextInt(4) == 0)
                {
                    g.writeArrayFieldStart("keywords");
                    g.writeString(KEYWORDS[random.nextInt(KEYWORDS.length)]);
                    g.writeEndArray();
                }
                g.writeArrayFieldStart("cartSkus");
                for (int c = random.nextInt(4); c > 0; c--)
                {
                    g.writeString(sku(random.nextInt(size.skus)));
                }
                g.writeEndArray();
                g.writeEndObject();

                g.writeObjectFieldStart("consent");
                g.writeBooleanField("personalization", true);
                g.writeEndObject();
                g.writeEndObject();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
            bodies[i] = bytes.toByteArray();
        }
        return bodies;
    }

    private static void placement(final JsonGenerator g, final String id, final String slot, final int count) throws IOException
    {
        g.writeStartObject();
        g.writeStringField("id", id);
        g.writeStringField("slot", slot);
        g.writeNumberField("count", count);
        g.writeEndObject();
    }

    private static void geo(final JsonGenerator g, final double lat, final double lon) throws IOException
    {
        g.writeObjectFieldStart("geo");
        g.writeNumberField("lat", Math.round(lat * 1e5) / 1e5);
        g.writeNumberField("lon", Math.round(lon * 1e5) / 1e5);
        g.writeEndObject();
    }

    /**
     * Decodes and decides each body, keeping the results that fill both placements completely
     * ({@value #SIDEBAR_COUNT} + {@value #CARD_COUNT} ads).
     *
     * @param bodies  request bodies.
     * @param howMany results wanted; bodies are reused round-robin with new results if too few fill.
     * @return decided results, each its own object.
     */
    DecisionResult[] fullResults(final byte[][] bodies, final int howMany)
    {
        final DecisionRequestDecoder decoder = new DecisionRequestDecoder();
        final DecisionRequest request = new DecisionRequest();
        final List<DecisionResult> kept = new ArrayList<>(howMany);
        for (int i = 0; kept.size() < howMany; i++)
        {
            if (i == bodies.length && kept.isEmpty())
            {
                throw new IllegalStateException("no body of " + bodies.length + " fills both placements");
            }
            decode(decoder, bodies[i % bodies.length], request);
            final DecisionResult result = new DecisionResult();
            engine.decide(request, result);
            if (result.winnerCount(0) == SIDEBAR_COUNT && result.winnerCount(1) == CARD_COUNT)
            {
                kept.add(result);
            }
        }
        return kept.toArray(new DecisionResult[0]);
    }

    /**
     * Prints the world's shape and what the bodies decide, as {@code # endcap-http} lines.
     *
     * @param out    where to print.
     * @param bodies the bodies.
     */
    void printSummary(final PrintStream out, final byte[][] bodies)
    {
        final DecisionRequestDecoder decoder = new DecisionRequestDecoder();
        final DecisionRequest request = new DecisionRequest();
        final DecisionResult result = new DecisionResult();
        long bodyBytes = 0;
        long winners = 0;
        long full = 0;
        for (final byte[] body : bodies)
        {
            bodyBytes += body.length;
            decode(decoder, body, request);
            engine.decide(request, result);
            winners += result.winnerCount(0) + result.winnerCount(1);
            full += result.winnerCount(0) == SIDEBAR_COUNT && result.winnerCount(1) == CARD_COUNT ? 1 : 0;
        }
        out.printf("# endcap-http world=%s skus=%d stores=%d warehouses=%d stock records=%d users=%d built in %.1fs%n",
            size.name().toLowerCase(Locale.ROOT), size.skus, size.stores, size.warehouses, stockRecords, size.users,
            buildNanos / 1e9);
        out.printf("# endcap-http ads=%d (%d candidates each for %s and %s on web)%n",
            engine.index().ads().size(), size.adsPerSlot, SIDEBAR_SLOT, CARD_SLOT);
        out.printf("# endcap-http over %d bodies: body %.0f B avg, ads/request %.2f of %d, both placements full %.1f%%%n",
            bodies.length, (double)bodyBytes / bodies.length, (double)winners / bodies.length, SIDEBAR_COUNT + CARD_COUNT,
            100.0 * full / bodies.length);
    }

    private static void decode(final DecisionRequestDecoder decoder, final byte[] body, final DecisionRequest request)
    {
        try
        {
            decoder.decode(body, 0, body.length, request);
        }
        catch (final InvalidInputException ex)
        {
            throw new IllegalStateException("a generated body does not decode: " + ex.getMessage(), ex);
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
        for (int i = 0; i < size.skus; i++)
        {
            final String sku = sku(i);
            final int id = store.skus().intern(sku);
            if (id != i)
            {
                throw new IllegalStateException("sku " + sku + " interned as " + id);
            }
            final int leaf = i / PRODUCTS_PER_LEAF;
            final long price = 199 + random.nextInt(19_800);
            final long sale = random.nextInt(5) == 0 ? price * (70 + random.nextInt(25)) / 100 : Product.NO_PRICE;
            products.add(new Product(id, sku, null, "Brand " + random.nextInt(300) + " item " + sku + ", 16 oz", price, sale,
                "USD", category(leaf), "https://cdn.example-retailer.com/img/" + sku + ".jpg",
                "https://www.example-retailer.com/p/" + sku, List.of(department(random.nextInt(size.departments())))));
        }
    }

    private void stock(final SplittableRandom random)
    {
        final int sourceId = store.sources().intern("bench-feed");
        final long nowSecond = NOW_MILLIS / 1000;
        final ChangeBatch batch = new ChangeBatch();
        for (int sku = 0; sku < size.skus; sku++)
        {
            for (int location = 0; location < locations.size(); location++)
            {
                if (random.nextInt(100) >= (location < size.stores ? 30 : 90))
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
        for (int u = 0; u < size.users; u++)
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
        final List<String> slots = new ArrayList<>(List.of(SIDEBAR_SLOT, CARD_SLOT));
        for (int s = 1; s <= OTHER_SLOTS; s++)
        {
            slots.add("slot-" + s);
        }
        final int advertisers = Math.max(10, size.adsPerSlot * 3 / 10);
        int adNumber = 0;
        int campaignNumber = 0;
        for (int s = 0; s < slots.size(); s++)
        {
            final String slot = slots.get(s);
            final int ads = s < 2 ? size.adsPerSlot : size.otherAds / OTHER_SLOTS;
            for (int a = 0; a < ads; a += 2)
            {
                final String id = "cmp-" + campaignNumber++;
                final boolean paced = random.nextInt(10) == 0;
                final List<Ad> pair = List.of(ad(random, "ad-" + adNumber++, slot), ad(random, "ad-" + adNumber++, slot));
                campaigns.add(new Campaign(id, "adv-" + random.nextInt(s < 2 ? advertisers : 500), id, true,
                    paced ? new Campaign.Budget(10_000, 200 + random.nextInt(800), "USD") : Campaign.Budget.unlimited(),
                    flight, paced ? Pacing.EVEN : Pacing.ASAP, random.nextInt(3), pair));
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
            List.of(department(random.nextInt(size.departments()))) : List.of();
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
            for (int i = Math.min(size.stores, 10 + random.nextInt(40)); i > 0; i--)
            {
                stores.add(locations.get(random.nextInt(size.stores)).code());
            }
            geo = new Ad.GeoScope(0, stores, List.of());
        }
        final int leaf = random.nextInt(size.leaves());
        final List<String> skus = new ArrayList<>();
        for (int i = 1 + random.nextInt(20); i > 0; i--)
        {
            skus.add(sku(leaf * PRODUCTS_PER_LEAF + random.nextInt(PRODUCTS_PER_LEAF)));
        }
        final int fulfilment = random.nextInt(20);
        final Ad.Bid bid = random.nextBoolean() ?
            new Ad.Bid(BidModel.CPM, 1 + random.nextInt(1_900) / 100.0) : new Ad.Bid(BidModel.CPC, 0.1 + random.nextInt(190) / 100.0);
        final Ad.Creative creative = random.nextInt(7) == 0 ?
            new Ad.Creative("product_card", "Near you", "Add to cart",
                new Ad.LoyaltyVariant(segment(random.nextInt(10)), 10, "Members save")) :
            Ad.Creative.DEFAULT;
        return new Ad(id, List.of(slot), EnumSet.noneOf(Channel.class),
            new Ad.Targeting(segmentExpression, List.of(), categories, List.of()), geo, new Ad.ProductSet(skus, null),
            fulfilment < 10 ? Fulfilment.ANY : fulfilment < 17 ? Fulfilment.PICKUP : Fulfilment.SHIP, 1 + random.nextInt(5), bid,
            random.nextInt(5) == 0 ? new Ad.FrequencyCap(1 + random.nextInt(3), 86_400) : null,
            random.nextInt(10) == 0 ? 0.05 + random.nextInt(16) / 100.0 : 0,
            creative, 0.005 + random.nextInt(25) / 1000.0, false);
    }

    private void frequencyHistory(final SplittableRandom random, final AdIndex index)
    {
        final long nowSecond = NOW_MILLIS / 1000;
        final var candidates = index.candidates(SIDEBAR_SLOT, Channel.WEB);
        for (int u = 0; u < size.users; u++)
        {
            for (int i = random.nextInt(4); i > 0; i--)
            {
                ledger.frequency().record(
                    userKey(u), candidates[random.nextInt(candidates.length)].adDelivery.serial(), nowSecond - random.nextInt(86_400));
            }
        }
    }

    static String sku(final int i)
    {
        return Integer.toString(1_000_000 + i);
    }

    static String category(final int leaf)
    {
        return department(leaf / LEAVES_PER_DEPARTMENT) + "/aisle-" + leaf % LEAVES_PER_DEPARTMENT;
    }

    static String department(final int department)
    {
        return "dept-" + department;
    }

    static String segment(final int i)
    {
        return "seg-" + i;
    }

    static String userKey(final int i)
    {
        return "u-" + i;
    }
}
