package com.endcap.bidder.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

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

    @ParameterizedTest(name = "under {0}")
    @ValueSource(strings = {"pet", "pet/", "pet/a", "pet/a/", "pet-x", "pet-x/", "pe", "pets", "p", "", "/", "a", "zzz", "pet/a/b/c"})
    void skusUnderKeepsWhatIsUnderTheStemAndSkipsSiblingsSortedInsideItsRun(final String prefix)
    {
        // given: '-' (and '.') sort before '/', so "pet-x" and "pet.z" lie between "pet" and "pet/a"
        final List<String> categories = List.of(
            "pet/a/b", "pet", "pet-x", "pet-x/y", "pet/a", "pets", "pe", "petz/a", "pet.z", "pet/a", "grocery", "pet/b");
        final List<Product> products = new ArrayList<>();
        for (int i = 0; i < categories.size(); i++)
        {
            products.add(product(i, categories.get(i)));
        }
        final Catalog target = new Catalog(products);

        // when / then
        assertThat(target.skusUnder(prefix)).containsExactly(scanned(target, prefix));
    }

    @Test
    void skusUnderAnswersWhatAFullScanAnswersOnRandomCatalogs()
    {
        final long seed = System.nanoTime();
        System.out.println("skusUnderAnswersWhatAFullScanAnswersOnRandomCatalogs seed=" + seed);
        final Random random = new Random(seed);
        final String[] parts = {"a", "b", "a-b", "a.b", "ab", "a b", "b-", "z"};
        for (int round = 0; round < 50; round++)
        {
            final List<Product> products = new ArrayList<>();
            final List<String> prefixes = new ArrayList<>(List.of("", "/"));
            for (int i = 0, n = random.nextInt(60); i < n; i++)
            {
                final StringBuilder category = new StringBuilder(parts[random.nextInt(parts.length)]);
                for (int depth = random.nextInt(3); depth > 0; depth--)
                {
                    category.append('/').append(parts[random.nextInt(parts.length)]);
                }
                products.add(product(random.nextInt(80), category.toString()));
                prefixes.add(category.toString());
                prefixes.add(category + "/");
                prefixes.add(category.substring(0, random.nextInt(category.length() + 1)));
            }
            final Catalog target = new Catalog(products);
            for (final String prefix : prefixes)
            {
                assertThat(target.skusUnder(prefix)).as("seed %d, prefix '%s'", seed, prefix)
                    .containsExactly(scanned(target, prefix));
            }
        }
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

    private static int[] scanned(final Catalog catalog, final String prefix)
    {
        return catalog.products().stream()
            .filter(product -> Catalog.isUnder(product.category(), prefix))
            .mapToInt(Product::skuId)
            .toArray();
    }

    static Product product(final int skuId, final String category)
    {
        return new Product(skuId, "sku-" + skuId, null, "Product " + skuId, 5499, Product.NO_PRICE, "USD", category,
            null, null, List.of());
    }
}
