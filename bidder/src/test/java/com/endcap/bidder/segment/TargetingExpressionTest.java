package com.endcap.bidder.segment;

import org.agrona.collections.IntHashSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetingExpressionTest
{
    private final SegmentDictionary dictionary = new SegmentDictionary();

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiterString = "=>", quoteCharacter = '"', value = {
        "pet-owner AND NOT lapsed                              => pet-owner AND NOT lapsed",
        "(loyalty-gold OR loyalty-platinum) AND NOT churn-risk => (loyalty-gold OR loyalty-platinum) AND NOT churn-risk",
        "a or b                                                => a OR b",
        "a AnD b                                               => a AND b",
        "a || b && c                                           => a OR b AND c",
        "a&&b||c                                               => a AND b OR c",
        "(a || b) && c                                         => (a OR b) AND c",
        "!a                                                    => NOT a",
        "not a and b                                           => NOT a AND b",
        "NOT NOT a                                             => a",
        "! ! !a                                                => NOT a",
        "NOT (a AND b)                                         => NOT (a AND b)",
        "not(a or b)                                           => NOT (a OR b)",
        "((a))                                                 => a",
        "a AND (b AND c)                                       => a AND b AND c",
        "a OR (b OR c)                                         => a OR b OR c",
        "a AND NOT (b OR NOT c)                                => a AND NOT (b OR NOT c)",
        "\"  a\tAND\n b  \"                                    => a AND b",
        "tier:2.plus_x-y                                       => tier:2.plus_x-y",
        "NOT-a                                                 => NOT-a",
    })
    void compileParsesOperatorsCaseInsensitivelyWithNotOverAndOverOr(final String text, final String canonical)
    {
        // when
        final TargetingExpression expression = TargetingExpression.compile(text, dictionary);

        // then
        assertThat(expression.toString()).isEqualTo(canonical);
        assertThat(expression.text()).isEqualTo(text);
    }

    @ParameterizedTest(name = "[{0}] holding [{1}] -> {2}")
    @CsvSource(delimiterString = "=>", value = {
        "a                                                     => a                       => true",
        "a                                                     => b                       => false",
        "a                                                     => -                       => false",
        "NOT a                                                 => -                       => true",
        "NOT a                                                 => a                       => false",
        "a AND b                                               => -                       => false",
        "a AND b                                               => a                       => false",
        "a AND b                                               => b                       => false",
        "a AND b                                               => a b                     => true",
        "a OR b                                                => -                       => false",
        "a OR b                                                => a                       => true",
        "a OR b                                                => b                       => true",
        "a OR b                                                => a b                     => true",
        "a OR b AND c                                          => a                       => true",
        "a OR b AND c                                          => b                       => false",
        "a OR b AND c                                          => b c                     => true",
        "(a OR b) AND c                                        => a                       => false",
        "(a OR b) AND c                                        => a c                     => true",
        "(a OR b) AND c                                        => b c                     => true",
        "NOT a AND b                                           => b                       => true",
        "NOT a AND b                                           => a b                     => false",
        "NOT a AND b                                           => -                       => false",
        "NOT (a AND b)                                         => a                       => true",
        "NOT (a AND b)                                         => a b                     => false",
        "NOT NOT a                                             => a                       => true",
        "a AND a                                               => a                       => true",
        "a OR NOT a                                            => -                       => true",
        "a AND NOT a                                           => a                       => false",
        "pet-owner AND NOT lapsed                              => pet-owner               => true",
        "pet-owner AND NOT lapsed                              => pet-owner lapsed        => false",
        "pet-owner AND NOT lapsed                              => lapsed                  => false",
        "(loyalty-gold OR loyalty-platinum) AND NOT churn-risk => loyalty-platinum        => true",
        "(loyalty-gold OR loyalty-platinum) AND NOT churn-risk => loyalty-gold churn-risk => false",
        "(loyalty-gold OR loyalty-platinum) AND NOT churn-risk => churn-risk              => false",
        "(loyalty-gold OR loyalty-platinum) AND NOT churn-risk => pet-owner               => false",
    })
    void matchesFollowsTheTruthTable(final String text, final String held, final boolean expected)
    {
        // given
        final TargetingExpression expression = TargetingExpression.compile(text, dictionary);
        final IntHashSet userSegments = segments(held);

        // when
        final boolean matches = expression.matches(userSegments);

        // then
        assertThat(matches).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '"', value = {
        "\"\"            => empty expression",
        "\"   \"         => empty expression",
        "(a OR b) AND c) => unexpected ')' at 14",
        "a AND NOT       => expected a segment after NOT at 9",
        "a AND           => expected a segment after AND at 5",
        "a OR            => expected a segment after OR at 4",
        "(               => expected a segment after '(' at 1",
        "()              => expected a segment after '(' but found ')' at 1",
        "(a              => missing ')' for '(' at 0",
        "((a) OR b       => missing ')' for '(' at 0",
        "a b             => expected AND or OR but found 'b' at 2",
        "pet owner       => expected AND or OR but found 'owner' at 4",
        "a (b)           => expected AND or OR but found '(' at 2",
        "a NOT b         => expected AND or OR but found 'NOT' at 2",
        "a ! b           => expected AND or OR but found '!' at 2",
        "(a b)           => expected AND, OR or ')' but found 'b' at 3",
        "AND a           => expected a segment but found 'AND' at 0",
        ")               => expected a segment but found ')' at 0",
        "a AND OR b      => expected a segment after AND but found 'OR' at 6",
        "NOT and a       => expected a segment after NOT but found 'and' at 4",
        "a & b           => unexpected character '&' at 2, expected '&&'",
        "a |             => unexpected character '|' at 2, expected '||'",
        "a AND b#        => unexpected character '#' at 7",
        "café            => unexpected character 'é' at 3",
    })
    void compileRejectsMalformedTextNamingTheProblemAndPosition(final String text, final String message)
    {
        // then
        assertThatThrownBy(() -> TargetingExpression.compile(text, dictionary))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage(message);
    }

    @Test
    void compileRejectsASegmentNameLongerThanTheNameRuleAllows()
    {
        // given
        final String text = "x AND " + "a".repeat(SegmentDictionary.MAX_NAME_LENGTH + 1);

        // then
        assertThatThrownBy(() -> TargetingExpression.compile(text, dictionary))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("segment name longer than 64 characters at 6");
    }

    @Test
    void compileInternsNothingWhenTheTextDoesNotCompile()
    {
        // when
        assertThatThrownBy(() -> TargetingExpression.compile("pet-owner AND loyalty-gold )", dictionary))
            .isInstanceOf(IllegalArgumentException.class);

        // then
        assertThat(dictionary.size()).isZero();
    }

    @Test
    void compileInternsTheSegmentsItMentions()
    {
        // given
        final int known = dictionary.intern("loyalty-gold");

        // when
        final TargetingExpression expression =
            TargetingExpression.compile("(loyalty-gold OR loyalty-platinum) AND NOT churn-risk", dictionary);

        // then
        assertThat(dictionary.idOf("loyalty-platinum")).isNotEqualTo(SegmentDictionary.MISSING);
        assertThat(dictionary.idOf("churn-risk")).isNotEqualTo(SegmentDictionary.MISSING);
        assertThat(expression.segmentIds())
            .containsExactly(known, dictionary.idOf("loyalty-platinum"), dictionary.idOf("churn-risk"));
    }

    @Test
    void segmentIdsAreDistinctInOrderOfFirstMentionAndACopy()
    {
        // given
        final TargetingExpression expression = TargetingExpression.compile("c AND (a OR c) AND NOT b OR a", dictionary);

        // when
        final int[] ids = expression.segmentIds();
        ids[0] = 99;

        // then
        assertThat(expression.segmentIds())
            .containsExactly(dictionary.idOf("c"), dictionary.idOf("a"), dictionary.idOf("b"));
    }

    @Test
    void alwaysMatchesEveryoneAndMentionsNoSegment()
    {
        // then
        assertThat(TargetingExpression.ALWAYS.matches(new IntHashSet())).isTrue();
        assertThat(TargetingExpression.ALWAYS.matches(segments("pet-owner lapsed"))).isTrue();
        assertThat(TargetingExpression.ALWAYS.segmentIds()).isEmpty();
        assertThat(TargetingExpression.ALWAYS.text()).isEmpty();
        assertThat(TargetingExpression.ALWAYS).hasToString("ALWAYS");
    }

    @Test
    void compileAcceptsUpToTheTermLimitAndNamesTheFirstTermBeyondIt()
    {
        // given
        final StringBuilder text = new StringBuilder("s0");
        for (int i = 1; i < TargetingExpression.MAX_TERMS; i++)
        {
            text.append(" OR s").append(i);
        }

        // when
        final TargetingExpression atLimit = TargetingExpression.compile(text.toString(), dictionary);

        // then
        assertThat(atLimit.segmentIds()).hasSize(TargetingExpression.MAX_TERMS);
        assertThat(atLimit.matches(segments("s63"))).isTrue();
        final int beyondAt = text.length() + " OR ".length();
        assertThatThrownBy(() -> TargetingExpression.compile(text + " OR s64", dictionary))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("more than 64 segments in one expression at " + beyondAt);
    }

    @Test
    void compileAcceptsNestingUpToTheDepthLimitAndNamesTheFirstParenthesisBeyondIt()
    {
        // given
        final String atLimit = "(".repeat(TargetingExpression.MAX_DEPTH) + "a" + ")".repeat(TargetingExpression.MAX_DEPTH);
        final String beyond = "(" + atLimit + ")";

        // then
        assertThat(TargetingExpression.compile(atLimit, dictionary).matches(segments("a"))).isTrue();
        assertThatThrownBy(() -> TargetingExpression.compile(beyond, dictionary))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("parentheses nested deeper than 32 at 32");
    }

    @Test
    void compileSurvivesLongNegationChains()
    {
        // given
        final String text = "NOT ".repeat(100_001) + "a";

        // when
        final TargetingExpression expression = TargetingExpression.compile(text, dictionary);

        // then
        assertThat(expression).hasToString("NOT a");
    }

    @Test
    void matchesEvaluatesAProgramNeedingAllSixtyFourStackSlots()
    {
        // given x0 OR y0 AND (x1 OR y1 AND (... (x31 OR y31))), whose postfix pushes all 64 terms
        // before the first operator
        final int levels = TargetingExpression.MAX_TERMS / 2;
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < levels; i++)
        {
            text.append("x").append(i).append(" OR y").append(i);
            if (i < levels - 1)
            {
                text.append(" AND (");
            }
        }
        text.append(")".repeat(levels - 1));
        final TargetingExpression expression = TargetingExpression.compile(text.toString(), dictionary);
        final long seed = System.nanoTime();
        System.out.println(getClass().getSimpleName() + " seed " + seed);
        final Random random = new Random(seed);

        for (int round = 0; round < 2_000; round++)
        {
            final boolean[] x = new boolean[levels];
            final boolean[] y = new boolean[levels];
            final IntHashSet held = new IntHashSet();
            for (int i = 0; i < levels; i++)
            {
                // skewed so that long chains of y are common and the deep levels decide
                x[i] = random.nextInt(8) == 0;
                y[i] = random.nextInt(8) != 0;
                if (x[i])
                {
                    held.add(dictionary.idOf("x" + i));
                }
                if (y[i])
                {
                    held.add(dictionary.idOf("y" + i));
                }
            }

            // when
            final boolean matches = expression.matches(held);

            // then
            boolean expected = x[levels - 1] || y[levels - 1];
            for (int i = levels - 2; i >= 0; i--)
            {
                expected = x[i] || (y[i] && expected);
            }
            assertThat(matches).as("seed %d round %d", seed, round).isEqualTo(expected);
        }
    }

    @Test
    void matchesAgreesWithAReferenceEvaluatorOnRandomExpressions()
    {
        // given
        final long seed = System.nanoTime();
        System.out.println(getClass().getSimpleName() + " seed " + seed);
        final Random random = new Random(seed);
        final String[] names = { "a", "b", "c", "d", "e" };
        for (final String name : names)
        {
            dictionary.intern(name);
        }

        for (int round = 0; round < 500; round++)
        {
            final Node tree = Node.random(random, names.length, 4);
            final String text = tree.render(random, names);
            final TargetingExpression expression = TargetingExpression.compile(text, dictionary);

            for (int held = 0; held < 1 << names.length; held++)
            {
                final IntHashSet userSegments = new IntHashSet();
                for (int i = 0; i < names.length; i++)
                {
                    if (0 != (held & (1 << i)))
                    {
                        userSegments.add(dictionary.idOf(names[i]));
                    }
                }

                // when
                final boolean matches = expression.matches(userSegments);

                // then
                assertThat(matches)
                    .as("seed %d: [%s] compiled as [%s] holding %s", seed, text, expression, userSegments)
                    .isEqualTo(tree.evaluate(held));
            }
        }
    }

    @Test
    void matchesDoesNotAllocate()
    {
        // given
        final TargetingExpression expression =
            TargetingExpression.compile("(loyalty-gold OR loyalty-platinum) AND NOT churn-risk OR pet-owner", dictionary);
        final IntHashSet userSegments = segments("loyalty-gold pet-owner");
        final int[] sink = new int[1];
        final Runnable evaluate = () -> sink[0] += expression.matches(userSegments) ? 1 : 0;

        // when
        final long bytes = Allocations.bytesAllocatedBy(100_000, evaluate);

        // then
        assertThat(bytes).isLessThan(1_024);
        assertThat(sink[0]).isEqualTo(200_000);
    }

    private IntHashSet segments(final String names)
    {
        final IntHashSet set = new IntHashSet();
        if (!"-".equals(names))
        {
            for (final String name : names.trim().split(" +"))
            {
                set.add(dictionary.intern(name));
            }
        }
        return set;
    }

    /**
     * A random expression tree, rendered with random spellings and redundant parentheses, and
     * evaluated directly.
     */
    private static final class Node
    {
        private static final int LEAF = 0;
        private static final int NOT = 1;
        private static final int AND = 2;
        private static final int OR = 3;

        private final int kind;
        private final int segment;
        private final Node left;
        private final Node right;

        private Node(final int kind, final int segment, final Node left, final Node right)
        {
            this.kind = kind;
            this.segment = segment;
            this.left = left;
            this.right = right;
        }

        static Node random(final Random random, final int segments, final int depth)
        {
            final int kind = 0 == depth ? LEAF : random.nextInt(4);
            switch (kind)
            {
                case LEAF:
                    return new Node(LEAF, random.nextInt(segments), null, null);
                case NOT:
                    return new Node(NOT, -1, random(random, segments, depth - 1), null);
                default:
                    return new Node(kind, -1, random(random, segments, depth - 1), random(random, segments, depth - 1));
            }
        }

        boolean evaluate(final int held)
        {
            switch (kind)
            {
                case LEAF:
                    return 0 != (held & (1 << segment));
                case NOT:
                    return !left.evaluate(held);
                case AND:
                    return left.evaluate(held) && right.evaluate(held);
                default:
                    return left.evaluate(held) || right.evaluate(held);
            }
        }

        String render(final Random random, final String[] names)
        {
            // Every operand is parenthesised unless precedence makes it unnecessary and a coin says
            // leave them out, so the parser's precedence is exercised on its own.
            switch (kind)
            {
                case LEAF:
                    return names[segment];
                case NOT:
                    return pick(random, "NOT ", "not ", "!") + operand(random, names, left, NOT);
                case AND:
                    return operand(random, names, left, AND) + pick(random, " AND ", " and ", " && ", "&&") +
                        operand(random, names, right, AND);
                default:
                    return operand(random, names, left, OR) + pick(random, " OR ", " or ", " || ", "||") +
                        operand(random, names, right, OR);
            }
        }

        private static String operand(final Random random, final String[] names, final Node child, final int parent)
        {
            final boolean needed = precedence(child.kind) < precedence(parent);
            final String text = child.render(random, names);
            return needed || random.nextBoolean() ? "(" + text + ")" : text;
        }

        private static int precedence(final int kind)
        {
            switch (kind)
            {
                case LEAF:
                    return 3;
                case NOT:
                    return 2;
                case AND:
                    return 1;
                default:
                    return 0;
            }
        }

        private static String pick(final Random random, final String... choices)
        {
            return choices[random.nextInt(choices.length)];
        }
    }
}
