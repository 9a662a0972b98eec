package com.endcap.inventory.store;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.hash.serialization.SizedReader;
import net.openhft.chronicle.hash.serialization.SizedWriter;
import net.openhft.chronicle.hash.serialization.impl.EnumMarshallable;

/**
 * Key of the per-source sequence map: (sku, location, source). Only sources after the first one
 * to write a (sku, location) need an entry; the first lives inline in {@link StockRecord}.
 * Mutable and reused by the writer thread.
 */
public final class SourceSeqKey
{
    /** Serialized size in the map file. */
    public static final int BYTES = Long.BYTES + Integer.BYTES;

    private long stockKey;
    private int sourceId;

    /**
     * @param stockKey packed (sku, location), see {@link StockKey#pack}.
     * @param sourceId source id.
     * @return this, for chaining.
     */
    public SourceSeqKey set(final long stockKey, final int sourceId)
    {
        this.stockKey = stockKey;
        this.sourceId = sourceId;
        return this;
    }

    /**
     * @return packed (sku, location).
     */
    public long stockKey()
    {
        return stockKey;
    }

    /**
     * @return source id.
     */
    public int sourceId()
    {
        return sourceId;
    }

    public boolean equals(final Object o)
    {
        return o instanceof SourceSeqKey && ((SourceSeqKey)o).stockKey == stockKey && ((SourceSeqKey)o).sourceId == sourceId;
    }

    public int hashCode()
    {
        return Long.hashCode(stockKey) * 31 + sourceId;
    }

    /** Marshaller of the 12-byte layout. */
    public static final class Marshaller
        implements SizedReader<SourceSeqKey>, SizedWriter<SourceSeqKey>, EnumMarshallable<Marshaller>
    {
        /** The only instance. */
        public static final Marshaller INSTANCE = new Marshaller();

        private Marshaller()
        {
        }

        public SourceSeqKey read(final Bytes<?> in, final long size, final SourceSeqKey using)
        {
            final SourceSeqKey key = null == using ? new SourceSeqKey() : using;
            final long stockKey = in.readLong();
            return key.set(stockKey, in.readInt());
        }

        public long size(final SourceSeqKey key)
        {
            return BYTES;
        }

        public void write(final Bytes<?> out, final long size, final SourceSeqKey key)
        {
            out.writeLong(key.stockKey());
            out.writeInt(key.sourceId());
        }

        public Marshaller readResolve()
        {
            return INSTANCE;
        }
    }
}
