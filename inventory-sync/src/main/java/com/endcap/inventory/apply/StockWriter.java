package com.endcap.inventory.apply;

import com.endcap.inventory.store.AvailabilityIndex;
import com.endcap.inventory.store.SellThroughIndex;
import com.endcap.inventory.store.ChronicleStockStore;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.IntHashSet;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * Wires the single-writer pipeline: the ring buffer, the acknowledgement slots, the producers'
 * {@link InventoryProxy} and the {@link StockWriterAgent} that drains it. Who runs the agent's
 * duty cycle (a dedicated thread, or a test by hand) is the caller's choice.
 */
public final class StockWriter
{
    private final InventoryProxy proxy;
    private final StockWriterAgent agent;

    /**
     * @param ringBufferBytes capacity of the ring buffer, a power of two.
     * @param ackSlots        batches in flight.
     * @param slotWaitNanos   how long a producer waits for a free slot.
     * @param store           the records.
     * @param index           the hot index, already built from the records.
     * @param sellThrough     recent sell-through, fed from the decreases applied.
     * @param skusByLocation  skus with a record per location, already built from the records.
     * @param counters        where the writer counts.
     * @param nanoClock       clock for apply lag.
     * @param forceToDisk     run before each acknowledgement (fsync), or null.
     */
    public StockWriter(
        final int ringBufferBytes,
        final int ackSlots,
        final long slotWaitNanos,
        final ChronicleStockStore store,
        final AvailabilityIndex index,
        final SellThroughIndex sellThrough,
        final Int2ObjectHashMap<IntHashSet> skusByLocation,
        final InventoryCounters counters,
        final NanoClock nanoClock,
        final Runnable forceToDisk)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(
            ByteBuffer.allocateDirect(ringBufferBytes + RingBufferDescriptor.TRAILER_LENGTH));
        final RingBuffer ringBuffer = new ManyToOneRingBuffer(buffer);
        final BatchSlot[] slots = new BatchSlot[ackSlots];
        for (int i = 0; i < ackSlots; i++)
        {
            slots[i] = new BatchSlot(i);
        }
        proxy = new InventoryProxy(ringBuffer, slots, nanoClock, slotWaitNanos);
        agent = new StockWriterAgent(
            ringBuffer, slots, proxy, store, index, sellThrough, skusByLocation, counters, nanoClock, forceToDisk);
    }

    /**
     * @return what producers submit through.
     */
    public InventoryProxy proxy()
    {
        return proxy;
    }

    /**
     * @return the agent to run on exactly one thread.
     */
    public StockWriterAgent agent()
    {
        return agent;
    }

    /**
     * Refuses further submissions; call before stopping the agent.
     */
    public void closeProxy()
    {
        proxy.close();
    }
}
