package com.endcap.server.api;

import com.endcap.bidder.catalog.Product;
import com.endcap.bidder.decision.DecisionEngine;
import com.endcap.bidder.delivery.DeliveryLedger;
import com.endcap.bidder.ids.IdMap;
import com.endcap.server.events.CampaignCounters;
import com.endcap.server.events.EventTokens;
import com.endcap.server.events.ReplayGuard;
import com.endcap.server.http.Exchange;
import com.endcap.server.http.Responses;
import com.endcap.server.metrics.EndcapMetrics;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.agrona.concurrent.EpochClock;

/**
 * The signed event URLs an ad carries: {@code /v1/e/imp}, {@code /v1/e/view} (204, or a 1×1 GIF
 * when the client accepts images; {@code POST} as {@code sendBeacon} sends) and
 * {@code /v1/e/click} (302 to the product page). A tampered or expired token is a 403; a replay
 * is answered like the first time but counted once.
 * <p>
 * A counted impression updates the ad's impressions, the shopper's frequency history and a CPM
 * campaign's spend; a click the ad's clicks and a CPC campaign's spend: what pacing, budgets,
 * caps and click-rate prediction read on the next decision.
 */
public final class AdEventHandler
{
    private final EventTokens tokens;
    private final ReplayGuard replays;
    private final DeliveryLedger ledger;
    private final CampaignCounters counters;
    private final DecisionEngine engine;
    private final IdMap skuIds;
    private final EndcapMetrics metrics;
    private final EpochClock clock;

    /**
     * @param tokens   token verifier.
     * @param replays  replay detection.
     * @param ledger   delivery counters the engine reads.
     * @param counters per-campaign event counts.
     * @param engine   for the catalog (click destinations).
     * @param skuIds   sku ids.
     * @param metrics  where to count.
     * @param clock    epoch millis.
     */
    public AdEventHandler(
        final EventTokens tokens, final ReplayGuard replays, final DeliveryLedger ledger, final CampaignCounters counters,
        final DecisionEngine engine, final IdMap skuIds, final EndcapMetrics metrics, final EpochClock clock)
    {
        this.tokens = tokens;
        this.replays = replays;
        this.ledger = ledger;
        this.counters = counters;
        this.engine = engine;
        this.skuIds = skuIds;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * @param exchange an impression beacon.
     */
    public void impression(final Exchange exchange)
    {
        if (null != count(exchange, EndcapMetrics.EventType.IMPRESSION, CampaignCounters.IMPRESSIONS))
        {
            beaconResponse(exchange);
        }
    }

    /**
     * @param exchange a viewability beacon.
     */
    public void viewable(final Exchange exchange)
    {
        if (null != count(exchange, EndcapMetrics.EventType.VIEWABLE, CampaignCounters.VIEWABLE))
        {
            beaconResponse(exchange);
        }
    }

    /**
     * @param exchange a click: counted, then redirected to the product.
     */
    public void click(final Exchange exchange)
    {
        final EventTokens.Claims claims = count(exchange, EndcapMetrics.EventType.CLICK, CampaignCounters.CLICKS);
        if (null == claims)
        {
            return;
        }
        final int skuId = skuIds.idOf(claims.sku());
        final Product product = skuId < 0 ? null : engine.index().catalog().product(skuId);
        exchange.respond(Responses.redirect(null == product || null == product.url() ? "/" : product.url()));
    }

    /**
     * Verifies the token and counts the event the first time its key is seen: the campaign's
     * count, the metric, and what the engine reads (impressions: frequency, CPM spend, click-rate
     * denominator; clicks: CPC spend, click-rate numerator).
     *
     * @return the claims, or null when the token was refused (a 403 was sent).
     */
    private EventTokens.Claims count(final Exchange exchange, final EndcapMetrics.EventType type, final int kind)
    {
        final EventTokens.Claims claims = verify(exchange, type);
        if (null == claims)
        {
            return null;
        }
        final long now = clock.time();
        if (!replays.firstTime(claims.decisionId() + '|' + claims.sku() + '|' + kind, now))
        {
            metrics.recordEvent(type, EndcapMetrics.EventResult.REPLAYED);
            return claims;
        }
        if (EndcapMetrics.EventType.IMPRESSION == type)
        {
            ledger.recordImpression(claims.campaignId(), claims.adId(), claims.userKey(), claims.model(),
                claims.clearingPrice(), now / 1000);
        }
        else if (EndcapMetrics.EventType.CLICK == type)
        {
            ledger.recordClick(claims.campaignId(), claims.adId(), claims.model(), claims.clearingPrice(), now / 1000);
        }
        counters.increment(claims.campaignId(), kind);
        metrics.recordEvent(type, EndcapMetrics.EventResult.COUNTED);
        return claims;
    }

    private EventTokens.Claims verify(final Exchange exchange, final EndcapMetrics.EventType type)
    {
        final EventTokens.Verified verified = tokens.verify(exchange.queryParam("t"), clock.time() / 1000);
        if (EventTokens.Verdict.VALID == verified.verdict())
        {
            return verified.claims();
        }
        metrics.recordEvent(type, EndcapMetrics.EventResult.REJECTED);
        exchange.fail(HttpResponseStatus.FORBIDDEN, EventTokens.Verdict.EXPIRED == verified.verdict() ? "token_expired" : "bad_token",
            EventTokens.Verdict.EXPIRED == verified.verdict() ? "the event URL has expired" : "the event URL's token is not valid",
            "t");
        return null;
    }

    private static void beaconResponse(final Exchange exchange)
    {
        final String accept = exchange.header(HttpHeaderNames.ACCEPT);
        if (null != accept && accept.contains("image/"))
        {
            exchange.respond(Responses.pixel());
        }
        else
        {
            exchange.respond(Responses.empty(HttpResponseStatus.NO_CONTENT));
        }
    }
}
