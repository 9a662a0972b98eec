package com.endcap.bidder.decision;

import com.endcap.bidder.campaign.Ad;
import com.endcap.bidder.campaign.BidModel;
import com.endcap.bidder.campaign.Channel;
import com.endcap.bidder.campaign.Fulfilment;
import com.endcap.bidder.campaign.Pacing;
import com.endcap.bidder.delivery.DeliveryLedger;
import com.endcap.bidder.index.Holdout;
import com.endcap.bidder.stock.StockAttributes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.endcap.bidder.decision.DecisionFixture.DC_EAST;
import static com.endcap.bidder.decision.DecisionFixture.HOBOKEN;
import static com.endcap.bidder.decision.DecisionFixture.MAIN_ST;
import static com.endcap.bidder.decision.DecisionFixture.NOW;
import static com.endcap.bidder.decision.DecisionFixture.OAK_AVE;
import static com.endcap.bidder.decision.DecisionFixture.ad;
import static com.endcap.bidder.decision.DecisionFixture.campaign;
import static com.endcap.bidder.decision.DecisionFixture.requestAtMainSt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Happy paths, availability messages, ranking and pricing, and the connected-commerce behaviours
 * (post-purchase, oversell guard, holdout, loyalty). Eligibility reasons one by one are in
 * {@link EligibilityTest}.
 */
class DecisionEngineTest
{
    private final DecisionFixture fixture = new DecisionFixture();

    @BeforeEach
    void catalog()
    {
        fixture.product("100871", "pet/dog-food", 5499, "pet/treats");
        fixture.product("100872", "pet/dog-food", 4999);
        fixture.product("200001", "pet/treats", 899);
        fixture.product("200002", "pet/treats/chews", 1299);
        fixture.product("300001", "grocery/coffee", 1099);
    }

    @Test
    void decideShowsLimitedPickupAtTheShoppersStore()
    {
        // given
        fixture.stock("100871", MAIN_ST, 3);
        fixture.campaign(campaign("cmp-1").ad(ad("ad-1").skus("100871")).build());

        // when
        final DecisionResult result = fixture.decide(requestAtMainSt("product_sidebar", 1));

        // then
        assertThat(result.winnerCount(0)).isEqualTo(1);
        final AdDecision winner = result.winner(0, 0);
        assertThat(winner.ad().adId()).isEqualTo("ad-1");
        assertThat(winner.product().sku()).isEqualTo("100871");
        assertThat(winner.mode()).isEqualTo(Fulfilment.PICKUP);
        assertThat(winner.location().code()).isEqualTo("S001");
        assertThat(winner.units()).isEqualTo(3);
        assertThat(winner.band()).isEqualTo("limited");
        assertThat(winner.message()).isEqualTo("Only 3 left at Main St — pick up today");
    }

    @Test
    void decideShowsInStockBandWithPickupSlaFromTheFeed()
    {
        // given
        fixture.stock("100871", MAIN_ST, 40, StockAttributes.pack(false, false, StockAttributes.SLA_NEXT_DAY, 0));
        fixture.campaign(campaign("cmp-1").ad(ad("ad-1").skus("100871")).build());

        // when
        final AdDecision winner = fixture.decide(requestAtMainSt("product_sidebar", 1)).winner(0, 0);

        // then
        assertThat(winner.band()).isEqualTo("in_stock");
        assertThat(winner.message()).isEqualTo("In stock at Main St — pick up tomorrow");
    }

    @Test
    void decideHidesUnitsWhenTheAdSaysSo()
    {
        // given
        fixture.stock("100871", MAIN_ST, 2);
        fixture.campaign(campaign("cmp-1").ad(ad("ad-1").skus("100871").hideUnits(true)).build());

        // when
        final AdDecision winner = fixture.decide(requestAtMainSt("product_sidebar", 1)).winner(0, 0);

        // then
        assertThat(winner.showUnits()).isFalse();
        assertThat(winner.message()).isEqualTo("Limited stock at Main St — pick up today");
    }

    @Test
    void decideFindsTheNearestStoreWithStockFromGeo()
    {
        // given: Main St (nearest) is sold out, Oak Ave has plenty
        fixture.stock("100871", MAIN_ST, 0);
        fixture.stock("100871", OAK_AVE, 30);
        fixture.stock("100871", HOBOKEN, 30);
        fixture.campaign(campaign("cmp-1").ad(ad("ad-1").skus("100871").geo(Ad.GeoScope.radius(10))).build());
        final DecisionRequest request = new DecisionRequest();
        request.addPlacement("p1", "product_sidebar", 1);
        request.geo(MAIN_ST.lat(), MAIN_ST.lon());

        // when
        final AdDecision winner = fixture.decide(request).winner(0, 0);

        // then
        assertThat(winner.location().code()).isEqualTo("S002");
        assertThat(winner.distanceKm()).isBetween(1.5, 3.0);
        assertThat(winner.message()).matches("In stock at Oak Ave, \\d\\.\\d km");
    }

    @Test
    void decideDoesNotPickUpBeyondTheAdsRadius()
    {
        // given: only Hoboken (about 3.6 km) has it, the ad reaches 2 km
        fixture.stock("100871", HOBOKEN, 30);
        fixture.campaign(campaign("cmp-1").ad(ad("ad-1").skus("100871").geo(Ad.GeoScope.radius(2))).build());
        final DecisionRequest request = new DecisionRequest();
        request.addPlacement("p1", "product_sidebar", 1);
        request.geo(MAIN_ST.lat(), MAIN_ST.lon()).debug(true);

        // when
        final DecisionResult result = fixture.decide(request);

        // then
        assertThat(result.winnerCount(0)).isZero();
        assertThat(result.exclusions()).extracting(Exclusion::reason).containsExactly(ExclusionReason.OUT_OF_STOCK);
    }

    @Test
    void decideShipsFromTheWarehouseServingTheShoppersRegion()
    {
        // given
        fixture.stock("100871", DC_EAST, 500);
        fixture.campaign(campaign("cmp-1").ad(ad("ad-1").skus("100871").fulfilment(Fulfilment.SHIP)).build());

        // when
        final AdDecision winner = fixture.decide(requestAtMainSt("product_sidebar", 1)).winner(0, 0);

        // then
        assertThat(winner.mode()).isEqualTo(Fulfilment.SHIP);
        assertThat(winner.location().code()).isEqualTo("DC-EAST");
        assertThat(winner.message()).isEqualTo("Ships in 2 days");
    }

    @Test
    void decideWithFulfilmentAnyPrefersPickupThenFallsBackToShipping()
    {
        // given
        fixture.stock("100871", DC_EAST, 500);
        fixture.stock("100871", MAIN_ST, 9);
        fixture.campaign(campaign("cmp-1").ad(ad("ad-1").skus("100871").fulfilment(Fulfilment.ANY)).build());

        // when
        final AdDecision pickup = fixture.decide(requestAtMainSt("product_sidebar", 1)).winner(0, 0);
        fixture.stock("100871", MAIN_ST, 0);
        final AdDecision ship = fixture.decide(requestAtMainSt("product_sidebar", 1)).winner(0, 0);

        // then
        assertThat(pickup.mode()).isEqualTo(Fulfilment.PICKUP);
        assertThat(ship.mode()).isEqualTo(Fulfilment.SHIP);
    }

    @Test
    void decideStopsShowingAProductTheMomentItSellsOut()
    {
        // given
        fixture.stock("100871", MAIN_ST, 2);
        fixture.campaign(campaign("cmp-1").ad(ad("ad-1").skus("100871")).build());
        assertThat(fixture.decide(requestAtMainSt("product_sidebar", 1)).winnerCount(0)).isEqualTo(1);

        // when
        fixture.stock("100871", MAIN_ST, 0);

        // then
        assertThat(fixture.decide(requestAtMainSt("product_sidebar", 1)).winnerCount(0)).isZero();
    }

    @Test
    void decideRanksCpcByPredictedClicksAgainstCpm()
    {
        // given: CPM 5 vs CPC 0.80 at 1% -> 8 CPM: the CPC ad wins
        fixture.stock("100871", MAIN_ST, 10);
        fixture.stock("300001", MAIN_ST, 10);
        fixture.campaign(campaign("cmp-cpm").ad(ad("ad-cpm").skus("300001").bid(BidModel.CPM, 5.0)).build());
        fixture.campaign(campaign("cmp-cpc").ad(ad("ad-cpc").skus("100871").bid(BidModel.CPC, 0.80)).build());

        // when
        final DecisionResult result = fixture.decide(requestAtMainSt("product_sidebar", 2));

        // then
        assertThat(result.winner(0, 0).ad().adId()).isEqualTo("ad-cpc");
        assertThat(result.winner(0, 0).score()).isCloseTo(8.0, within(1e-9));
        assertThat(result.winner(0, 1).ad().adId()).isEqualTo("ad-cpm");
    }

    @Test
    void decideLearnsFromObservedClicks()
    {
        // given: the CPC ad's clicks are far below its prior after many impressions
        fixture.stock("100871", MAIN_ST, 10);
        fixture.stock("300001", MAIN_ST, 10);
        fixture.campaign(campaign("cmp-cpm").ad(ad("ad-cpm").skus("300001").bid(BidModel.CPM, 5.0)).build());
        fixture.campaign(campaign("cmp-cpc").ad(ad("ad-cpc").skus("100871").bid(BidModel.CPC, 0.80)).build());
        fixture.engine();
        for (int i = 0; i < 20_000; i++)
        {
            fixture.ledger().recordImpression("cmp-cpc", "ad-cpc", null, BidModel.CPC, 0.5, NOW);
        }

        // when
        final DecisionResult result = fixture.decide(requestAtMainSt("product_sidebar", 1));

        // then: predicted rate ~ 10 / 21000, so about 0.38 CPM, below the CPM ad's 5
        assertThat(result.winner(0, 0).ad().adId()).isEqualTo("ad-cpm");
    }

    @Test
    void decideClearsAtTheNextScoreOverOwnQualityPlusACent()
    {
        // given: CPM 8 and CPM 5, one slot
        fixture.stock("100871", MAIN_ST, 10);
        fixture.stock("300001", MAIN_ST, 10);
        fixture.campaign(campaign("cmp-a").ad(ad("ad-a").skus("100871").bid(BidModel.CPM, 8.0)).build());
        fixture.campaign(campaign("cmp-b").ad(ad("ad-b").skus("300001").bid(BidModel.CPM, 5.0)).build());

        // when
        final DecisionResult result = fixture.decide(requestAtMainSt("product_sidebar", 1));

        // then
        assertThat(result.winner(0, 0).ad().adId()).isEqualTo("ad-a");
        assertThat(result.winner(0, 0).clearingPrice()).isCloseTo(5.01, within(1e-9));
    }

    @Test
    void decideClearsCpcInClickUnits()
    {
        // given: CPC 1.00 at 1% (10 CPM) beats CPM 4
        fixture.stock("100871", MAIN_ST, 10);
        fixture.stock("300001", MAIN_ST, 10);
        fixture.campaign(campaign("cmp-a").ad(ad("ad-a").skus("100871").bid(BidModel.CPC, 1.0)).build());
        fixture.campaign(campaign("cmp-b").ad(ad("ad-b").skus("300001").bid(BidModel.CPM, 4.0)).build());

        // when
        final AdDecision winner = fixture.decide(requestAtMainSt("product_sidebar", 1)).winner(0, 0);

        // then: 4 CPM / (0.01 * 1000) = 0.40 per click, plus a cent
        assertThat(winner.ad().adId()).isEqualTo("ad-a");
        assertThat(winner.clearingPrice()).isCloseTo(0.41, within(1e-9));
    }

    @Test
    void decideClearsTheLastWinnerAtTheFloorWithoutARunnerUp()
    {
        // given
        fixture.config(EngineConfig.DEFAULTS.withSlotFloorsCpm(Map.of("product_sidebar", 2.0)));
        fixture.stock("100871", MAIN_ST, 10);
        fixture.campaign(campaign("cmp-a").ad(ad("ad-a").skus("100871").bid(BidModel.CPM, 8.0)).build());

        // when
        final AdDecision winner = fixture.decide(requestAtMainSt("product_sidebar", 1)).winner(0, 0);

        // then
        assertThat(winner.clearingPrice()).isCloseTo(2.01, within(1e-9));
    }

    @Test
    void decideChargesTheBidUnderFirstPrice()
    {
        // given
        fixture.config(EngineConfig.DEFAULTS.withAuctionRule(AuctionRule.FIRST_PRICE));
        fixture.stock("100871", MAIN_ST, 10);
        fixture.stock("300001", MAIN_ST, 10);
        fixture.campaign(campaign("cmp-a").ad(ad("ad-a").skus("100871").bid(BidModel.CPM, 8.0)).build());
        fixture.campaign(campaign("cmp-b").ad(ad("ad-b").skus("300001").bid(BidModel.CPM, 5.0)).build());

        // when
        final AdDecision winner = fixture.decide(requestAtMainSt("product_sidebar", 1)).winner(0, 0);

        // then
        assertThat(winner.clearingPrice()).isEqualTo(8.0);
    }

    @Test
    void decideBreaksTiesByCampaignPriority()
    {
        // given
        fixture.stock("100871", MAIN_ST, 10);
        fixture.stock("300001", MAIN_ST, 10);
        fixture.campaign(campaign("cmp-a").ad(ad("ad-a").skus("100871")).build());
        fixture.campaign(campaign("cmp-b").priority(2).ad(ad("ad-b").skus("300001")).build());

        // when
        final DecisionResult result = fixture.decide(requestAtMainSt("product_sidebar", 1));

        // then
        assertThat(result.winner(0, 0).ad().adId()).isEqualTo("ad-b");
    }

    @Test
    void decideNeverShowsOneSkuTwiceInAResponse()
    {
        // given: two advertisers' ads over the same product, two placements
        fixture.stock("100871", MAIN_ST, 10);
        fixture.campaign(campaign("cmp-a").ad(ad("ad-a").skus("100871").bid(BidModel.CPM, 9)).build());
        fixture.campaign(campaign("cmp-b").ad(ad("ad-b").skus("100871").bid(BidModel.CPM, 8)).build());
        final DecisionRequest request = requestAtMainSt("product_sidebar", 2);
        request.addPlacement("p2", "product_sidebar", 1);

        // when
        final DecisionResult result = fixture.decide(request);

        // then
        assertThat(result.winnerCount(0)).isEqualTo(1);
        assertThat(result.winnerCount(1)).isZero();
    }

    @Test
    void decidePicksAnotherSkuOfTheSetForTheSecondPlacement()
    {
        // given
        fixture.stock("100871", MAIN_ST, 10);
        fixture.stock("100872", MAIN_ST, 10);
        fixture.campaign(campaign("cmp-a").ad(ad("ad-a").skus("100871", "100872")).build());
        final DecisionRequest request = requestAtMainSt("product_sidebar", 1);
        request.addPlacement("p2", "product_sidebar", 1);

        // when
        final DecisionResult result = fixture.decide(request);

        // then: the higher-priced one first
        assertThat(result.winner(0, 0).product().sku()).isEqualTo("100871");
        assertThat(result.winner(1, 0).product().sku()).isEqualTo("100872");
    }

    @Test
    void decideLeavesOutExcludedSkusWithoutTreatingThemAsComplements()
    {
        // given
        fixture.stock("100871", MAIN_ST, 10);
        fixture.stock("100872", MAIN_ST, 10);
        fixture.campaign(campaign("cmp-a").ad(ad("ad-a").skus("100871", "100872")).build());
        final DecisionRequest request = requestAtMainSt("product_sidebar", 1);
        request.addExcludedSku("100871");

        // when
        final AdDecision winner = fixture.decide(request).winner(0, 0);

        // then: the cheaper one, and no complement boost from the excluded dog food
        assertThat(winner.product().sku()).isEqualTo("100872");
        assertThat(winner.score()).isEqualTo(5.0 * (1.0));
    }

    @Test
    void decideShowsOneAdPerAdvertiserPerPlacementUnlessConfigured()
    {
        // given
        fixture.stock("100871", MAIN_ST, 10);
        fixture.stock("300001", MAIN_ST, 10);
        fixture.campaign(campaign("cmp-a").advertiser("adv-1").ad(ad("ad-a").skus("100871")).build());
        fixture.campaign(campaign("cmp-b").advertiser("adv-1").ad(ad("ad-b").skus("300001")).build());

        // when
        final int limited = fixture.decide(requestAtMainSt("product_sidebar", 2)).winnerCount(0);
        fixture.config(EngineConfig.DEFAULTS.withOnePerAdvertiser(false));
        final int unlimited = fixture.decide(requestAtMainSt("product_sidebar", 2)).winnerCount(0);

        // then
        assertThat(limited).isEqualTo(1);
        assertThat(unlimited).isEqualTo(2);
    }

    @Test
    void decidePrefersCategoryRelevantSkusWithinAProductSet()
    {
        // given: a category ad over pet/, the page is about treats
        fixture.stock("100871", MAIN_ST, 10);
        fixture.stock("200001", MAIN_ST, 10);
        fixture.campaign(campaign("cmp-a").ad(ad("ad-a").category("pet")).build());
        final DecisionRequest request = requestAtMainSt("product_sidebar", 1);
        request.category("pet/treats");

        // when
        final AdDecision winner = fixture.decide(request).winner(0, 0);

        // then: the treat, though the dog food costs more
        assertThat(winner.product().sku()).isEqualTo("200001");
    }

    @Test
    void decidePostPurchaseExcludesOrderedSkusAndPrefersComplements()
    {
        // given: the order holds 100871 (dog food, complements pet/treats)
        fixture.stock("100871", MAIN_ST, 10);
        fixture.stock("100872", MAIN_ST, 10);
        fixture.stock("200002", MAIN_ST, 10);
        fixture.stock("300001", MAIN_ST, 10);
        fixture.campaign(campaign("cmp-pet").ad(ad("ad-pet").category("pet").slots("order_confirmation")).build());
        fixture.campaign(campaign("cmp-coffee").ad(ad("ad-coffee").skus("300001").slots("order_confirmation")
            .bid(BidModel.CPM, 6.0)).build());
        final DecisionRequest request = requestAtMainSt("order_confirmation", 2);
        request.addOrderSku("100871");

        // when
        final DecisionResult result = fixture.decide(request);

        // then: the pet ad (5 CPM x 1.5 for complements) outranks coffee (6 CPM) and shows the treat
        assertThat(result.winner(0, 0).ad().adId()).isEqualTo("ad-pet");
        assertThat(result.winner(0, 0).product().sku()).isEqualTo("200002");
        assertThat(result.winner(0, 1).ad().adId()).isEqualTo("ad-coffee");
    }

    @Test
    void decideOversellGuardSwitchesToAnotherStoreBeforeTheShelfEmpties()
    {
        // given: 3 left at Main St selling 2 an hour (gone within the 2 h horizon); Oak Ave is calm
        fixture.stock("100871", MAIN_ST, 3);
        fixture.sellThrough("100871", MAIN_ST, 2.0);
        fixture.stock("100871", OAK_AVE, 12);
        fixture.campaign(campaign("cmp-a").ad(ad("ad-a").skus("100871")).build());
        final DecisionRequest request = new DecisionRequest();
        request.addPlacement("p1", "product_sidebar", 1);
        request.geo(MAIN_ST.lat(), MAIN_ST.lon());

        // when
        final AdDecision winner = fixture.decide(request).winner(0, 0);

        // then
        assertThat(winner.location().code()).isEqualTo("S002");
    }

    @Test
    void decideOversellGuardThrottlesWhenNoOtherLocationHasIt()
    {
        // given
        fixture.stock("100871", MAIN_ST, 3);
        fixture.sellThrough("100871", MAIN_ST, 2.0);
        fixture.campaign(campaign("cmp-a").ad(ad("ad-a").skus("100871")).build());
        final DecisionRequest request = requestAtMainSt("product_sidebar", 1).debug(true);

        // when
        final DecisionResult result = fixture.decide(request);

        // then
        assertThat(result.winnerCount(0)).isZero();
        assertThat(result.exclusions()).extracting(Exclusion::reason).containsExactly(ExclusionReason.OVERSELL_GUARD);
    }

    @Test
    void decideOversellGuardLetsASlowSellerThrough()
    {
        // given: 3 left selling 0.2 an hour: 2.6 expected after 2 h, above the minimum of 1
        fixture.stock("100871", MAIN_ST, 3);
        fixture.sellThrough("100871", MAIN_ST, 0.2);
        fixture.campaign(campaign("cmp-a").ad(ad("ad-a").skus("100871")).build());

        // when
        final DecisionResult result = fixture.decide(requestAtMainSt("product_sidebar", 1));

        // then
        assertThat(result.winnerCount(0)).isEqualTo(1);
    }

    @Test
    void holdoutPutsTheConfiguredShareOfUsersInTheControlGroup()
    {
        // given
        fixture.stock("100871", MAIN_ST, 10);
        fixture.campaign(campaign("cmp-a").ad(ad("ad-a").skus("100871").holdout(0.2)).build());
        final DecisionResult result = new DecisionResult();
        final DecisionRequest request = requestAtMainSt("product_sidebar", 1);

        // when
        int heldOut = 0;
        final int users = 10_000;
        for (int u = 0; u < users; u++)
        {
            request.userKey("user-" + u);
            fixture.engine().decide(request, result);
            if (result.heldOutCount() == 1)
            {
                assertThat(result.heldOutCampaignId(0)).isEqualTo("cmp-a");
                assertThat(result.winnerCount(0)).isZero();
                heldOut++;
            }
            else
            {
                assertThat(result.winnerCount(0)).isEqualTo(1);
            }
        }

        // then: 20% +- 4 standard deviations (sd = 40 users)
        assertThat(heldOut).isBetween(2000 - 160, 2000 + 160);
    }

    @Test
    void holdoutAssignmentIsStablePerUserAndCampaign()
    {
        // given
        fixture.stock("100871", MAIN_ST, 10);
        fixture.campaign(campaign("cmp-a").ad(ad("ad-a").skus("100871").holdout(0.5)).build());
        final long salt = Holdout.salt("cmp-a");
        String heldOutUser = null;
        for (int u = 0; null == heldOutUser; u++)
        {
            if (Holdout.isHeldOut("user-" + u, salt, 0.5))
            {
                heldOutUser = "user-" + u;
            }
        }
        final DecisionRequest request = requestAtMainSt("product_sidebar", 1).userKey(heldOutUser);

        // when / then: every time
        for (int i = 0; i < 5; i++)
        {
            assertThat(fixture.decide(request).winnerCount(0)).isZero();
        }
        assertThat(fixture.decide(request.userKey(null)).winnerCount(0)).isEqualTo(1);
    }

    @Test
    void holdoutIsOneControlGroupPerCampaignWhateverEachAdAsks()
    {
        // given: one ad asks for a half holdout, its sibling for none
        fixture.stock("100871", MAIN_ST, 10);
        fixture.stock("300001", MAIN_ST, 10);
        fixture.config(EngineConfig.DEFAULTS.withOnePerAdvertiser(false));
        fixture.campaign(campaign("cmp-a").ad(ad("ad-held").skus("100871").holdout(0.5))
            .ad(ad("ad-open").skus("300001")).build());
        final long salt = Holdout.salt("cmp-a");
        String heldOutUser = null;
        for (int u = 0; null == heldOutUser; u++)
        {
            if (Holdout.isHeldOut("user-" + u, salt, 0.5))
            {
                heldOutUser = "user-" + u;
            }
        }

        // when
        final DecisionResult result = fixture.decide(requestAtMainSt("product_sidebar", 2).userKey(heldOutUser));

        // then: held out of the whole campaign, so measurement compares clean groups
        assertThat(result.winnerCount(0)).isZero();
        assertThat(result.heldOutCount()).isEqualTo(1);
    }

    @Test
    void loyaltyMembersSeeTheMemberPriceAndHeadline()
    {
        // given
        fixture.stock("100871", MAIN_ST, 10);
        fixture.campaign(campaign("cmp-a").ad(ad("ad-a").skus("100871").creative(new Ad.Creative(
            "product_card", "Fresh stock near you", "Add to cart",
            new Ad.LoyaltyVariant("loyalty-gold", 10, "Gold members save 10%")))).build());
        fixture.engine();
        fixture.segments("u-gold", "loyalty-gold");

        // when
        final AdDecision member = fixture.decide(requestAtMainSt("product_sidebar", 1).userKey("u-gold")).winner(0, 0);
        final AdDecision guest = fixture.decide(requestAtMainSt("product_sidebar", 1).userKey("u-guest")).winner(0, 0);

        // then
        assertThat(member.memberPriceCents()).isEqualTo(4949);
        assertThat(member.headline()).isEqualTo("Gold members save 10%");
        assertThat(guest.memberVariant()).isFalse();
        assertThat(guest.headline()).isEqualTo("Fresh stock near you");
    }

    @Test
    void loyaltyTierTargetsLikeAnySegment()
    {
        // given
        fixture.stock("100871", MAIN_ST, 10);
        fixture.campaign(campaign("cmp-a").ad(ad("ad-a").skus("100871").segments("loyalty-gold OR loyalty-platinum")).build());
        final DecisionRequest request = requestAtMainSt("product_sidebar", 1);
        request.addSegment("loyalty-platinum");

        // when / then
        assertThat(fixture.decide(request).winnerCount(0)).isEqualTo(1);
        assertThat(fixture.decide(request.personalization(false)).winnerCount(0)).isZero();
    }

    @Test
    void decideShowsTheStoresOwnPrice()
    {
        // given
        fixture.stock("100871", MAIN_ST, 10);
        fixture.storePrice("100871", MAIN_ST, 5299, 4799);
        fixture.campaign(campaign("cmp-a").ad(ad("ad-a").skus("100871")).build());

        // when
        final AdDecision winner = fixture.decide(requestAtMainSt("product_sidebar", 1)).winner(0, 0);

        // then
        assertThat(winner.priceCents()).isEqualTo(5299);
        assertThat(winner.saleCents()).isEqualTo(4799);
    }

    @Test
    void publishedCampaignChangesAreVisibleToTheNextDecision()
    {
        // given
        fixture.stock("100871", MAIN_ST, 10);
        fixture.campaign(campaign("cmp-a").ad(ad("ad-a").skus("100871")).build());
        assertThat(fixture.decide(requestAtMainSt("product_sidebar", 1)).winnerCount(0)).isEqualTo(1);

        // when
        fixture.campaign(campaign("cmp-a").active(false).ad(ad("ad-a").skus("100871")).build());

        // then
        assertThat(fixture.decide(requestAtMainSt("product_sidebar", 1)).winnerCount(0)).isZero();
    }

    @Test
    void decideAnswersEveryPlacementEvenWithoutAds()
    {
        // given
        final DecisionRequest request = requestAtMainSt("nowhere", 3);
        request.addPlacement("p2", "other", 1);

        // when
        final DecisionResult result = fixture.decide(request);

        // then
        assertThat(result.placementCount()).isEqualTo(2);
        assertThat(result.placementId(1)).isEqualTo("p2");
        assertThat(result.winnerCount(0)).isZero();
        assertThat(result.winnerCount(1)).isZero();
    }

    @Test
    void evenPacingHoldsBackSpendAheadOfTheDaysLine()
    {
        // given: 100 a day, noon UTC: by now at most 13/24 of it, 54.17
        fixture.stock("100871", MAIN_ST, 10);
        fixture.campaign(campaign("cmp-a").budget(10_000, 100).pacing(Pacing.EVEN).ad(ad("ad-a").skus("100871")).build());
        fixture.engine();
        fixture.ledger().campaign("cmp-a", java.time.ZoneOffset.UTC).recordSpend(DeliveryLedger.toMicros(54.0), NOW);
        final int before = fixture.decide(requestAtMainSt("product_sidebar", 1)).winnerCount(0);

        // when
        fixture.ledger().campaign("cmp-a", java.time.ZoneOffset.UTC).recordSpend(DeliveryLedger.toMicros(0.5), NOW);

        // then
        assertThat(before).isEqualTo(1);
        assertThat(fixture.decide(requestAtMainSt("product_sidebar", 1)).winnerCount(0)).isZero();
    }

    @Test
    void channelIndexServesOnlyAdsOfTheRequestsChannel()
    {
        // given
        fixture.stock("100871", MAIN_ST, 10);
        fixture.campaign(campaign("cmp-a").ad(ad("ad-a").skus("100871").channels(Channel.INSTORE_SCREEN)).build());

        // when / then
        assertThat(fixture.decide(requestAtMainSt("product_sidebar", 1)).winnerCount(0)).isZero();
        assertThat(fixture.decide(requestAtMainSt("product_sidebar", 1).channel(Channel.INSTORE_SCREEN)).winnerCount(0))
            .isEqualTo(1);
        assertThat(fixture.engine().index().candidates("product_sidebar", Channel.WEB)).isEmpty();
        assertThat(List.of(fixture.engine().index().candidates("product_sidebar", Channel.INSTORE_SCREEN)))
            .extracting(c -> c.adId()).containsExactly("ad-a");
    }
}
