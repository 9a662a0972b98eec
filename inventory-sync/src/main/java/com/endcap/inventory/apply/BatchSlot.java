package com.endcap.inventory.apply;

import java.util.concurrent.CompletableFuture;

/**
 * One in-flight acknowledgement: a producer takes a free slot, tags its changes with the slot's
 * index, ends with a barrier, and the writer completes {@link #future} when it reaches the
 * barrier. Tallies are written by the writer thread only; the producer's slot hand-off through
 * the ring buffer orders the fields it sets before the writer reads them.
 */
final class BatchSlot
{
    final int index;
    CompletableFuture<ApplyResult> future;
    PreparedSnapshot snapshot;
    int applied;
    int ignored;
    int removed;

    BatchSlot(final int index)
    {
        this.index = index;
    }

    void reset(final CompletableFuture<ApplyResult> future, final PreparedSnapshot snapshot)
    {
        this.future = future;
        this.snapshot = snapshot;
        applied = 0;
        ignored = 0;
        removed = 0;
    }
}
