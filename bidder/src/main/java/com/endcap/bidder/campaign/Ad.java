package com.endcap.bidder.campaign;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One ad of a campaign: where it may show, to whom, which products, under which stock rule, at
 * what bid. Immutable.
 *
 * @param id           ad id.
 * @param slots        slot types it may fill (e.g. {@code product_sidebar}).
 * @param channels     channels it may show on; empty means all.
 * @param targeting    segment expression and page context.
 * @param geo          where the shopper's stock may come from.
 * @param products     the product set the engine picks the SKU from.
 * @param fulfilment   pickup, ship or any.
 * @param minUnits     smallest available-to-promise that may be advertised (1 or more).
 * @param bid          CPM or CPC amount.
 * @param frequencyCap impressions per user key per window, or null for none.
 * @param holdoutShare share of users (0..0.5) held out of the campaign as a control group.
 * @param creative     template and texts.
 * @param ctrPrior     prior click rate for CPC ranking before clicks arrive (e.g. 0.01).
 * @param hideUnits    true to show a band instead of exact counts.
 */
public record Ad(
    String id,
    List<String> slots,
    Set<Channel> channels,
    Targeting targeting,
    GeoScope geo,
    ProductSet products,
    Fulfilment fulfilment,
    int minUnits,
    Bid bid,
    FrequencyCap frequencyCap,
    double holdoutShare,
    Creative creative,
    double ctrPrior,
    boolean hideUnits)
{
    /** Click rate assumed for a CPC ad that states none. */
    public static final double DEFAULT_CTR_PRIOR = 0.01;

    /**
     * Validates and copies.
     */
    public Ad
    {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(products, "products");
        Objects.requireNonNull(bid, "bid");
        if (null == slots || slots.isEmpty())
        {
            throw new IllegalArgumentException("ad " + id + ": slots must name at least one slot type");
        }
        slots = List.copyOf(slots);
        channels = null == channels ? Set.of() : Set.copyOf(channels);
        targeting = null == targeting ? Targeting.NONE : targeting;
        geo = null == geo ? GeoScope.ANYWHERE : geo;
        fulfilment = null == fulfilment ? Fulfilment.ANY : fulfilment;
        if (minUnits < 1)
        {
            throw new IllegalArgumentException("ad " + id + ": minUnits must be >= 1");
        }
        if (!(holdoutShare >= 0 && holdoutShare <= 0.5))
        {
            throw new IllegalArgumentException("ad " + id + ": holdoutShare must be 0..0.5");
        }
        if (!(ctrPrior > 0 && ctrPrior < 1))
        {
            throw new IllegalArgumentException("ad " + id + ": ctrPrior must be between 0 and 1");
        }
        creative = null == creative ? Creative.DEFAULT : creative;
    }

    /**
     * Page context and audience an ad targets; empty lists match anything.
     *
     * @param segments   expression over segments with AND, OR, NOT and parentheses, or null.
     * @param pageTypes  page types (e.g. {@code product}, {@code cart}).
     * @param categories category prefixes (e.g. {@code pet/}).
     * @param keywords   page keywords, any of which matches.
     */
    public record Targeting(String segments, List<String> pageTypes, List<String> categories, List<String> keywords)
    {
        /** Targets everyone everywhere. */
        public static final Targeting NONE = new Targeting(null, List.of(), List.of(), List.of());

        /**
         * Copies.
         */
        public Targeting
        {
            segments = null == segments || segments.isBlank() ? null : segments;
            pageTypes = null == pageTypes ? List.of() : List.copyOf(pageTypes);
            categories = null == categories ? List.of() : List.copyOf(categories);
            keywords = null == keywords ? List.of() : List.copyOf(keywords);
        }
    }

    /**
     * Where stock for the shopper may come from: anywhere, stores within a radius of the shopper,
     * a list of stores, or stores and warehouses of some regions.
     *
     * @param radiusKm radius, or 0 when not a radius scope.
     * @param stores   store codes, or empty.
     * @param regions  region codes, or empty.
     */
    public record GeoScope(double radiusKm, List<String> stores, List<String> regions)
    {
        /** No geographic limit. */
        public static final GeoScope ANYWHERE = new GeoScope(0, List.of(), List.of());

        /**
         * Validates and copies.
         */
        public GeoScope
        {
            stores = null == stores ? List.of() : List.copyOf(stores);
            regions = null == regions ? List.of() : List.copyOf(regions);
            if (radiusKm < 0 || radiusKm > 500)
            {
                throw new IllegalArgumentException("geo.radiusKm must be 0..500");
            }
        }

        /**
         * @param km radius.
         * @return stores within {@code km} of the shopper.
         */
        public static GeoScope radius(final double km)
        {
            return new GeoScope(km, List.of(), List.of());
        }
    }

    /**
     * The products an ad may show: explicit SKUs, or every product of a catalog category.
     *
     * @param skus     retailer SKU ids, or empty.
     * @param category category path (prefix), or null.
     */
    public record ProductSet(List<String> skus, String category)
    {
        /**
         * Validates and copies.
         */
        public ProductSet
        {
            skus = null == skus ? List.of() : List.copyOf(skus);
            if (skus.isEmpty() == (null == category))
            {
                throw new IllegalArgumentException("products must be either skus or a category");
            }
        }

        /**
         * @param skus retailer SKU ids.
         * @return an explicit product set.
         */
        public static ProductSet of(final String... skus)
        {
            return new ProductSet(List.of(skus), null);
        }

        /**
         * @param category category path.
         * @return a category product set.
         */
        public static ProductSet category(final String category)
        {
            return new ProductSet(List.of(), category);
        }
    }

    /**
     * @param model  CPM or CPC.
     * @param amount in the campaign's currency, per thousand impressions or per click.
     */
    public record Bid(BidModel model, double amount)
    {
        /**
         * Validates.
         */
        public Bid
        {
            Objects.requireNonNull(model, "bid.model");
            if (!(amount > 0 && amount < 10_000))
            {
                throw new IllegalArgumentException("bid.amount must be > 0 and < 10000");
            }
        }
    }

    /**
     * @param count         impressions allowed per window.
     * @param windowSeconds window length.
     */
    public record FrequencyCap(int count, long windowSeconds)
    {
        /**
         * Validates.
         */
        public FrequencyCap
        {
            if (count < 1 || windowSeconds < 1)
            {
                throw new IllegalArgumentException("frequencyCap.count and windowSeconds must be >= 1");
            }
        }
    }

    /**
     * The creative: template, texts, and an optional loyalty variant.
     *
     * @param template  {@code product_card} or {@code banner}.
     * @param headline  headline text.
     * @param cta       call to action.
     * @param loyalty   member variant, or null.
     */
    public record Creative(String template, String headline, String cta, LoyaltyVariant loyalty)
    {
        /** A product card with a plain call to action. */
        public static final Creative DEFAULT = new Creative("product_card", null, "Add to cart", null);

        /**
         * Validates.
         */
        public Creative
        {
            template = null == template ? "product_card" : template;
            if (!"product_card".equals(template) && !"banner".equals(template))
            {
                throw new IllegalArgumentException("creative.template must be product_card or banner");
            }
            cta = null == cta ? "Add to cart" : cta;
        }
    }

    /**
     * What members of a loyalty tier see instead: a member price and their own headline.
     *
     * @param segment         the tier's segment (e.g. {@code loyalty-gold}).
     * @param discountPercent member discount off the shown price, 0..90.
     * @param headline        member headline, or null to keep the ad's.
     */
    public record LoyaltyVariant(String segment, double discountPercent, String headline)
    {
        /**
         * Validates.
         */
        public LoyaltyVariant
        {
            Objects.requireNonNull(segment, "loyalty.segment");
            if (!(discountPercent >= 0 && discountPercent <= 90))
            {
                throw new IllegalArgumentException("loyalty.discountPercent must be 0..90");
            }
        }
    }
}
