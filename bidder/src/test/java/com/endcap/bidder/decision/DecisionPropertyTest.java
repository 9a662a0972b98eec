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
import com.endcap.bidder.index.Holdout;
import com.endcap.bidder.location.Location;
import com.endcap.bidder.segment.SegmentDictionary;
import com.endcap.bidder.segment.SegmentStore;
import com.endcap.bidder.stock.InMemoryStockView;
import com.endcap.bidder.stock.SellThroughView;
import com.endcap.bidder.stock.StockAttributes;
import com.endcap.bidder.stock.StockLevel;
import com.endcap.bidder.stock.StorePriceView;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Randomised properties of {@link DecisionEngine#decide}: random retailers (catalog, stores around
 * one metro, warehouses, stock with zeros, stale records and not-for-pickup bits), random campaigns
 * and random requests; every returned {@link AdDecision} is checked against an oracle written from
 * the rules, not from the engine's code:
 * <ol type="a">
 *     <li>the (sku, location) shown has at least the ad's minimum units, fresh, pickup allowed
 *     there for pickup, and survives the oversell guard;</li>
 *     <li>the location is in the shopper's reach and the ad's geo scope, by fulfilment mode;</li>
 *     <li>no sku twice in a response, no ordered or cart sku;</li>
 *     <li>at most one ad per advertiser per placement;</li>
 *     <li>winners in non-increasing score; clearing price at most the bid and at least the floor
 *     and the next winner's score in the ad's units;</li>
 *     <li>the product is in the ad's product set;</li>
 *     <li>the ad is eligible (channel, flight, budget, pacing, context, segments, holdout, cap),
 *     and a debug request decides the same winners.</li>
 * </ol>
 * Every run prints its seeds; {@code -Dendcap.decision.seed=N} replaces the time-based seed by N to
 * replay a failure. A failure names the seed and the request number.
 */
class DecisionPropertyTest
{
    /** Set to replay a seed instead of the time-based one. */
    static final String SEED_PROPERTY = "endcap.decision.seed";

    private static final long NOW_MILLIS = Instant.parse("2026-11-25T12:00:00Z").toEpochMilli();
    private static final long NOW = NOW_MILLIS / 1000;
    private static final int REQUESTS_PER_SEED = 300;
    private static final double METRO_LAT = 40.7411;
    private static final double METRO_LON = -73.9897;
    /** Relative slack between the engine's equirectangular distance and the oracle's haversine. */
    private static final double DISTANCE_SLACK = 0.01;
    private static final double PRICE_SLACK = 1e-4;

    private static final String[] CATEGORIES = {
        "pet/dog-food", "pet/cat-food", "pet/treats", "pet/treats/chews", "grocery/snacks", "grocery/drinks",
        "grocery/coffee", "home/cleaning", "home/kitchen", "beauty/skin"};
    private static final String[] SLOTS = {"product_sidebar", "search_grid", "cart_upsell"};
    private static final String[] SEGMENTS = {"pet-owner", "lapsed", "loyalty-gold", "new-parent", "vegan", "bargain"};
    private static final String[] REGIONS = {"NY", "NJ", "CT", "PA"};
    private static final String[] PAGE_TYPES = {"product", "search", "category", "cart", "order_confirmation"};
    private static final String[] KEYWORDS = {"kibble", "organic", "snack", "sale"};
    private static final String[] ZONES = {"UTC", "America/New_York"};

    static LongStream seeds()
    {
        final String replay = System.getProperty(SEED_PROPERTY);
        final long extra = null == replay || replay.isBlank() ? System.nanoTime() : Long.parseLong(replay.trim());
        System.out.println("DecisionPropertyTest: fixed seeds 1..20 and seed " + extra +
            " (replay with -D" + SEED_PROPERTY + "=" + extra + ")");
        return LongStream.concat(LongStream.rangeClosed(1, 20), LongStream.of(extra));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void everyDecisionIsInStockInScopeAndFairlyPriced(final long seed)
    {
        // given
        System.out.println("DecisionPropertyTest: seed " + seed);
        final SplittableRandom master = new SplittableRandom(seed);
        final World world = new World(master.split());
        final DecisionResult result = new DecisionResult();
        final DecisionResult debugResult = new DecisionResult();
        final Stats stats = new Stats();

        for (int r = 0; r < REQUESTS_PER_SEED; r++)
        {
            final SplittableRandom random = new SplittableRandom(master.nextLong());
            world.churnStock(random);
            final DecisionRequest request = world.randomRequest(random);

            // when
            world.engine.decide(request, result);
            request.debug(true);
            world.engine.decide(request, debugResult);
            request.debug(false);

            // then
            final List<String> violations = world.check(request, result);
            violations.addAll(sameWinners(result, debugResult));
            if (!violations.isEmpty())
            {
                fail("seed " + seed + " (replay with -D" + SEED_PROPERTY + "=" + seed + "), request #" + r + ":\n  " +
                    String.join("\n  ", violations) + "\n" + world.describe(request, result));
            }
            stats.count(result);
        }
        System.out.println("DecisionPropertyTest: seed " + seed + " " + world.summary() + ", " + stats);
        assertThat(stats.winners).as("seed %d decided nothing at all: the generator is broken", seed).isPositive();
    }

    private static List<String> sameWinners(final DecisionResult expected, final DecisionResult actual)
    {
        final List<String> problems = new ArrayList<>();
        for (int p = 0; p < expected.placementCount(); p++)
        {
            final String plain = winnersOf(expected, p);
            final String debug = winnersOf(actual, p);
            if (!plain.equals(debug))
            {
                problems.add("(g) placement " + expected.placementId(p) + ": debug request decided " + debug +
                    " but the same request without debug " + plain);
            }
        }
        return problems;
    }

    private static String winnersOf(final DecisionResult result, final int placement)
    {
        final StringBuilder text = new StringBuilder("[");
        for (int k = 0; k < result.winnerCount(placement); k++)
        {
            final AdDecision winner = result.winner(placement, k);
            text.append(winner.ad().adId()).append('/').append(winner.product().sku()).append('@')
                .append(winner.location().code()).append('=').append(winner.clearingPrice()).append(' ');
        }
        return text.append(']').toString();
    }

    /** Counters that show the generator reaches the interesting cases. */
    private static final class Stats
    {
        int placements;
        int filled;
        int winners;
        int pickup;
        int ship;
        int cpc;
        int member;

        void count(final DecisionResult result)
        {
            for (int p = 0; p < result.placementCount(); p++)
            {
                placements++;
                filled += result.winnerCount(p) > 0 ? 1 : 0;
                for (int k = 0; k < result.winnerCount(p); k++)
                {
                    final AdDecision winner = result.winner(p, k);
                    winners++;
                    pickup += Fulfilment.PICKUP == winner.mode() ? 1 : 0;
                    ship += Fulfilment.SHIP == winner.mode() ? 1 : 0;
                    cpc += BidModel.CPC == winner.ad().bidModel ? 1 : 0;
                    member += winner.memberVariant() ? 1 : 0;
                }
            }
        }

        public String toString()
        {
            return "placements=" + placements + " filled=" + filled + " winners=" + winners + " (pickup=" + pickup +
                " ship=" + ship + " cpc=" + cpc + " member=" + member + ")";
        }
    }

    /** A random retailer, its campaigns and the engine over them, plus what the oracle knows. */
    static final class World
    {
        final EngineConfig config;
        final List<Product> products = new ArrayList<>();
        final Map<String, Product> productsBySku = new HashMap<>();
        final List<String> categories = new ArrayList<>();
        final List<Location> stores = new ArrayList<>();
        final List<Location> warehouses = new ArrayList<>();
        final Map<String, Location> locationsByCode = new HashMap<>();
        final Set<String> knownRegions = new HashSet<>();
        final Map<String, Campaign> campaigns = new LinkedHashMap<>();
        final Map<String, Predicate<Set<String>>> segmentRules = new HashMap<>();
        final Map<String, Long> spentMicros = new HashMap<>();
        final Map<String, Set<String>> storedSegments = new HashMap<>();
        final Map<String, List<long[]>> impressions = new HashMap<>();
        final List<String> userKeys = new ArrayList<>();
        final InMemoryStockView stock = new InMemoryStockView();
        final Map<Long, Double> sellThrough = new HashMap<>();
        final SkuIds skuIds = new SkuIds();
        final SegmentDictionary dictionary = new SegmentDictionary();
        final SegmentStore segmentStore = new SegmentStore(dictionary, 1_000);
        final DeliveryLedger ledger = new DeliveryLedger();
        final int maxSkusPerAd;
        final DecisionEngine engine;

        World(final SplittableRandom random)
        {
            config = randomConfig(random);
            maxSkusPerAd = random.nextInt(4) == 0 ? 1 + random.nextInt(6) : AdIndex.DEFAULT_MAX_SKUS_PER_AD;
            catalog(random);
            locations(random);
            for (final Product product : products)
            {
                for (final Location location : allLocations())
                {
                    if (random.nextInt(100) < 45)
                    {
                        putRandomStock(random, product.skuId(), location.id());
                    }
                }
            }
            users(random);
            campaigns(random);
            final DecisionPorts ports = new DecisionPorts(
                stock, segmentStore, dictionary, skuIds, ledger.frequency(),
                (SellThroughView)(skuId, locationId) -> sellThrough.getOrDefault(key(skuId, locationId), 0.0),
                StorePriceView.NONE);
            final AdIndex index = AdIndex.build(
                campaigns.values(), new Catalog(products), skuIds, allLocations(), dictionary, ledger, maxSkusPerAd);
            engine = new DecisionEngine(config, ports, () -> NOW_MILLIS, index);
            history(random);
        }

        private static EngineConfig randomConfig(final SplittableRandom random)
        {
            final Map<String, Double> floors = new HashMap<>();
            for (final String slot : SLOTS)
            {
                if (random.nextBoolean())
                {
                    floors.put(slot, cents(random, 0, 800));
                }
            }
            final boolean wide = random.nextInt(3) > 0;
            return new EngineConfig(
                random.nextInt(5) == 0 ? AuctionRule.FIRST_PRICE : AuctionRule.SECOND_PRICE,
                random.nextBoolean() ? 0.01 : 0.0, random.nextBoolean() ? 0.0 : cents(random, 0, 300),
                floors, random.nextInt(6) == 0 ? 0 : 24 * 3600, wide ? 50.0 : 5 + random.nextInt(20),
                wide ? 5 : 1 + random.nextInt(8), 5, random.nextBoolean() ? 2.0 : 0.0, true);
        }

        private void catalog(final SplittableRandom random)
        {
            final List<String> pool = new ArrayList<>(List.of(CATEGORIES));
            final int categoryCount = 3 + random.nextInt(pool.size() - 2);
            for (int i = 0; i < categoryCount; i++)
            {
                categories.add(pool.remove(random.nextInt(pool.size())));
            }
            final int skuCount = 50 + random.nextInt(251);
            for (int i = 0; i < skuCount; i++)
            {
                final String sku = Integer.toString(100_000 + i * 7 + random.nextInt(7));
                final String category = categories.get(random.nextInt(categories.size()));
                final long price = 99 + random.nextInt(9_900);
                final long sale = random.nextInt(4) == 0 ? price - 1 - random.nextInt((int)price / 2) : Product.NO_PRICE;
                final List<String> complements = new ArrayList<>();
                if (random.nextInt(3) == 0)
                {
                    complements.add(categoryPrefix(random, categories.get(random.nextInt(categories.size()))));
                }
                final Product product = new Product(skuIds.intern(sku), sku, null, "Product " + sku, price, sale, "USD",
                    category, null, null, complements);
                products.add(product);
                productsBySku.put(sku, product);
            }
        }

        private void locations(final SplittableRandom random)
        {
            final int storeCount = 3 + random.nextInt(10);
            final int warehouseCount = 1 + random.nextInt(3);
            final List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < storeCount + warehouseCount + 1; i++)
            {
                ids.add(i);
            }
            ids.remove(random.nextInt(ids.size()));
            java.util.Collections.shuffle(ids, new java.util.Random(random.nextLong()));
            int next = 0;
            for (int s = 0; s < storeCount; s++)
            {
                final String code = "S" + (100 + s);
                final double lat;
                final double lon;
                if (random.nextInt(12) == 0)
                {
                    lat = Double.NaN;
                    lon = Double.NaN;
                }
                else if (random.nextInt(10) == 0)
                {
                    lat = 42.35 + random.nextDouble() * 0.05;
                    lon = -71.08 + random.nextDouble() * 0.05;
                }
                else
                {
                    lat = METRO_LAT + (random.nextDouble() - 0.5) * 0.5;
                    lon = METRO_LON + (random.nextDouble() - 0.5) * 0.6;
                }
                final String region = random.nextInt(10) == 0 ? null : REGIONS[random.nextInt(3)];
                final Location store = Location.store(ids.get(next++), code, "Store " + code, lat, lon, "America/New_York", region);
                stores.add(store);
                locationsByCode.put(code, store);
                if (null != region)
                {
                    knownRegions.add(region);
                }
            }
            for (int w = 0; w < warehouseCount; w++)
            {
                final String code = "DC-" + w;
                final List<String> served = new ArrayList<>();
                for (final String region : REGIONS)
                {
                    if (random.nextInt(2) == 0)
                    {
                        served.add(region);
                    }
                }
                final Location warehouse = Location.warehouse(ids.get(next++), code, "Warehouse " + w, served, 1 + random.nextInt(4));
                warehouses.add(warehouse);
                locationsByCode.put(code, warehouse);
                knownRegions.addAll(served);
            }
        }

        List<Location> allLocations()
        {
            final List<Location> all = new ArrayList<>(stores);
            all.addAll(warehouses);
            return all;
        }

        private void putRandomStock(final SplittableRandom random, final int skuId, final int locationId)
        {
            final int onHand = random.nextInt(6) == 0 ? 0 : random.nextInt(15);
            final int reserved = random.nextInt(4) == 0 ? random.nextInt(4) : 0;
            final int safety = random.nextInt(5) == 0 ? random.nextInt(3) : 0;
            final int attributes = StockAttributes.pack(
                random.nextInt(10) == 0, random.nextInt(6) == 0, random.nextInt(8), random.nextInt(4));
            final long age;
            switch (random.nextInt(10))
            {
                case 0:
                    age = 24 * 3600 + 1 + random.nextInt(5 * 86_400);
                    break;
                case 1:
                    age = 24 * 3600 - 1 + random.nextInt(3);
                    break;
                default:
                    age = random.nextInt(24 * 3600);
                    break;
            }
            stock.put(skuId, locationId, onHand, reserved, safety, attributes, NOW - age);
            if (random.nextInt(8) == 0)
            {
                sellThrough.put(key(skuId, locationId), random.nextInt(4) == 0 ? 0.0 : random.nextDouble() * 3);
            }
        }

        void churnStock(final SplittableRandom random)
        {
            for (int i = random.nextInt(4); i > 0; i--)
            {
                final Product product = products.get(random.nextInt(products.size()));
                final List<Location> all = allLocations();
                putRandomStock(random, product.skuId(), all.get(random.nextInt(all.size())).id());
            }
        }

        private void users(final SplittableRandom random)
        {
            for (int u = 0; u < 30; u++)
            {
                final String userKey = "u-" + u;
                userKeys.add(userKey);
                if (random.nextInt(3) > 0)
                {
                    final Set<String> held = new HashSet<>();
                    for (final String segment : SEGMENTS)
                    {
                        if (random.nextInt(3) == 0)
                        {
                            held.add(segment);
                        }
                    }
                    if (!held.isEmpty())
                    {
                        assertThat(segmentStore.put(userKey, List.copyOf(held), 86_400, NOW)).isPositive();
                        storedSegments.put(userKey, held);
                    }
                }
            }
        }

        private void campaigns(final SplittableRandom random)
        {
            final int advertisers = 2 + random.nextInt(8);
            final int campaignCount = 8 + random.nextInt(33);
            int adSerial = 0;
            for (int c = 0; c < campaignCount; c++)
            {
                final String id = "cmp-" + c;
                final String zone = ZONES[random.nextInt(ZONES.length)];
                final Campaign.Flight flight;
                switch (random.nextInt(20))
                {
                    case 0:
                        flight = new Campaign.Flight(Instant.parse("2026-10-01T00:00:00Z"), Instant.ofEpochSecond(NOW), ZoneId.of(zone));
                        break;
                    case 1:
                        flight = new Campaign.Flight(Instant.ofEpochSecond(NOW + 1), Instant.parse("2027-01-01T00:00:00Z"), ZoneId.of(zone));
                        break;
                    case 2:
                        flight = new Campaign.Flight(Instant.ofEpochSecond(NOW), Instant.ofEpochSecond(NOW + 1), ZoneId.of(zone));
                        break;
                    default:
                        flight = new Campaign.Flight(Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"), ZoneId.of(zone));
                        break;
                }
                final Campaign.Budget budget = random.nextInt(5) == 0 ?
                    new Campaign.Budget(random.nextBoolean() ? 100.0 : Double.POSITIVE_INFINITY, 10.0 + random.nextInt(20), "USD") :
                    Campaign.Budget.unlimited();
                final Pacing pacing = random.nextBoolean() ? Pacing.EVEN : Pacing.ASAP;
                final List<Ad> ads = new ArrayList<>();
                for (int a = 1 + random.nextInt(3); a > 0; a--)
                {
                    ads.add(randomAd(random, "ad-" + adSerial++));
                }
                final Campaign campaign = new Campaign(
                    id, "adv-" + random.nextInt(advertisers), id, random.nextInt(15) > 0, budget, flight, pacing,
                    random.nextInt(3), ads);
                campaigns.put(id, campaign);
                if (random.nextInt(4) == 0)
                {
                    final long spent = random.nextInt(30_000_000);
                    spentMicros.put(id, spent);
                    ledger.campaign(id, flight.zone()).recordSpend(spent, NOW);
                }
            }
        }

        private Ad randomAd(final SplittableRandom random, final String id)
        {
            final List<String> slots = new ArrayList<>(List.of(SLOTS[random.nextInt(SLOTS.length)]));
            if (random.nextInt(4) == 0)
            {
                final String other = SLOTS[random.nextInt(SLOTS.length)];
                if (!slots.contains(other))
                {
                    slots.add(other);
                }
            }
            final Set<Channel> channels = EnumSet.noneOf(Channel.class);
            if (random.nextInt(5) < 2)
            {
                for (int i = 1 + random.nextInt(3); i > 0; i--)
                {
                    channels.add(Channel.values()[random.nextInt(Channel.values().length)]);
                }
            }
            final Ad.Targeting targeting = new Ad.Targeting(
                segmentExpression(random, id),
                random.nextInt(5) == 0 ? pick(random, PAGE_TYPES, 1 + random.nextInt(2)) : List.of(),
                random.nextInt(5) == 0 ? List.of(categoryPrefix(random, categories.get(random.nextInt(categories.size())))) : List.of(),
                random.nextInt(10) == 0 ? pick(random, KEYWORDS, 1 + random.nextInt(2)) : List.of());
            final Ad.GeoScope geo;
            switch (random.nextInt(5))
            {
                case 0:
                    geo = Ad.GeoScope.radius(0.5 + random.nextInt(300) / 10.0);
                    break;
                case 1:
                {
                    final List<String> codes = new ArrayList<>();
                    for (int i = 1 + random.nextInt(3); i > 0; i--)
                    {
                        codes.add(random.nextInt(8) == 0 ? "DC-0" : stores.get(random.nextInt(stores.size())).code());
                    }
                    geo = new Ad.GeoScope(0, codes, List.of());
                    break;
                }
                case 2:
                    geo = new Ad.GeoScope(0, List.of(), pick(random, REGIONS, 1 + random.nextInt(2)));
                    break;
                default:
                    geo = Ad.GeoScope.ANYWHERE;
                    break;
            }
            final Ad.ProductSet productSet;
            if (random.nextInt(3) == 0)
            {
                productSet = Ad.ProductSet.category(random.nextInt(4) == 0 ?
                    categories.get(random.nextInt(categories.size())).split("/")[0] :
                    categories.get(random.nextInt(categories.size())));
            }
            else
            {
                final List<String> skus = new ArrayList<>();
                for (int i = 1 + random.nextInt(8); i > 0; i--)
                {
                    skus.add(random.nextInt(15) == 0 ? "999999" : products.get(random.nextInt(products.size())).sku());
                }
                productSet = new Ad.ProductSet(skus, null);
            }
            final Fulfilment fulfilment = Fulfilment.values()[random.nextInt(3)];
            final boolean round = random.nextInt(4) == 0;
            final Ad.Bid bid = random.nextBoolean() ?
                new Ad.Bid(BidModel.CPM, round ? 5.0 : cents(random, 10, 2_000)) :
                new Ad.Bid(BidModel.CPC, round ? 0.5 : cents(random, 1, 300));
            final Ad.FrequencyCap cap = random.nextInt(6) == 0 ?
                new Ad.FrequencyCap(1 + random.nextInt(3), 600 + random.nextInt(86_400)) : null;
            final double holdout = random.nextInt(5) == 0 ? random.nextInt(51) / 100.0 : 0;
            final Ad.Creative creative = random.nextInt(4) == 0 ?
                new Ad.Creative("product_card", "Fresh stock", null, new Ad.LoyaltyVariant("loyalty-gold", 10, "Member price")) :
                Ad.Creative.DEFAULT;
            return new Ad(id, slots, channels, targeting, geo, productSet, fulfilment, 1 + random.nextInt(5), bid, cap, holdout,
                creative, 0.002 + random.nextInt(50) / 1000.0, random.nextInt(4) == 0);
        }

        /** A segment expression of a few shapes, and (for the oracle) what it means. */
        private String segmentExpression(final SplittableRandom random, final String adId)
        {
            final String a = SEGMENTS[random.nextInt(SEGMENTS.length)];
            final String b = SEGMENTS[random.nextInt(SEGMENTS.length)];
            final String text;
            final Predicate<Set<String>> rule;
            switch (random.nextInt(8))
            {
                case 0:
                    text = a;
                    rule = held -> held.contains(a);
                    break;
                case 1:
                    text = a + " AND " + b;
                    rule = held -> held.contains(a) && held.contains(b);
                    break;
                case 2:
                    text = a + " OR " + b;
                    rule = held -> held.contains(a) || held.contains(b);
                    break;
                case 3:
                    text = a + " AND NOT " + b;
                    rule = held -> held.contains(a) && !held.contains(b);
                    break;
                case 4:
                    text = "NOT " + a;
                    rule = held -> !held.contains(a);
                    break;
                default:
                    text = null;
                    rule = held -> true;
                    break;
            }
            segmentRules.put(adId, rule);
            return text;
        }

        /** Impressions for frequency caps, recorded after the index gave every ad its serial. */
        private void history(final SplittableRandom random)
        {
            final List<String> adIds = new ArrayList<>(segmentRules.keySet());
            for (final String userKey : userKeys)
            {
                for (int i = random.nextInt(6); i > 0; i--)
                {
                    final String adId = adIds.get(random.nextInt(adIds.size()));
                    final long at = NOW - random.nextInt(2 * 86_400);
                    ledger.frequency().record(userKey, ledger.ad(adId).serial(), at);
                    impressions.computeIfAbsent(userKey, k -> new ArrayList<>()).add(new long[] {ledger.ad(adId).serial(), at});
                }
            }
        }

        DecisionRequest randomRequest(final SplittableRandom random)
        {
            final DecisionRequest request = new DecisionRequest();
            final int placements = 1 + random.nextInt(4);
            for (int p = 0; p < placements; p++)
            {
                request.addPlacement("p" + p, random.nextInt(30) == 0 ? "no_such_slot" : SLOTS[random.nextInt(SLOTS.length)],
                    1 + random.nextInt(5));
            }
            if (random.nextInt(10) < 7)
            {
                request.userKey(userKeys.get(random.nextInt(userKeys.size())));
            }
            request.personalization(random.nextInt(10) > 0);
            for (int i = random.nextInt(4); i > 0; i--)
            {
                request.addSegment(SEGMENTS[random.nextInt(SEGMENTS.length)]);
            }
            final int where = random.nextInt(20);
            if (where < 7)
            {
                request.storeId(storeCode(random));
            }
            else if (where < 14)
            {
                geo(random, request);
            }
            else if (where < 16)
            {
                request.storeId(storeCode(random));
                geo(random, request);
            }
            if (random.nextBoolean())
            {
                request.region(random.nextInt(12) == 0 ? "TX" : REGIONS[random.nextInt(REGIONS.length)]);
            }
            request.channel(Channel.values()[random.nextInt(Channel.values().length)]);
            if (random.nextInt(4) > 0)
            {
                request.pageType(PAGE_TYPES[random.nextInt(PAGE_TYPES.length)]);
            }
            if (random.nextInt(3) > 0)
            {
                request.category(categories.get(random.nextInt(categories.size())));
            }
            for (int i = random.nextInt(3); i > 0; i--)
            {
                request.addKeyword(KEYWORDS[random.nextInt(KEYWORDS.length)]);
            }
            for (int i = random.nextInt(5); i > 0; i--)
            {
                request.addCartSku(products.get(random.nextInt(products.size())).sku());
            }
            if (random.nextInt(5) == 0)
            {
                for (int i = 1 + random.nextInt(3); i > 0; i--)
                {
                    request.addOrderSku(random.nextInt(10) == 0 ? "not-a-sku" : products.get(random.nextInt(products.size())).sku());
                }
            }
            return request;
        }

        private String storeCode(final SplittableRandom random)
        {
            final int pick = random.nextInt(20);
            if (0 == pick)
            {
                return "S999";
            }
            if (1 == pick)
            {
                return warehouses.get(0).code();
            }
            return stores.get(random.nextInt(stores.size())).code();
        }

        private static void geo(final SplittableRandom random, final DecisionRequest request)
        {
            if (random.nextInt(12) == 0)
            {
                request.geo(41.88, -87.63);
            }
            else
            {
                request.geo(METRO_LAT + (random.nextDouble() - 0.5) * 0.6, METRO_LON + (random.nextDouble() - 0.5) * 0.7);
            }
        }

        /**
         * The oracle.
         *
         * @return every property a decision breaks, empty when none.
         */
        List<String> check(final DecisionRequest request, final DecisionResult result)
        {
            final List<String> problems = new ArrayList<>();
            if (result.placementCount() != request.placementCount())
            {
                problems.add("answered " + result.placementCount() + " placements of " + request.placementCount());
                return problems;
            }
            final Set<String> excluded = new HashSet<>();
            for (int i = 0; i < request.cartSkuCount(); i++)
            {
                excluded.add(request.cartSku(i));
            }
            for (int i = 0; i < request.orderSkuCount(); i++)
            {
                excluded.add(request.orderSku(i));
            }
            final Set<String> shownSkus = new HashSet<>();
            final Shopper shopper = shopper(request);
            for (int p = 0; p < result.placementCount(); p++)
            {
                final String placementId = result.placementId(p);
                if (!request.placementId(p).equals(placementId))
                {
                    problems.add("placement " + p + " answered as " + placementId);
                }
                final int winners = result.winnerCount(p);
                if (winners > request.placementCount(p))
                {
                    problems.add(placementId + ": " + winners + " winners for a count of " + request.placementCount(p));
                }
                final Set<String> advertisers = new HashSet<>();
                final double floor = config.floorCpm(request.placementSlot(p));
                for (int k = 0; k < winners; k++)
                {
                    final AdDecision winner = result.winner(p, k);
                    final String where = placementId + "[" + k + "] " + winner.ad().adId() + " sku " + winner.product().sku() +
                        " " + winner.mode() + " at " + winner.location().code() + ": ";
                    if (!winner.ad().ad.slots().contains(request.placementSlot(p)))
                    {
                        problems.add(where + "(g) ad does not fill slot " + request.placementSlot(p));
                    }
                    checkStock(winner, where, problems);
                    checkScope(request, shopper, winner, where, problems);
                    if (!shownSkus.add(winner.product().sku()))
                    {
                        problems.add(where + "(c) sku shown twice in the response");
                    }
                    if (excluded.contains(winner.product().sku()))
                    {
                        problems.add(where + "(c) sku is in the order or cart");
                    }
                    if (!advertisers.add(winner.ad().advertiserId()))
                    {
                        problems.add(where + "(d) second ad of advertiser " + winner.ad().advertiserId() + " in the placement");
                    }
                    final AdDecision next = k + 1 < winners ? result.winner(p, k + 1) : null;
                    checkPrice(winner, next, floor, where, problems);
                    checkProductSet(winner, where, problems);
                    checkEligible(request, winner, where, problems);
                }
            }
            return problems;
        }

        private void checkStock(final AdDecision winner, final String where, final List<String> problems)
        {
            final StockLevel level = new StockLevel();
            final int minUnits = winner.ad().ad.minUnits();
            if (!stock.read(winner.product().skuId(), winner.location().id(), level))
            {
                problems.add(where + "(a) no stock record");
                return;
            }
            if (level.available() < minUnits)
            {
                problems.add(where + "(a) ATP " + level.available() + " below minUnits " + minUnits);
            }
            if (config.maxStockAgeSeconds() > 0 && level.updatedAtEpochSecond() < NOW - config.maxStockAgeSeconds())
            {
                problems.add(where + "(a) stale record, changed " + (NOW - level.updatedAtEpochSecond()) + " s ago");
            }
            if (Fulfilment.PICKUP == winner.mode() && StockAttributes.noPickup(level.attributes()))
            {
                problems.add(where + "(a) pickup of a record marked NO_PICKUP");
            }
            if (winner.units() != level.available())
            {
                problems.add(where + "(a) shows " + winner.units() + " units, the view has " + level.available());
            }
            final boolean limited = level.available() <= config.limitedUnits() || StockAttributes.limited(level.attributes());
            if (!winner.band().equals(limited ? AdDecision.BAND_LIMITED : AdDecision.BAND_IN_STOCK))
            {
                problems.add(where + "(a) band " + winner.band() + " for " + level);
            }
            final double perHour = sellThrough.getOrDefault(key(winner.product().skuId(), winner.location().id()), 0.0);
            if (config.oversellHorizonHours() > 0 && perHour > 0 &&
                level.available() - perHour * config.oversellHorizonHours() < minUnits)
            {
                problems.add(where + "(a) oversell guard: " + level.available() + " units selling " + perHour + "/h");
            }
        }

        /** Where the shopper is, as the rules define it. */
        private static final class Shopper
        {
            Location chosen;
            boolean hasGeo;
            double lat;
            double lon;
            Location nearest;
            /** Regions the shopper may be in for shipping: more than one only on a near tie of nearest stores. */
            final Set<String> regions = new HashSet<>();
        }

        private Shopper shopper(final DecisionRequest request)
        {
            final Shopper shopper = new Shopper();
            final Location chosen = null == request.storeId() ? null : locationsByCode.get(request.storeId());
            shopper.chosen = null != chosen && chosen.isStore() ? chosen : null;
            shopper.hasGeo = request.hasGeo();
            shopper.lat = request.lat();
            shopper.lon = request.lon();
            double nearestKm = Double.MAX_VALUE;
            if (null == shopper.chosen && shopper.hasGeo)
            {
                for (final Location store : stores)
                {
                    final double km = distanceKm(shopper, store);
                    if (km <= config.maxPickupRadiusKm() * (1 + DISTANCE_SLACK) && km < nearestKm)
                    {
                        nearestKm = km;
                        shopper.nearest = store;
                    }
                }
            }
            if (null != request.region() && knownRegions.contains(request.region()))
            {
                shopper.regions.add(request.region());
            }
            else if (null != shopper.chosen)
            {
                if (null != shopper.chosen.region())
                {
                    shopper.regions.add(shopper.chosen.region());
                }
            }
            else if (null != shopper.nearest)
            {
                for (final Location store : stores)
                {
                    if (distanceKm(shopper, store) <= nearestKm * (1 + DISTANCE_SLACK) + 0.01 && null != store.region())
                    {
                        shopper.regions.add(store.region());
                    }
                }
            }
            return shopper;
        }

        private static double distanceKm(final Shopper shopper, final Location store)
        {
            if (!shopper.hasGeo || Double.isNaN(store.lat()))
            {
                return Double.NaN;
            }
            return haversineKm(shopper.lat, shopper.lon, store.lat(), store.lon());
        }

        private void checkScope(
            final DecisionRequest request, final Shopper shopper, final AdDecision winner, final String where,
            final List<String> problems)
        {
            final Ad ad = winner.ad().ad;
            final Location location = winner.location();
            final Ad.GeoScope geo = ad.geo();
            if (Fulfilment.PICKUP == winner.mode())
            {
                if (Fulfilment.SHIP == ad.fulfilment())
                {
                    problems.add(where + "(b) pickup for a ship-only ad");
                }
                if (!location.isStore())
                {
                    problems.add(where + "(b) pickup at a warehouse");
                    return;
                }
                final double km = distanceKm(shopper, location);
                if (Double.isNaN(km) != Double.isNaN(winner.distanceKm()) ||
                    Math.abs(km - winner.distanceKm()) > km * DISTANCE_SLACK + 0.01)
                {
                    problems.add(where + "(b) shows " + winner.distanceKm() + " km, the store is " + km + " km away");
                }
                if (null != shopper.chosen)
                {
                    if (location != shopper.chosen)
                    {
                        problems.add(where + "(b) pickup away from the shopper's chosen store " + shopper.chosen.code());
                    }
                }
                else if (!shopper.hasGeo)
                {
                    problems.add(where + "(b) pickup for a shopper with neither a store nor a position");
                }
                else if (Double.isNaN(km) || km > config.maxPickupRadiusKm() * (1 + DISTANCE_SLACK))
                {
                    problems.add(where + "(b) pickup " + km + " km away, beyond the pickup radius " + config.maxPickupRadiusKm());
                }
                else
                {
                    int closer = 0;
                    for (final Location store : stores)
                    {
                        final double other = distanceKm(shopper, store);
                        if (!Double.isNaN(other) && other < km * (1 - DISTANCE_SLACK) - 0.01)
                        {
                            closer++;
                        }
                    }
                    if (closer >= config.maxNearbyStores())
                    {
                        problems.add(where + "(b) pickup at a store with " + closer + " closer stores, more than the " +
                            config.maxNearbyStores() + " nearest considered");
                    }
                }
                if (geo.radiusKm() > 0)
                {
                    if (!Double.isNaN(km) && km > geo.radiusKm() * (1 + DISTANCE_SLACK) + 0.01)
                    {
                        problems.add(where + "(b) pickup " + km + " km away, beyond the ad's radius " + geo.radiusKm());
                    }
                    if (Double.isNaN(km) && location != shopper.chosen)
                    {
                        problems.add(where + "(b) radius ad at a store of unknown distance that is not the chosen store");
                    }
                }
                else if (!geo.stores().isEmpty())
                {
                    if (!geo.stores().contains(location.code()))
                    {
                        problems.add(where + "(b) store not in the ad's store list " + geo.stores());
                    }
                }
                else if (!geo.regions().isEmpty())
                {
                    if (null == location.region() || !geo.regions().contains(location.region()))
                    {
                        problems.add(where + "(b) store in region " + location.region() + ", not in the ad's " + geo.regions());
                    }
                }
            }
            else if (Fulfilment.SHIP == winner.mode())
            {
                if (Fulfilment.PICKUP == ad.fulfilment())
                {
                    problems.add(where + "(b) ship for a pickup-only ad");
                }
                if (location.isStore())
                {
                    problems.add(where + "(b) ship from a store");
                    return;
                }
                boolean serves = false;
                for (final String region : shopper.regions)
                {
                    serves |= location.regions().contains(region) &&
                        (geo.regions().isEmpty() || geo.regions().contains(region));
                }
                if (!serves)
                {
                    problems.add(where + "(b) ships to " + location.regions() + ", the shopper's region is " + shopper.regions +
                        (geo.regions().isEmpty() ? "" : ", the ad's regions " + geo.regions()));
                }
                if (geo.radiusKm() > 0 || !geo.stores().isEmpty())
                {
                    problems.add(where + "(b) ship for an ad scoped to stores (" + geo + ")");
                }
            }
            else
            {
                problems.add(where + "(b) mode " + winner.mode());
            }
        }

        private void checkPrice(
            final AdDecision winner, final AdDecision next, final double floor, final String where, final List<String> problems)
        {
            final double bid = winner.ad().ad.bid().amount();
            final double quality = winner.quality;
            final double price = winner.clearingPrice();
            if (Math.abs(winner.score() - bid * quality) > 1e-9 * Math.max(1, winner.score()))
            {
                problems.add(where + "(e) score " + winner.score() + " is not bid " + bid + " x quality " + quality);
            }
            if (winner.score() < floor)
            {
                problems.add(where + "(e) score " + winner.score() + " below the floor " + floor);
            }
            if (null != next && next.score() > winner.score())
            {
                problems.add(where + "(e) ranked above a higher score " + next.score() + " (" + next.ad().adId() + ")");
            }
            if (price > bid)
            {
                problems.add(where + "(e) clears at " + price + ", above the bid " + bid);
            }
            if (AuctionRule.FIRST_PRICE == config.auctionRule())
            {
                if (price != bid)
                {
                    problems.add(where + "(e) first price clears at " + price + ", not the bid " + bid);
                }
                return;
            }
            if (price < Math.min(bid, floor / quality) - PRICE_SLACK)
            {
                problems.add(where + "(e) clears at " + price + ", below the floor " + floor + " CPM = " + floor / quality +
                    " in the ad's units");
            }
            if (null != next && price < Math.min(bid, next.score() / quality) - PRICE_SLACK)
            {
                problems.add(where + "(e) clears at " + price + ", below the next winner's score " + next.score() + " = " +
                    next.score() / quality + " in the ad's units");
            }
            if (!(price >= 0))
            {
                problems.add(where + "(e) clears at " + price);
            }
        }

        private void checkProductSet(final AdDecision winner, final String where, final List<String> problems)
        {
            final Ad.ProductSet set = winner.ad().ad.products();
            final Product product = winner.product();
            if (productsBySku.get(product.sku()) != product)
            {
                problems.add(where + "(f) product is not the catalog's");
            }
            final boolean inSet = null == set.category() ? set.skus().contains(product.sku()) : under(product.category(), set.category());
            if (!inSet)
            {
                problems.add(where + "(f) product of category " + product.category() + " not in the ad's set " + set);
            }
        }

        private void checkEligible(final DecisionRequest request, final AdDecision winner, final String where, final List<String> problems)
        {
            final Ad ad = winner.ad().ad;
            final Campaign campaign = winner.ad().campaign;
            if (!campaign.active())
            {
                problems.add(where + "(g) campaign is paused");
            }
            if (!ad.channels().isEmpty() && !ad.channels().contains(request.channel()))
            {
                problems.add(where + "(g) ad runs on " + ad.channels() + ", not " + request.channel());
            }
            if (NOW < campaign.flight().start().getEpochSecond() || NOW >= campaign.flight().end().getEpochSecond())
            {
                problems.add(where + "(g) outside the flight " + campaign.flight());
            }
            final long spent = spentMicros.getOrDefault(campaign.id(), 0L);
            final Campaign.Budget budget = campaign.budget();
            if (spent >= micros(budget.total()) || spent >= micros(budget.daily()))
            {
                problems.add(where + "(g) budget " + budget + " spent: " + spent + " micros");
            }
            if (Pacing.EVEN == campaign.pacing() && !Double.isInfinite(budget.daily()))
            {
                final ZonedDateTime start = Instant.ofEpochSecond(NOW).atZone(campaign.flight().zone()).toLocalDate()
                    .atStartOfDay(campaign.flight().zone());
                final long dayStart = start.toEpochSecond();
                final long dayLength = start.plusDays(1).toEpochSecond() - dayStart;
                final double share = Math.min(1.0, (double)(NOW - dayStart + 3600) / dayLength);
                if (spent >= (long)(micros(budget.daily()) * share))
                {
                    problems.add(where + "(g) even pacing allows " + (long)(micros(budget.daily()) * share) + " micros by now, spent " + spent);
                }
            }
            final Ad.Targeting targeting = ad.targeting();
            if (!targeting.pageTypes().isEmpty() && !targeting.pageTypes().contains(request.pageType()))
            {
                problems.add(where + "(g) page type " + request.pageType() + " not in " + targeting.pageTypes());
            }
            if (!targeting.categories().isEmpty() && targeting.categories().stream().noneMatch(c -> under(request.category(), c)))
            {
                problems.add(where + "(g) page category " + request.category() + " not under " + targeting.categories());
            }
            if (!targeting.keywords().isEmpty())
            {
                boolean matched = false;
                for (int i = 0; i < request.keywordCount(); i++)
                {
                    for (final String keyword : targeting.keywords())
                    {
                        matched |= keyword.equalsIgnoreCase(request.keyword(i));
                    }
                }
                if (!matched)
                {
                    problems.add(where + "(g) no page keyword among " + targeting.keywords());
                }
            }
            final String userKey = request.personalization() ? request.userKey() : null;
            final Set<String> held = new HashSet<>();
            if (request.personalization())
            {
                for (int i = 0; i < request.segmentCount(); i++)
                {
                    held.add(request.segment(i));
                }
                if (null != userKey)
                {
                    held.addAll(storedSegments.getOrDefault(userKey, Set.of()));
                }
            }
            if (!segmentRules.get(ad.id()).test(held))
            {
                problems.add(where + "(g) segments " + held + " do not match " + targeting.segments());
            }
            if (null != userKey)
            {
                if (Holdout.isHeldOut(userKey, Holdout.salt(campaign.id()), ad.holdoutShare()))
                {
                    problems.add(where + "(g) shopper is in the campaign's holdout");
                }
                if (null != ad.frequencyCap())
                {
                    final int serial = winner.ad().adDelivery.serial();
                    int seen = 0;
                    for (final long[] impression : impressions.getOrDefault(userKey, List.of()))
                    {
                        if (impression[0] == serial && impression[1] > NOW - ad.frequencyCap().windowSeconds())
                        {
                            seen++;
                        }
                    }
                    if (seen >= ad.frequencyCap().count())
                    {
                        problems.add(where + "(g) frequency cap " + ad.frequencyCap() + " reached: seen " + seen);
                    }
                }
            }
        }

        String describe(final DecisionRequest request, final DecisionResult result)
        {
            final StringBuilder text = new StringBuilder("request: userKey=").append(request.userKey())
                .append(" personalization=").append(request.personalization())
                .append(" storeId=").append(request.storeId())
                .append(" geo=").append(request.hasGeo() ? request.lat() + "," + request.lon() : "none")
                .append(" region=").append(request.region())
                .append(" channel=").append(request.channel())
                .append(" pageType=").append(request.pageType())
                .append(" category=").append(request.category())
                .append('\n');
            for (int p = 0; p < request.placementCount(); p++)
            {
                text.append("  placement ").append(request.placementId(p)).append(' ').append(request.placementSlot(p))
                    .append(" x").append(request.placementCount(p)).append(" floor ").append(config.floorCpm(request.placementSlot(p)))
                    .append('\n');
            }
            text.append("  cart=");
            for (int i = 0; i < request.cartSkuCount(); i++)
            {
                text.append(request.cartSku(i)).append(' ');
            }
            text.append(" order=");
            for (int i = 0; i < request.orderSkuCount(); i++)
            {
                text.append(request.orderSku(i)).append(' ');
            }
            text.append("\nwinners:\n");
            for (int p = 0; p < result.placementCount(); p++)
            {
                for (int k = 0; k < result.winnerCount(p); k++)
                {
                    final AdDecision winner = result.winner(p, k);
                    final StockLevel level = new StockLevel();
                    stock.read(winner.product().skuId(), winner.location().id(), level);
                    text.append("  ").append(result.placementId(p)).append('[').append(k).append("] ").append(winner)
                        .append(" score=").append(winner.score()).append(" quality=").append(winner.quality)
                        .append(" distanceKm=").append(winner.distanceKm()).append(" stock=").append(level)
                        .append("\n    location=").append(winner.location())
                        .append("\n    ad=").append(winner.ad().ad)
                        .append("\n    campaign=").append(winner.ad().campaign.id()).append(' ')
                        .append(winner.ad().advertiserId()).append('\n');
                }
            }
            text.append("config=").append(config).append(" maxSkusPerAd=").append(maxSkusPerAd).append('\n');
            text.append("stores=").append(stores).append("\nwarehouses=").append(warehouses).append('\n');
            return text.toString();
        }

        String summary()
        {
            int ads = 0;
            for (final Campaign campaign : campaigns.values())
            {
                ads += campaign.ads().size();
            }
            return products.size() + " skus, " + stores.size() + " stores, " + warehouses.size() + " warehouses, " +
                campaigns.size() + " campaigns, " + ads + " ads";
        }
    }

    private static List<String> pick(final SplittableRandom random, final String[] values, final int count)
    {
        final List<String> picked = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            final String value = values[random.nextInt(values.length)];
            if (!picked.contains(value))
            {
                picked.add(value);
            }
        }
        return picked;
    }

    private static String categoryPrefix(final SplittableRandom random, final String category)
    {
        final String top = category.split("/")[0];
        switch (random.nextInt(3))
        {
            case 0:
                return top;
            case 1:
                return top + "/";
            default:
                return category;
        }
    }

    /** Whether a category lies under a prefix at a path boundary (the catalog rule, restated). */
    private static boolean under(final String category, final String prefix)
    {
        if (null == category)
        {
            return false;
        }
        final String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        return p.isEmpty() || category.equals(p) || category.startsWith(p + "/");
    }

    private static double cents(final SplittableRandom random, final int fromCents, final int toCents)
    {
        return (fromCents + random.nextInt(toCents - fromCents + 1)) / 100.0;
    }

    private static long micros(final double amount)
    {
        return Double.isInfinite(amount) ? Long.MAX_VALUE : Math.round(amount * 1_000_000.0);
    }

    private static long key(final int skuId, final int locationId)
    {
        return ((long)skuId << 32) | (locationId & 0xFFFF_FFFFL);
    }

    private static double haversineKm(final double lat1, final double lon1, final double lat2, final double lon2)
    {
        final double dLat = Math.toRadians(lat2 - lat1);
        final double dLon = Math.toRadians(lon2 - lon1);
        final double a = Math.pow(Math.sin(dLat / 2), 2) +
            Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    /** Sku ids for the property test's catalogs. */
    static final class SkuIds implements IdMap
    {
        private final Map<String, Integer> ids = new HashMap<>();
        private final List<String> names = new ArrayList<>();

        public int intern(final String name)
        {
            return ids.computeIfAbsent(name, n ->
            {
                names.add(n);
                return names.size() - 1;
            });
        }

        public int idOf(final String name)
        {
            final Integer id = null == name ? null : ids.get(name);
            return null == id ? MISSING : id;
        }

        public String nameOf(final int id)
        {
            return id >= 0 && id < names.size() ? names.get(id) : null;
        }
    }
}
