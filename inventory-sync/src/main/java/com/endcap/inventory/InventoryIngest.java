package com.endcap.inventory;

import com.endcap.inventory.apply.ApplyResult;
import com.endcap.inventory.apply.ChangeBatch;
import com.endcap.inventory.feed.DecodeResult;
import com.endcap.inventory.feed.LineError;
import com.endcap.inventory.feed.NdjsonChangeDecoder;
import com.endcap.inventory.feed.SnapshotFormat;
import com.endcap.inventory.feed.SnapshotFormatException;
import com.endcap.inventory.feed.SnapshotParser;
import org.agrona.concurrent.EpochClock;

import java.io.IOException;
import java.io.Reader;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The inventory endpoints' logic without the transport: decode a push or a snapshot, hand it to
 * the writer, and answer once it is applied. {@code POST /v1/inventory/changes} and
 * {@code PUT /v1/inventory/snapshot/{location}} call this; so do the CLI's import command and tests.
 * <p>
 * Threads: any thread (each keeps its own decoder and batch). The returned futures complete on
 * the writer thread: continue with {@code *Async}.
 */
public final class InventoryIngest
{
    /** Result of a change push, in the shape of the API's 202 body. */
    public record ChangesOutcome(int accepted, int ignored, List<LineError> rejected)
    {
    }

    private final InventoryStore store;
    private final SnapshotParser snapshotParser;
    private final EpochClock clock;
    private final ThreadLocal<NdjsonChangeDecoder> decoders;
    private final ThreadLocal<ChangeBatch> batches = ThreadLocal.withInitial(ChangeBatch::new);

    /**
     * @param store            the writer store.
     * @param clock            time of changes without {@code ts}, and of snapshots.
     * @param inStockUnits     units assumed for a snapshot row saying only "in stock".
     * @param limitedUnits     units assumed for a row saying only "limited availability".
     * @param maxSnapshotRows  largest snapshot accepted.
     */
    public InventoryIngest(
        final InventoryStore store, final EpochClock clock, final int inStockUnits, final int limitedUnits,
        final int maxSnapshotRows)
    {
        this.store = store;
        this.clock = clock;
        this.snapshotParser = new SnapshotParser(store.skus(), inStockUnits, limitedUnits, maxSnapshotRows);
        this.decoders = ThreadLocal.withInitial(
            () -> new NdjsonChangeDecoder(store.skus(), store.locations(), store.sources(), clock));
    }

    /**
     * Decodes an NDJSON body, applies its valid lines and reports the invalid ones.
     *
     * @param body   the request body.
     * @param offset where it starts.
     * @param length its length.
     * @return completed once every valid line is applied (acknowledged = durable).
     */
    public CompletableFuture<ChangesOutcome> applyChanges(final byte[] body, final int offset, final int length)
    {
        final ChangeBatch batch = batches.get().clear();
        final DecodeResult decoded = decoders.get().decode(body, offset, length, batch);
        final List<LineError> rejected = decoded.rejected();
        store.counters().onRejected(rejected.size());
        if (0 == batch.size())
        {
            return CompletableFuture.completedFuture(new ChangesOutcome(0, 0, rejected));
        }
        return store.proxy().submit(batch)
            .thenApply(result -> new ChangesOutcome(result.applied(), result.ignored(), rejected));
    }

    /**
     * Validates a whole snapshot file, then replaces the location's stock with it.
     *
     * @param locationCode the location the file is for.
     * @param in           the file; closed when read.
     * @param format       CSV or TSV.
     * @return completed with rows applied and skus made unavailable, once applied.
     * @throws SnapshotFormatException when any row is malformed; nothing changed.
     * @throws IOException when the file cannot be read; nothing changed.
     */
    public CompletableFuture<ApplyResult> applySnapshot(final String locationCode, final Reader in, final SnapshotFormat format)
        throws SnapshotFormatException, IOException
    {
        final int locationId = store.locations().intern(locationCode);
        return store.proxy().submitSnapshot(snapshotParser.parse(locationCode, locationId, in, format, clock.time()));
    }
}
