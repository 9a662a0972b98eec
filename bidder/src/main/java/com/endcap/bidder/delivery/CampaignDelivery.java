package com.endcap.bidder.delivery;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Spend of one campaign: lifetime and today's, where "today" is the calendar day in the
 * campaign's time zone. Money is in micros of the campaign's currency (1.0 = 1,000,000).
 * <p>
 * Threads: {@link #recordSpend} from event threads (serialised on this object: events are not the
 * decision path); the readers ({@link #spentTotalMicros}, {@link #spentTodayMicros},
 * {@link #dayStartEpochSecond}) from any thread, lock-free and allocation-free in steady state. The
 * day rolls over lazily: a read at or after the end of the recorded day reports 0 spent today, and
 * the next spend starts the new day. Working out a new day's bounds allocates (once a day).
 */
public final class CampaignDelivery
{
    private final String campaignId;
    private volatile ZoneId zone;
    private volatile long spentTotalMicros;
    private volatile long spentTodayMicros;
    private volatile long dayStartEpochSecond = Long.MIN_VALUE;
    private volatile long dayEndEpochSecond = Long.MIN_VALUE;

    /**
     * @param campaignId the campaign.
     * @param zone       its time zone, for its day.
     */
    public CampaignDelivery(final String campaignId, final ZoneId zone)
    {
        this.campaignId = campaignId;
        this.zone = zone;
    }

    /**
     * @return the campaign.
     */
    public String campaignId()
    {
        return campaignId;
    }

    /**
     * A campaign edited to another time zone keeps its spend; its day follows the new zone from the
     * next roll-over.
     *
     * @param zone the campaign's time zone.
     */
    public void zone(final ZoneId zone)
    {
        this.zone = zone;
    }

    /**
     * Adds spend at a moment (an impression's CPM share, a click's price).
     *
     * @param micros         amount in micros, 0 or more.
     * @param nowEpochSecond when it was spent.
     */
    public synchronized void recordSpend(final long micros, final long nowEpochSecond)
    {
        if (micros < 0)
        {
            throw new IllegalArgumentException("spend must be >= 0: " + micros);
        }
        rollDay(nowEpochSecond);
        spentTodayMicros += micros;
        spentTotalMicros += micros;
    }

    /**
     * Sets the lifetime spend, e.g. when restoring from a ledger after a restart.
     *
     * @param micros lifetime spend in micros.
     */
    public synchronized void restoreTotal(final long micros)
    {
        spentTotalMicros = micros;
    }

    /**
     * @return lifetime spend in micros.
     */
    public long spentTotalMicros()
    {
        return spentTotalMicros;
    }

    /**
     * @param nowEpochSecond the current time.
     * @return spend in micros during the campaign's current day; 0 once that day has ended.
     */
    public long spentTodayMicros(final long nowEpochSecond)
    {
        return nowEpochSecond < dayEndEpochSecond && nowEpochSecond >= dayStartEpochSecond ? spentTodayMicros : 0;
    }

    /**
     * Start of the campaign's day containing {@code nowEpochSecond}.
     *
     * @param nowEpochSecond the current time.
     * @return epoch second the day started.
     */
    public long dayStartEpochSecond(final long nowEpochSecond)
    {
        if (nowEpochSecond >= dayEndEpochSecond || nowEpochSecond < dayStartEpochSecond)
        {
            synchronized (this)
            {
                rollDay(nowEpochSecond);
            }
        }
        return dayStartEpochSecond;
    }

    /**
     * Length of the campaign's day containing {@code nowEpochSecond} (23 to 25 hours across DST).
     *
     * @param nowEpochSecond the current time.
     * @return seconds in that day.
     */
    public long dayLengthSeconds(final long nowEpochSecond)
    {
        final long start = dayStartEpochSecond(nowEpochSecond);
        return dayEndEpochSecond - start;
    }

    private void rollDay(final long nowEpochSecond)
    {
        // Never backwards: a decision that read the clock just before midnight may run after an
        // event rolled the day over; going back would zero today's spend.
        if (nowEpochSecond < dayEndEpochSecond && (nowEpochSecond >= dayStartEpochSecond || Long.MIN_VALUE != dayStartEpochSecond))
        {
            return;
        }
        final ZoneId z = zone;
        final LocalDate day = Instant.ofEpochSecond(nowEpochSecond).atZone(z).toLocalDate();
        final ZonedDateTime start = day.atStartOfDay(z);
        spentTodayMicros = 0;
        dayEndEpochSecond = start.plusDays(1).toEpochSecond();
        dayStartEpochSecond = start.toEpochSecond();
    }

    public String toString()
    {
        return "CampaignDelivery{" + campaignId + ", total=" + spentTotalMicros + "µ¤, today=" + spentTodayMicros + "µ¤}";
    }
}
