package com.endcap.server.api;

import com.endcap.inventory.InventoryIngest;
import com.endcap.inventory.InventoryStore;
import com.endcap.inventory.feed.LineError;
import com.endcap.inventory.feed.SnapshotFormat;
import com.endcap.inventory.feed.SnapshotFormatException;
import com.endcap.inventory.store.StockRecord;
import com.endcap.bidder.location.LocationDirectory;
import com.endcap.server.http.Exchange;
import com.endcap.server.http.Responses;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The stock endpoints store and warehouse systems push to:
 * {@code POST /v1/inventory/changes} (NDJSON deltas; 202 once applied and in the mapped file),
 * {@code PUT /v1/inventory/snapshot/{location}} (a full local-inventory file; all-or-nothing) and
 * {@code GET /v1/inventory/{location}/{sku}} (the record, for support and tests).
 * <p>
 * Decoding and submitting run on the ingest executor, never on an event loop: a full ring buffer
 * makes a producer wait, and a snapshot is parsed whole before anything is applied.
 * Acknowledgements complete on the writer thread.
 * <p>
 * A change body is read on the ingest thread, straight from the request's buffer: {@link Exchange}
 * keeps the request valid until the response is written, and the response waits for the batch,
 * which is decoded (and copied into the writer's ring buffer) before it is submitted. A heap
 * buffer is decoded in place; a direct or composite one (what the aggregator usually hands over)
 * is copied into the ingest thread's scratch array, reused for the next body.
 */
public final class InventoryHandler
{
    /** Scratch an ingest thread keeps between bodies; a larger body gets an array of its own. */
    static final int MAX_KEPT_SCRATCH_BYTES = 4 << 20;
    private static final int INITIAL_SCRATCH_BYTES = 64 << 10;

    private final ThreadLocal<byte[]> scratches = ThreadLocal.withInitial(() -> new byte[INITIAL_SCRATCH_BYTES]);
    private final InventoryStore store;
    private final InventoryIngest ingest;
    private final LocationDirectory locations;
    private final Executor blocking;

    /**
     * @param store     the writer store.
     * @param ingest    decoding and submission.
     * @param locations known locations (a snapshot for an unknown one is a 404).
     * @param blocking  where decoding, submitting and parsing run.
     */
    public InventoryHandler(
        final InventoryStore store, final InventoryIngest ingest, final LocationDirectory locations, final Executor blocking)
    {
        this.store = store;
        this.ingest = ingest;
        this.locations = locations;
        this.blocking = blocking;
    }

    /**
     * @param exchange {@code POST /v1/inventory/changes}.
     */
    public void changes(final Exchange exchange)
    {
        if (!exchange.requireContentType("application/x-ndjson", "application/ndjson"))
        {
            return;
        }
        exchange.offload(blocking, () -> submitChanges(exchange));
    }

    private void submitChanges(final Exchange exchange)
    {
        final java.util.concurrent.CompletableFuture<InventoryIngest.ChangesOutcome> submitted;
        try
        {
            final ByteBuf content = exchange.request().content();
            final int length = content.readableBytes();
            if (content.hasArray())
            {
                submitted = ingest.applyChanges(content.array(), content.arrayOffset() + content.readerIndex(), length);
            }
            else
            {
                final byte[] body = scratch(length);
                content.getBytes(content.readerIndex(), body, 0, length);
                submitted = ingest.applyChanges(body, 0, length);
            }
        }
        catch (final RuntimeException ex)
        {
            unavailable(exchange, ex);
            return;
        }
        submitted.whenComplete((outcome, failure) ->
        {
            if (null != failure)
            {
                unavailable(exchange, failure);
                return;
            }
            exchange.respond(Responses.json(exchange.alloc(), HttpResponseStatus.ACCEPTED, g ->
            {
                g.writeStartObject();
                g.writeNumberField("accepted", outcome.accepted());
                g.writeNumberField("ignored", outcome.ignored());
                g.writeArrayFieldStart("rejected");
                for (final LineError error : outcome.rejected())
                {
                    g.writeStartObject();
                    g.writeNumberField("line", error.line());
                    if (null != error.field())
                    {
                        g.writeStringField("field", error.field());
                    }
                    g.writeStringField("message", error.message());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }));
        });
    }

    /**
     * The calling ingest thread's scratch array, at least {@code length} long.
     */
    private byte[] scratch(final int length)
    {
        final byte[] scratch = scratches.get();
        if (scratch.length >= length)
        {
            return scratch;
        }
        if (length > MAX_KEPT_SCRATCH_BYTES)
        {
            return new byte[length];
        }
        final byte[] grown = new byte[Math.min(MAX_KEPT_SCRATCH_BYTES, Math.max(length, 2 * scratch.length))];
        scratches.set(grown);
        return grown;
    }

    /**
     * @param exchange {@code PUT /v1/inventory/snapshot/{location}}.
     */
    public void snapshot(final Exchange exchange)
    {
        final SnapshotFormat format = SnapshotFormat.fromContentType(exchange.header(HttpHeaderNames.CONTENT_TYPE));
        if (null == format)
        {
            exchange.requireContentType("text/tab-separated-values", "text/csv");
            return;
        }
        final String location = exchange.param(0);
        if (null == locations.byCode(location))
        {
            exchange.fail(HttpResponseStatus.NOT_FOUND, "unknown_location",
                "no location " + location + "; add it with PUT /v1/admin/locations first", "location");
            return;
        }
        exchange.offload(blocking, () ->
        {
            final ByteBuf content = exchange.request().content();
            try (Reader in = new InputStreamReader(
                new io.netty.buffer.ByteBufInputStream(content.duplicate()), StandardCharsets.UTF_8))
            {
                ingest.applySnapshot(location, in, format).whenComplete((result, failure) ->
                {
                    if (null != failure)
                    {
                        unavailable(exchange, failure);
                        return;
                    }
                    exchange.respond(Responses.json(exchange.alloc(), HttpResponseStatus.OK, g ->
                    {
                        g.writeStartObject();
                        g.writeNumberField("applied", result.applied());
                        g.writeNumberField("removed", result.removed());
                        g.writeEndObject();
                    }));
                });
            }
            catch (final SnapshotFormatException ex)
            {
                exchange.fail(HttpResponseStatus.BAD_REQUEST, "invalid_snapshot", ex.getMessage(), ex.field());
            }
            catch (final Exception ex)
            {
                unavailable(exchange, ex);
            }
        });
    }

    /**
     * Answers a push to a server that only reads the store: 409, pointing at the writer.
     *
     * @param exchange a push.
     */
    public static void pushToTheWriter(final Exchange exchange)
    {
        exchange.fail(HttpResponseStatus.CONFLICT, "managed_elsewhere",
            "this server reads the stock store of an inventory-sync process: push stock there", null);
    }

    /**
     * @param exchange {@code GET /v1/inventory/{location}/{sku}}.
     */
    public void record(final Exchange exchange)
    {
        final String location = exchange.param(0);
        final String sku = exchange.param(1);
        final StockRecord record = new StockRecord();
        if (!store.readRecord(sku, location, record))
        {
            exchange.fail(HttpResponseStatus.NOT_FOUND, "no_record", "no stock record for sku " + sku + " at " + location, null);
            return;
        }
        exchange.respond(Responses.json(exchange.alloc(), HttpResponseStatus.OK, g ->
        {
            g.writeStartObject();
            g.writeStringField("sku", sku);
            g.writeStringField("location", location);
            g.writeNumberField("onHand", record.onHand());
            g.writeNumberField("reserved", record.reserved());
            g.writeNumberField("safetyStock", record.safetyStock());
            g.writeNumberField("available", record.available());
            g.writeNumberField("updatedAt", record.updatedAtMillis());
            g.writeEndObject();
        }));
    }

    private static void unavailable(final Exchange exchange, final Throwable failure)
    {
        final Throwable cause = failure instanceof CompletionException && null != failure.getCause() ? failure.getCause() : failure;
        exchange.fail(HttpResponseStatus.SERVICE_UNAVAILABLE, "inventory_unavailable",
            "the stock writer did not accept the changes: " + cause.getMessage() + "; nothing was applied, retry later", null);
    }
}
