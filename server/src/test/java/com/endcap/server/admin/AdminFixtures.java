package com.endcap.server.admin;

import com.endcap.bidder.campaign.Ad;
import com.endcap.bidder.campaign.BidModel;
import com.endcap.bidder.campaign.Campaign;
import com.endcap.bidder.campaign.Channel;
import com.endcap.bidder.campaign.Fulfilment;
import com.endcap.bidder.campaign.Pacing;
import com.endcap.bidder.catalog.Product;
import com.endcap.bidder.ids.IdMap;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Campaigns and products the admin tests share. */
final class AdminFixtures
{
    /** The campaign example of API.md, verbatim. */
    static final String API_EXAMPLE = """
        {"id": "cmp-3", "advertiserId": "adv-purina", "name": "Dog food fall push", "status": "active",
         "budget": {"total": 5000.0, "daily": 200.0, "currency": "USD"},
         "flight": {"start": "2026-11-01T00:00:00Z", "end": "2026-12-31T23:59:59Z"},
         "pacing": "even", "priority": 1,
         "ads": [{
           "id": "ad-17", "slots": ["product_sidebar"], "channels": ["web", "app"],
           "targeting": {"segments": "pet-owner AND NOT lapsed", "pageTypes": ["product"],
                         "categories": ["pet/"], "keywords": []},
           "geo": {"radiusKm": 10},
           "products": {"skus": ["100871", "100872"]},
           "fulfilment": "pickup", "minUnits": 3,
           "bid": {"model": "cpc", "amount": 0.80},
           "frequencyCap": {"count": 3, "windowSeconds": 86400},
           "holdoutShare": 0.05,
           "creative": {"template": "product_card", "headline": "Fresh stock near you", "cta": "Add to cart"}
         }]}
        """;

    private AdminFixtures()
    {
    }

    /**
     * @return the campaign {@link #API_EXAMPLE} describes.
     */
    static Campaign apiExample()
    {
        final Ad ad = new Ad(
            "ad-17", List.of("product_sidebar"), Set.of(Channel.WEB, Channel.APP),
            new Ad.Targeting("pet-owner AND NOT lapsed", List.of("product"), List.of("pet/"), List.of()),
            Ad.GeoScope.radius(10), Ad.ProductSet.of("100871", "100872"), Fulfilment.PICKUP, 3,
            new Ad.Bid(BidModel.CPC, 0.80), new Ad.FrequencyCap(3, 86_400), 0.05,
            new Ad.Creative("product_card", "Fresh stock near you", "Add to cart", null), Ad.DEFAULT_CTR_PRIOR, false);
        return new Campaign(
            "cmp-3", "adv-purina", "Dog food fall push", true, new Campaign.Budget(5000.0, 200.0, "USD"),
            new Campaign.Flight(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-12-31T23:59:59Z"), ZoneId.of("UTC")),
            Pacing.EVEN, 1, List.of(ad));
    }

    /**
     * @return a campaign using every optional field, with values away from the defaults.
     */
    static Campaign everyField()
    {
        final Ad stores = new Ad(
            "ad-a", List.of("product_sidebar", "search_top"), Set.of(Channel.INSTORE_SCREEN, Channel.EMAIL, Channel.OFFSITE),
            new Ad.Targeting("(loyalty-gold OR loyalty-platinum) AND NOT churn-risk", List.of("product", "cart"),
                List.of("pet/dog-food"), List.of("kibble", "grain free")),
            new Ad.GeoScope(0, List.of("S042", "S043"), List.of()), Ad.ProductSet.category("pet/dog-food"),
            Fulfilment.SHIP, 12, new Ad.Bid(BidModel.CPM, 7.125), null, 0.5,
            new Ad.Creative("banner", null, "Shop now", new Ad.LoyaltyVariant("loyalty-gold", 12.5, "Members save")),
            0.0375, true);
        final Ad regions = new Ad(
            "ad-b", List.of("cart_upsell"), Set.of(),
            new Ad.Targeting(null, List.of(), List.of(), List.of("treats")),
            new Ad.GeoScope(0, List.of(), List.of("NY", "NJ")), Ad.ProductSet.of("100871", "snack-\u00e9\u00e8"),
            Fulfilment.ANY, 1, new Ad.Bid(BidModel.CPC, 0.1 + 0.2), new Ad.FrequencyCap(1, 31_622_400), 0,
            new Ad.Creative("product_card", "Caf\u00e9 \"quoted\" \\ headline", "Add", new Ad.LoyaltyVariant("vip", 0, null)),
            0.999, false);
        final Ad radius = new Ad(
            "ad-c", List.of("home_hero"), Set.of(Channel.WEB), null, Ad.GeoScope.radius(2.5),
            Ad.ProductSet.of("100872"), Fulfilment.PICKUP, 2, new Ad.Bid(BidModel.CPC, 9_999.99), null, 0.25, null,
            Ad.DEFAULT_CTR_PRIOR, false);
        return new Campaign(
            "cmp-every", "adv-acme", "Every field", false, new Campaign.Budget(123_456.78, 0.01, "EUR"),
            new Campaign.Flight(Instant.parse("2026-03-29T01:30:00.123456789Z"), Instant.parse("2027-01-01T00:00:00Z"),
                ZoneId.of("America/New_York")),
            Pacing.ASAP, -7, List.of(stores, regions, radius));
    }

    /**
     * @param id campaign id.
     * @return a small valid campaign.
     */
    static Campaign simple(final String id)
    {
        final Ad ad = new Ad(
            id + "-ad", List.of("product_sidebar"), null, null, null, Ad.ProductSet.of("100871"), null, 1,
            new Ad.Bid(BidModel.CPC, 0.5), null, 0, null, Ad.DEFAULT_CTR_PRIOR, false);
        return new Campaign(
            id, "adv-" + id, null, true, Campaign.Budget.unlimited(), Campaign.Flight.always(), null, 0, List.of(ad));
    }

    /**
     * @param sku      retailer sku.
     * @param category category path.
     * @param cents    price.
     * @return a product with sku id -1.
     */
    static Product product(final String sku, final String category, final long cents)
    {
        return new Product(
            -1, sku, null, "Product " + sku, cents, Product.NO_PRICE, "USD", category, null, null, List.of());
    }

    /** A minimal thread-safe {@link IdMap}: ids in order of first intern. */
    static final class ListIdMap implements IdMap
    {
        private final ConcurrentHashMap<String, Integer> ids = new ConcurrentHashMap<>();
        private final List<String> names = new CopyOnWriteArrayList<>();

        @Override
        public synchronized int intern(final String name)
        {
            return ids.computeIfAbsent(name, key ->
            {
                names.add(key);
                return names.size() - 1;
            });
        }

        @Override
        public int idOf(final String name)
        {
            return ids.getOrDefault(name, MISSING);
        }

        @Override
        public String nameOf(final int id)
        {
            return id >= 0 && id < names.size() ? names.get(id) : null;
        }
    }
}
