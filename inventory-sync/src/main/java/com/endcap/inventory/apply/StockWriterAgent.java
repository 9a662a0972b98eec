package com.endcap.inventory.apply;

import com.endcap.inventory.store.AvailabilityIndex;
import com.endcap.inventory.store.ChronicleStockStore;
import com.endcap.inventory.store.SellThroughIndex;
import com.endcap.inventory.store.StockRecord;
import com.endcap.inventory.store.StorePrice;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.IntHashSet;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import java.util.concurrent.CompletableFuture;

/**
 * The one thread that changes stock. Drains the many-to-one ring buffer producers write through
 * {@link InventoryProxy}, applies each change to the Chronicle records and the hot
 * {@link AvailabilityIndex}, and completes a batch's acknowledgement when it reaches the batch's
 * barrier — after every change of the batch is in the mapped file (and on disk, when configured).
 * <p>
 * Nothing here allocates per change: the record holders and the change callbacks are fields.
 */
public final class StockWriterAgent implements Agent, MessageHandler, ChronicleStockStore.RecordChange
{
    private static final int MESSAGES_PER_DUTY_CYCLE = 4096;

    private final RingBuffer ringBuffer;
    private final BatchSlot[] slots;
    private final InventoryProxy proxy;
    private final ChronicleStockStore store;
    private final AvailabilityIndex index;
    private final SellThroughIndex sellThrough;
    private final Int2ObjectHashMap<IntHashSet> skusByLocation;
    private final InventoryCounters counters;
    private final NanoClock nanoClock;
    private final Runnable forceToDisk;
    private final StockRecord result = new StockRecord();
    private final SnapshotRowChange snapshotRowChange = new SnapshotRowChange();
    private final IntHashSet snapshotSkus = new IntHashSet();

    private boolean changeAbsolute;
    private int changeQuantity;
    private int changeReserved;
    private int changeSafety;
    private int changeAttributes;
    private long changeTsMillis;
    private int onHandBefore;

    StockWriterAgent(
        final RingBuffer ringBuffer,
        final BatchSlot[] slots,
        final InventoryProxy proxy,
        final ChronicleStockStore store,
        final AvailabilityIndex index,
        final SellThroughIndex sellThrough,
        final Int2ObjectHashMap<IntHashSet> skusByLocation,
        final InventoryCounters counters,
        final NanoClock nanoClock,
        final Runnable forceToDisk)
    {
        this.ringBuffer = ringBuffer;
        this.slots = slots;
        this.proxy = proxy;
        this.store = store;
        this.index = index;
        this.sellThrough = sellThrough;
        this.skusByLocation = skusByLocation;
        this.counters = counters;
        this.nanoClock = nanoClock;
        this.forceToDisk = forceToDisk;
    }

    public int doWork()
    {
        return ringBuffer.read(this, MESSAGES_PER_DUTY_CYCLE);
    }

    public String roleName()
    {
        return "endcap-stock-writer";
    }

    public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int offset, final int length)
    {
        switch (msgTypeId)
        {
            case ChangeMessage.CHANGE_TYPE:
                onChange(buffer, offset);
                break;
            case ChangeMessage.SNAPSHOT_TYPE:
                onSnapshot(slots[buffer.getInt(offset)]);
                break;
            case ChangeMessage.BARRIER_TYPE:
                onBarrier(slots[buffer.getInt(offset)]);
                break;
            default:
                throw new IllegalStateException("unknown stock message type " + msgTypeId);
        }
    }

    /**
     * Applies the change being processed to a record. Called back by the store under the
     * record's lock.
     *
     * @param record current record, changed in place.
     */
    public void apply(final StockRecord record)
    {
        onHandBefore = record.onHand();
        if (changeAbsolute)
        {
            record.onHand(changeQuantity);
        }
        else
        {
            final long moved = (long)record.onHand() + changeQuantity;
            record.onHand((int)Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, moved)));
        }
        if (ChangeBatch.ABSENT != changeReserved)
        {
            record.reserved(changeReserved);
        }
        if (ChangeBatch.ABSENT != changeSafety)
        {
            record.safetyStock(changeSafety);
        }
        if (ChangeBatch.ABSENT != changeAttributes)
        {
            record.attributes(changeAttributes);
        }
        record.updatedAtMillis(Math.max(record.updatedAtMillis(), changeTsMillis));
    }

    private void onChange(final DirectBuffer buffer, final int offset)
    {
        final int skuId = buffer.getInt(offset + ChangeMessage.SKU_OFFSET);
        final int locationId = buffer.getInt(offset + ChangeMessage.LOCATION_OFFSET);
        final BatchSlot slot = slots[buffer.getInt(offset + ChangeMessage.SLOT_OFFSET)];
        changeAbsolute = (buffer.getInt(offset + ChangeMessage.FLAGS_OFFSET) & ChangeMessage.FLAG_ABSOLUTE) != 0;
        changeQuantity = buffer.getInt(offset + ChangeMessage.QUANTITY_OFFSET);
        changeReserved = buffer.getInt(offset + ChangeMessage.RESERVED_OFFSET);
        changeSafety = buffer.getInt(offset + ChangeMessage.SAFETY_OFFSET);
        changeTsMillis = buffer.getLong(offset + ChangeMessage.TS_OFFSET);
        changeAttributes = buffer.getInt(offset + ChangeMessage.ATTRIBUTES_OFFSET);

        final int outcome = store.applySequenced(
            skuId,
            locationId,
            buffer.getInt(offset + ChangeMessage.SOURCE_OFFSET),
            buffer.getLong(offset + ChangeMessage.SEQ_OFFSET),
            this,
            result);

        final long acceptedNanos = buffer.getLong(offset + ChangeMessage.ACCEPTED_NANOS_OFFSET);
        if (ChronicleStockStore.APPLIED == outcome)
        {
            publish(skuId, locationId, result);
            // Sell-through counts relative decreases only (sales, picks); an absolute change is a
            // recount, and a recount from 100 to 10 is not 90 units sold this hour.
            if (!changeAbsolute && result.onHand() < onHandBefore)
            {
                sellThrough.onDecrease(skuId, locationId, onHandBefore - result.onHand(), changeTsMillis / 1000);
            }
            slot.applied++;
            counters.onApplied(acceptedNanos, nanoClock.nanoTime());
        }
        else
        {
            slot.ignored++;
            counters.onIgnored(acceptedNanos, nanoClock.nanoTime());
        }
    }

    private void onSnapshot(final BatchSlot slot)
    {
        final PreparedSnapshot snapshot = slot.snapshot;
        final int locationId = snapshot.locationId();
        final SnapshotRowChange row = snapshotRowChange;
        snapshotSkus.clear();
        row.tsMillis = snapshot.tsMillis();
        for (int i = 0, rows = snapshot.rows(); i < rows; i++)
        {
            final int skuId = snapshot.skuIds()[i];
            row.onHand = snapshot.onHand()[i];
            row.attributes = snapshot.attributes()[i];
            store.applyUnsequenced(skuId, locationId, row, result);
            store.applyPrice(skuId, locationId, snapshot.priceCents()[i], snapshot.saleCents()[i]);
            publish(skuId, locationId, result);
            snapshotSkus.add(skuId);
        }

        int removed = 0;
        final IntHashSet stocked = skusByLocation.get(locationId);
        if (null != stocked)
        {
            row.onHand = 0;
            row.attributes = 0;
            for (final IntHashSet.IntIterator it = stocked.iterator(); it.hasNext(); )
            {
                final int skuId = it.nextValue();
                if (!snapshotSkus.contains(skuId))
                {
                    store.applyUnsequenced(skuId, locationId, row, result);
                    store.applyPrice(skuId, locationId, StorePrice.NONE, StorePrice.NONE);
                    index.put(skuId, locationId, result.available(), result.attributes(), result.updatedAtMillis() / 1000);
                    if (row.availableBefore > 0)
                    {
                        removed++;
                    }
                }
            }
        }
        slot.applied += snapshot.rows();
        slot.removed += removed;
        counters.onSnapshot(snapshot.rows(), removed);
    }

    private void onBarrier(final BatchSlot slot)
    {
        final CompletableFuture<ApplyResult> future = slot.future;
        final ApplyResult outcome = new ApplyResult(slot.applied, slot.ignored, slot.removed);
        try
        {
            if (null != forceToDisk)
            {
                forceToDisk.run();
            }
        }
        catch (final RuntimeException ex)
        {
            proxy.release(slot);
            future.completeExceptionally(ex);
            return;
        }
        proxy.release(slot);
        future.complete(outcome);
    }

    private void publish(final int skuId, final int locationId, final StockRecord record)
    {
        if (index.put(skuId, locationId, record.available(), record.attributes(), record.updatedAtMillis() / 1000))
        {
            // Only a (sku, location) new to the index can be missing from its location's set:
            // records are never removed, so the set lookup is skipped for every later change.
            IntHashSet stocked = skusByLocation.get(locationId);
            if (null == stocked)
            {
                stocked = new IntHashSet();
                skusByLocation.put(locationId, stocked);
            }
            stocked.add(skuId);
        }
    }

    /** Overwrites on hand and attributes from a snapshot row; keeps reserved, safety and seqs. */
    private static final class SnapshotRowChange implements ChronicleStockStore.RecordChange
    {
        int onHand;
        int attributes;
        long tsMillis;
        int availableBefore;

        public void apply(final StockRecord record)
        {
            availableBefore = record.available();
            record.onHand(onHand).attributes(attributes).updatedAtMillis(tsMillis);
        }
    }
}
