package com.endcap.server.api;

import com.endcap.bidder.decision.DecisionEngine;
import com.endcap.bidder.decision.DecisionRequest;
import com.endcap.bidder.decision.DecisionResult;
import com.endcap.server.admin.InvalidInputException;
import com.endcap.server.events.EventTokens;
import com.endcap.server.http.Exchange;
import com.endcap.server.http.Responses;
import com.endcap.server.http.RouteHandler;
import com.endcap.server.json.DecisionRequestDecoder;
import com.endcap.server.json.DecisionResponseEncoder;
import com.endcap.server.metrics.EndcapMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.FastThreadLocal;

import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code POST /v1/decisions}: decode, decide, encode, inline on the event loop. Each event loop
 * thread owns its request, result, decoder and encoder, so the path allocates nothing of its own
 * beyond the response buffer, the parser's strings and the HMACs.
 */
public final class DecisionHandler implements RouteHandler
{
    private final DecisionEngine engine;
    private final EndcapMetrics metrics;
    private final FastThreadLocal<Scratch> scratch;

    private static final class Scratch
    {
        final DecisionRequest request = new DecisionRequest();
        final DecisionResult result = new DecisionResult();
        final DecisionRequestDecoder decoder = new DecisionRequestDecoder();
        final DecisionResponseEncoder encoder;

        Scratch(final DecisionResponseEncoder encoder)
        {
            this.encoder = encoder;
        }
    }

    /**
     * @param engine          the decision engine.
     * @param tokens          event URL signer.
     * @param tokenTtlSeconds event URL validity.
     * @param publicBaseUrl   base of event URLs, or empty.
     * @param metrics         where to count.
     */
    public DecisionHandler(
        final DecisionEngine engine, final EventTokens tokens, final long tokenTtlSeconds, final String publicBaseUrl,
        final EndcapMetrics metrics)
    {
        this.engine = engine;
        this.metrics = metrics;
        this.scratch = new FastThreadLocal<>()
        {
            protected Scratch initialValue()
            {
                return new Scratch(new DecisionResponseEncoder(tokens, tokenTtlSeconds, publicBaseUrl));
            }
        };
    }

    /**
     * @return true: every path through {@link #handle} answers before returning and keeps nothing.
     */
    public boolean answersInline()
    {
        return true;
    }

    public void handle(final Exchange exchange) throws IOException
    {
        final long start = System.nanoTime();
        if (!exchange.requireContentType("application/json"))
        {
            return;
        }
        final Scratch s = scratch.get();
        try
        {
            s.decoder.decode(exchange.request().content(), s.request);
        }
        catch (final InvalidInputException ex)
        {
            exchange.fail(HttpResponseStatus.BAD_REQUEST, null == ex.field() ? "invalid_json" : "invalid_field",
                ex.getMessage(), ex.field());
            return;
        }
        final DecisionResult result = s.result;
        engine.decide(s.request, result);

        final ThreadLocalRandom random = ThreadLocalRandom.current();
        s.encoder.newRequestId(random.nextLong(), random.nextLong());
        final ByteBuf body = exchange.bodyBuffer(1024);
        try
        {
            s.encoder.encode(result, body);
        }
        catch (final IOException | RuntimeException ex)
        {
            body.release();
            throw ex;
        }

        final long nowSecond = result.decidedAtMillis() / 1000;
        for (int p = 0, n = result.placementCount(); p < n; p++)
        {
            metrics.recordPlacement(result.noFillReason(p));
            for (int k = 0, w = result.winnerCount(p); k < w; k++)
            {
                metrics.recordStockAge(nowSecond - result.winner(p, k).stockUpdatedAtEpochSecond());
            }
        }
        exchange.respond(HttpResponseStatus.OK, Responses.APPLICATION_JSON, Responses.NO_STORE, body);
        metrics.recordDecision(System.nanoTime() - start);
    }
}
