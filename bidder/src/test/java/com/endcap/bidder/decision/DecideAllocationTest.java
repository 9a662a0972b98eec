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
import com.endcap.bidder.index.AdIndex;
import com.endcap.bidder.index.Holdout;
import com.endcap.bidder.location.Location;
import com.endcap.bidder.segment.Allocations;
import com.endcap.bidder.segment.SegmentDictionary;
import com.endcap.bidder.segment.SegmentStore;
import com.endcap.bidder.stock.InMemoryStockView;
import com.endcap.bidder.stock.SellThroughView;
import com.endcap.bidder.stock.StockAttributes;
import com.endcap.bidder.stock.StorePriceView;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DecisionEngine#decide} allocates nothing in steady state, measured with the per-thread
 * allocation counter over {@value #CALLS} calls after as many warm-up calls, for requests that
 * reach every per-request feature: a user key with stored and request segments, the shopper's
 * store and position (or the position alone, or a post-purchase page), several placements, CPM
 * and CPC ads, the loyalty member variant, a holdout, frequency caps, even pacing, store prices
 * and the oversell guard.
 * <p>
 * The ports here are allocation-free (primitive maps), unlike {@link DecisionFixture}'s, whose
 * boxed map keys would be counted against the engine.
 * <p>
 * Budget: under 1 byte per call on average, i.e. under {@value #CALLS} bytes in all. A single
 * allocation on the path would cost at least 16 bytes per call, so the budget only absorbs
 * one-off costs, never a per-call object. The one-off seen: with the JIT on, the calling thread
 * now and then allocates a 24-byte String and its 64-byte array (88 bytes, a few times per run at
 * most) while tiered compilation moves the path between tiers; a JFR profile with
 * {@code -XX:-UseTLAB} places them at call sites that allocate nothing, and under {@code -Xint}
 * every measurement is exactly 0 bytes, so the engine's own code allocates nothing, without
 * relying on escape analysis.
 */
class DecideAllocationTest
{
    static final int CALLS = 10_000;

    private static final long NOW_MILLIS = Instant.parse("2026-11-25T12:00:00Z").toEpochMilli();
    private static final long NOW = NOW_MILLIS / 1000;
    private static final String USER = "u-8812";
    private static final String[] CATEGORIES = {"pet/dog-food", "pet/treats", "pet/treats/chews", "grocery/coffee", "home/cleaning"};

    private final SkuIds skuIds = new SkuIds();
    private final List<Product> products = new ArrayList<>();
    private final List<Location> locations = new ArrayList<>();
    private final List<Campaign> campaigns = new ArrayList<>();
    private final InMemoryStockView stock = new InMemoryStockView();
    private final Long2LongHashMap sellThroughBits = new Long2LongHashMap(Double.doubleToLongBits(0.0));
    private final Long2ObjectHashMap<long[]> storePrices = new Long2ObjectHashMap<>();
    private final SegmentDictionary dictionary = new SegmentDictionary();
    private final SegmentStore segments = new SegmentStore(dictionary, 100);
    private final DeliveryLedger ledger = new DeliveryLedger();

    /** The request shapes measured. */
    enum Shape
    {
        /** The shopper's store and position: pickup there, ship to its region. */
        STORE_AND_GEO,
        /** Position only: the nearest stores are searched. */
        GEO_ONLY,
        /** Order confirmation: ordered skus excluded, their complements boosted, ship by region. */
        POST_PURCHASE
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void decideAllocatesNothingInSteadyState(final Shape shape)
    {
        // given
        final DecisionEngine target = engine();
        final DecisionRequest request = request(shape);
        final DecisionResult result = new DecisionResult();
        target.decide(request, result);
        assertReachesEveryFeature(shape, result);
        final Runnable decide = () -> target.decide(request, result);

        // when
        final long bytes = Allocations.bytesAllocatedBy(CALLS, decide);

        // then
        System.out.println("DecideAllocationTest: " + shape + " allocated " + bytes + " bytes over " + CALLS + " decisions");
        assertThat((double)bytes / CALLS)
            .as("bytes per decide (%d bytes over %d calls), shape %s", bytes, CALLS, shape)
            .isLessThan(1.0);
        assertReachesEveryFeature(shape, result);
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void debugDecideAllocatesWhichShowsTheCounterSeesTheEngine(final Shape shape)
    {
        // given
        final DecisionEngine target = engine();
        final DecisionRequest request = request(shape).debug(true);
        final DecisionResult result = new DecisionResult();
        final Runnable decide = () -> target.decide(request, result);

        // when
        final long bytes = Allocations.bytesAllocatedBy(1_000, decide);

        // then
        assertThat(bytes / 1_000).as("bytes per debug decide, shape %s", shape).isGreaterThan(100);
    }

    private static void assertReachesEveryFeature(final Shape shape, final DecisionResult result)
    {
        assertThat(result.placementCount()).isEqualTo(3);
        int winners = 0;
        boolean cpc = false;
        boolean cpm = false;
        boolean member = false;
        boolean pickup = false;
        boolean ship = false;
        for (int p = 0; p < result.placementCount(); p++)
        {
            assertThat(result.winnerCount(p)).as("winners of %s", result.placementId(p)).isPositive();
            for (int k = 0; k < result.winnerCount(p); k++)
            {
                final AdDecision winner = result.winner(p, k);
                winners++;
                cpc |= BidModel.CPC == winner.ad().bidModel;
                cpm |= BidModel.CPM == winner.ad().bidModel;
                member |= winner.memberVariant();
                pickup |= Fulfilment.PICKUP == winner.mode();
                ship |= Fulfilment.SHIP == winner.mode();
            }
        }
        final String decided = describe(result);
        assertThat(winners).as(decided).isGreaterThanOrEqualTo(5);
        assertThat(cpc).as("a CPC winner in %s", decided).isTrue();
        assertThat(cpm).as("a CPM winner in %s", decided).isTrue();
        assertThat(member).as("a loyalty member variant in %s", decided).isTrue();
        assertThat(ship).as("a ship winner in %s", decided).isTrue();
        if (Shape.POST_PURCHASE != shape)
        {
            assertThat(pickup).as("a pickup winner in %s", decided).isTrue();
        }
        assertThat(result.heldOutCount()).as("a campaign holding the shopper out in %s", decided).isPositive();
        assertThat(result.userKey()).isEqualTo(USER);
    }

    private static String describe(final DecisionResult result)
    {
        final StringBuilder text = new StringBuilder();
        for (int p = 0; p < result.placementCount(); p++)
        {
            text.append('\n').append(result.placementId(p)).append(':');
            for (int k = 0; k < result.winnerCount(p); k++)
            {
                final AdDecision winner = result.winner(p, k);
                text.append(' ').append(winner).append(winner.memberVariant() ? " member" : "");
            }
        }
        return text.toString();
    }

    private DecisionRequest request(final Shape shape)
    {
        final DecisionRequest request = new DecisionRequest();
        request.addPlacement("pdp-sidebar", "product_sidebar", 3);
        request.addPlacement("pdp-grid", "search_grid", 2);
        request.addPlacement("pdp-upsell", "cart_upsell", 2);
        request.userKey(USER).channel(Channel.WEB).region("NY").pageType("product").category("pet/dog-food");
        request.addSegment("web-visitor");
        request.addSegment("pet-owner");
        request.addKeyword("kibble");
        switch (shape)
        {
            case STORE_AND_GEO:
                request.storeId("S000").geo(40.7420, -73.9890);
                request.addCartSku(sku(0));
                request.addCartSku(sku(1));
                break;
            case GEO_ONLY:
                request.geo(40.7520, -73.9800);
                request.addCartSku(sku(2));
                break;
            case POST_PURCHASE:
                request.pageType("order_confirmation");
                request.addOrderSku(sku(0));
                request.addOrderSku(sku(5));
                break;
            default:
                throw new IllegalArgumentException(shape.name());
        }
        return request;
    }

    private DecisionEngine engine()
    {
        for (int i = 0; i < 60; i++)
        {
            final String category = CATEGORIES[i % CATEGORIES.length];
            final String sku = sku(i);
            products.add(new Product(skuIds.intern(sku), sku, null, "Product " + sku, 999 + 37L * i,
                i % 4 == 0 ? 899 + 30L * i : Product.NO_PRICE, "USD", category, null, null,
                category.startsWith("pet/dog") ? List.of("pet/treats") : List.of()));
        }
        for (int s = 0; s < 12; s++)
        {
            locations.add(Location.store(s, String.format("S%03d", s), "Store " + s, 40.70 + 0.01 * s, -74.02 + 0.008 * s,
                "America/New_York", s % 3 == 2 ? "NJ" : "NY"));
        }
        locations.add(Location.warehouse(12, "DC-EAST", "East DC", List.of("NY", "NJ"), 2));
        locations.add(Location.warehouse(13, "DC-NORTH", "North DC", List.of("NY", "CT"), 1));
        for (final Product product : products)
        {
            for (final Location location : locations)
            {
                final int id = product.skuId() * 31 + location.id();
                final int units = id % 11 == 0 ? 0 : 2 + id % 9;
                final int attributes = StockAttributes.pack(id % 13 == 0, id % 17 == 0, 1 + id % 3, 1);
                final long updatedAt = id % 19 == 0 ? NOW - 3 * 86_400 : NOW - id % 7_200;
                stock.put(product.skuId(), location.id(), units + 1, 1, 0, attributes, updatedAt);
                if (id % 5 == 0)
                {
                    sellThroughBits.put(key(product.skuId(), location.id()), Double.doubleToLongBits(0.5 + id % 3));
                }
                if (id % 7 == 0)
                {
                    storePrices.put(key(product.skuId(), location.id()), new long[] {product.priceCents() - 50, -1});
                }
            }
        }
        assertThat(segments.put(USER, List.of("pet-owner", "loyalty-gold", "dog", "coffee-lover", "new-parent"), 86_400, NOW))
            .isEqualTo(5);

        final Ad.Creative loyalty = new Ad.Creative("product_card", "Fresh stock near you", null,
            new Ad.LoyaltyVariant("loyalty-gold", 10, "Members save 10%"));
        final String heldOutCampaign = campaignHoldingOut(USER, 0.5);
        campaigns.add(campaign("cmp-food", "adv-purina", Pacing.ASAP, Campaign.Budget.unlimited(),
            ad("ad-food", List.of("product_sidebar", "search_grid"), "pet-owner AND NOT lapsed", Ad.GeoScope.radius(10),
                skus(0, 5, 10, 15, 20, 25, 30), Fulfilment.ANY, 2, new Ad.Bid(BidModel.CPM, 8.0), null, 0, loyalty)));
        campaigns.add(campaign("cmp-treats", "adv-treats", Pacing.EVEN, new Campaign.Budget(1_000, 100, "USD"),
            ad("ad-treats", List.of("product_sidebar", "cart_upsell"), "dog OR cat", Ad.GeoScope.ANYWHERE,
                Ad.ProductSet.category("pet/treats"), Fulfilment.PICKUP, 1, new Ad.Bid(BidModel.CPC, 2.50),
                new Ad.FrequencyCap(5, 86_400), 0, Ad.Creative.DEFAULT)));
        campaigns.add(campaign("cmp-ship", "adv-ship", Pacing.ASAP, Campaign.Budget.unlimited(),
            ad("ad-ship", List.of("product_sidebar", "search_grid", "cart_upsell"), null,
                new Ad.GeoScope(0, List.of(), List.of("NY", "CT")), Ad.ProductSet.category("grocery"), Fulfilment.SHIP, 3,
                new Ad.Bid(BidModel.CPM, 6.5), null, 0.05, loyalty)));
        campaigns.add(campaign(heldOutCampaign, "adv-held", Pacing.ASAP, Campaign.Budget.unlimited(),
            ad("ad-held", List.of("product_sidebar", "search_grid", "cart_upsell"), null, Ad.GeoScope.ANYWHERE,
                Ad.ProductSet.category("pet"), Fulfilment.ANY, 1, new Ad.Bid(BidModel.CPM, 30.0), null, 0.5,
                Ad.Creative.DEFAULT)));
        campaigns.add(campaign("cmp-capped", "adv-capped", Pacing.ASAP, Campaign.Budget.unlimited(),
            ad("ad-capped", List.of("product_sidebar", "search_grid"), null, Ad.GeoScope.ANYWHERE, skus(1, 2, 3, 4),
                Fulfilment.ANY, 1, new Ad.Bid(BidModel.CPM, 25.0), new Ad.FrequencyCap(1, 86_400), 0, Ad.Creative.DEFAULT)));
        campaigns.add(campaign("cmp-clean", "adv-clean", Pacing.ASAP, Campaign.Budget.unlimited(),
            ad("ad-clean", List.of("search_grid", "cart_upsell"), null,
                new Ad.GeoScope(0, List.of("S000", "S001", "S003", "S004"), List.of()), Ad.ProductSet.category("home"),
                Fulfilment.PICKUP, 2, new Ad.Bid(BidModel.CPC, 0.40), null, 0.1, Ad.Creative.DEFAULT)));
        for (int i = 0; i < 24; i++)
        {
            final boolean cpc = i % 2 == 0;
            campaigns.add(campaign("cmp-" + i, "adv-" + i % 8, i % 3 == 0 ? Pacing.EVEN : Pacing.ASAP,
                i % 3 == 0 ? new Campaign.Budget(500, 50, "USD") : Campaign.Budget.unlimited(),
                ad("ad-" + i, List.of(new String[] {"product_sidebar", "search_grid", "cart_upsell"}[i % 3]),
                    i % 4 == 0 ? "coffee-lover AND NOT lapsed" : null,
                    i % 5 == 0 ? Ad.GeoScope.radius(3) : Ad.GeoScope.ANYWHERE,
                    i % 2 == 0 ? Ad.ProductSet.category(CATEGORIES[i % CATEGORIES.length]) : skus(i, i + 1, i + 7, i + 13),
                    Fulfilment.values()[i % 3], 1 + i % 4,
                    cpc ? new Ad.Bid(BidModel.CPC, 0.5 + 0.1 * i) : new Ad.Bid(BidModel.CPM, 2.0 + 0.5 * i),
                    i % 6 == 0 ? new Ad.FrequencyCap(3, 3_600) : null, i % 7 == 0 ? 0.2 : 0,
                    i % 4 == 1 ? loyalty : Ad.Creative.DEFAULT)));
        }

        final AdIndex index = AdIndex.build(campaigns, new Catalog(products), skuIds, locations, dictionary, ledger,
            AdIndex.DEFAULT_MAX_SKUS_PER_AD);
        ledger.frequency().record(USER, ledger.ad("ad-capped").serial(), NOW - 600);
        ledger.frequency().record(USER, ledger.ad("ad-treats").serial(), NOW - 600);
        ledger.campaign("cmp-treats", ZoneId.of("UTC")).recordSpend(10_000_000, NOW - 60);

        final DecisionPorts ports = new DecisionPorts(
            stock, segments, dictionary, skuIds, ledger.frequency(),
            (SellThroughView)(skuId, locationId) -> Double.longBitsToDouble(sellThroughBits.get(key(skuId, locationId))),
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
        final EngineConfig config = EngineConfig.DEFAULTS.withSlotFloorsCpm(Map.of("product_sidebar", 1.0, "cart_upsell", 0.5));
        return new DecisionEngine(config, ports, () -> NOW_MILLIS, index);
    }

    /** A campaign id whose holdout of {@code share} takes in {@code userKey}. */
    private static String campaignHoldingOut(final String userKey, final double share)
    {
        for (int i = 0; ; i++)
        {
            final String id = "cmp-holdout-" + i;
            if (Holdout.isHeldOut(userKey, Holdout.salt(id), share))
            {
                return id;
            }
        }
    }

    private static Campaign campaign(
        final String id, final String advertiserId, final Pacing pacing, final Campaign.Budget budget, final Ad ad)
    {
        return new Campaign(id, advertiserId, id, true, budget,
            new Campaign.Flight(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-12-31T23:59:59Z"), ZoneId.of("UTC")),
            pacing, 0, List.of(ad));
    }

    private static Ad ad(
        final String id, final List<String> slots, final String segments, final Ad.GeoScope geo, final Ad.ProductSet products,
        final Fulfilment fulfilment, final int minUnits, final Ad.Bid bid, final Ad.FrequencyCap cap, final double holdout,
        final Ad.Creative creative)
    {
        return new Ad(id, slots, Set.of(Channel.WEB, Channel.APP),
            new Ad.Targeting(segments, List.of(), List.of(), List.of()), geo, products, fulfilment, minUnits, bid, cap,
            holdout, creative, 0.005, false);
    }

    private static Ad.ProductSet skus(final int... indexes)
    {
        final List<String> skus = new ArrayList<>();
        for (final int i : indexes)
        {
            skus.add(sku(i % 60));
        }
        return new Ad.ProductSet(skus, null);
    }

    private static String sku(final int i)
    {
        return Integer.toString(500_000 + i);
    }

    private static long key(final int skuId, final int locationId)
    {
        return ((long)skuId << 32) | (locationId & 0xFFFF_FFFFL);
    }

    /** Sku ids whose lookups do not allocate: the request's strings hash once and are cached. */
    private static final class SkuIds implements com.endcap.bidder.ids.IdMap
    {
        private final Map<String, Integer> ids = new java.util.HashMap<>();
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
            final Integer id = ids.get(name);
            return null == id ? MISSING : id;
        }

        public String nameOf(final int id)
        {
            return id >= 0 && id < names.size() ? names.get(id) : null;
        }
    }
}
