package com.endcap.inventory.store;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.RandomDataInput;
import net.openhft.chronicle.hash.serialization.SizedReader;
import net.openhft.chronicle.hash.serialization.SizedWriter;
import net.openhft.chronicle.hash.serialization.impl.EnumMarshallable;

/** Writes a {@link StockKey} as its 8-byte packed long; reads into the caller's instance. */
public final class StockKeyMarshaller
    implements SizedReader<StockKey>, SizedWriter<StockKey>, EnumMarshallable<StockKeyMarshaller>
{
    /** The only instance; the map file records the class, not state. */
    public static final StockKeyMarshaller INSTANCE = new StockKeyMarshaller();

    private StockKeyMarshaller()
    {
    }

    public StockKey read(final Bytes<?> in, final long size, final StockKey using)
    {
        final StockKey key = null == using ? new StockKey() : using;
        return key.packed(in.readLong());
    }

    /**
     * Reads a packed key in place, without moving any position.
     *
     * @param in     bytes holding a key.
     * @param offset where the key starts.
     * @return the packed key.
     */
    public static long readAt(final RandomDataInput in, final long offset)
    {
        return in.readLong(offset);
    }

    public long size(final StockKey key)
    {
        return StockKey.BYTES;
    }

    public void write(final Bytes<?> out, final long size, final StockKey key)
    {
        out.writeLong(key.packed());
    }

    public StockKeyMarshaller readResolve()
    {
        return INSTANCE;
    }
}
