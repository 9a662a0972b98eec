package com.endcap.server.demo;

import com.endcap.bidder.campaign.Ad;
import com.endcap.bidder.campaign.BidModel;
import com.endcap.bidder.campaign.Campaign;
import com.endcap.bidder.campaign.Channel;
import com.endcap.bidder.campaign.Fulfilment;
import com.endcap.bidder.campaign.Pacing;
import com.endcap.bidder.catalog.Catalog;
import com.endcap.bidder.location.Location;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static com.endcap.server.demo.DemoShoppers.BULK_BUYER;
import static com.endcap.server.demo.DemoShoppers.CAT_OWNER;
import static com.endcap.server.demo.DemoShoppers.COFFEE_LOVER;
import static com.endcap.server.demo.DemoShoppers.DEAL_SEEKER;
import static com.endcap.server.demo.DemoShoppers.DOG_OWNER;
import static com.endcap.server.demo.DemoShoppers.HEALTH_CONSCIOUS;
import static com.endcap.server.demo.DemoShoppers.LAPSED;
import static com.endcap.server.demo.DemoShoppers.LOYALTY_GOLD;
import static com.endcap.server.demo.DemoShoppers.LOYALTY_PLATINUM;
import static com.endcap.server.demo.DemoShoppers.LOYALTY_SILVER;
import static com.endcap.server.demo.DemoShoppers.NEW_PARENT;
import static com.endcap.server.demo.DemoShoppers.PET_OWNER;
import static com.endcap.server.demo.DemoShoppers.TECH_ENTHUSIAST;

/**
 * The demo retailer's advertisers and campaigns: {@value #ADVERTISER_COUNT} brands of its catalog,
 * {@value #CAMPAIGNS_PER_ADVERTISER} campaigns each, between them using every targeting feature
 * (segment expressions, page context, geo scopes, product sets, fulfilment and unit thresholds,
 * CPM and CPC bids, frequency caps, holdouts, loyalty variants, budgets, pacing, flights, priority).
 * <p>
 * Each advertiser runs the same five plays, varied by advertiser:
 * <ol>
 *     <li><b>always on</b>: {@code home_carousel} on web and app (anywhere, pickup or ship) and
 *     {@code search_results} (keyword-targeted for half of the brands);</li>
 *     <li><b>in stock near you</b>: {@code product_sidebar} for pickup within a radius, at listed
 *     stores or in regions, and a {@code cart_crosssell} ad for a complementary category;</li>
 *     <li><b>members</b>: loyalty-tier and behavioural segment expressions with a member price, on
 *     {@code home_carousel} and {@code email_recs} (product pages stay with the page's own category);</li>
 *     <li><b>after purchase</b>: {@code order_confirmation} ads for complementary categories and
 *     {@code email_recs} shipped from the warehouses;</li>
 *     <li><b>in store</b>: {@code instore_screen} ads for pickup with a high unit threshold.</li>
 * </ol>
 * Most flights run from {@link #FLIGHT_START} to {@link #FLIGHT_END}; one campaign's flight is
 * over, one has not started and one campaign is paused, so the debug reasons show. Every slot in
 * {@link #SLOTS} has ads of several advertisers that need no segment, so a typical request fills.
 * <p>
 * Generation reads only the retailer, so the same retailer always gives the same campaigns.
 * Stateless and thread-safe; the lists returned are immutable.
 */
public final class DemoCampaigns
{
    /** Advertisers. */
    public static final int ADVERTISER_COUNT = 10;
    /** Campaigns of each advertiser. */
    public static final int CAMPAIGNS_PER_ADVERTISER = 5;
    /** The slot types the demo pages request. */
    public static final List<String> SLOTS = List.of(
        "home_carousel", "product_sidebar", "cart_crosssell", "order_confirmation", "instore_screen", "email_recs",
        "search_results");
    /** Time zone of every campaign's day. */
    public static final ZoneId ZONE = ZoneId.of("America/New_York");
    /** Start of the usual flight: midnight, 1 January 2026, New York. */
    public static final Instant FLIGHT_START = Instant.parse("2026-01-01T05:00:00Z");
    /** End of the usual flight: midnight, 1 January 2028, New York. */
    public static final Instant FLIGHT_END = Instant.parse("2028-01-01T05:00:00Z");

    private static final String HOME_CAROUSEL = "home_carousel";
    private static final String PRODUCT_SIDEBAR = "product_sidebar";
    private static final String CART_CROSSSELL = "cart_crosssell";
    private static final String ORDER_CONFIRMATION = "order_confirmation";
    private static final String INSTORE_SCREEN = "instore_screen";
    private static final String EMAIL_RECS = "email_recs";
    private static final String SEARCH_RESULTS = "search_results";

    private static final Campaign.Flight USUAL_FLIGHT = new Campaign.Flight(FLIGHT_START, FLIGHT_END, ZONE);
    private static final Campaign.Flight PAST_FLIGHT = new Campaign.Flight(
        Instant.parse("2025-11-15T05:00:00Z"), Instant.parse("2026-01-01T05:00:00Z"), ZONE);
    private static final Campaign.Flight FUTURE_FLIGHT = new Campaign.Flight(
        Instant.parse("2029-03-01T05:00:00Z"), Instant.parse("2029-06-01T04:00:00Z"), ZONE);

    /** Advertiser whose members campaign ran last holiday season (its flight is over). */
    private static final int PAST_ADVERTISER = 4;
    /** Advertiser whose after-purchase campaign starts next spring (its flight has not started). */
    private static final int FUTURE_ADVERTISER = 6;
    /** Advertiser whose in-store campaign is paused. */
    private static final int PAUSED_ADVERTISER = 8;

    /**
     * A brand that advertises.
     *
     * @param id        advertiser id.
     * @param brand     brand name as product titles start.
     * @param home      the department prefix its products live under, e.g. {@code pet/}.
     * @param main      its main category.
     * @param cross     the category its cross-sell and post-purchase ads show.
     * @param audience  behavioural segment expression of its members campaign.
     * @param keywords  search keywords it buys.
     * @param tagline   its headline.
     */
    private record Advertiser(
        String id, String brand, String home, String main, String cross, String audience, List<String> keywords,
        String tagline)
    {
    }

    private static final List<Advertiser> ADVERTISERS = List.of(
        new Advertiser("adv-barkley", "Barkley & Co", "pet/", "pet/dog-food", "pet/treats",
            "(" + DOG_OWNER + " OR " + PET_OWNER + ")", List.of("dog food", "kibble", "puppy", "dog"),
            "Real chicken, first ingredient"),
        new Advertiser("adv-whisker-farm", "Whisker Farm", "pet/", "pet/cat-food", "pet/cat-litter",
            CAT_OWNER, List.of("cat food", "cat litter", "kitten", "cat"),
            "Farm-fresh recipes cats come running for"),
        new Advertiser("adv-hudson-roasters", "Hudson Roasters", "grocery/", "grocery/coffee", "grocery/beverages",
            COFFEE_LOVER, List.of("coffee", "espresso", "cold brew", "decaf"),
            "Roasted in Brooklyn this week"),
        new Advertiser("adv-crunch-street", "Crunch Street", "grocery/", "grocery/snacks", "grocery/snacks",
            DEAL_SEEKER, List.of("chips", "snacks", "popcorn", "pretzels"),
            "Kettle-cooked, seriously crunchy"),
        new Advertiser("adv-sunrise-mills", "Sunrise Mills", "grocery/", "grocery/cereal", "grocery/pantry",
            "(" + HEALTH_CONSCIOUS + " OR " + NEW_PARENT + ")", List.of("cereal", "granola", "oats", "breakfast"),
            "Whole grains, no shortcuts"),
        new Advertiser("adv-fizzbrook", "Fizzbrook", "grocery/", "grocery/beverages", "grocery/snacks",
            HEALTH_CONSCIOUS, List.of("sparkling water", "seltzer", "juice", "drinks"),
            "Zero sugar, all fizz"),
        new Advertiser("adv-brightside", "Brightside", "household/", "household/cleaning", "household/paper",
            "(" + BULK_BUYER + " OR " + DEAL_SEEKER + ")", List.of("cleaner", "paper towels", "detergent", "wipes"),
            "A cleaner home in half the time"),
        new Advertiser("adv-little-cloud", "Little Cloud", "household/", "household/baby", "household/baby",
            NEW_PARENT, List.of("diapers", "wipes", "baby"),
            "Soft on skin, tough on leaks"),
        new Advertiser("adv-voltline", "Voltline", "electronics/", "electronics/chargers", "electronics/cables",
            TECH_ENTHUSIAST, List.of("charger", "usb-c", "cable", "power bank"),
            "Full charge before your coffee's done"),
        new Advertiser("adv-sonora-audio", "Sonora Audio", "electronics/", "electronics/headphones",
            "electronics/speakers", TECH_ENTHUSIAST, List.of("headphones", "earbuds", "speaker", "bluetooth"),
            "Hear every detail"));

    private static final String[] TIERS = {LOYALTY_GOLD, LOYALTY_PLATINUM, LOYALTY_SILVER};

    private DemoCampaigns()
    {
    }

    /**
     * Generates the demo campaigns for a retailer: ids {@code cmp-1 .. cmp-50} (advertiser by
     * advertiser), ad ids {@code ad-1 ..}. Explicit sku lists name the advertiser's most popular
     * products of the retailer; when the retailer has none of a brand (a small test retailer) the
     * ad shows the brand's category instead.
     *
     * @param retailer the retailer whose stores and products the campaigns name.
     * @return {@value #ADVERTISER_COUNT} x {@value #CAMPAIGNS_PER_ADVERTISER} campaigns, all valid.
     */
    public static List<Campaign> generate(final DemoRetailer retailer)
    {
        final Plays plays = new Plays(retailer);
        final List<Campaign> campaigns = new ArrayList<>(ADVERTISER_COUNT * CAMPAIGNS_PER_ADVERTISER);
        for (int k = 0; k < ADVERTISERS.size(); k++)
        {
            final Advertiser advertiser = ADVERTISERS.get(k);
            campaigns.add(plays.alwaysOn(k, advertiser));
            campaigns.add(plays.nearYou(k, advertiser));
            campaigns.add(plays.members(k, advertiser));
            campaigns.add(plays.afterPurchase(k, advertiser));
            campaigns.add(plays.inStore(k, advertiser));
        }
        return List.copyOf(campaigns);
    }

    /** Builds the five plays, numbering campaigns and ads as it goes. Used by one thread. */
    private static final class Plays
    {
        private final DemoRetailer retailer;
        private int campaigns;
        private int ads;

        Plays(final DemoRetailer retailer)
        {
            this.retailer = retailer;
        }

        Campaign alwaysOn(final int k, final Advertiser advertiser)
        {
            final Ad home = new Ad(
                nextAd(), List.of(HOME_CAROUSEL), Set.of(Channel.WEB, Channel.APP),
                new Ad.Targeting(k % 3 == 1 ? "NOT " + LAPSED : null, List.of("home"), List.of(), List.of()),
                Ad.GeoScope.ANYWHERE, brandProducts(advertiser, advertiser.home(), 8, false), Fulfilment.ANY,
                1 + k % 3, new Ad.Bid(BidModel.CPM, round(4.0 + 1.1 * k)),
                k % 2 == 0 ? new Ad.FrequencyCap(4, 3_600) : null, 3 == k ? 0.05 : 0,
                new Ad.Creative(k % 3 == 0 ? "banner" : "product_card", advertiser.tagline(), "Shop now", null),
                Ad.DEFAULT_CTR_PRIOR, false);
            final boolean keywords = k % 2 == 0;
            final Ad search = new Ad(
                nextAd(), List.of(SEARCH_RESULTS), Set.of(Channel.WEB, Channel.APP),
                new Ad.Targeting(null, List.of("search"), List.of(), keywords ? advertiser.keywords() : List.of()),
                Ad.GeoScope.ANYWHERE, Ad.ProductSet.category(advertiser.main()), Fulfilment.ANY, 1,
                new Ad.Bid(BidModel.CPC, round(0.35 + 0.1 * k)), null, 0,
                new Ad.Creative("product_card", "Top picks from " + advertiser.brand(), "Add to cart", null),
                0.02, false);
            final boolean even = k % 3 != 2;
            return campaign(advertiser, advertiser.brand() + " always on", true,
                new Campaign.Budget(20_000 + 5_000 * k, 600 + 100 * (k % 4), "USD"), USUAL_FLIGHT,
                even ? Pacing.EVEN : Pacing.ASAP, 2 == k || 7 == k ? 1 : 0, List.of(home, search));
        }

        Campaign nearYou(final int k, final Advertiser advertiser)
        {
            final Ad.GeoScope geo;
            final String where;
            switch (k % 3)
            {
                case 0:
                    geo = Ad.GeoScope.radius(8 + k);
                    where = "within " + (8 + k) + " km";
                    break;
                case 1:
                    geo = new Ad.GeoScope(0, storeCodes(k), List.of());
                    where = "at partner stores";
                    break;
                default:
                    geo = new Ad.GeoScope(0, List.of(), k < 5 ? List.of("NY") : List.of("NY", "NJ"));
                    where = "in " + String.join(" and ", geo.regions());
                    break;
            }
            final Ad sidebar = new Ad(
                nextAd(), List.of(PRODUCT_SIDEBAR),
                k % 3 == 0 ? Set.of(Channel.WEB, Channel.APP, Channel.OFFSITE) : Set.of(Channel.WEB, Channel.APP),
                new Ad.Targeting(null, List.of("product", "category"),
                    k % 2 == 0 ? List.of(advertiser.home()) : List.of(), List.of()),
                geo, brandProducts(advertiser, advertiser.main(), 40, false), Fulfilment.PICKUP, 2 + k % 4,
                new Ad.Bid(BidModel.CPC, round(0.4 + 0.08 * k)),
                k % 3 == 1 ? new Ad.FrequencyCap(3, 86_400) : null, k % 5 == 1 ? 0.1 : 0,
                new Ad.Creative("product_card", "In stock near you: pick it up today", "Reserve for pickup", null),
                0.012, k % 4 == 3);
            final Ad cart = new Ad(
                nextAd(), List.of(CART_CROSSSELL), Set.of(Channel.WEB, Channel.APP),
                new Ad.Targeting(null, List.of("cart"), List.of(), List.of()),
                Ad.GeoScope.ANYWHERE, Ad.ProductSet.category(advertiser.cross()), Fulfilment.ANY, 1,
                new Ad.Bid(BidModel.CPM, round(3.0 + 0.7 * k)), null, 0,
                new Ad.Creative("product_card", "Complete your basket", "Add to cart", null),
                Ad.DEFAULT_CTR_PRIOR, false);
            return campaign(advertiser, advertiser.brand() + " in stock near you " + where, true,
                new Campaign.Budget(Double.POSITIVE_INFINITY, 300 + 50 * k, "USD"), USUAL_FLIGHT,
                k % 2 == 0 ? Pacing.ASAP : Pacing.EVEN, 0, List.of(sidebar, cart));
        }

        Campaign members(final int k, final Advertiser advertiser)
        {
            // The member price goes to a tier the expression lets in.
            final String tier;
            final String segments;
            if (k % 2 == 0)
            {
                tier = k % 4 == 0 ? LOYALTY_GOLD : LOYALTY_PLATINUM;
                segments = "(" + LOYALTY_GOLD + " OR " + LOYALTY_PLATINUM + ") AND " + advertiser.audience() +
                    " AND NOT " + LAPSED;
            }
            else
            {
                tier = TIERS[k % TIERS.length];
                segments = tier + " OR (" + advertiser.audience() + " AND NOT " + LAPSED + ")";
            }
            final int discount = 5 + 5 * (k % 3);
            final boolean deals = advertiser.audience().contains(DEAL_SEEKER);
            final Ad ad = new Ad(
                nextAd(), List.of(HOME_CAROUSEL, EMAIL_RECS),
                Set.of(Channel.WEB, Channel.APP, Channel.EMAIL),
                new Ad.Targeting(segments, List.of(), List.of(), List.of()),
                k % 2 == 0 ? Ad.GeoScope.ANYWHERE : new Ad.GeoScope(0, List.of(), List.of("NY", "NJ", "CT")),
                brandProducts(advertiser, advertiser.home(), 12, deals), Fulfilment.ANY, 1 + k % 5,
                new Ad.Bid(BidModel.CPM, round(6.0 + 0.9 * k)), new Ad.FrequencyCap(2, 86_400),
                k % 2 == 0 ? 0.05 + 0.025 * (k % 3) : 0,
                new Ad.Creative("product_card", advertiser.tagline(), "Add to cart",
                    new Ad.LoyaltyVariant(tier, discount, "Members save " + discount + "% on " + advertiser.brand())),
                Ad.DEFAULT_CTR_PRIOR, false);
            final boolean past = PAST_ADVERTISER == k;
            return campaign(advertiser, advertiser.brand() + (past ? " holiday 2025 members" : " members"), true,
                new Campaign.Budget(8_000 + 1_000 * k, k % 3 == 0 ? 250 : Double.POSITIVE_INFINITY, "USD"),
                past ? PAST_FLIGHT : USUAL_FLIGHT, Pacing.EVEN, 0, List.of(ad));
        }

        Campaign afterPurchase(final int k, final Advertiser advertiser)
        {
            final boolean ship = k % 2 == 0;
            final Ad order = new Ad(
                nextAd(), List.of(ORDER_CONFIRMATION), Set.of(Channel.WEB, Channel.APP, Channel.EMAIL),
                new Ad.Targeting(null, List.of("order_confirmation"), List.of(), List.of()),
                ship ? new Ad.GeoScope(0, List.of(), List.of("NY", "NJ")) : Ad.GeoScope.ANYWHERE,
                Ad.ProductSet.category(advertiser.cross()), ship ? Fulfilment.SHIP : Fulfilment.ANY, 1 + k % 2,
                new Ad.Bid(BidModel.CPC, round(0.25 + 0.07 * k)), null, 0,
                new Ad.Creative("product_card", "Goes great with your order", "Add to next order",
                    k % 3 == 0 ? new Ad.LoyaltyVariant(LOYALTY_SILVER, 10, null) : null),
                0.015, false);
            final Ad email = new Ad(
                nextAd(), List.of(EMAIL_RECS), Set.of(Channel.EMAIL),
                new Ad.Targeting(k % 2 == 1 ? "NOT " + LAPSED : null, List.of(), List.of(), List.of()),
                new Ad.GeoScope(0, List.of(), List.of("NY", "NJ", "CT", "PA")),
                brandProducts(advertiser, advertiser.home(), 10, false), Fulfilment.SHIP, 1,
                new Ad.Bid(BidModel.CPM, round(2.5 + 0.5 * k)), new Ad.FrequencyCap(1, 7 * 86_400L), 0,
                new Ad.Creative("product_card", advertiser.tagline() + ", delivered", "Shop now", null),
                Ad.DEFAULT_CTR_PRIOR, false);
            final boolean future = FUTURE_ADVERTISER == k;
            return campaign(advertiser, advertiser.brand() + (future ? " spring 2029 after purchase" : " after purchase"),
                true, new Campaign.Budget(6_000 + 500 * k, 200 + 25 * k, "USD"),
                future ? FUTURE_FLIGHT : USUAL_FLIGHT, Pacing.EVEN, 0, List.of(order, email));
        }

        Campaign inStore(final int k, final Advertiser advertiser)
        {
            final Ad.GeoScope geo;
            switch (k % 3)
            {
                case 0:
                    geo = new Ad.GeoScope(0, storeCodes(k + 1), List.of());
                    break;
                case 1:
                    geo = Ad.GeoScope.radius(3 + k);
                    break;
                default:
                    geo = new Ad.GeoScope(0, List.of(), k < 5 ? List.of("NJ") : List.of("NY"));
                    break;
            }
            final Ad screen = new Ad(
                nextAd(), List.of(INSTORE_SCREEN), Set.of(Channel.INSTORE_SCREEN),
                new Ad.Targeting(5 == k ? "NOT (" + LAPSED + " OR " + DEAL_SEEKER + ")" : null, List.of(), List.of(),
                    List.of()),
                geo, k % 2 == 0 ? brandProducts(advertiser, advertiser.main(), 20, false) :
                    Ad.ProductSet.category(advertiser.main()),
                Fulfilment.PICKUP, 3 + k % 3, new Ad.Bid(BidModel.CPM, round(2.0 + 0.8 * k)),
                new Ad.FrequencyCap(6, 3_600), 0,
                new Ad.Creative("banner", "Find " + advertiser.brand() + " in aisle " + (3 + k), "See it on the shelf", null),
                Ad.DEFAULT_CTR_PRIOR, 2 == k);
            final boolean paused = PAUSED_ADVERTISER == k;
            return campaign(advertiser, advertiser.brand() + " in-store screens" + (paused ? " (paused)" : ""), !paused,
                new Campaign.Budget(10_000, 400, "USD"), USUAL_FLIGHT, Pacing.ASAP, 9 == k ? 2 : 0, List.of(screen));
        }

        private Campaign campaign(
            final Advertiser advertiser, final String name, final boolean active, final Campaign.Budget budget,
            final Campaign.Flight flight, final Pacing pacing, final int priority, final List<Ad> ads)
        {
            campaigns++;
            return new Campaign(
                "cmp-" + campaigns, advertiser.id(), name, active, budget, flight, pacing, priority, ads);
        }

        private String nextAd()
        {
            ads++;
            return "ad-" + ads;
        }

        /**
         * The brand's most popular products under a category (those on sale first when asked), or
         * that category when the retailer has none of the brand.
         */
        private Ad.ProductSet brandProducts(
            final Advertiser advertiser, final String category, final int max, final boolean onSaleFirst)
        {
            final List<String> skus = new ArrayList<>(max);
            for (int pass = onSaleFirst ? 0 : 1; pass < 2 && skus.size() < max; pass++)
            {
                for (final DemoRetailer.Product product : retailer.products())
                {
                    if (skus.size() == max)
                    {
                        break;
                    }
                    final boolean wanted = 1 == pass || product.salePriceCents() >= 0;
                    if (wanted && advertiser.brand().equals(product.brand()) &&
                        Catalog.isUnder(product.category(), category) && !skus.contains(product.sku()))
                    {
                        skus.add(product.sku());
                    }
                }
            }
            return skus.isEmpty() ? Ad.ProductSet.category(category) : new Ad.ProductSet(skus, null);
        }

        /** About two thirds of the stores, a different selection per {@code k}. */
        private List<String> storeCodes(final int k)
        {
            final List<Location> stores = retailer.stores();
            final List<String> codes = new ArrayList<>(stores.size());
            for (int i = 0; i < stores.size(); i++)
            {
                if ((i + k) % 3 != 0 || 1 == stores.size())
                {
                    codes.add(stores.get(i).code());
                }
            }
            return codes;
        }
    }

    private static double round(final double amount)
    {
        return Math.round(amount * 100) / 100.0;
    }
}
