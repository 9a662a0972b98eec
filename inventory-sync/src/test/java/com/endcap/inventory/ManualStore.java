package com.endcap.inventory;

import com.endcap.inventory.apply.ApplyResult;
import com.endcap.inventory.apply.ChangeBatch;
import com.endcap.inventory.apply.PreparedSnapshot;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * A writer store whose agent the test drives by hand on the test thread, plus shorthands to
 * submit and apply in one call.
 */
public final class ManualStore implements AutoCloseable
{
    private final InventoryStore store;

    private ManualStore(final InventoryStore store)
    {
        this.store = store;
    }

    /**
     * @param dir data directory.
     * @return the store, writer thread not started.
     */
    public static ManualStore open(final Path dir)
    {
        return new ManualStore(InventoryStore.openWriter(InventoryConfig.defaults(dir)
            .withMaxEntries(10_000)
            .withRingBufferBytes(1 << 20)
            .withWriterThread(false)));
    }

    /**
     * @return the store.
     */
    public InventoryStore store()
    {
        return store;
    }

    /**
     * Submits and runs the writer until the batch is acknowledged.
     *
     * @param batch changes.
     * @return the acknowledgement.
     */
    public ApplyResult apply(final ChangeBatch batch)
    {
        return drive(store.proxy().submit(batch));
    }

    /**
     * Submits a snapshot and runs the writer until it is acknowledged.
     *
     * @param snapshot the snapshot.
     * @return the acknowledgement.
     */
    public ApplyResult apply(final PreparedSnapshot snapshot)
    {
        return drive(store.proxy().submitSnapshot(snapshot));
    }

    /**
     * @param sku      external sku id.
     * @param location external location code.
     * @param source   external source id.
     * @param seq      sequence.
     * @param onHand   units on hand.
     * @return a one-change absolute batch, ids interned.
     */
    public ChangeBatch absolute(final String sku, final String location, final String source, final long seq, final int onHand)
    {
        return new ChangeBatch().addAbsolute(
            1, sku(sku), location(location), source(source), seq, 1_763_900_000_000L, onHand, ChangeBatch.ABSENT,
            ChangeBatch.ABSENT);
    }

    /**
     * @param sku      external sku id.
     * @param location external location code.
     * @param source   external source id.
     * @param seq      sequence.
     * @param delta    units moved.
     * @return a one-change delta batch, ids interned.
     */
    public ChangeBatch delta(final String sku, final String location, final String source, final long seq, final int delta)
    {
        return new ChangeBatch().addDelta(
            1, sku(sku), location(location), source(source), seq, 1_763_900_000_000L, delta, ChangeBatch.ABSENT,
            ChangeBatch.ABSENT);
    }

    /**
     * @param sku external id.
     * @return its dense id (interned).
     */
    public int sku(final String sku)
    {
        return store.skus().intern(sku);
    }

    /**
     * @param location external code.
     * @return its dense id (interned).
     */
    public int location(final String location)
    {
        return store.locations().intern(location);
    }

    /**
     * @param source external id.
     * @return its dense id (interned).
     */
    public int source(final String source)
    {
        return store.sources().intern(source);
    }

    /**
     * @param sku      external sku id.
     * @param location external location code.
     * @return ATP from the hot view, or NO_RECORD.
     */
    public int available(final String sku, final String location)
    {
        return store.stockView().available(sku(sku), location(location));
    }

    public void close()
    {
        store.close();
    }

    private ApplyResult drive(final CompletableFuture<ApplyResult> future)
    {
        while (!future.isDone())
        {
            store.writerAgent().doWork();
        }
        return future.join();
    }
}
