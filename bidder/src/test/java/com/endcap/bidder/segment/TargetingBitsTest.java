package com.endcap.bidder.segment;

import org.agrona.collections.IntHashSet;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decision path evaluates expressions over a bit set; it must agree with the set form on
 * every expression and every shopper.
 */
class TargetingBitsTest
{
    @Test
    void bitSetEvaluationAgreesWithSetEvaluation()
    {
        final long seed = System.nanoTime();
        final SplittableRandom random = new SplittableRandom(seed);
        final SegmentDictionary dictionary = new SegmentDictionary();
        final String[] names = new String[200];
        for (int i = 0; i < names.length; i++)
        {
            names[i] = "s" + i;
            dictionary.intern(names[i]);
        }
        final String[] expressions = {
            "s1", "NOT s1", "s1 AND s2", "s1 OR s130", "(s1 OR s2) AND NOT (s3 OR s199)", "s64 AND s63 AND NOT s0",
            "NOT (s5 AND (s6 OR NOT s7))"};
        for (int round = 0; round < 2_000; round++)
        {
            final IntHashSet held = new IntHashSet();
            final long[] bits = new long[4];
            for (int i = 0; i < names.length; i++)
            {
                if (random.nextInt(4) == 0)
                {
                    held.add(i);
                    bits[i >>> 6] |= 1L << i;
                }
            }
            for (final String text : expressions)
            {
                final TargetingExpression expression = TargetingExpression.compile(text, dictionary);
                assertThat(expression.matches(bits)).as("seed " + seed + ": " + text + " over " + held)
                    .isEqualTo(expression.matches(held));
            }
        }
        assertThat(TargetingExpression.compile("s199", dictionary).matches(new long[1])).isFalse();
    }
}
