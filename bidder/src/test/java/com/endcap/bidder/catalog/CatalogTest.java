package com.endcap.bidder.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatalogTest
{
    @ParameterizedTest(name = "{0} under {1} -> {2}")
    @CsvSource({
        "pet/dog-food, pet/, true",
        "pet/dog-food, pet, true",
        "pet/dog-food, pet/dog-food, true",
        "pet/dog-food, pet/dog, false",
        "pet/dog-food, pe, false",
        "pets/toys, pet/, false",
        "grocery/coffee, pet/, false",
        "pet, pet/, true",
        "anything, '', true"
    })
    void isUnderMatchesAtPathBoundaries(final String category, final String prefix, final boolean expected)
    {
        assertThat(Catalog.isUnder(category, prefix)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource({
        "pet/dog-food, pet/dog-food, 2",
        "pet/dog-food, pet/cat-food, 1",
        "pet/dog-food, pet, 1",
        "pet/dog-food, grocery/coffee, 0",
        "pet/dog, pet/dog-food, 1",
        "a/b/c, a/b/d, 2"
    })
    void sharedDepthCountsCommonLeadingSegments(final String a, final String b, final int expected)
    {
        assertThat(Catalog.sharedDepth(a, b)).isEqualTo(expected);
        assertThat(Catalog.sharedDepth(b, a)).isEqualTo(expected);
    }

    @Test
    void skusUnderListsEveryProductBelowAPrefix()
    {
        final Catalog target = new Catalog(List.of(
            product(0, "pet/dog-food"), product(1, "pet/cat-food"), product(2, "grocery/coffee"), product(3, "pet/dog-food")));

        assertThat(target.skusUnder("pet/")).containsExactly(1, 0, 3);
        assertThat(target.skusUnder("pet/dog-food")).containsExactly(0, 3);
        assertThat(target.skusUnder("toys")).isEmpty();
        assertThat(target.product(2).category()).isEqualTo("grocery/coffee");
        assertThat(target.product(9)).isNull();
        assertThat(target.size()).isEqualTo(4);
    }

    @Test
    void effectivePriceIsTheSalePriceWhenGiven()
    {
        assertThat(product(0, "x").effectivePriceCents()).isEqualTo(5499);
        assertThat(new Product(0, "s", null, "t", 5499, 4999, "USD", "x", null, null, null).effectivePriceCents())
            .isEqualTo(4999);
    }

    @Test
    void productWithoutDenseIdIsRefused()
    {
        assertThatThrownBy(() -> new Catalog(List.of(product(-1, "x")))).isInstanceOf(IllegalArgumentException.class);
    }

    static Product product(final int skuId, final String category)
    {
        return new Product(skuId, "sku-" + skuId, null, "Product " + skuId, 5499, Product.NO_PRICE, "USD", category,
            null, null, List.of());
    }
}
