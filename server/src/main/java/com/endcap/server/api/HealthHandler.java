package com.endcap.server.api;

import com.endcap.server.http.Exchange;
import com.endcap.server.http.Responses;
import com.endcap.server.http.ServerState;
import com.endcap.server.metrics.EndcapMetrics;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;

/**
 * {@code /health/live}, {@code /health/ready} and {@code /metrics}.
 */
public final class HealthHandler
{
    private static final AsciiString PROMETHEUS_TEXT = AsciiString.cached("text/plain; version=0.0.4; charset=utf-8");

    private final ServerState state;
    private final EndcapMetrics metrics;

    /**
     * @param state   readiness.
     * @param metrics the registry to scrape.
     */
    public HealthHandler(final ServerState state, final EndcapMetrics metrics)
    {
        this.state = state;
        this.metrics = metrics;
    }

    /**
     * 200 while the process serves.
     *
     * @param exchange the request.
     */
    public void live(final Exchange exchange)
    {
        exchange.respond(Responses.json(exchange.alloc(), HttpResponseStatus.OK, g ->
        {
            g.writeStartObject();
            g.writeStringField("status", "live");
            g.writeEndObject();
        }));
    }

    /**
     * 200 once loaded and not draining, else 503.
     *
     * @param exchange the request.
     */
    public void ready(final Exchange exchange)
    {
        if (state.isReady())
        {
            exchange.respond(Responses.json(exchange.alloc(), HttpResponseStatus.OK, g ->
            {
                g.writeStartObject();
                g.writeStringField("status", "ready");
                g.writeEndObject();
            }));
        }
        else
        {
            exchange.fail(HttpResponseStatus.SERVICE_UNAVAILABLE, "not_ready",
                state.isDraining() ? "draining: the server is shutting down" : "starting: stock, catalog or campaigns not loaded yet",
                null);
        }
    }

    /**
     * The Prometheus exposition.
     *
     * @param exchange the request.
     */
    public void metrics(final Exchange exchange)
    {
        exchange.respond(Responses.text(exchange.alloc(), metrics.scrape(), PROMETHEUS_TEXT));
    }
}
