package com.endcap.server.demo;

import com.endcap.bidder.campaign.Ad;
import com.endcap.bidder.campaign.BidModel;
import com.endcap.bidder.campaign.Campaign;
import com.endcap.bidder.campaign.Channel;
import com.endcap.bidder.campaign.Fulfilment;
import com.endcap.bidder.campaign.Pacing;
import com.endcap.bidder.catalog.Catalog;
import com.endcap.bidder.decision.DecisionEngine;
import com.endcap.bidder.decision.DecisionPorts;
import com.endcap.bidder.decision.DecisionRequest;
import com.endcap.bidder.decision.DecisionResult;
import com.endcap.bidder.decision.EngineConfig;
import com.endcap.bidder.decision.Exclusion;
import com.endcap.bidder.decision.ExclusionReason;
import com.endcap.bidder.delivery.DeliveryLedger;
import com.endcap.bidder.index.AdIndex;
import com.endcap.bidder.location.Location;
import com.endcap.bidder.segment.SegmentDictionary;
import com.endcap.bidder.segment.SegmentStore;
import com.endcap.bidder.segment.TargetingExpression;
import com.endcap.inventory.InventoryStore;
import org.agrona.collections.IntHashSet;
import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class DemoCampaignsTest
{
    private static final Instant NOW = Instant.parse("2026-11-25T17:00:00Z");
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_.:-]+");
    private static final Set<String> OPERATORS = Set.of("AND", "OR", "NOT");

    private static final DemoRetailer RETAILER = DemoRetailer.standard();
    private static final List<Campaign> CAMPAIGNS = DemoCampaigns.generate(RETAILER);

    @TempDir
    Path dir;

    @Test
    void generatesTheSameCampaignsFromTheSameRetailer()
    {
        // when
        final List<Campaign> again = DemoCampaigns.generate(DemoRetailer.standard());

        // then
        assertThat(again).isEqualTo(CAMPAIGNS);
    }

    @Test
    void tenAdvertisersRunFiftyCampaignsOneOfThemPaused()
    {
        // given
        final Map<String, Integer> perAdvertiser = new HashMap<>();

        // when
        CAMPAIGNS.forEach(campaign -> perAdvertiser.merge(campaign.advertiserId(), 1, Integer::sum));

        // then
        assertThat(CAMPAIGNS).hasSize(50);
        assertThat(CAMPAIGNS).extracting(Campaign::id).doesNotHaveDuplicates();
        assertThat(ads()).extracting(Ad::id).doesNotHaveDuplicates();
        assertThat(perAdvertiser).hasSize(10).allSatisfy((advertiser, campaigns) ->
        {
            assertThat(advertiser).matches("adv-[a-z-]+");
            assertThat(campaigns).isEqualTo(5);
        });
        assertThat(CAMPAIGNS).filteredOn(campaign -> !campaign.active()).hasSize(1);
    }

    @Test
    void mostFlightsAreOpenNowAndOneIsOverAndOneNotStarted()
    {
        // when
        final long open = CAMPAIGNS.stream().filter(campaign -> isOpen(campaign, NOW)).count();
        final long over = CAMPAIGNS.stream().filter(campaign -> !campaign.flight().end().isAfter(NOW)).count();
        final long future = CAMPAIGNS.stream().filter(campaign -> campaign.flight().start().isAfter(NOW)).count();

        // then
        assertThat(open).isEqualTo(48);
        assertThat(over).isEqualTo(1);
        assertThat(future).isEqualTo(1);
        assertThat(CAMPAIGNS).allSatisfy(campaign ->
            assertThat(campaign.flight().zone().getId()).isEqualTo("America/New_York"));
    }

    @Test
    void usesEveryTargetingFeature()
    {
        // segments
        assertThat(anyAd(ad -> segments(ad).contains("NOT "))).as("a NOT expression").isTrue();
        assertThat(anyAd(ad -> segments(ad).contains(" AND "))).as("an AND expression").isTrue();
        assertThat(anyAd(ad -> segments(ad).contains(" OR "))).as("an OR expression").isTrue();
        assertThat(anyAd(ad -> segments(ad).contains("("))).as("parentheses").isTrue();
        for (final String tier : DemoShoppers.LOYALTY_TIERS)
        {
            assertThat(anyAd(ad -> segmentNames(ad).contains(tier))).as("targets %s", tier).isTrue();
        }
        for (final String behaviour : List.of("pet-owner", "coffee-lover", "new-parent", "deal-seeker", "lapsed"))
        {
            assertThat(anyAd(ad -> segmentNames(ad).contains(behaviour))).as("targets %s", behaviour).isTrue();
        }
        assertThat(anyAd(ad -> null == ad.targeting().segments())).as("an ad for everyone").isTrue();

        // page context
        for (final String pageType : List.of("home", "product", "category", "cart", "order_confirmation", "search"))
        {
            assertThat(anyAd(ad -> ad.targeting().pageTypes().contains(pageType))).as("page type %s", pageType).isTrue();
        }
        assertThat(anyAd(ad -> !ad.targeting().categories().isEmpty())).as("category prefixes").isTrue();
        assertThat(anyAd(ad -> !ad.targeting().keywords().isEmpty())).as("keywords").isTrue();

        // geo
        assertThat(anyAd(ad -> ad.geo().radiusKm() > 0)).as("radius").isTrue();
        assertThat(anyAd(ad -> !ad.geo().stores().isEmpty())).as("store list").isTrue();
        assertThat(anyAd(ad -> !ad.geo().regions().isEmpty())).as("regions").isTrue();
        assertThat(anyAd(ad -> Ad.GeoScope.ANYWHERE.equals(ad.geo()))).as("anywhere").isTrue();

        // products, fulfilment, units
        assertThat(anyAd(ad -> !ad.products().skus().isEmpty())).as("explicit skus").isTrue();
        assertThat(anyAd(ad -> null != ad.products().category())).as("a category product set").isTrue();
        for (final Fulfilment fulfilment : Fulfilment.values())
        {
            assertThat(anyAd(ad -> fulfilment == ad.fulfilment())).as("fulfilment %s", fulfilment).isTrue();
        }
        assertThat(ads()).extracting(Ad::minUnits).contains(1, 2, 3, 4, 5).allSatisfy(units ->
            assertThat(units).isBetween(1, 5));

        // bids, caps, holdouts, creatives
        assertThat(ads()).filteredOn(ad -> BidModel.CPM == ad.bid().model()).isNotEmpty()
            .allSatisfy(ad -> assertThat(ad.bid().amount()).isBetween(2.0, 15.0));
        assertThat(ads()).filteredOn(ad -> BidModel.CPC == ad.bid().model()).isNotEmpty()
            .allSatisfy(ad -> assertThat(ad.bid().amount()).isBetween(0.2, 1.5));
        assertThat(anyAd(ad -> null != ad.frequencyCap())).as("a frequency cap").isTrue();
        assertThat(ads()).filteredOn(ad -> ad.holdoutShare() > 0).isNotEmpty()
            .allSatisfy(ad -> assertThat(ad.holdoutShare()).isBetween(0.05, 0.1));
        assertThat(anyAd(ad -> null != ad.creative().loyalty() && ad.creative().loyalty().discountPercent() > 0))
            .as("a loyalty variant").isTrue();
        assertThat(anyAd(ad -> "banner".equals(ad.creative().template()))).as("a banner").isTrue();
        assertThat(ads()).filteredOn(Ad::hideUnits).hasSizeBetween(1, 5);

        // campaigns
        assertThat(CAMPAIGNS).anyMatch(campaign -> Pacing.EVEN == campaign.pacing() &&
            Double.isFinite(campaign.budget().daily()));
        assertThat(CAMPAIGNS).anyMatch(campaign -> Pacing.ASAP == campaign.pacing());
        assertThat(CAMPAIGNS).anyMatch(campaign -> Double.isFinite(campaign.budget().total()));
        assertThat(CAMPAIGNS).anyMatch(campaign -> Double.isInfinite(campaign.budget().total()));
        assertThat(CAMPAIGNS).anyMatch(campaign -> Double.isInfinite(campaign.budget().daily()));
        assertThat(CAMPAIGNS).anyMatch(campaign -> campaign.priority() > 0);
    }

    @Test
    void coversEverySlotAndChannelWithValidReferences()
    {
        // given
        final Set<String> slots = new HashSet<>();
        final Set<Channel> channels = new HashSet<>();
        final Set<String> storeCodes = new HashSet<>();
        final Set<String> regions = new HashSet<>();
        RETAILER.stores().forEach(store -> storeCodes.add(store.code()));
        RETAILER.locations().forEach(location ->
        {
            if (null != location.region())
            {
                regions.add(location.region());
            }
            regions.addAll(location.regions());
        });
        final Set<String> knownSegments = new HashSet<>(DemoShoppers.LOYALTY_TIERS);
        knownSegments.addAll(DemoShoppers.BEHAVIOURS);
        final Catalog catalog = new Catalog(RETAILER.catalog(new MapIdMap()));

        // when
        for (final Ad ad : ads())
        {
            slots.addAll(ad.slots());
            channels.addAll(ad.channels());

            // then
            assertThat(DemoCampaigns.SLOTS).containsAll(ad.slots());
            assertThat(ad.channels()).isNotEmpty();
            if (null != ad.targeting().segments())
            {
                TargetingExpression.compile(ad.targeting().segments(), new SegmentDictionary());
                assertThat(knownSegments).as("segments of %s", ad.id()).containsAll(segmentNames(ad));
            }
            if (null != ad.creative().loyalty())
            {
                assertThat(DemoShoppers.LOYALTY_TIERS).contains(ad.creative().loyalty().segment());
            }
            assertThat(storeCodes).containsAll(ad.geo().stores());
            assertThat(regions).containsAll(ad.geo().regions());
            for (final String sku : ad.products().skus())
            {
                assertThat(RETAILER.productIndex(sku)).as("sku %s of %s", sku, ad.id()).isNotNegative();
            }
            if (null != ad.products().category())
            {
                assertThat(catalog.skusUnder(ad.products().category())).as("products of %s", ad.id()).isNotEmpty();
            }
        }
        assertThat(slots).containsExactlyInAnyOrderElementsOf(DemoCampaigns.SLOTS);
        assertThat(channels).containsExactlyInAnyOrder(Channel.values());
    }

    @Test
    void aMemberOfTheVariantsTierCanSeeTheMemberPrice()
    {
        for (final Ad ad : ads())
        {
            if (null == ad.creative().loyalty())
            {
                continue;
            }
            // given a member of the tier with every behavioural segment but lapsed
            final SegmentDictionary dictionary = new SegmentDictionary();
            final IntHashSet member = new IntHashSet();
            member.add(dictionary.intern(ad.creative().loyalty().segment()));
            DemoShoppers.BEHAVIOURS.stream().filter(segment -> !DemoShoppers.LAPSED.equals(segment))
                .forEach(segment -> member.add(dictionary.intern(segment)));

            // when
            final boolean matches = null == ad.targeting().segments() ||
                TargetingExpression.compile(ad.targeting().segments(), dictionary).matches(member);

            // then
            assertThat(matches).as("%s: %s", ad.id(), ad.targeting().segments()).isTrue();
        }
    }

    @Test
    void explicitSkusAreTheAdvertisersOwnProducts()
    {
        for (final Campaign campaign : CAMPAIGNS)
        {
            final Set<String> brands = new HashSet<>();
            campaign.ads().forEach(ad -> ad.products().skus().forEach(sku ->
                brands.add(RETAILER.products().get(RETAILER.productIndex(sku)).brand())));
            assertThat(brands).as("brands of %s", campaign.id()).hasSizeLessThanOrEqualTo(1);
        }
    }

    @Test
    void aTypicalRequestFillsEverySlotAtEveryStore()
    {
        // given the standard retailer's stock, catalog, campaigns and shoppers in a real engine
        final CachedEpochClock clock = new CachedEpochClock();
        clock.update(NOW.toEpochMilli());
        try (InventoryStore store = DemoStores.openWriter(dir))
        {
            final DemoRetailer.Loaded loaded = RETAILER.load(store, clock);
            final SegmentDictionary dictionary = new SegmentDictionary();
            final SegmentStore segments = new SegmentStore(dictionary, 2_000);
            DemoShoppers.load(segments, NOW.getEpochSecond());
            final AdIndex index = AdIndex.build(
                CAMPAIGNS, new Catalog(loaded.catalog()), store.skus(), store.locationRegistry().all(), dictionary,
                new DeliveryLedger(), AdIndex.DEFAULT_MAX_SKUS_PER_AD);
            final DecisionEngine engine = new DecisionEngine(
                EngineConfig.DEFAULTS,
                new DecisionPorts(store.stockView(), segments, dictionary, store.skus(), null, store.sellThroughView(), null),
                clock, index);
            final DecisionRequest request = new DecisionRequest();
            final DecisionResult result = new DecisionResult();
            final String coffee = firstSkuOf("grocery/coffee");
            final String dogFood = firstSkuOf("pet/dog-food");

            for (final Location shop : RETAILER.stores())
            {
                for (final String userKey : new String[] {null, "u-1", "u-2", "u-3"})
                {
                    // when / then
                    decideAndExpectFull(engine, request, result, shop, userKey, 4, "home_carousel", Channel.WEB,
                        r -> r.pageType("home"));
                    decideAndExpectFull(engine, request, result, shop, userKey, 2, "product_sidebar", Channel.WEB,
                        r -> r.pageType("product").category("pet/dog-food"));
                    decideAndExpectFull(engine, request, result, shop, userKey, 2, "product_sidebar", Channel.APP,
                        r -> r.pageType("category").category("electronics/headphones"));
                    decideAndExpectFull(engine, request, result, shop, userKey, 3, "cart_crosssell", Channel.WEB,
                        r -> r.pageType("cart").addCartSku(coffee));
                    decideAndExpectFull(engine, request, result, shop, userKey, 3, "order_confirmation", Channel.WEB,
                        r -> r.pageType("order_confirmation").addOrderSku(dogFood));
                    decideAndExpectFull(engine, request, result, shop, userKey, 3, "search_results", Channel.WEB,
                        r -> r.pageType("search").addKeyword("coffee"));
                    decideAndExpectFull(engine, request, result, shop, userKey, 4, "email_recs", Channel.EMAIL, r ->
                    {
                    });
                }
                decideAndExpectFull(engine, request, result, shop, null, 2, "instore_screen", Channel.INSTORE_SCREEN,
                    r ->
                    {
                    });
            }

            // and a debug request shows why the paused, past and future campaigns do not serve
            request.reset();
            request.addPlacement("p", "email_recs", 20);
            request.channel(Channel.EMAIL).storeId("S001").userKey("u-3").debug(true);
            engine.decide(request, result);
            assertThat(result.winnerCount(0)).isBetween(4, 19);
            assertThat(result.exclusions()).filteredOn(exclusion -> ExclusionReason.FLIGHT == exclusion.reason())
                .extracting(Exclusion::campaignId).hasSize(2);
            assertThat(index.candidates("instore_screen", Channel.INSTORE_SCREEN)).hasSize(9);
        }
    }

    private static void decideAndExpectFull(
        final DecisionEngine engine, final DecisionRequest request, final DecisionResult result, final Location shop,
        final String userKey, final int count, final String slot, final Channel channel,
        final Consumer<DecisionRequest> context)
    {
        request.reset();
        request.addPlacement("p", slot, count);
        request.channel(channel).storeId(shop.code()).userKey(userKey).personalization(true);
        context.accept(request);
        engine.decide(request, result);
        assertThat(result.winnerCount(0)).as("%s for %s at %s %s", slot, userKey, shop.code(), shop.name())
            .isEqualTo(count);
    }

    private static String firstSkuOf(final String category)
    {
        return RETAILER.products().stream().filter(product -> product.category().equals(category)).findFirst()
            .orElseThrow().sku();
    }

    private static boolean isOpen(final Campaign campaign, final Instant now)
    {
        return !campaign.flight().start().isAfter(now) && campaign.flight().end().isAfter(now);
    }

    private static List<Ad> ads()
    {
        final List<Ad> ads = new ArrayList<>();
        CAMPAIGNS.forEach(campaign -> ads.addAll(campaign.ads()));
        return ads;
    }

    private static boolean anyAd(final Predicate<Ad> test)
    {
        return ads().stream().anyMatch(test);
    }

    private static String segments(final Ad ad)
    {
        return null == ad.targeting().segments() ? "" : ad.targeting().segments();
    }

    private static Set<String> segmentNames(final Ad ad)
    {
        final Set<String> names = new HashSet<>();
        final Matcher matcher = WORD.matcher(segments(ad));
        while (matcher.find())
        {
            if (!OPERATORS.contains(matcher.group()))
            {
                names.add(matcher.group());
            }
        }
        return names;
    }
}
