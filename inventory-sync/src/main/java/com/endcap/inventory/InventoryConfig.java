package com.endcap.inventory;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Configuration of the stock store, validated once by {@link #validate()}.
 *
 * @param dataDir            directory of the store's files. No default: the caller decides.
 * @param maxEntries         (sku, location) records the files and index are sized for (default
 *                           1,000,000); both grow past it.
 * @param ringBufferBytes    capacity of the producers-to-writer ring buffer, a power of two
 *                           (default 4 MiB: about 70k changes in flight).
 * @param ackSlots           batches in flight awaiting acknowledgement (default 1024).
 * @param slotWaitMillis     how long a producer waits for a free acknowledgement slot before it
 *                           is refused (default 5000).
 * @param durability         {@link Durability#PROCESS} (default) or {@link Durability#OS}.
 * @param startWriterThread  true (default) to run the writer on its own thread; false to drive
 *                           its duty cycle by hand (tests, benchmarks).
 */
public record InventoryConfig(
    Path dataDir,
    long maxEntries,
    int ringBufferBytes,
    int ackSlots,
    long slotWaitMillis,
    Durability durability,
    boolean startWriterThread)
{
    /** When an acknowledged change is safe. */
    public enum Durability
    {
        /**
         * Acknowledged once in the memory-mapped file: survives any crash of the process (the
         * kernel owns the pages), not an OS crash or power loss before the kernel writes back.
         */
        PROCESS,
        /** Acknowledged after fsync of the store's files: also survives an OS crash. Slower. */
        OS
    }

    /**
     * @param dataDir directory of the store's files.
     * @return the defaults for that directory.
     */
    public static InventoryConfig defaults(final Path dataDir)
    {
        return new InventoryConfig(dataDir, 1_000_000, 4 << 20, 1024, 5_000, Durability.PROCESS, true);
    }

    /**
     * @param entries records to size for.
     * @return a copy with {@code maxEntries} changed.
     */
    public InventoryConfig withMaxEntries(final long entries)
    {
        return new InventoryConfig(dataDir, entries, ringBufferBytes, ackSlots, slotWaitMillis, durability, startWriterThread);
    }

    /**
     * @param mode durability mode.
     * @return a copy with {@code durability} changed.
     */
    public InventoryConfig withDurability(final Durability mode)
    {
        return new InventoryConfig(dataDir, maxEntries, ringBufferBytes, ackSlots, slotWaitMillis, mode, startWriterThread);
    }

    /**
     * @param start whether to start the writer thread.
     * @return a copy with {@code startWriterThread} changed.
     */
    public InventoryConfig withWriterThread(final boolean start)
    {
        return new InventoryConfig(dataDir, maxEntries, ringBufferBytes, ackSlots, slotWaitMillis, durability, start);
    }

    /**
     * @param bytes ring buffer capacity, a power of two.
     * @return a copy with {@code ringBufferBytes} changed.
     */
    public InventoryConfig withRingBufferBytes(final int bytes)
    {
        return new InventoryConfig(dataDir, maxEntries, bytes, ackSlots, slotWaitMillis, durability, startWriterThread);
    }

    /**
     * Checks every field.
     *
     * @return this.
     * @throws IllegalArgumentException naming the first bad field and why.
     */
    public InventoryConfig validate()
    {
        Objects.requireNonNull(dataDir, "inventory.dataDir must be set");
        Objects.requireNonNull(durability, "inventory.durability must be PROCESS or OS");
        if (maxEntries < 1 || maxEntries > 1_000_000_000L)
        {
            throw new IllegalArgumentException("inventory.maxEntries must be 1..1000000000, got " + maxEntries);
        }
        if (Integer.bitCount(ringBufferBytes) != 1 || ringBufferBytes < 64 * 1024)
        {
            throw new IllegalArgumentException("inventory.ringBufferBytes must be a power of two >= 65536, got " + ringBufferBytes);
        }
        if (ackSlots < 1 || ackSlots > 65_536)
        {
            throw new IllegalArgumentException("inventory.ackSlots must be 1..65536, got " + ackSlots);
        }
        if (slotWaitMillis < 0)
        {
            throw new IllegalArgumentException("inventory.slotWaitMillis must be >= 0, got " + slotWaitMillis);
        }
        return this;
    }
}
