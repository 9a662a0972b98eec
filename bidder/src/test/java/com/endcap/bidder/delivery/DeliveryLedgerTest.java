package com.endcap.bidder.delivery;

import com.endcap.bidder.campaign.BidModel;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DeliveryLedgerTest
{
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final long NOON_NY = Instant.parse("2026-11-25T17:00:00Z").getEpochSecond();

    private final DeliveryLedger target = new DeliveryLedger(new FrequencyCapStore(10, 4));

    @Test
    void cpmImpressionSpendsAThousandthOfTheClearingPrice()
    {
        // given
        target.campaign("cmp-1", NEW_YORK);
        target.ad("ad-1");

        // when
        target.recordImpression("cmp-1", "ad-1", "u-1", BidModel.CPM, 5.0, NOON_NY);

        // then
        assertThat(target.campaignOrNull("cmp-1").spentTotalMicros()).isEqualTo(5_000);
        assertThat(target.adOrNull("ad-1").impressions()).isEqualTo(1);
    }

    @Test
    void cpcSpendsOnClicksOnly()
    {
        // given
        target.campaign("cmp-1", NEW_YORK);
        target.ad("ad-1");

        // when
        target.recordImpression("cmp-1", "ad-1", "u-1", BidModel.CPC, 0.42, NOON_NY);
        target.recordClick("cmp-1", "ad-1", BidModel.CPC, 0.42, NOON_NY);

        // then
        assertThat(target.campaignOrNull("cmp-1").spentTotalMicros()).isEqualTo(420_000);
        assertThat(target.adOrNull("ad-1").clicks()).isEqualTo(1);
    }

    @Test
    void unknownCampaignOrAdRecordsNothing()
    {
        assertThat(target.recordImpression("cmp-x", "ad-x", "u-1", BidModel.CPM, 5.0, NOON_NY)).isFalse();
        assertThat(target.recordClick("cmp-x", "ad-x", BidModel.CPC, 1.0, NOON_NY)).isFalse();
    }

    @Test
    void todaysSpendResetsAtMidnightInTheCampaignsZone()
    {
        // given
        final CampaignDelivery delivery = target.campaign("cmp-1", NEW_YORK);
        delivery.recordSpend(1_000_000, NOON_NY);

        // when: 23:59 and 00:00 New York time
        final long lastMinute = Instant.parse("2026-11-26T04:59:00Z").getEpochSecond();
        final long midnight = Instant.parse("2026-11-26T05:00:00Z").getEpochSecond();

        // then
        assertThat(delivery.spentTodayMicros(lastMinute)).isEqualTo(1_000_000);
        assertThat(delivery.spentTodayMicros(midnight)).isZero();
        assertThat(delivery.dayStartEpochSecond(midnight)).isEqualTo(midnight);
        assertThat(delivery.spentTotalMicros()).isEqualTo(1_000_000);
    }

    @Test
    void aLateReadOfYesterdayNeverRollsTheDayBack()
    {
        // given: spend already booked after midnight
        final CampaignDelivery delivery = target.campaign("cmp-1", NEW_YORK);
        final long midnight = Instant.parse("2026-11-26T05:00:00Z").getEpochSecond();
        delivery.recordSpend(2_000_000, midnight + 10);

        // when: a decision that read the clock a second before midnight asks now
        final long dayStart = delivery.dayStartEpochSecond(midnight - 1);

        // then: still today, spend intact
        assertThat(dayStart).isEqualTo(midnight);
        assertThat(delivery.spentTodayMicros(midnight + 20)).isEqualTo(2_000_000);
    }

    @Test
    void dayLengthFollowsDaylightSavingTime()
    {
        // given: 2026-11-01 is 25 hours long in New York
        final CampaignDelivery delivery = target.campaign("cmp-1", NEW_YORK);

        // then
        assertThat(delivery.dayLengthSeconds(Instant.parse("2026-11-01T15:00:00Z").getEpochSecond())).isEqualTo(25 * 3600);
        assertThat(delivery.dayLengthSeconds(NOON_NY)).isEqualTo(24 * 3600);
    }

    @Test
    void adSerialsAreStableAndDistinct()
    {
        assertThat(target.ad("ad-1").serial()).isEqualTo(target.ad("ad-1").serial());
        assertThat(target.ad("ad-1").serial()).isNotEqualTo(target.ad("ad-2").serial());
    }

    @Test
    void predictedClickRateMovesFromThePriorToWhatIsObserved()
    {
        // given
        final AdDelivery ad = target.ad("ad-1");

        // then: no data, the prior
        assertThat(ad.predictedClickRate(0.01)).isCloseTo(0.01, within(1e-12));

        // when: 100,000 impressions, 5,000 clicks (5%)
        for (int i = 0; i < 100_000; i++)
        {
            ad.recordImpression();
        }
        for (int i = 0; i < 5_000; i++)
        {
            ad.recordClick();
        }

        // then
        assertThat(ad.predictedClickRate(0.01)).isCloseTo(0.0496, within(0.0002));
    }

    @Test
    void frequencyCapStoreCountsImpressionsInTheWindowPerAd()
    {
        // given
        final FrequencyCapStore store = target.frequency();
        store.record("u-1", 7, 1000);
        store.record("u-1", 7, 2000);
        store.record("u-1", 8, 2000);

        // then
        assertThat(store.impressionsSince("u-1", 7, 0)).isEqualTo(2);
        assertThat(store.impressionsSince("u-1", 7, 1500)).isEqualTo(1);
        assertThat(store.impressionsSince("u-1", 8, 0)).isEqualTo(1);
        assertThat(store.impressionsSince("u-2", 7, 0)).isZero();
    }

    @Test
    void frequencyCapStoreKeepsTheMostRecentEntriesPerUser()
    {
        // given: 4 entries per user
        final FrequencyCapStore store = target.frequency();
        for (int i = 0; i < 6; i++)
        {
            store.record("u-1", 7, 1000 + i);
        }

        // then
        assertThat(store.impressionsSince("u-1", 7, 0)).isEqualTo(4);
        assertThat(store.impressionsSince("u-1", 7, 1004)).isEqualTo(2);
    }

    @Test
    void frequencyCapStoreIsBoundedInUsersAndPurges()
    {
        // given: 10 users at most
        final FrequencyCapStore store = target.frequency();
        for (int u = 0; u < 12; u++)
        {
            store.record("u-" + u, 1, 1000 + u);
        }

        // then
        assertThat(store.users()).isEqualTo(10);
        assertThat(store.dropped()).isEqualTo(2);

        // when
        final int purged = store.purgeOlderThan(1005);

        // then
        assertThat(purged).isEqualTo(5);
        assertThat(store.users()).isEqualTo(5);
        assertThat(store.impressionsSince("u-7", 1, 0)).isEqualTo(1);
    }
}
