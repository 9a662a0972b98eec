package com.endcap.bidder.segment;

import org.agrona.collections.IntHashSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class SegmentViewNoneTest
{
    @ParameterizedTest
    @NullSource
    @ValueSource(strings = { "", "u-8812" })
    void noneHoldsNothingForAnyone(final String userKey)
    {
        // given
        final IntHashSet into = new IntHashSet();
        into.add(7);

        // when
        SegmentView.NONE.segmentsOf(userKey, 1_763_900_000L, into);

        // then
        assertThat(into).containsExactly(7);
    }
}
