package com.endcap.inventory.store;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.hash.serialization.SizedReader;
import net.openhft.chronicle.hash.serialization.SizedWriter;
import net.openhft.chronicle.hash.serialization.impl.EnumMarshallable;

/**
 * A store's own price for a sku, from its local-inventory snapshot, overriding the catalog's when
 * an ad shows that store. Mutable holder, reused by its thread; 16 bytes in the map file.
 */
public final class StorePrice
{
    /** Cents value meaning "not given". */
    public static final long NONE = -1;
    /** Serialized size. */
    public static final int BYTES = 2 * Long.BYTES;

    private long priceCents = NONE;
    private long saleCents = NONE;

    /**
     * @param price regular price in cents, or {@link #NONE}.
     * @param sale  sale price in cents, or {@link #NONE}.
     * @return this, for chaining.
     */
    public StorePrice set(final long price, final long sale)
    {
        priceCents = price;
        saleCents = sale;
        return this;
    }

    /**
     * @return regular price in cents, or {@link #NONE}.
     */
    public long priceCents()
    {
        return priceCents;
    }

    /**
     * @return sale price in cents, or {@link #NONE}.
     */
    public long saleCents()
    {
        return saleCents;
    }

    public String toString()
    {
        return "StorePrice{priceCents=" + priceCents + ", saleCents=" + saleCents + '}';
    }

    /** Marshaller of the 16-byte layout. */
    public static final class Marshaller
        implements SizedReader<StorePrice>, SizedWriter<StorePrice>, EnumMarshallable<Marshaller>
    {
        /** The only instance. */
        public static final Marshaller INSTANCE = new Marshaller();

        private Marshaller()
        {
        }

        public StorePrice read(final Bytes<?> in, final long size, final StorePrice using)
        {
            final StorePrice price = null == using ? new StorePrice() : using;
            final long regular = in.readLong();
            return price.set(regular, in.readLong());
        }

        public long size(final StorePrice price)
        {
            return BYTES;
        }

        public void write(final Bytes<?> out, final long size, final StorePrice price)
        {
            out.writeLong(price.priceCents());
            out.writeLong(price.saleCents());
        }

        public Marshaller readResolve()
        {
            return INSTANCE;
        }
    }
}
