package com.endcap.bidder.catalog;

import java.util.List;
import java.util.Objects;

/**
 * A catalog product. Immutable. Prices in cents of {@code currency}.
 *
 * @param skuId       dense sku id (shared with the stock store).
 * @param sku         retailer sku id.
 * @param gtin        GTIN, or null.
 * @param title       display title.
 * @param priceCents  regular price.
 * @param saleCents   sale price, or {@link #NO_PRICE}.
 * @param currency    ISO currency code.
 * @param category    category path, e.g. {@code pet/dog-food}.
 * @param imageUrl    image, or null.
 * @param url         product page, or null.
 * @param complements category prefixes that go with this product (post-purchase and cross-sell).
 */
public record Product(
    int skuId,
    String sku,
    String gtin,
    String title,
    long priceCents,
    long saleCents,
    String currency,
    String category,
    String imageUrl,
    String url,
    List<String> complements)
{
    /** A price that is not given. */
    public static final long NO_PRICE = -1;

    /**
     * Validates and copies.
     */
    public Product
    {
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(title, "title");
        if (priceCents < 0)
        {
            throw new IllegalArgumentException("price must be >= 0");
        }
        if (saleCents < NO_PRICE)
        {
            throw new IllegalArgumentException("salePrice must be >= 0");
        }
        currency = null == currency ? "USD" : currency;
        category = null == category ? "" : category;
        complements = null == complements ? List.of() : List.copyOf(complements);
    }

    /**
     * @return the price a shopper pays: the sale price when given, else the regular price.
     */
    public long effectivePriceCents()
    {
        return saleCents >= 0 ? saleCents : priceCents;
    }

    /**
     * @param id dense sku id.
     * @return this product with another dense id.
     */
    public Product withSkuId(final int id)
    {
        return new Product(id, sku, gtin, title, priceCents, saleCents, currency, category, imageUrl, url, complements);
    }
}
