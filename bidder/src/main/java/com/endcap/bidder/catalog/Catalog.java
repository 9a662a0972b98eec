package com.endcap.bidder.catalog;

import org.agrona.collections.IntArrayList;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * An immutable catalog: products by dense sku id, and the skus under a category prefix. Built off
 * the hot path; readers on any thread.
 * <p>
 * Categories are {@code /}-separated paths; a prefix matches at a path boundary, so {@code pet}
 * and {@code pet/} match {@code pet/dog-food} but {@code pe} does not.
 */
public final class Catalog
{
    /** The catalog with no products. */
    public static final Catalog EMPTY = new Catalog(List.of());

    private final Product[] bySkuId;
    private final Product[] sortedByCategory;
    private final int size;

    /**
     * @param products products with their dense sku ids set; a later product with the same id
     *                 replaces an earlier one.
     */
    public Catalog(final Collection<Product> products)
    {
        int maxId = -1;
        for (final Product product : products)
        {
            if (product.skuId() < 0)
            {
                throw new IllegalArgumentException("product " + product.sku() + " has no dense sku id");
            }
            maxId = Math.max(maxId, product.skuId());
        }
        bySkuId = new Product[maxId + 1];
        for (final Product product : products)
        {
            bySkuId[product.skuId()] = product;
        }
        final List<Product> distinct = new ArrayList<>();
        for (final Product product : bySkuId)
        {
            if (null != product)
            {
                distinct.add(product);
            }
        }
        size = distinct.size();
        sortedByCategory = distinct.toArray(new Product[0]);
        Arrays.sort(sortedByCategory, (a, b) ->
        {
            final int byCategory = a.category().compareTo(b.category());
            return 0 != byCategory ? byCategory : Integer.compare(a.skuId(), b.skuId());
        });
    }

    /**
     * @param skuId dense sku id.
     * @return the product, or null.
     */
    public Product product(final int skuId)
    {
        return skuId >= 0 && skuId < bySkuId.length ? bySkuId[skuId] : null;
    }

    /**
     * @return the largest sku id a product has, or -1 for an empty catalog.
     */
    public int maxSkuId()
    {
        return bySkuId.length - 1;
    }

    /**
     * @return number of products.
     */
    public int size()
    {
        return size;
    }

    /**
     * @return every product, ordered by category then sku id (a copy).
     */
    public List<Product> products()
    {
        return List.of(sortedByCategory);
    }

    /**
     * The dense sku ids of every product under a category prefix (allocates; index build only).
     *
     * @param prefix category prefix, with or without a trailing {@code /}.
     * @return sku ids, by category then id.
     */
    public int[] skusUnder(final String prefix)
    {
        if (null == prefix)
        {
            return new int[0];
        }
        // Every category that starts with the stem sits in one run of the sorted array, from the
        // first category >= the stem. Not all of the run is under the prefix: '-' sorts before
        // '/', so "pet-x" lies between "pet" and "pet/a". isUnder filters; the run's end stops.
        final String stem = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        final IntArrayList skus = new IntArrayList();
        for (int i = firstCategoryAtLeast(stem); i < sortedByCategory.length; i++)
        {
            final Product product = sortedByCategory[i];
            if (!product.category().startsWith(stem))
            {
                break;
            }
            if (isUnder(product.category(), prefix))
            {
                skus.addInt(product.skuId());
            }
        }
        return skus.toIntArray();
    }

    private int firstCategoryAtLeast(final String stem)
    {
        int low = 0;
        int high = sortedByCategory.length;
        while (low < high)
        {
            final int mid = (low + high) >>> 1;
            if (sortedByCategory[mid].category().compareTo(stem) < 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }
        return low;
    }

    /**
     * Whether a category path lies under a prefix, at a path boundary. Allocation-free.
     *
     * @param category a category path, e.g. {@code pet/dog-food}.
     * @param prefix   a prefix, e.g. {@code pet/} or {@code pet}.
     * @return true when {@code category} equals the prefix or continues it after a {@code /}.
     */
    public static boolean isUnder(final String category, final String prefix)
    {
        if (null == category || null == prefix)
        {
            return false;
        }
        final int prefixLength = prefix.endsWith("/") ? prefix.length() - 1 : prefix.length();
        if (0 == prefixLength)
        {
            return true;
        }
        if (!category.regionMatches(0, prefix, 0, prefixLength))
        {
            return false;
        }
        return category.length() == prefixLength || category.charAt(prefixLength) == '/';
    }

    /**
     * How many leading path segments two categories share (allocation-free).
     *
     * @param a a category path.
     * @param b another.
     * @return shared leading segments: 0 when the top level differs.
     */
    public static int sharedDepth(final String a, final String b)
    {
        if (null == a || null == b || a.isEmpty() || b.isEmpty())
        {
            return 0;
        }
        int depth = 0;
        final int length = Math.min(a.length(), b.length());
        int i = 0;
        for (; i < length; i++)
        {
            final char c = a.charAt(i);
            if (c != b.charAt(i))
            {
                return depth;
            }
            if (c == '/')
            {
                depth++;
            }
        }
        final boolean aEnds = i == a.length() || a.charAt(i) == '/';
        final boolean bEnds = i == b.length() || b.charAt(i) == '/';
        return aEnds && bEnds ? depth + 1 : depth;
    }
}
