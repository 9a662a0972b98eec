package com.endcap.inventory.store;

import net.openhft.chronicle.bytes.Bytes;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-place reads of the start-up scan read what the marshallers wrote. */
class StockRecordMarshallerTest
{
    @Test
    void readAtReadsTheRecordAndKeyTheMarshallersWrite()
    {
        final long seed = System.nanoTime();
        System.out.println("readAtReadsTheRecordAndKeyTheMarshallersWrite seed=" + seed);
        final Random random = new Random(seed);
        final Bytes<?> bytes = Bytes.allocateElasticOnHeap(64);
        for (int round = 0; round < 1_000; round++)
        {
            // given
            final StockRecord written = new StockRecord()
                .onHand(random.nextInt())
                .reserved(random.nextInt())
                .safetyStock(random.nextInt())
                .sourceId(random.nextInt())
                .seq(random.nextLong())
                .updatedAtMillis(random.nextLong())
                .attributes(random.nextInt(256));
            final long packed = StockKey.pack(random.nextInt(), random.nextInt());
            final int at = random.nextInt(16);
            bytes.clear();
            bytes.writeSkip(at);
            StockKeyMarshaller.INSTANCE.write(bytes, StockKey.BYTES, new StockKey().packed(packed));
            StockRecordMarshaller.INSTANCE.write(bytes, StockRecord.BYTES, written);

            // when
            final long key = StockKeyMarshaller.readAt(bytes, at);
            final StockRecord read = StockRecordMarshaller.readAt(bytes, at + StockKey.BYTES, new StockRecord());

            // then: the same as the marshallers' own reads
            bytes.readSkip(at);
            assertThat(key).as("seed %d", seed).isEqualTo(StockKeyMarshaller.INSTANCE.read(bytes, StockKey.BYTES, null).packed());
            assertThat(read).usingRecursiveComparison().as("seed %d", seed)
                .isEqualTo(StockRecordMarshaller.INSTANCE.read(bytes, StockRecord.BYTES, null))
                .isEqualTo(written);
        }
        bytes.releaseLast();
    }
}
