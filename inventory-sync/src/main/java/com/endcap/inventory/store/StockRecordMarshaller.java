package com.endcap.inventory.store;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.RandomDataInput;
import net.openhft.chronicle.hash.serialization.SizedReader;
import net.openhft.chronicle.hash.serialization.SizedWriter;
import net.openhft.chronicle.hash.serialization.impl.EnumMarshallable;

/** Writes a {@link StockRecord} in its fixed 32-byte layout; reads into the caller's instance. */
public final class StockRecordMarshaller
    implements SizedReader<StockRecord>, SizedWriter<StockRecord>, EnumMarshallable<StockRecordMarshaller>
{
    /** The only instance; the map file records the class, not state. */
    public static final StockRecordMarshaller INSTANCE = new StockRecordMarshaller();

    private StockRecordMarshaller()
    {
    }

    public StockRecord read(final Bytes<?> in, final long size, final StockRecord using)
    {
        final StockRecord record = readAt(in, in.readPosition(), null == using ? new StockRecord() : using);
        in.readSkip(StockRecord.BYTES);
        return record;
    }

    /**
     * Reads a record in place, without moving any position: the start-up scan reads each entry
     * where Chronicle's iteration finds it.
     *
     * @param in     bytes holding a record.
     * @param offset where the record starts.
     * @param into   holder to fill.
     * @return {@code into}.
     */
    public static StockRecord readAt(final RandomDataInput in, final long offset, final StockRecord into)
    {
        into.onHand(in.readInt(offset))
            .reserved(in.readInt(offset + 4))
            .safetyStock(in.readInt(offset + 8))
            .sourceId(in.readInt(offset + 12))
            .seq(in.readLong(offset + 16));
        into.meta(in.readLong(offset + 24));
        return into;
    }

    public long size(final StockRecord record)
    {
        return StockRecord.BYTES;
    }

    public void write(final Bytes<?> out, final long size, final StockRecord record)
    {
        out.writeInt(record.onHand());
        out.writeInt(record.reserved());
        out.writeInt(record.safetyStock());
        out.writeInt(record.sourceId());
        out.writeLong(record.seq());
        out.writeLong(record.meta());
    }

    public StockRecordMarshaller readResolve()
    {
        return INSTANCE;
    }
}
