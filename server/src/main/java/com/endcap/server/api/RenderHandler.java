package com.endcap.server.api;

import com.endcap.bidder.campaign.Channel;
import com.endcap.bidder.campaign.Fulfilment;
import com.endcap.bidder.catalog.Product;
import com.endcap.bidder.decision.AdDecision;
import com.endcap.bidder.decision.DecisionEngine;
import com.endcap.bidder.decision.DecisionRequest;
import com.endcap.bidder.decision.DecisionResult;
import com.endcap.server.events.EventTokens;
import com.endcap.server.http.Exchange;
import com.endcap.server.http.Responses;
import com.endcap.server.metrics.EndcapMetrics;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.QueryStringEncoder;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.FastThreadLocal;

import java.nio.charset.StandardCharsets;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import static com.endcap.server.http.Html.escape;

/**
 * {@code GET /v1/render?slot=…}: the same product cards as the tag, as a complete HTML document,
 * for placements that can only take an iframe (partner sites, email previews aside) and for
 * in-store screens ({@code channel=instore_screen&refresh=8} re-decides every 8 s). The card
 * markup and the stylesheet ({@code web/card.css}) are the tag's, so a card looks the same either
 * way; impressions are counted by a 1×1 image per card as the page loads.
 * <p>
 * Query: {@code slot} (required), {@code count} (1..20, default 1), {@code channel},
 * {@code storeId}, {@code lat}+{@code lon}, {@code region}, {@code pageType}, {@code category},
 * {@code userKey}, {@code segments}, {@code keywords}, {@code cartSkus}, {@code orderSkus},
 * {@code excludeSkus} (comma-separated), {@code consent=0} (no personalisation), {@code refresh}
 * (seconds, 5..3600).
 * <p>
 * Rotation: a refreshing page (an in-store screen) excludes what it has shown so far in its next
 * request, so the screen cycles through every eligible ad and product; when fewer than
 * {@code count} remain, the cycle starts over.
 */
public final class RenderHandler
{
    private static final AsciiString HTML = AsciiString.cached("text/html; charset=utf-8");

    private final DecisionEngine engine;
    private final EventTokens tokens;
    private final long tokenTtlSeconds;
    private final String baseUrl;
    private final EndcapMetrics metrics;
    private final FastThreadLocal<DecisionRequest> requests = new FastThreadLocal<>()
    {
        protected DecisionRequest initialValue()
        {
            return new DecisionRequest();
        }
    };
    private final FastThreadLocal<DecisionResult> results = new FastThreadLocal<>()
    {
        protected DecisionResult initialValue()
        {
            return new DecisionResult();
        }
    };
    private final String css = TagHandler.resource("web/card.css").replace(":host { all: initial; display: block; }", "");

    /**
     * @param engine          the decision engine.
     * @param tokens          event URL signer.
     * @param tokenTtlSeconds event URL validity.
     * @param publicBaseUrl   base of event URLs, or empty for relative ones.
     * @param metrics         where decisions are counted.
     */
    public RenderHandler(
        final DecisionEngine engine, final EventTokens tokens, final long tokenTtlSeconds, final String publicBaseUrl,
        final EndcapMetrics metrics)
    {
        this.engine = engine;
        this.tokens = tokens;
        this.tokenTtlSeconds = tokenTtlSeconds;
        this.baseUrl = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
        this.metrics = metrics;
    }

    /**
     * @param exchange the request.
     */
    public void handle(final Exchange exchange)
    {
        // Per-thread and reused, as on the decision endpoint: a DecisionResult preallocates its
        // winners and scratch, far too much to build per request.
        final DecisionRequest request = requests.get().reset();
        final String slot = exchange.queryParam("slot");
        if (null == slot || slot.isBlank())
        {
            exchange.fail(HttpResponseStatus.BAD_REQUEST, "invalid_field", "slot is required", "slot");
            return;
        }
        final int count;
        final int refresh;
        try
        {
            count = integer(exchange, "count", 1, 1, DecisionRequest.MAX_COUNT);
            refresh = integer(exchange, "refresh", 0, 5, 3600);
            request.addPlacement(slot, slot, count);
            final String channel = exchange.queryParam("channel");
            if (null != channel)
            {
                final Channel parsed = Channel.fromWireName(channel);
                if (null == parsed)
                {
                    throw new BadQuery("channel", "channel must be web, app, instore_screen, email or offsite");
                }
                request.channel(parsed);
            }
            request.storeId(exchange.queryParam("storeId"));
            final String lat = exchange.queryParam("lat");
            final String lon = exchange.queryParam("lon");
            if (null != lat || null != lon)
            {
                request.geo(number(lat, "lat", -90, 90), number(lon, "lon", -180, 180));
            }
            request.region(exchange.queryParam("region"));
            request.pageType(exchange.queryParam("pageType"));
            request.category(exchange.queryParam("category"));
            request.userKey(exchange.queryParam("userKey"));
            request.personalization(!"0".equals(exchange.queryParam("consent")));
            list("segments", exchange.queryParam("segments"), request::addSegment);
            list("keywords", exchange.queryParam("keywords"), request::addKeyword);
            list("cartSkus", exchange.queryParam("cartSkus"), request::addCartSku);
            list("orderSkus", exchange.queryParam("orderSkus"), request::addOrderSku);
            list("excludeSkus", exchange.queryParam("excludeSkus"), request::addExcludedSku);
        }
        catch (final BadQuery ex)
        {
            exchange.fail(HttpResponseStatus.BAD_REQUEST, "invalid_field", ex.getMessage(), ex.field);
            return;
        }

        final long start = System.nanoTime();
        final DecisionResult result = results.get();
        engine.decide(request, result);
        if (result.winnerCount(0) < count && request.excludedSkuCount() > 0)
        {
            // The rotation has shown everything it can: start the cycle over.
            request.clearExcludedSkus();
            engine.decide(request, result);
        }
        metrics.recordPlacement(result.noFillReason(0));
        final String html = html(result, request.channel(), refresh > 0 ? nextUrl(exchange, request, result) : null, refresh);
        metrics.recordDecision(System.nanoTime() - start);
        final FullHttpResponse response = Responses.text(exchange.alloc(), html, HTML);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, Responses.NO_STORE);
        exchange.respond(response);
    }

    /**
     * The URL a refreshing page loads next: the same query, excluding what was shown in this cycle.
     */
    private static String nextUrl(final Exchange exchange, final DecisionRequest request, final DecisionResult result)
    {
        final Set<String> excluded = new LinkedHashSet<>();
        final int winners = result.winnerCount(0);
        for (int i = 0; i < request.excludedSkuCount(); i++)
        {
            excluded.add(request.excludedSku(i));
        }
        for (int k = 0; k < winners; k++)
        {
            excluded.add(result.winner(0, k).product().sku());
        }
        while (excluded.size() > DecisionRequest.MAX_SKUS)
        {
            excluded.remove(excluded.iterator().next());
        }
        final QueryStringDecoder query = new QueryStringDecoder(exchange.request().uri());
        final QueryStringEncoder next = new QueryStringEncoder(query.path());
        query.parameters().forEach((name, values) ->
        {
            if (!"excludeSkus".equals(name))
            {
                values.forEach(value -> next.addParam(name, value));
            }
        });
        if (!excluded.isEmpty())
        {
            next.addParam("excludeSkus", String.join(",", excluded));
        }
        return next.toString();
    }

    private String html(final DecisionResult result, final Channel channel, final String nextUrl, final int refresh)
    {
        final ThreadLocalRandom random = ThreadLocalRandom.current();
        final String decisionId = Long.toHexString(random.nextLong() | Long.MIN_VALUE) + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
        final long expiry = result.decidedAtMillis() / 1000 + tokenTtlSeconds;
        final StringBuilder out = new StringBuilder(4096);
        out.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        if (refresh > 0)
        {
            out.append("<meta http-equiv=\"refresh\" content=\"").append(refresh).append(";url=").append(escape(nextUrl))
                .append("\">");
        }
        out.append("<title>Sponsored products</title><style>html,body{margin:0;padding:8px;background:transparent}")
            .append(css).append("</style></head><body class=\"")
            .append(Channel.INSTORE_SCREEN == channel ? "ec-screen" : "ec-page").append("\">");
        final int winners = result.winnerCount(0);
        out.append("<div class=\"ec-slot\" data-endcap-state=\"").append(winners > 0 ? "filled" : "empty").append("\">");
        final byte[] token = new byte[EventTokens.maxTokenLength()];
        for (int k = 0; k < winners; k++)
        {
            final AdDecision ad = result.winner(0, k);
            final Product product = ad.product();
            final int length = tokens.sign(decisionId, ad.ad().campaignId(), ad.ad().adId(), product.sku(), ad.location().code(),
                result.userKey(), ad.ad().bidModel, ad.clearingPrice(), expiry, token, 0);
            final String t = new String(token, 0, length, StandardCharsets.US_ASCII);
            final String click = baseUrl + "/v1/e/click?t=" + t;
            out.append("<div class=\"ec-card\" data-sku=\"").append(escape(product.sku())).append("\">")
                .append("<span class=\"ec-sponsored\">Sponsored</span>")
                .append("<a class=\"ec-link\" target=\"_top\" rel=\"noopener\" href=\"").append(escape(click)).append("\">");
            if (null != product.imageUrl())
            {
                out.append("<img class=\"ec-image\" alt=\"").append(escape(product.title())).append("\" src=\"")
                    .append(escape(product.imageUrl())).append("\">");
            }
            if (null != ad.headline())
            {
                out.append("<span class=\"ec-headline\">").append(escape(ad.headline())).append("</span>");
            }
            out.append("<span class=\"ec-title\">").append(escape(product.title())).append("</span><span class=\"ec-prices\">");
            final String currency = product.currency();
            if (ad.saleCents() >= 0)
            {
                out.append("<span class=\"ec-price\">").append(money(ad.saleCents(), currency)).append("</span>")
                    .append("<span class=\"ec-was\">").append(money(ad.priceCents(), currency)).append("</span>");
            }
            else
            {
                out.append("<span class=\"ec-price\">").append(money(ad.priceCents(), currency)).append("</span>");
            }
            if (ad.memberVariant())
            {
                out.append("<span class=\"ec-member\">Member ").append(money(ad.memberPriceCents(), currency)).append("</span>");
            }
            out.append("</span><span class=\"ec-availability").append(AdDecision.BAND_LIMITED.equals(ad.band()) ? " ec-limited" : "")
                .append("\">").append(escape(ad.message())).append("</span></a>")
                .append("<a class=\"ec-cta\" target=\"_top\" rel=\"noopener\" href=\"").append(escape(click)).append("\">")
                .append(escape(ad.ad().ad.creative().cta())).append("</a>")
                .append("<img alt=\"\" width=\"1\" height=\"1\" style=\"position:absolute;width:1px;height:1px;opacity:0\" src=\"")
                .append(escape(baseUrl + "/v1/e/imp?t=" + t)).append("\">")
                .append("</div>");
            if (Fulfilment.SHIP == ad.mode())
            {
                out.append("<!-- ships from ").append(escape(ad.location().code())).append(" -->");
            }
        }
        return out.append("</div></body></html>").toString();
    }

    private static int integer(final Exchange exchange, final String name, final int absent, final int min, final int max)
    {
        final String value = exchange.queryParam(name);
        if (null == value)
        {
            return absent;
        }
        try
        {
            final int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max)
            {
                return parsed;
            }
        }
        catch (final NumberFormatException ex)
        {
            // reported below
        }
        throw new BadQuery(name, name + " must be " + min + ".." + max);
    }

    private static double number(final String value, final String name, final double min, final double max)
    {
        try
        {
            final double parsed = Double.parseDouble(value);
            if (parsed >= min && parsed <= max)
            {
                return parsed;
            }
        }
        catch (final NullPointerException | NumberFormatException ex)
        {
            // reported below
        }
        throw new BadQuery(name, name + " must be " + min + ".." + max + " (lat and lon go together)");
    }

    private static void list(final String name, final String value, final Predicate<String> add)
    {
        if (null == value || value.isBlank())
        {
            return;
        }
        for (final String item : value.split(","))
        {
            if (!item.isBlank() && !add.test(item.trim()))
            {
                throw new BadQuery(name, name + " holds too many entries");
            }
        }
    }

    private static String money(final long cents, final String currency)
    {
        final NumberFormat format = NumberFormat.getCurrencyInstance(Locale.US);
        try
        {
            format.setCurrency(Currency.getInstance(currency));
        }
        catch (final IllegalArgumentException ex)
        {
            // an unknown code keeps dollars' formatting
        }
        return escape(format.format(cents / 100.0));
    }

    /** A query parameter at fault. */
    private static final class BadQuery extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        final String field;

        BadQuery(final String field, final String message)
        {
            super(message, null, false, false);
            this.field = field;
        }
    }

}
