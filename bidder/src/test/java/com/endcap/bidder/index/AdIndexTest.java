package com.endcap.bidder.index;

import com.endcap.bidder.campaign.Ad;
import com.endcap.bidder.campaign.BidModel;
import com.endcap.bidder.campaign.Campaign;
import com.endcap.bidder.campaign.Channel;
import com.endcap.bidder.catalog.Catalog;
import com.endcap.bidder.catalog.Product;
import com.endcap.bidder.delivery.DeliveryLedger;
import com.endcap.bidder.location.Location;
import com.endcap.bidder.segment.SegmentDictionary;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdIndexTest
{
    private static final List<Location> LOCATIONS = List.of(
        Location.store(0, "S001", "Main St", 40.74, -73.99, "America/New_York", "NY"),
        Location.store(1, "S002", "Hoboken", 40.74, -74.03, "America/New_York", "NJ"),
        Location.warehouse(2, "DC-FAST", "Fast DC", List.of("NY"), 1),
        Location.warehouse(3, "DC-SLOW", "Slow DC", List.of("NY", "NJ"), 3));

    private final SegmentDictionary dictionary = new SegmentDictionary();
    private final DeliveryLedger ledger = new DeliveryLedger();

    @Test
    void candidatesAreGroupedBySlotAndChannel()
    {
        // given
        final Campaign campaign = campaign("cmp-1", true,
            ad("ad-web", List.of("sidebar", "carousel"), Set.of(Channel.WEB)),
            ad("ad-any", List.of("sidebar"), Set.of()));

        // when
        final AdIndex index = build(List.of(campaign), catalog(3), 256);

        // then
        assertThat(index.candidates("sidebar", Channel.WEB)).extracting(CompiledAd::adId).containsExactly("ad-web", "ad-any");
        assertThat(index.candidates("sidebar", Channel.APP)).extracting(CompiledAd::adId).containsExactly("ad-any");
        assertThat(index.candidates("carousel", Channel.WEB)).extracting(CompiledAd::adId).containsExactly("ad-web");
        assertThat(index.candidates("nowhere", Channel.WEB)).isEmpty();
        assertThat(index.candidates(null, Channel.WEB)).isEmpty();
        assertThat(index.slotAds("sidebar")).hasSize(2);
    }

    @Test
    void pausedCampaignsAreNotIndexed()
    {
        // given
        final Campaign paused = campaign("cmp-1", false, ad("ad-1", List.of("sidebar"), Set.of()));

        // when
        final AdIndex index = build(List.of(paused), catalog(3), 256);

        // then
        assertThat(index.ads()).isEmpty();
    }

    @Test
    void categoryProductSetKeepsTheHighestPricedWhenLarge()
    {
        // given: 10 products, prices 100..1000, at most 3 per ad
        final Campaign campaign = new Campaign("cmp-1", "adv-1", null, true, Campaign.Budget.unlimited(),
            Campaign.Flight.always(), null, 0, List.of(new Ad("ad-1", List.of("sidebar"), null, null, null,
                Ad.ProductSet.category("pet"), null, 1, new Ad.Bid(BidModel.CPM, 1), null, 0, null, 0.01, false)));

        // when
        final AdIndex index = build(List.of(campaign), catalog(10), 3);

        // then
        assertThat(index.ads().get(0).products).extracting(Product::sku).containsExactlyInAnyOrder("sku-7", "sku-8", "sku-9");
    }

    @Test
    void explicitSkusNotInTheCatalogAreDropped()
    {
        // given
        final Campaign campaign = campaign("cmp-1", true, ad("ad-1", List.of("sidebar"), Set.of()));

        // when: the ad names sku-0, sku-1 and sku-404
        final AdIndex index = build(List.of(campaign), catalog(2), 256);

        // then
        assertThat(index.ads().get(0).skuIds).containsExactly(0, 1);
    }

    @Test
    void badTargetingNamesCampaignAndAd()
    {
        // given
        final Campaign campaign = new Campaign("cmp-9", "adv-1", null, true, Campaign.Budget.unlimited(),
            Campaign.Flight.always(), null, 0, List.of(new Ad("ad-9", List.of("sidebar"), null,
                new Ad.Targeting("pet-owner AND (", List.of(), List.of(), List.of()), null, Ad.ProductSet.of("sku-0"),
                null, 1, new Ad.Bid(BidModel.CPM, 1), null, 0, null, 0.01, false)));

        // then
        assertThatThrownBy(() -> build(List.of(campaign), catalog(1), 256))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("campaign cmp-9, ad ad-9: targeting.segments");
    }

    @Test
    void locationsAreLaidOutForGeoSearchAndShipping()
    {
        // when
        final AdIndex index = build(List.of(), catalog(1), 256);

        // then
        assertThat(index.storeCount()).isEqualTo(2);
        assertThat(index.location("S002").id()).isEqualTo(1);
        final int ny = index.regionOrdinal("NY");
        assertThat(index.regionOfLocation(0)).isEqualTo(ny);
        assertThat(index.warehousesFor(ny)).containsExactly(2, 3);
        assertThat(index.warehousesFor(index.regionOrdinal("NJ"))).containsExactly(3);
        assertThat(index.warehousesFor(-1)).isEmpty();
    }

    @Test
    void deliveryCountersSurviveARebuild()
    {
        // given
        final Campaign campaign = campaign("cmp-1", true, ad("ad-1", List.of("sidebar"), Set.of()));
        build(List.of(campaign), catalog(2), 256).ads().get(0).adDelivery.recordImpression();

        // when
        final AdIndex rebuilt = build(List.of(campaign), catalog(2), 256);

        // then
        assertThat(rebuilt.ads().get(0).adDelivery.impressions()).isEqualTo(1);
    }

    @Test
    void complementCategoriesArePathsOfTheIndexedCategories()
    {
        // given: dog food complements treats (indexed: an ad shows pet/treats/chews), toys (twice) and garden (no ad's category)
        final List<Product> products = new ArrayList<>();
        products.add(new Product(0, "sku-0", null, "Dog food", 100, Product.NO_PRICE, "USD", "pet/food", null, null,
            List.of("pet/treats/", "garden", "pet/treats")));
        products.add(new Product(1, "sku-1", null, "Chews", 100, Product.NO_PRICE, "USD", "pet/treats/chews", null, null,
            List.of()));
        final Campaign campaign = campaign("cmp-1", true, new Ad("ad-1", List.of("sidebar"), null, null, null,
            Ad.ProductSet.of("sku-1"), null, 1, new Ad.Bid(BidModel.CPM, 1), null, 0, null, 0.01, false));

        // when
        final AdIndex index = build(List.of(campaign), new Catalog(products), 256);

        // then: one path, "pet/treats", which chews lie under; none for the product without complements or an unknown id
        final int treats = index.paths().findPrefix("pet/treats");
        assertThat(treats).isNotNegative();
        assertThat(index.complementPaths(0)).containsExactly(treats);
        assertThat(index.complementPaths(1)).isEmpty();
        assertThat(index.complementPaths(2)).isEmpty();
        assertThat(index.complementPaths(-1)).isEmpty();
    }

    private AdIndex build(final List<Campaign> campaigns, final Catalog catalog, final int maxSkus)
    {
        return AdIndex.build(campaigns, catalog, null, LOCATIONS, dictionary, ledger, maxSkus);
    }

    private static Catalog catalog(final int size)
    {
        final List<Product> products = new ArrayList<>();
        for (int i = 0; i < size; i++)
        {
            products.add(new Product(i, "sku-" + i, null, "Product " + i, 100L * (i + 1), Product.NO_PRICE, "USD",
                "pet/food", null, null, List.of()));
        }
        return new Catalog(products);
    }

    private static Campaign campaign(final String id, final boolean active, final Ad... ads)
    {
        return new Campaign(id, "adv-1", null, active, Campaign.Budget.unlimited(), Campaign.Flight.always(), null, 0,
            List.of(ads));
    }

    private static Ad ad(final String id, final List<String> slots, final Set<Channel> channels)
    {
        return new Ad(id, slots, channels, null, null, Ad.ProductSet.of("sku-0", "sku-1", "sku-404"), null, 1,
            new Ad.Bid(BidModel.CPM, 1), null, 0, null, 0.01, false);
    }
}
