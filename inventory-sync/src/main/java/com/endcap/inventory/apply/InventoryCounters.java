package com.endcap.inventory.apply;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the stock pipeline, read by the metrics layer from any thread.
 * <p>
 * {@code applied}, {@code ignored}, {@code snapshots}, {@code removed} and the apply lag are
 * written by the writer thread only (ordered stores, no CAS); {@code rejected} by any producer.
 */
public final class InventoryCounters
{
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong ignored = new AtomicLong();
    private final AtomicLong snapshots = new AtomicLong();
    private final AtomicLong snapshotRows = new AtomicLong();
    private final AtomicLong removed = new AtomicLong();
    private final LongAdder rejected = new LongAdder();
    private final Recorder applyLag = new Recorder(3_600_000_000_000L, 2);
    private Histogram lagReuse;

    /**
     * @return sequenced changes that changed the store, since start.
     */
    public long applied()
    {
        return applied.get();
    }

    /**
     * @return changes ignored as replays (seq not above the source's last), since start.
     */
    public long ignored()
    {
        return ignored.get();
    }

    /**
     * @return changes rejected as invalid input, since start.
     */
    public long rejected()
    {
        return rejected.sum();
    }

    /**
     * @return snapshots applied, since start.
     */
    public long snapshots()
    {
        return snapshots.get();
    }

    /**
     * @return snapshot rows applied, since start.
     */
    public long snapshotRows()
    {
        return snapshotRows.get();
    }

    /**
     * @return skus made unavailable by snapshots that no longer listed them, since start.
     */
    public long removed()
    {
        return removed.get();
    }

    /**
     * Any thread: counts invalid input.
     *
     * @param count how many changes were rejected.
     */
    public void onRejected(final int count)
    {
        rejected.add(count);
    }

    /**
     * Takes the apply-lag histogram (nanoseconds from accepted by a producer to applied by the
     * writer) recorded since the last call. One reader thread at a time.
     *
     * @return the interval histogram; valid until the next call.
     */
    public synchronized Histogram applyLagInterval()
    {
        lagReuse = applyLag.getIntervalHistogram(lagReuse);
        return lagReuse;
    }

    void onApplied(final long acceptedNanos, final long nowNanos)
    {
        applied.lazySet(applied.get() + 1);
        recordLag(acceptedNanos, nowNanos);
    }

    void onIgnored(final long acceptedNanos, final long nowNanos)
    {
        ignored.lazySet(ignored.get() + 1);
        recordLag(acceptedNanos, nowNanos);
    }

    void onSnapshot(final int rows, final int removedSkus)
    {
        snapshots.lazySet(snapshots.get() + 1);
        snapshotRows.lazySet(snapshotRows.get() + rows);
        removed.lazySet(removed.get() + removedSkus);
    }

    private void recordLag(final long acceptedNanos, final long nowNanos)
    {
        final long lag = nowNanos - acceptedNanos;
        if (lag >= 0 && lag <= 3_600_000_000_000L)
        {
            applyLag.recordValue(lag);
        }
    }
}
