package com.endcap.server.json;

import com.endcap.bidder.decision.DecisionRequest;
import com.endcap.bidder.decision.DecisionResult;
import com.endcap.bidder.segment.Allocations;
import com.endcap.server.admin.InvalidInputException;
import com.endcap.server.app.ServerFixture;
import com.endcap.server.app.TestRetailer;
import com.endcap.server.events.EventTokens;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decision endpoint's JSON allocates (next to) nothing per request in steady state, counted
 * with the per-thread allocation counter over {@value #CALLS} calls after as many warm-up calls.
 * <p>
 * Budgets: under 1 byte per call for encode and for decoding one repeated body, under 2 for
 * decoding 512 realistic bodies in turn. A single object per call would cost at least 16 bytes, so
 * the budgets absorb only one-off costs: the JIT's, now and then, and a new long-lived parser
 * (about 800 B) every {@value DecisionRequestDecoder#BYTES_PER_PARSER} bytes of bodies, 0.3 B per
 * call for these bodies of 390 B on average.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DecisionJsonAllocationTest
{
    static final int CALLS = 10_000;

    @TempDir
    Path dir;

    private static Runnable decodeInTurn(final ByteBuf[] bodies)
    {
        final DecisionRequestDecoder decoder = new DecisionRequestDecoder();
        final DecisionRequest request = new DecisionRequest();
        final int[] next = {0};
        return () ->
        {
            final ByteBuf body = bodies[next[0]];
            next[0] = (next[0] + 1) % bodies.length;
            try
            {
                decoder.decode(body, request);
            }
            catch (final InvalidInputException ex)
            {
                throw new AssertionError(ex);
            }
        };
    }

    private static ByteBuf[] direct(final byte[][] raw)
    {
        final ByteBuf[] bodies = new ByteBuf[raw.length];
        for (int i = 0; i < raw.length; i++)
        {
            bodies[i] = Unpooled.directBuffer(raw[i].length).writeBytes(raw[i]);
        }
        return bodies;
    }

    @Test
    void decodingRealisticBodiesAllocatesNothingPerBody()
    {
        // given
        final ByteBuf[] bodies = direct(RequestBodies.realistic(512, 7));
        final Runnable decode = decodeInTurn(bodies);

        // when
        final long bytes = Allocations.bytesAllocatedBy(CALLS, decode);

        // then
        System.out.println("DecisionJsonAllocationTest: decode allocated " + bytes + " bytes over " + CALLS + " realistic bodies");
        assertThat((double)bytes / CALLS).as("bytes per decode (%d over %d calls)", bytes, CALLS).isLessThan(2.0);
        for (final ByteBuf body : bodies)
        {
            body.release();
        }
    }

    @Test
    void decodingARepeatedBodyAllocatesNothing()
    {
        // given
        final ByteBuf[] bodies = direct(new byte[][] {TestRetailer.DECISION.formatted(false).getBytes(StandardCharsets.UTF_8)});
        final Runnable decode = decodeInTurn(bodies);

        // when
        final long bytes = Allocations.bytesAllocatedBy(CALLS, decode);

        // then
        System.out.println("DecisionJsonAllocationTest: decode allocated " + bytes + " bytes over " + CALLS + " repeats of one body");
        assertThat((double)bytes / CALLS).as("bytes per decode (%d over %d calls)", bytes, CALLS).isLessThan(1.0);
        bodies[0].release();
    }

    @Test
    void encodingADecisionAllocatesNothing() throws Exception
    {
        // given: a real server's engine decides the test retailer's request
        final DecisionResult result = new DecisionResult();
        try (ServerFixture fixture = new ServerFixture(dir.resolve("data"), null, null))
        {
            load(fixture);
            final byte[] body = TestRetailer.DECISION.formatted(false).getBytes(StandardCharsets.UTF_8);
            final DecisionRequest request = new DecisionRequest();
            new DecisionRequestDecoder().decode(body, 0, body.length, request);
            fixture.server().engine().decide(request, result);
        }
        assertThat(result.winnerCount(0)).as("ads decided").isPositive();
        final DecisionResponseEncoder target =
            new DecisionResponseEncoder(new EventTokens(ServerFixture.SIGNING_KEY), 900, "https://ads.example.com/");
        final ByteBuf out = Unpooled.directBuffer(16 * 1024);
        final long[] requests = {0};
        final Runnable encode = () ->
        {
            out.clear();
            final long id = ++requests[0];
            target.newRequestId(id, id * 0x9E37_79B9_7F4A_7C15L);
            try
            {
                target.encode(result, out);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        };

        // when
        final long bytes = Allocations.bytesAllocatedBy(CALLS, encode);

        // then
        System.out.println("DecisionJsonAllocationTest: encode allocated " + bytes + " bytes over " + CALLS + " responses of "
            + out.readableBytes() + " B");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"impression\":\"https://ads.example.com/v1/e/imp?t=");
        assertThat((double)bytes / CALLS).as("bytes per encode (%d over %d calls)", bytes, CALLS).isLessThan(1.0);
        out.release();
    }

    private static void load(final ServerFixture fixture) throws Exception
    {
        assertThat(fixture.send(fixture.admin("/v1/admin/locations").header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(TestRetailer.LOCATIONS)).build()).statusCode()).isEqualTo(200);
        assertThat(fixture.send(fixture.admin("/v1/admin/catalog").header("Content-Type", "application/x-ndjson")
            .PUT(HttpRequest.BodyPublishers.ofString(TestRetailer.CATALOG)).build()).statusCode()).isEqualTo(200);
        assertThat(fixture.send(fixture.admin("/v1/admin/campaigns/cmp-3").header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(TestRetailer.CAMPAIGN)).build()).statusCode()).isEqualTo(201);
        assertThat(fixture.post("/v1/inventory/changes", "application/x-ndjson",
            "{\"source\": \"pos-S042\", \"seq\": 1, \"sku\": \"100871\", \"location\": \"S042\", \"onHand\": 7, \"ts\": "
                + fixture.nowMillis + "}\n").statusCode()).isEqualTo(202);
    }
}
