package com.endcap.bidder.campaign;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * An advertiser's campaign: budget, flight, pacing, priority and its ads. Immutable; the admin
 * API replaces a campaign whole.
 *
 * @param id           campaign id.
 * @param advertiserId the advertiser (at most one ad of one advertiser per placement by default).
 * @param name         for people.
 * @param active       false when paused: never served.
 * @param budget       total and daily budget.
 * @param flight       when it may serve.
 * @param pacing       how the daily budget is spread.
 * @param priority     higher wins ties in rank; 0 is normal.
 * @param ads          the ads.
 */
public record Campaign(
    String id,
    String advertiserId,
    String name,
    boolean active,
    Budget budget,
    Flight flight,
    Pacing pacing,
    int priority,
    List<Ad> ads)
{
    /**
     * Validates and copies.
     */
    public Campaign
    {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(advertiserId, "advertiserId");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(flight, "flight");
        pacing = null == pacing ? Pacing.EVEN : pacing;
        name = null == name ? id : name;
        ads = List.copyOf(ads);
    }

    /**
     * Budget in the campaign's currency.
     *
     * @param total    lifetime budget; {@code Double.POSITIVE_INFINITY} for none.
     * @param daily    per day in the flight's time zone; {@code Double.POSITIVE_INFINITY} for none.
     * @param currency ISO code.
     */
    public record Budget(double total, double daily, String currency)
    {
        /**
         * Validates.
         */
        public Budget
        {
            if (!(total > 0) || !(daily > 0))
            {
                throw new IllegalArgumentException("budget.total and budget.daily must be > 0");
            }
            currency = null == currency ? "USD" : currency;
        }

        /**
         * @return a budget without limits.
         */
        public static Budget unlimited()
        {
            return new Budget(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, "USD");
        }
    }

    /**
     * When a campaign may serve: {@code [start, end)}; its day (for daily budgets and even pacing)
     * is a calendar day in {@code zone}.
     *
     * @param start first instant.
     * @param end   instant it stops.
     * @param zone  the campaign's time zone.
     */
    public record Flight(Instant start, Instant end, ZoneId zone)
    {
        /**
         * Validates.
         */
        public Flight
        {
            Objects.requireNonNull(start, "flight.start");
            Objects.requireNonNull(end, "flight.end");
            zone = null == zone ? ZoneId.of("UTC") : zone;
            if (!end.isAfter(start))
            {
                throw new IllegalArgumentException("flight.end must be after flight.start");
            }
        }

        /**
         * @return a flight open from the epoch to the far future.
         */
        public static Flight always()
        {
            return new Flight(Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"), ZoneId.of("UTC"));
        }
    }
}
