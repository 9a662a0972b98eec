package com.endcap.server.demo;

import com.endcap.bidder.segment.SegmentDictionary;
import com.endcap.bidder.segment.SegmentStore;
import org.agrona.collections.IntHashSet;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoShoppersTest
{
    private static final long NOW = 1_764_000_000L;

    @Test
    void generatesTheSameThousandShoppersFromTheSameSeed()
    {
        // when
        final List<DemoShoppers.Shopper> first = DemoShoppers.standard();

        // then
        assertThat(DemoShoppers.standard()).isEqualTo(first);
        assertThat(first).hasSize(1_000);
        assertThat(first.get(0).userKey()).isEqualTo("u-1");
        assertThat(first.get(999).userKey()).isEqualTo("u-1000");
        assertThat(first).extracting(DemoShoppers.Shopper::userKey).doesNotHaveDuplicates();
        assertThat(DemoShoppers.generate(DemoShoppers.STANDARD_SEED + 1, 1_000)).isNotEqualTo(first);
    }

    @Test
    void aboutThirtyPercentHoldALoyaltyTierAndEveryoneKnownSegmentsOnly()
    {
        // given
        final Set<String> known = new HashSet<>(DemoShoppers.LOYALTY_TIERS);
        known.addAll(DemoShoppers.BEHAVIOURS);
        int members = 0;
        final Set<String> used = new HashSet<>();

        // when
        for (final DemoShoppers.Shopper shopper : DemoShoppers.standard())
        {
            final List<String> tiers = new ArrayList<>(shopper.segments());
            tiers.retainAll(DemoShoppers.LOYALTY_TIERS);
            assertThat(tiers).hasSizeLessThanOrEqualTo(1);
            members += tiers.size();
            assertThat(known).containsAll(shopper.segments());
            assertThat(shopper.segments()).doesNotHaveDuplicates().allSatisfy(segment ->
                assertThat(SegmentDictionary.isValidName(segment)).isTrue());
            used.addAll(shopper.segments());
        }

        // then
        assertThat(members).isBetween(250, 350);
        assertThat(used).isEqualTo(known);
    }

    @Test
    void loadsEveryShopperWithSegmentsForThirtyDays()
    {
        // given
        final SegmentDictionary dictionary = new SegmentDictionary();
        final SegmentStore target = new SegmentStore(dictionary, 1_000);

        // when
        final int loaded = DemoShoppers.load(target, NOW);

        // then
        final long withSegments = DemoShoppers.standard().stream().filter(s -> !s.segments().isEmpty()).count();
        assertThat(loaded).isEqualTo(withSegments).isEqualTo(target.users()).isGreaterThan(800);
        assertThat(segmentsOf(target, "u-1", NOW)).containsExactlyInAnyOrder(
            "loyalty-gold", "pet-owner", "dog-owner", "deal-seeker");
        assertThat(segmentsOf(target, "u-5", NOW)).isEmpty();
        assertThat(segmentsOf(target, "u-1", NOW + DemoShoppers.TTL_SECONDS - 1)).isNotEmpty();
        assertThat(segmentsOf(target, "u-1", NOW + DemoShoppers.TTL_SECONDS)).isEmpty();
        assertThat(DemoShoppers.TTL_SECONDS).isEqualTo(30L * 24 * 3600);
    }

    @Test
    void refusesToLoadIntoAStoreTooSmall()
    {
        // given
        final SegmentStore target = new SegmentStore(new SegmentDictionary(), 10);

        // then
        assertThatThrownBy(() -> DemoShoppers.load(target, NOW))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("at most 10 users");
    }

    private static Set<String> segmentsOf(final SegmentStore store, final String userKey, final long now)
    {
        final IntHashSet ids = new IntHashSet();
        store.segmentsOf(userKey, now, ids);
        final Set<String> names = new HashSet<>();
        ids.forEach(id -> names.add(store.dictionary().nameOf(id)));
        return names;
    }
}
