package com.endcap.bidder.index;

import com.endcap.bidder.catalog.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link CategoryPaths} answers what {@link Catalog#isUnder} and {@link Catalog#sharedDepth} answer,
 * by ordinals: checked on a table of cases and on random paths over a tiny alphabet (so that
 * shared prefixes, empty segments and trailing slashes are common).
 */
class CategoryPathsTest
{
    @ParameterizedTest
    @CsvSource({
        "pet/dog-food, pet, true",
        "pet/dog-food, pet/, true",
        "pet/dog-food, pet/dog-food, true",
        "pet/dog-food, pet/dog, false",
        "pet/dog-food, petfood, false",
        "pet, pet/dog-food, false",
        "pet/dog-food, '', true",
        "pet/dog-food, /, true",
    })
    void pageMarksAnswerWhetherThePageLiesUnderAPrefix(final String page, final String prefix, final boolean under)
    {
        // given
        final CategoryPaths.Builder builder = new CategoryPaths.Builder();
        final int ordinal = builder.addPrefix(prefix);
        final CategoryPaths target = builder.build();
        final int[] marks = new int[target.count()];

        // when
        target.markBoundaries(page, marks, 7);

        // then
        assertThat(marks[ordinal] == 7).isEqualTo(under).isEqualTo(Catalog.isUnder(page, prefix));
    }

    @Test
    void aMissingPageLiesUnderNothing()
    {
        final CategoryPaths.Builder builder = new CategoryPaths.Builder();
        builder.addPrefix("");
        final CategoryPaths target = builder.build();
        final int[] marks = new int[target.count()];

        assertThat(target.markBoundaries(null, marks, 1)).isFalse();

        assertThat(marks).containsOnly(0);
    }

    @Test
    void unknownPrefixIsMissing()
    {
        final CategoryPaths.Builder builder = new CategoryPaths.Builder();
        builder.addCategory("pet/dog-food");
        final CategoryPaths target = builder.build();

        assertThat(target.findPrefix("pet/")).isEqualTo(target.findPrefix("pet")).isNotNegative();
        assertThat(target.findPrefix("household")).isEqualTo(CategoryPaths.MISSING);
        assertThat(target.findPrefix("pet/dog")).isEqualTo(CategoryPaths.MISSING);
    }

    @Test
    void randomPathsAgreeWithTheStringRules()
    {
        final long seed = System.nanoTime();
        final SplittableRandom random = new SplittableRandom(seed);
        for (int round = 0; round < 300; round++)
        {
            final CategoryPaths.Builder builder = new CategoryPaths.Builder();
            final List<String> prefixes = new ArrayList<>();
            final List<int[]> prefixOrdinals = new ArrayList<>();
            for (int i = 0; i < 6; i++)
            {
                final String prefix = randomPath(random);
                prefixes.add(prefix);
                prefixOrdinals.add(new int[] { builder.addPrefix(prefix) });
            }
            final List<String> categories = new ArrayList<>();
            final List<int[]> boundaries = new ArrayList<>();
            for (int i = 0; i < 6; i++)
            {
                final String category = randomPath(random);
                categories.add(category);
                boundaries.add(builder.addCategory(category));
            }
            final CategoryPaths target = builder.build();
            final int[] pageMarks = new int[target.count()];
            final int[] complementMarks = new int[target.count()];

            for (int request = 1; request <= 20; request++)
            {
                final String page = random.nextInt(10) == 0 ? null : randomPath(random);
                final boolean pageHasLevels = target.markBoundaries(page, pageMarks, request);
                final List<String> complements = new ArrayList<>();
                for (int i = random.nextInt(3); i > 0; i--)
                {
                    final String complement = randomPath(random);
                    complements.add(complement);
                    final int path = target.findPrefix(complement);
                    if (path >= 0)
                    {
                        complementMarks[path] = request;
                    }
                }
                final String context = "seed " + seed + ", page " + page + ", complements " + complements;

                for (int i = 0; i < prefixes.size(); i++)
                {
                    assertThat(pageMarks[prefixOrdinals.get(i)[0]] == request)
                        .as(context + ", prefix " + prefixes.get(i))
                        .isEqualTo(Catalog.isUnder(page, prefixes.get(i)));
                }
                for (int i = 0; i < categories.size(); i++)
                {
                    final String category = categories.get(i);
                    assertThat(CategoryPaths.sharedDepth(boundaries.get(i), pageMarks, request, pageHasLevels))
                        .as(context + ", depth of " + category)
                        .isEqualTo(null == page ? 0 : Catalog.sharedDepth(category, page));
                    assertThat(CategoryPaths.underAny(boundaries.get(i), complementMarks, request))
                        .as(context + ", " + category + " under a complement")
                        .isEqualTo(complements.stream().anyMatch(complement -> Catalog.isUnder(category, complement)));
                }
            }
        }
    }

    private static String randomPath(final SplittableRandom random)
    {
        final StringBuilder path = new StringBuilder();
        for (int i = random.nextInt(7); i > 0; i--)
        {
            path.append("ab/".charAt(random.nextInt(3)));
        }
        return path.toString();
    }
}
