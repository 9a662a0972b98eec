package com.endcap.inventory.apply;

import org.agrona.MutableDirectBuffer;

/**
 * Layout of the messages producers write to the writer's ring buffer. All fields little-endian
 * at fixed offsets; the codec methods are static so neither side allocates.
 * <pre>
 * CHANGE (64 bytes)
 *   0  int   skuId            4  int   locationId
 *   8  int   sourceId        12  int   flags (ABSOLUTE)
 *  16  long  seq             24  long  tsMillis
 *  32  int   quantity        36  int   reserved (or ChangeBatch.ABSENT)
 *  40  int   safetyStock     44  int   batch slot
 *  48  long  acceptedNanos   56  int   attributes (or ChangeBatch.ABSENT)
 * BARRIER, SNAPSHOT (4 bytes)
 *   0  int   batch slot
 * </pre>
 */
final class ChangeMessage
{
    static final int CHANGE_TYPE = 1;
    static final int BARRIER_TYPE = 2;
    static final int SNAPSHOT_TYPE = 3;

    static final int FLAG_ABSOLUTE = 1;

    static final int SKU_OFFSET = 0;
    static final int LOCATION_OFFSET = 4;
    static final int SOURCE_OFFSET = 8;
    static final int FLAGS_OFFSET = 12;
    static final int SEQ_OFFSET = 16;
    static final int TS_OFFSET = 24;
    static final int QUANTITY_OFFSET = 32;
    static final int RESERVED_OFFSET = 36;
    static final int SAFETY_OFFSET = 40;
    static final int SLOT_OFFSET = 44;
    static final int ACCEPTED_NANOS_OFFSET = 48;
    static final int ATTRIBUTES_OFFSET = 56;
    static final int CHANGE_LENGTH = 64;

    static final int SLOT_MESSAGE_LENGTH = 4;

    private ChangeMessage()
    {
    }

    static void encodeChange(
        final MutableDirectBuffer buffer, final int offset, final ChangeBatch batch, final int i, final int slot,
        final long acceptedNanos)
    {
        buffer.putInt(offset + SKU_OFFSET, batch.skuId(i));
        buffer.putInt(offset + LOCATION_OFFSET, batch.locationId(i));
        buffer.putInt(offset + SOURCE_OFFSET, batch.sourceId(i));
        buffer.putInt(offset + FLAGS_OFFSET, batch.isAbsolute(i) ? FLAG_ABSOLUTE : 0);
        buffer.putLong(offset + SEQ_OFFSET, batch.seq(i));
        buffer.putLong(offset + TS_OFFSET, batch.timestamp(i));
        buffer.putInt(offset + QUANTITY_OFFSET, batch.quantity(i));
        buffer.putInt(offset + RESERVED_OFFSET, batch.reserved(i));
        buffer.putInt(offset + SAFETY_OFFSET, batch.safetyStock(i));
        buffer.putInt(offset + SLOT_OFFSET, slot);
        buffer.putLong(offset + ACCEPTED_NANOS_OFFSET, acceptedNanos);
        buffer.putInt(offset + ATTRIBUTES_OFFSET, batch.attributes(i));
    }
}
