package com.endcap.bidder.decision;

import com.endcap.bidder.campaign.Ad;
import com.endcap.bidder.campaign.BidModel;
import com.endcap.bidder.campaign.Channel;
import com.endcap.bidder.campaign.Fulfilment;
import com.endcap.bidder.campaign.Pacing;
import com.endcap.bidder.delivery.DeliveryLedger;
import com.endcap.bidder.index.Holdout;
import com.endcap.bidder.stock.StockAttributes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static com.endcap.bidder.decision.DecisionFixture.BOSTON;
import static com.endcap.bidder.decision.DecisionFixture.MAIN_ST;
import static com.endcap.bidder.decision.DecisionFixture.NOW;
import static com.endcap.bidder.decision.DecisionFixture.ad;
import static com.endcap.bidder.decision.DecisionFixture.campaign;
import static com.endcap.bidder.decision.DecisionFixture.requestAtMainSt;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One case per exclusion reason: the same ad and request as a baseline that fills, with one
 * thing changed, must not fill and must report that reason under debug. The baseline itself is
 * checked to fill, so every case can fail.
 */
class EligibilityTest
{
    private static final String SKU = "100871";
    private static final String USER = "u-8812";

    /** A case: what to change on the ad, the fixture, and the request. */
    private record Case(
        ExclusionReason reason,
        Consumer<DecisionFixture.CampaignBuilder> campaign,
        Consumer<DecisionFixture.AdBuilder> ad,
        Consumer<DecisionFixture> world,
        Consumer<DecisionRequest> request)
    {
    }

    static Stream<Arguments> cases()
    {
        return Stream.of(
            new Case(ExclusionReason.FLIGHT,
                c -> c.flight("2026-12-01T00:00:00Z", "2026-12-31T00:00:00Z", "UTC"), a -> { }, f -> { }, r -> { }),
            new Case(ExclusionReason.FLIGHT,
                c -> c.flight("2026-01-01T00:00:00Z", "2026-11-25T12:00:00Z", "UTC"), a -> { }, f -> { }, r -> { }),
            new Case(ExclusionReason.BUDGET,
                c -> c.budget(10, 100), a -> { }, f -> spend(f, 10.0), r -> { }),
            new Case(ExclusionReason.BUDGET,
                c -> c.budget(1000, 5), a -> { }, f -> spend(f, 5.0), r -> { }),
            new Case(ExclusionReason.PACING,
                c -> c.budget(1000, 24).pacing(Pacing.EVEN), a -> { }, f -> spend(f, 14.0), r -> { }),
            new Case(ExclusionReason.FREQUENCY_CAP,
                c -> { }, a -> a.cap(2, 3600), f -> impressions(f, 2), r -> { }),
            new Case(ExclusionReason.CHANNEL,
                c -> { }, a -> a.channels(Channel.APP, Channel.EMAIL), f -> { }, r -> { }),
            new Case(ExclusionReason.CONTEXT,
                c -> { }, a -> a.targeting(null, List.of("cart"), List.of(), List.of()), f -> { }, r -> r.pageType("product")),
            new Case(ExclusionReason.CONTEXT,
                c -> { }, a -> a.targeting(null, List.of(), List.of("grocery/"), List.of()), f -> { },
                r -> r.category("pet/dog-food")),
            new Case(ExclusionReason.CONTEXT,
                c -> { }, a -> a.targeting(null, List.of(), List.of(), List.of("kibble")), f -> { }, r -> r.addKeyword("leash")),
            new Case(ExclusionReason.SEGMENTS,
                c -> { }, a -> a.segments("pet-owner AND NOT lapsed"), f -> f.segments(USER, "pet-owner", "lapsed"), r -> { }),
            new Case(ExclusionReason.GEO,
                c -> { }, a -> a.geo(new Ad.GeoScope(0, List.of(BOSTON.code()), List.of())), f -> { }, r -> { }),
            new Case(ExclusionReason.GEO,
                c -> { }, a -> a.geo(new Ad.GeoScope(0, List.of(), List.of("MA"))), f -> { }, r -> { }),
            new Case(ExclusionReason.GEO,
                c -> { }, a -> { }, f -> { }, r -> r.storeId(null)),
            new Case(ExclusionReason.HOLDOUT,
                c -> { }, a -> a.holdout(0.5), f -> { }, r -> r.userKey(heldOutUser())),
            new Case(ExclusionReason.OUT_OF_STOCK,
                c -> { }, a -> { }, f -> f.stock(SKU, MAIN_ST, 0), r -> { }),
            new Case(ExclusionReason.OUT_OF_STOCK,
                c -> { }, a -> a.minUnits(5), f -> f.stock(SKU, MAIN_ST, 4), r -> { }),
            new Case(ExclusionReason.OUT_OF_STOCK,
                c -> { }, a -> { }, f -> f.stockAt(SKU, MAIN_ST, 40, NOW - 2 * 86_400), r -> { }),
            new Case(ExclusionReason.OUT_OF_STOCK,
                c -> { }, a -> { }, f -> f.stock(SKU, MAIN_ST, 40, StockAttributes.NO_PICKUP), r -> { }),
            new Case(ExclusionReason.OUT_OF_STOCK,
                c -> { }, a -> a.fulfilment(Fulfilment.SHIP), f -> { }, r -> { }),
            new Case(ExclusionReason.OVERSELL_GUARD,
                c -> { }, a -> { }, f -> f.sellThrough(SKU, MAIN_ST, 30.0), r -> { }),
            new Case(ExclusionReason.NO_PRODUCT,
                c -> { }, a -> { }, f -> { }, r -> r.addCartSku(SKU)),
            new Case(ExclusionReason.NO_PRODUCT,
                c -> { }, a -> a.skus("not-in-catalog"), f -> { }, r -> { }),
            new Case(ExclusionReason.BELOW_FLOOR,
                c -> { }, a -> a.bid(BidModel.CPM, 1.5), f -> f.config(EngineConfig.DEFAULTS.withSlotFloorsCpm(
                    Map.of("product_sidebar", 2.0))), r -> { })
        ).map(c -> Arguments.of(c.reason().wireName(), c));
    }

    @ParameterizedTest(name = "{0}: {index}")
    @MethodSource("cases")
    void decideExcludesAdWithReason(final String name, final Case c)
    {
        // given: the baseline fills
        final DecisionFixture baseline = world(b -> { }, a -> { }, f -> { });
        assertThat(baseline.decide(request(r -> { })).winnerCount(0)).as("baseline fills").isEqualTo(1);
        final DecisionFixture fixture = world(c.campaign(), c.ad(), c.world());

        // when
        final DecisionResult result = fixture.decide(request(c.request()));

        // then
        assertThat(result.winnerCount(0)).isZero();
        assertThat(result.exclusions()).extracting(Exclusion::reason).containsExactly(c.reason());
        assertThat(result.exclusions().get(0).adId()).isEqualTo("ad-1");
        assertThat(result.exclusions().get(0).detail()).isNotBlank();
    }

    @ParameterizedTest(name = "{0}: {index}")
    @MethodSource("cases")
    void decideFillsTheSameWithoutDebug(final String name, final Case c)
    {
        // given
        final DecisionFixture fixture = world(c.campaign(), c.ad(), c.world());
        final DecisionRequest request = request(c.request()).debug(false);

        // when
        final DecisionResult result = fixture.decide(request);

        // then
        assertThat(result.winnerCount(0)).isZero();
        assertThat(result.exclusions()).isEmpty();
    }

    private static DecisionFixture world(
        final Consumer<DecisionFixture.CampaignBuilder> campaign, final Consumer<DecisionFixture.AdBuilder> ad,
        final Consumer<DecisionFixture> world)
    {
        final DecisionFixture fixture = new DecisionFixture();
        fixture.product(SKU, "pet/dog-food", 5499);
        fixture.stock(SKU, MAIN_ST, 40);
        final DecisionFixture.AdBuilder adBuilder = ad("ad-1").skus(SKU);
        ad.accept(adBuilder);
        final DecisionFixture.CampaignBuilder campaignBuilder = campaign("cmp-1");
        campaign.accept(campaignBuilder);
        fixture.campaign(campaignBuilder.ad(adBuilder).build());
        world.accept(fixture);
        fixture.engine();
        return fixture;
    }

    private static DecisionRequest request(final Consumer<DecisionRequest> change)
    {
        final DecisionRequest request = requestAtMainSt("product_sidebar", 1).userKey(USER).debug(true);
        change.accept(request);
        return request;
    }

    private static void spend(final DecisionFixture fixture, final double amount)
    {
        fixture.engine();
        fixture.ledger().campaign("cmp-1", ZoneOffset.UTC).recordSpend(DeliveryLedger.toMicros(amount), NOW);
    }

    private static void impressions(final DecisionFixture fixture, final int count)
    {
        fixture.engine();
        for (int i = 0; i < count; i++)
        {
            fixture.ledger().recordImpression("cmp-1", "ad-1", USER, BidModel.CPM, 5.0, NOW - 60);
        }
    }

    private static String heldOutUser()
    {
        final long salt = Holdout.salt("cmp-1");
        for (int u = 0; ; u++)
        {
            if (Holdout.isHeldOut("user-" + u, salt, 0.5))
            {
                return "user-" + u;
            }
        }
    }
}
