package com.endcap.inventory.apply;

import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.ManyToManyConcurrentArrayQueue;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * How producers hand stock changes to the writer thread: they write into its many-to-one ring
 * buffer and get back a future completed once the writer has applied them (acknowledged means
 * applied and in the mapped file). Producers never touch the store.
 * <p>
 * Threads: any number of producer threads. A producer blocks (backing off) while the ring buffer
 * is full; it is refused up front, with nothing written, when every acknowledgement slot has
 * been busy for longer than the configured wait (the writer is saturated or stopped).
 * <p>
 * The future is completed on the writer thread: attach continuations with the {@code *Async}
 * methods so no caller work runs there.
 */
public final class InventoryProxy
{
    private final RingBuffer ringBuffer;
    private final ManyToManyConcurrentArrayQueue<BatchSlot> freeSlots;
    private final NanoClock nanoClock;
    private final long slotWaitNanos;
    private volatile boolean closed;

    InventoryProxy(
        final RingBuffer ringBuffer, final BatchSlot[] slots, final NanoClock nanoClock, final long slotWaitNanos)
    {
        this.ringBuffer = ringBuffer;
        this.nanoClock = nanoClock;
        this.slotWaitNanos = slotWaitNanos;
        freeSlots = new ManyToManyConcurrentArrayQueue<>(slots.length);
        for (final BatchSlot slot : slots)
        {
            freeSlots.offer(slot);
        }
    }

    /**
     * Hands a batch of changes to the writer. The batch may be reused once this returns.
     *
     * @param batch validated changes.
     * @return completed with what the writer did once every change is applied.
     * @throws RejectedExecutionException when the writer is saturated or closed; nothing was sent.
     */
    public CompletableFuture<ApplyResult> submit(final ChangeBatch batch)
    {
        final BatchSlot slot = acquire();
        final CompletableFuture<ApplyResult> future = new CompletableFuture<>();
        slot.reset(future, null);
        final long acceptedNanos = nanoClock.nanoTime();
        final IdleStrategy idle = new SleepingMillisIdleStrategy(1);
        for (int i = 0, size = batch.size(); i < size; i++)
        {
            int claim;
            while ((claim = ringBuffer.tryClaim(ChangeMessage.CHANGE_TYPE, ChangeMessage.CHANGE_LENGTH)) < 0)
            {
                checkOpen();
                idle.idle();
            }
            ChangeMessage.encodeChange(ringBuffer.buffer(), claim, batch, i, slot.index, acceptedNanos);
            ringBuffer.commit(claim);
        }
        writeSlotMessage(ChangeMessage.BARRIER_TYPE, slot, idle);
        return future;
    }

    /**
     * Hands a validated snapshot of one location to the writer, which replaces that location's
     * stock with it.
     *
     * @param snapshot the parsed, interned snapshot.
     * @return completed with rows applied and skus made unavailable once applied.
     * @throws RejectedExecutionException when the writer is saturated or closed; nothing was sent.
     */
    public CompletableFuture<ApplyResult> submitSnapshot(final PreparedSnapshot snapshot)
    {
        final BatchSlot slot = acquire();
        final CompletableFuture<ApplyResult> future = new CompletableFuture<>();
        slot.reset(future, snapshot);
        final IdleStrategy idle = new SleepingMillisIdleStrategy(1);
        writeSlotMessage(ChangeMessage.SNAPSHOT_TYPE, slot, idle);
        writeSlotMessage(ChangeMessage.BARRIER_TYPE, slot, idle);
        return future;
    }

    void release(final BatchSlot slot)
    {
        slot.future = null;
        slot.snapshot = null;
        freeSlots.offer(slot);
    }

    void close()
    {
        closed = true;
    }

    private void writeSlotMessage(final int type, final BatchSlot slot, final IdleStrategy idle)
    {
        int claim;
        while ((claim = ringBuffer.tryClaim(type, ChangeMessage.SLOT_MESSAGE_LENGTH)) < 0)
        {
            checkOpen();
            idle.idle();
        }
        ringBuffer.buffer().putInt(claim, slot.index);
        ringBuffer.commit(claim);
    }

    private BatchSlot acquire()
    {
        checkOpen();
        BatchSlot slot = freeSlots.poll();
        if (null == slot)
        {
            final long deadline = nanoClock.nanoTime() + slotWaitNanos;
            final IdleStrategy idle = new SleepingMillisIdleStrategy(1);
            while (null == (slot = freeSlots.poll()))
            {
                checkOpen();
                if (nanoClock.nanoTime() - deadline > 0)
                {
                    throw new RejectedExecutionException("inventory writer is saturated: no acknowledgement slot free");
                }
                idle.idle();
            }
        }
        return slot;
    }

    private void checkOpen()
    {
        if (closed)
        {
            throw new RejectedExecutionException("inventory writer is closed");
        }
    }
}
