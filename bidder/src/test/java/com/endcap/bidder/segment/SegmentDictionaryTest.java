package com.endcap.bidder.segment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SegmentDictionaryTest
{
    private final SegmentDictionary target = new SegmentDictionary();

    @Test
    void internAssignsDenseIdsInFirstSeenOrder()
    {
        // when
        final int petOwner = target.intern("pet-owner");
        final int gold = target.intern("loyalty-gold");
        final int lapsed = target.intern("lapsed");

        // then
        assertThat(new int[]{ petOwner, gold, lapsed }).containsExactly(0, 1, 2);
        assertThat(target.size()).isEqualTo(3);
    }

    @Test
    void internReturnsTheSameIdForAKnownName()
    {
        // given
        final int first = target.intern("pet-owner");
        target.intern("lapsed");

        // when
        final int again = target.intern("pet-owner");

        // then
        assertThat(again).isEqualTo(first);
        assertThat(target.size()).isEqualTo(2);
    }

    @Test
    void idOfAndNameOfResolveInternedNamesBothWays()
    {
        // given
        final int id = target.intern("loyalty-gold");

        // then
        assertThat(target.idOf("loyalty-gold")).isEqualTo(id);
        assertThat(target.nameOf(id)).isEqualTo("loyalty-gold");
    }

    @Test
    void namesAreCaseSensitive()
    {
        // when
        final int lower = target.intern("vip");
        final int upper = target.intern("VIP");

        // then
        assertThat(lower).isNotEqualTo(upper);
    }

    @Test
    void idOfIsMissingForUnknownOrNullNameAndDoesNotIntern()
    {
        // given
        target.intern("pet-owner");

        // then
        assertThat(target.idOf("lapsed")).isEqualTo(SegmentDictionary.MISSING);
        assertThat(target.idOf(null)).isEqualTo(SegmentDictionary.MISSING);
        assertThat(target.size()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(ints = { -1, 1, 2, 64, Integer.MAX_VALUE, Integer.MIN_VALUE })
    void nameOfIsNullForIdsNeverHandedOut(final int id)
    {
        // given
        target.intern("pet-owner");

        // then
        assertThat(target.nameOf(id)).isNull();
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {
        "a",
        "pet-owner",
        "loyalty_gold",
        "tier:2.plus",
        "A-Za-z0-9_.:-",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    })
    void internAcceptsNamesFollowingTheRule(final String name)
    {
        // when
        final int id = target.intern(name);

        // then
        assertThat(target.nameOf(id)).isEqualTo(name);
        assertThat(SegmentDictionary.isValidName(name)).isTrue();
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "\"\"                  | segment name must be 1 to 64 characters, was 0",
        "pet owner           | invalid character ' ' at 3 in segment name 'pet owner'",
        "pet/owner           | invalid character '/' at 3 in segment name 'pet/owner'",
        "café                | invalid character 'é' at 3 in segment name 'café'",
        "a(b                 | invalid character '(' at 1",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa | segment name must be 1 to 64 characters, was 65",
    })
    void internRejectsNamesBreakingTheRule(final String name, final String message)
    {
        // then
        assertThatThrownBy(() -> target.intern(name))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(message);
        assertThat(SegmentDictionary.isValidName(name)).isFalse();
        assertThat(target.size()).isZero();
    }

    @Test
    void internRejectsNull()
    {
        assertThatThrownBy(() -> target.intern(null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("segment name is null");
    }

    @Test
    void aFullDictionaryRefusesNewNamesButStillResolvesKnownOnes()
    {
        // given
        final SegmentDictionary full = new SegmentDictionary(2);
        full.intern("a");
        full.intern("b");

        // then
        assertThat(full.tryIntern("c")).isEqualTo(SegmentDictionary.FULL);
        assertThatThrownBy(() -> full.intern("c"))
            .isInstanceOf(IllegalStateException.class)
            .hasMessage("segment dictionary is full (2 names), cannot add 'c'");
        assertThat(full.intern("b")).isEqualTo(1);
        assertThat(full.idOf("c")).isEqualTo(SegmentDictionary.MISSING);
        assertThat(full.size()).isEqualTo(2);
    }

    @Test
    void idsSurviveTheNameTableGrowing()
    {
        // when
        for (int i = 0; i < 1_000; i++)
        {
            target.intern("segment-" + i);
        }

        // then
        for (int i = 0; i < 1_000; i++)
        {
            assertThat(target.idOf("segment-" + i)).isEqualTo(i);
            assertThat(target.nameOf(i)).isEqualTo("segment-" + i);
        }
    }

    @Test
    void idOfAndNameOfDoNotAllocate()
    {
        // given
        final int id = target.intern("pet-owner");
        final String unknown = "never-interned";
        final int[] sink = new int[1];
        final Runnable lookups = () ->
        {
            sink[0] += target.idOf("pet-owner") + target.idOf(unknown) + target.nameOf(id).length();
        };

        // when
        final long bytes = Allocations.bytesAllocatedBy(100_000, lookups);

        // then
        assertThat(bytes).isLessThan(1_024);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void concurrentInternersAgreeOnOneDenseIdPerName() throws Exception
    {
        // given
        final int threads = 4;
        final int names = 2_000;
        final CyclicBarrier start = new CyclicBarrier(threads);
        final ExecutorService executor = Executors.newFixedThreadPool(threads);
        try
        {
            final List<Future<int[]>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++)
            {
                final int offset = t * 500;
                results.add(executor.submit(() ->
                {
                    start.await();
                    final int[] ids = new int[names];
                    for (int i = 0; i < names; i++)
                    {
                        final int n = (i + offset) % names;
                        ids[n] = target.intern("segment-" + n);
                        assertThat(target.nameOf(ids[n])).isEqualTo("segment-" + n);
                    }
                    return ids;
                }));
            }

            // when
            final int[] first = results.get(0).get();

            // then
            for (final Future<int[]> result : results)
            {
                assertThat(result.get()).containsExactly(first);
            }
            assertThat(target.size()).isEqualTo(names);
            assertThat(first).containsExactlyInAnyOrder(range(names));
        }
        finally
        {
            executor.shutdownNow();
        }
    }

    private static int[] range(final int count)
    {
        final int[] values = new int[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = i;
        }
        return values;
    }
}
