package com.endcap.server.json;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StringCacheTest
{
    private final StringCache target = new StringCache(16, 8);

    private String get(final String text)
    {
        final char[] chars = ("<<" + text + ">>").toCharArray();
        return target.get(chars, 2, text.length());
    }

    @Test
    void returnsTheSameStringForTheSameCharacters()
    {
        // given
        final String first = get("S042");

        // when
        final String second = get("S042");

        // then
        assertThat(second).isEqualTo("S042").isSameAs(first);
        assertThat(get("")).isEmpty();
    }

    @Test
    void aSetKeepsItsFourMostRecentlyUsedStrings()
    {
        // given: strings made of "Aa" and "BB" share a hash code, so a set; four fill it
        final String[] same = {"AaAaAa", "AaAaBB", "AaBBAa", "AaBBBB", "BBAaAa"};
        for (final String text : same)
        {
            assertThat(text.hashCode()).isEqualTo(same[0].hashCode());
        }
        final String[] held = new String[4];
        for (int i = 0; i < 4; i++)
        {
            held[i] = get(same[i]);
        }
        assertThat(get(same[0])).isSameAs(held[0]);

        // when: a fifth drops the least recently used, the second
        final String fifth = get(same[4]);

        // then
        assertThat(get(same[0])).isSameAs(held[0]);
        assertThat(get(same[2])).isSameAs(held[2]);
        assertThat(get(same[3])).isSameAs(held[3]);
        assertThat(get(same[4])).isSameAs(fifth);
        assertThat(get(same[1])).isEqualTo(same[1]).isNotSameAs(held[1]);
    }

    @Test
    void neverHoldsMoreThanItsSlots()
    {
        // when
        for (int i = 0; i < 10_000; i++)
        {
            assertThat(get("v" + i)).isEqualTo("v" + i);
        }

        // then
        assertThat(target.size()).isLessThanOrEqualTo(16);
    }

    @Test
    void keepsNoStringLongerThanItsLimit()
    {
        // when
        final String first = get("123456789");
        final String second = get("123456789");

        // then
        assertThat(second).isEqualTo("123456789").isNotSameAs(first);
        assertThat(target.size()).isZero();
    }
}
