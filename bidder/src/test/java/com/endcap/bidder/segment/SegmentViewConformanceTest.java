package com.endcap.bidder.segment;

import org.agrona.collections.IntHashSet;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract every {@link SegmentView} that can hold segments keeps, run against each such
 * implementation.
 */
public abstract class SegmentViewConformanceTest
{
    /** Epoch second used as "now" by the cases. */
    protected static final long NOW = 1_763_900_000L;
    /** Thirty days, the feed's usual ttl. */
    protected static final long TTL = 2_592_000L;

    private final IntHashSet into = new IntHashSet(64);

    /**
     * @return the view under test, reflecting every {@link #givenSegments} made so far.
     */
    protected abstract SegmentView target();

    /**
     * Gives a user segments through the implementation's own write path.
     *
     * @param userKey        the shopper's key.
     * @param segmentNames   segment names.
     * @param ttlSeconds     seconds they live.
     * @param nowEpochSecond time of the write.
     */
    protected abstract void givenSegments(String userKey, List<String> segmentNames, long ttlSeconds, long nowEpochSecond);

    /**
     * @param name segment name.
     * @return its id as the view reports it.
     */
    protected abstract int idOf(String name);

    @Test
    void segmentsOfAddsNothingForANullOrUnknownUserKey()
    {
        // given
        givenSegments("u-8812", List.of("pet-owner"), TTL, NOW);

        // when
        target().segmentsOf(null, NOW, into);
        target().segmentsOf("u-0000", NOW, into);

        // then
        assertThat(into).isEmpty();
    }

    @Test
    void segmentsOfAddsTheSegmentsHeldForTheUser()
    {
        // given
        givenSegments("u-8812", List.of("pet-owner", "loyalty-gold"), TTL, NOW);

        // when
        target().segmentsOf("u-8812", NOW + 10, into);

        // then
        assertThat(into).containsExactlyInAnyOrder(idOf("pet-owner"), idOf("loyalty-gold"));
    }

    @Test
    void segmentsOfReportsASegmentUntilTheSecondBeforeItsExpiry()
    {
        // given
        givenSegments("u-8812", List.of("pet-owner"), 60, NOW);

        // when
        target().segmentsOf("u-8812", NOW + 59, into);

        // then
        assertThat(into).containsExactly(idOf("pet-owner"));
    }

    @Test
    void segmentsOfSkipsASegmentFromItsExpirySecondOn()
    {
        // given
        givenSegments("u-8812", List.of("pet-owner"), 60, NOW);
        givenSegments("u-8812", List.of("loyalty-gold"), 120, NOW);

        // when
        target().segmentsOf("u-8812", NOW + 60, into);

        // then
        assertThat(into).containsExactly(idOf("loyalty-gold"));

        // and when everything expired
        into.clear();
        target().segmentsOf("u-8812", NOW + 120, into);

        // then
        assertThat(into).isEmpty();
    }

    @Test
    void segmentsOfKeepsWhatTheSetAlreadyHolds()
    {
        // given
        givenSegments("u-8812", List.of("pet-owner"), TTL, NOW);
        into.add(idOf("lapsed"));

        // when
        target().segmentsOf("u-8812", NOW, into);

        // then
        assertThat(into).containsExactlyInAnyOrder(idOf("lapsed"), idOf("pet-owner"));
    }

    @Test
    void segmentsOfKeepsUsersApart()
    {
        // given
        givenSegments("u-1", List.of("pet-owner"), TTL, NOW);
        givenSegments("u-2", List.of("lapsed"), TTL, NOW);

        // when
        target().segmentsOf("u-2", NOW, into);

        // then
        assertThat(into).containsExactly(idOf("lapsed"));
    }

    @Test
    void segmentsOfDoesNotAllocate()
    {
        // given
        givenSegments("u-8812", List.of("pet-owner", "loyalty-gold", "lapsed"), 60, NOW);
        givenSegments("u-8812", List.of("churn-risk"), TTL, NOW);
        final String userKey = new String("u-8812".toCharArray());
        final SegmentView target = target();
        final int[] sink = new int[1];
        final Runnable read = () ->
        {
            into.clear();
            target.segmentsOf(userKey, NOW + 60, into);
            target.segmentsOf("u-unknown", NOW, into);
            target.segmentsOf(null, NOW, into);
            sink[0] += into.size();
        };

        // when
        final long bytes = Allocations.bytesAllocatedBy(100_000, read);

        // then
        assertThat(bytes).isLessThan(1_024);
        assertThat(sink[0]).isEqualTo(200_000);
    }
}
