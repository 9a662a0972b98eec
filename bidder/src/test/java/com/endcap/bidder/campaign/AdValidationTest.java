package com.endcap.bidder.campaign;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdValidationTest
{
    @Test
    void defaultsFillWhatTheMarketerLeftOut()
    {
        final Ad ad = new Ad("ad-1", List.of("product_sidebar"), null, null, null, Ad.ProductSet.of("100871"), null, 1,
            new Ad.Bid(BidModel.CPC, 0.8), null, 0, null, Ad.DEFAULT_CTR_PRIOR, false);

        assertThat(ad.channels()).isEmpty();
        assertThat(ad.fulfilment()).isEqualTo(Fulfilment.ANY);
        assertThat(ad.geo()).isEqualTo(Ad.GeoScope.ANYWHERE);
        assertThat(ad.creative().cta()).isEqualTo("Add to cart");
    }

    @Test
    void invalidAdsAreRefusedWithTheFieldNamed()
    {
        assertThatThrownBy(() -> new Ad("ad-1", List.of(), Set.of(), null, null, Ad.ProductSet.of("1"), null, 1,
            new Ad.Bid(BidModel.CPM, 1), null, 0, null, 0.01, false)).hasMessageContaining("slots");
        assertThatThrownBy(() -> new Ad("ad-1", List.of("s"), Set.of(), null, null, Ad.ProductSet.of("1"), null, 0,
            new Ad.Bid(BidModel.CPM, 1), null, 0, null, 0.01, false)).hasMessageContaining("minUnits");
        assertThatThrownBy(() -> new Ad("ad-1", List.of("s"), Set.of(), null, null, Ad.ProductSet.of("1"), null, 1,
            new Ad.Bid(BidModel.CPM, 1), null, 0.9, null, 0.01, false)).hasMessageContaining("holdoutShare");
        assertThatThrownBy(() -> new Ad.Bid(BidModel.CPC, 0)).hasMessageContaining("bid.amount");
        assertThatThrownBy(() -> new Ad.ProductSet(List.of("1"), "pet/")).hasMessageContaining("either");
        assertThatThrownBy(() -> new Ad.FrequencyCap(0, 10)).hasMessageContaining("frequencyCap");
        assertThatThrownBy(() -> new Ad.Creative("video", null, null, null)).hasMessageContaining("template");
    }

    @Test
    void channelWireNamesRoundTrip()
    {
        for (final Channel channel : Channel.values())
        {
            assertThat(Channel.fromWireName(channel.wireName())).isEqualTo(channel);
        }
        assertThat(Channel.fromWireName("fax")).isNull();
    }
}
