package com.endcap.bidder.segment;

import org.agrona.collections.IntHashSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SegmentStoreTest extends SegmentViewConformanceTest
{
    private final SegmentDictionary dictionary = new SegmentDictionary();
    private final SegmentStore target = new SegmentStore(dictionary, 1_000, 8);

    protected SegmentView target()
    {
        return target;
    }

    protected void givenSegments(
        final String userKey, final List<String> segmentNames, final long ttlSeconds, final long nowEpochSecond)
    {
        assertThat(target.put(userKey, segmentNames, ttlSeconds, nowEpochSecond)).isNotNegative();
    }

    protected int idOf(final String name)
    {
        return dictionary.intern(name);
    }

    @Test
    void putMergesKeepingTheUsersOtherSegments()
    {
        // given
        target.put("u-8812", List.of("pet-owner", "lapsed"), TTL, NOW);

        // when
        final int held = target.put("u-8812", List.of("loyalty-gold"), TTL, NOW + 5);

        // then
        assertThat(held).isEqualTo(3);
        assertThat(segmentsOf("u-8812", NOW + 10)).containsExactlyInAnyOrder("pet-owner", "lapsed", "loyalty-gold");
    }

    @Test
    void putReplacesTheExpiryOfASegmentGivenAgainEvenWithAShorterTtl()
    {
        // given
        target.put("u-8812", List.of("pet-owner", "lapsed"), 100, NOW);

        // when
        target.put("u-8812", List.of("pet-owner"), 1_000, NOW + 50);
        target.put("u-8812", List.of("lapsed"), 10, NOW + 50);

        // then
        assertThat(segmentsOf("u-8812", NOW + 59)).containsExactlyInAnyOrder("pet-owner", "lapsed");
        assertThat(segmentsOf("u-8812", NOW + 60)).containsExactly("pet-owner");
        assertThat(segmentsOf("u-8812", NOW + 1_049)).containsExactly("pet-owner");
        assertThat(segmentsOf("u-8812", NOW + 1_050)).isEmpty();
    }

    @Test
    void putWithZeroTtlRemovesTheNamedSegmentsOnly()
    {
        // given
        target.put("u-8812", List.of("pet-owner", "lapsed"), TTL, NOW);

        // when
        final int held = target.put("u-8812", List.of("lapsed"), 0, NOW + 1);

        // then
        assertThat(held).isEqualTo(1);
        assertThat(segmentsOf("u-8812", NOW + 1)).containsExactly("pet-owner");
    }

    @Test
    void putRemovesAUserLeftWithNoSegment()
    {
        // given
        target.put("u-8812", List.of("pet-owner"), TTL, NOW);

        // when
        final int held = target.put("u-8812", List.of("pet-owner"), 0, NOW + 1);

        // then
        assertThat(held).isZero();
        assertThat(target.users()).isZero();
    }

    @Test
    void putDropsTheUsersExpiredSegmentsAndCountsOnlyUnexpiredOnes()
    {
        // given
        target.put("u-8812", List.of("pet-owner"), 10, NOW);

        // when
        final int held = target.put("u-8812", List.of("lapsed"), TTL, NOW + 10);

        // then
        assertThat(held).isEqualTo(1);
        assertThat(segmentsOf("u-8812", NOW + 10)).containsExactly("lapsed");
    }

    @Test
    void putCountsADuplicateNameOnce()
    {
        // when
        final int held = target.put("u-8812", List.of("pet-owner", "pet-owner", "lapsed"), TTL, NOW);

        // then
        assertThat(held).isEqualTo(2);
    }

    @Test
    void putWithNothingToStoreForANewUserAddsNoUserAndInternsNothing()
    {
        // when
        final int none = target.put("u-1", List.of(), TTL, NOW);
        final int expired = target.put("u-2", List.of("pet-owner"), 0, NOW);

        // then
        assertThat(none).isZero();
        assertThat(expired).isZero();
        assertThat(target.users()).isZero();
        assertThat(dictionary.size()).isZero();
    }

    @Test
    void putWithAnEmptyListLeavesAHeldUserAsTheyWere()
    {
        // given
        target.put("u-8812", List.of("pet-owner"), TTL, NOW);

        // when
        final int held = target.put("u-8812", List.of(), TTL, NOW + 1);

        // then
        assertThat(held).isEqualTo(1);
        assertThat(segmentsOf("u-8812", NOW + 1)).containsExactly("pet-owner");
    }

    @Test
    void putSaturatesAnExpiryBeyondTheEndOfTime()
    {
        // when
        target.put("u-8812", List.of("pet-owner"), Long.MAX_VALUE, NOW);

        // then
        assertThat(segmentsOf("u-8812", Long.MAX_VALUE - 1)).containsExactly("pet-owner");
    }

    @Test
    void putInternsTheNamesInTheStoresDictionary()
    {
        // when
        target.put("u-8812", List.of("pet-owner"), TTL, NOW);

        // then
        assertThat(target.dictionary()).isSameAs(dictionary);
        assertThat(dictionary.idOf("pet-owner")).isNotEqualTo(SegmentDictionary.MISSING);
    }

    @Test
    void removeForgetsTheUser()
    {
        // given
        target.put("u-8812", List.of("pet-owner"), TTL, NOW);
        target.put("u-7", List.of("lapsed"), TTL, NOW);

        // when
        final boolean removed = target.remove("u-8812");

        // then
        assertThat(removed).isTrue();
        assertThat(segmentsOf("u-8812", NOW)).isEmpty();
        assertThat(target.users()).isEqualTo(1);
        assertThat(target.remove("u-8812")).isFalse();
        assertThat(target.remove(null)).isFalse();
    }

    @Test
    void purgeExpiredDropsExpiredSegmentsAndUsersLeftWithNone()
    {
        // given
        target.put("u-1", List.of("pet-owner"), 10, NOW);
        target.put("u-2", List.of("pet-owner"), 10, NOW);
        target.put("u-2", List.of("lapsed"), 100, NOW);
        target.put("u-3", List.of("lapsed"), 100, NOW);

        // when
        final int dropped = target.purgeExpired(NOW + 10);

        // then
        assertThat(dropped).isEqualTo(1);
        assertThat(target.users()).isEqualTo(2);
        assertThat(segmentsOf("u-2", NOW)).containsExactly("lapsed");
    }

    @Test
    void usersCountsUsersWithExpiredSegmentsUntilTheyArePurged()
    {
        // given
        target.put("u-1", List.of("pet-owner"), 10, NOW);

        // then
        assertThat(target.users()).isEqualTo(1);
        assertThat(segmentsOf("u-1", NOW + 10)).isEmpty();
        assertThat(target.purgeExpired(NOW + 10)).isEqualTo(1);
        assertThat(target.users()).isZero();
    }

    @Test
    void putRefusesANewUserBeyondTheBoundWhenEveryHeldUserIsLive()
    {
        // given
        final SegmentStore bounded = new SegmentStore(dictionary, 2);
        bounded.put("u-1", List.of("pet-owner"), TTL, NOW);
        bounded.put("u-2", List.of("pet-owner"), TTL, NOW);

        // when
        final int result = bounded.put("u-3", List.of("pet-owner"), TTL, NOW + 1);

        // then
        assertThat(result).isEqualTo(SegmentStore.USERS_FULL);
        assertThat(bounded.users()).isEqualTo(2);
        final IntHashSet into = new IntHashSet();
        bounded.segmentsOf("u-3", NOW + 1, into);
        assertThat(into).isEmpty();
    }

    @Test
    void putStillUpdatesHeldUsersWhenTheBoundIsReached()
    {
        // given
        final SegmentStore bounded = new SegmentStore(dictionary, 1);
        bounded.put("u-1", List.of("pet-owner"), TTL, NOW);

        // when
        final int held = bounded.put("u-1", List.of("lapsed"), TTL, NOW + 1);

        // then
        assertThat(held).isEqualTo(2);
    }

    @Test
    void putEvictsUsersWhoseSegmentsExpiredToMakeRoomForANewUser()
    {
        // given
        final SegmentStore bounded = new SegmentStore(dictionary, 2);
        bounded.put("u-short", List.of("pet-owner"), 10, NOW);
        bounded.put("u-long", List.of("pet-owner"), TTL, NOW);

        // when
        final int beforeExpiry = bounded.put("u-new", List.of("lapsed"), TTL, NOW + 9);
        final int afterExpiry = bounded.put("u-new", List.of("lapsed"), TTL, NOW + 10);

        // then
        assertThat(beforeExpiry).isEqualTo(SegmentStore.USERS_FULL);
        assertThat(afterExpiry).isEqualTo(1);
        assertThat(bounded.users()).isEqualTo(2);
        final IntHashSet into = new IntHashSet();
        bounded.segmentsOf("u-long", NOW + 10, into);
        assertThat(into).containsExactly(dictionary.idOf("pet-owner"));
    }

    @Test
    void putRefusesToGrowAUserBeyondTheSegmentBoundAndLeavesThemAsTheyWere()
    {
        // given
        final SegmentStore bounded = new SegmentStore(dictionary, 10, 3);
        bounded.put("u-1", List.of("a", "b"), TTL, NOW);

        // when
        final int tooMany = bounded.put("u-1", List.of("c", "d"), TTL, NOW);
        final int listTooLong = bounded.put("u-2", List.of("a", "b", "c", "d"), TTL, NOW);
        final int replacing = bounded.put("u-1", List.of("b", "c"), TTL, NOW);

        // then
        assertThat(tooMany).isEqualTo(SegmentStore.USER_SEGMENTS_FULL);
        assertThat(listTooLong).isEqualTo(SegmentStore.USER_SEGMENTS_FULL);
        assertThat(replacing).isEqualTo(3);
        assertThat(bounded.users()).isEqualTo(1);
    }

    @Test
    void expiredSegmentsDoNotCountAgainstTheSegmentBound()
    {
        // given
        final SegmentStore bounded = new SegmentStore(dictionary, 10, 2);
        bounded.put("u-1", List.of("a", "b"), 10, NOW);

        // when
        final int held = bounded.put("u-1", List.of("c", "d"), TTL, NOW + 10);

        // then
        assertThat(held).isEqualTo(2);
    }

    @Test
    void putRefusesNewSegmentNamesWhenTheDictionaryIsFull()
    {
        // given
        final SegmentDictionary small = new SegmentDictionary(1);
        final SegmentStore store = new SegmentStore(small, 10);
        store.put("u-1", List.of("pet-owner"), TTL, NOW);

        // when
        final int result = store.put("u-1", List.of("pet-owner", "lapsed"), TTL, NOW + 1);

        // then
        assertThat(result).isEqualTo(SegmentStore.DICTIONARY_FULL);
        final IntHashSet into = new IntHashSet();
        store.segmentsOf("u-1", NOW + 1, into);
        assertThat(into).containsExactly(small.idOf("pet-owner"));
    }

    @ParameterizedTest(name = "user [{0}] segments [{1}] ttl {2} -> {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', nullValues = "null", value = {
        "null     | pet-owner       | 60  | user key is missing",
        "\"\"     | pet-owner       | 60  | user key is missing",
        "u-1      | null            | 60  | segment names are null for user key 'u-1'",
        "u-1      | pet-owner       | -1  | ttlSeconds must be 0 or more, was -1",
        "u-1      | pet-owner,      | 60  | segment name must be 1 to 64 characters, was 0: ''",
        "u-1      | pet owner       | 60  | invalid character ' ' at 3 in segment name 'pet owner': only A-Z a-z 0-9 _ . : - are allowed",
    })
    void putRejectsMalformedArgumentsAndChangesNothing(
        final String userKey, final String names, final long ttlSeconds, final String message)
    {
        // given
        final List<String> segmentNames = null == names ? null : Arrays.asList(names.split(",", -1));

        // then
        assertThatThrownBy(() -> target.put(userKey, segmentNames, ttlSeconds, NOW))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage(message);
        assertThat(target.users()).isZero();
        assertThat(dictionary.size()).isZero();
    }

    @Test
    void putRejectsANullSegmentNameAndAnOverlongUserKey()
    {
        // given
        final List<String> withNull = new ArrayList<>();
        withNull.add("pet-owner");
        withNull.add(null);
        final String longKey = "u".repeat(SegmentStore.MAX_USER_KEY_LENGTH + 1);

        // then
        assertThatThrownBy(() -> target.put("u-1", withNull, TTL, NOW))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("segment name is null");
        assertThatThrownBy(() -> target.put(longKey, List.of("pet-owner"), TTL, NOW))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("user key must be at most 256 characters, was 257");
    }

    @ParameterizedTest(name = "maxUsers {0} maxSegmentsPerUser {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "0 | 1 | maxUsers must be 1 or more, was 0",
        "1 | 0 | maxSegmentsPerUser must be 1 or more, was 0",
    })
    void constructorRejectsBoundsBelowOne(final int maxUsers, final int maxSegmentsPerUser, final String message)
    {
        assertThatThrownBy(() -> new SegmentStore(dictionary, maxUsers, maxSegmentsPerUser))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage(message);
    }

    private List<String> segmentsOf(final String userKey, final long nowEpochSecond)
    {
        final IntHashSet into = new IntHashSet();
        target.segmentsOf(userKey, nowEpochSecond, into);
        final List<String> names = new ArrayList<>();
        for (final int id : into)
        {
            names.add(dictionary.nameOf(id));
        }
        return names;
    }
}
