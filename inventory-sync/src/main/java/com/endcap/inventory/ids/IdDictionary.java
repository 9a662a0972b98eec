package com.endcap.inventory.ids;

import com.endcap.bidder.ids.IdMap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Interns external string ids into dense ints {@code 0, 1, 2, ...}, persisted in an append-only
 * text file (one id a line; the line number is the int), so ids are stable across restarts and
 * shared by every process that opens the same file.
 * <p>
 * Threads: {@link #intern} may be called from any thread (new ids are appended under a lock;
 * known ids are a lock-free table read). {@link #idOf}, {@link #knownIdOf} and {@link #nameOf}
 * never lock and never allocate for a known id.
 * <p>
 * Lookup: an open-addressing table of ids (linear probing, keyed by the name's
 * {@link String#hashCode()}, which is cached in the name and can also be computed from characters),
 * so a known id is found from a {@code String} or from a {@code char[]} slice alike, without a map
 * entry or a boxed {@code Integer} per id. Written only under the lock; readers see an id once
 * {@link #size()} covers it.
 * <p>
 * Durability: a new id is written to the file (the OS page cache) before {@link #intern}
 * returns, so it is never lost to a process crash, and always precedes any stock change that
 * uses it. A line cut short by a crash mid-write is dropped on the next open; no change can have
 * been acknowledged with it.
 * <p>
 * A second process that only reads sees ids the writing process added later through
 * {@link #refresh()}, which {@link #idOf} calls on a miss.
 */
public final class IdDictionary implements IdMap, AutoCloseable
{
    /** Returned by {@link #idOf} for an id that was never interned (as {@link IdMap#MISSING}). */
    public static final int MISSING = IdMap.MISSING;
    /** Longest external id accepted, in UTF-8 bytes. */
    public static final int MAX_ID_BYTES = 256;

    private static final int INITIAL_SLOTS = 128;
    private static final float MAX_LOAD = 0.7f;

    private final Path file;
    private final boolean writable;
    private final FileChannel channel;
    private volatile String[] names = new String[64];
    /** {@code id + 1} per slot, 0 when empty; a power of two long, at most {@link #MAX_LOAD} full. */
    private volatile int[] slots = new int[INITIAL_SLOTS];
    /** Published last when an id is added: every id below it is in {@link #names} and {@link #slots}. */
    private volatile int size;
    private long readPosition;

    private IdDictionary(final Path file, final boolean writable)
    {
        this.file = file;
        this.writable = writable;
        try
        {
            channel = writable ?
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE) :
                FileChannel.open(file, StandardOpenOption.READ);
            refresh();
            if (writable && channel.size() != readPosition)
            {
                channel.truncate(readPosition);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open id dictionary " + file, ex);
        }
    }

    /**
     * Opens (creating when absent) a dictionary this process may add to. One process per file
     * writes; see {@link com.endcap.inventory.InventoryStore}.
     *
     * @param file the dictionary file.
     * @return the dictionary.
     */
    public static IdDictionary openWritable(final Path file)
    {
        return new IdDictionary(file, true);
    }

    /**
     * Opens an existing dictionary that another process writes.
     *
     * @param file the dictionary file.
     * @return the dictionary.
     */
    public static IdDictionary openReadOnly(final Path file)
    {
        if (!Files.exists(file))
        {
            throw new IllegalStateException("no id dictionary at " + file + ": start the writing process first");
        }
        return new IdDictionary(file, false);
    }

    /**
     * Returns the id of {@code name}, adding it when new.
     *
     * @param name external id: 1 to {@link #MAX_ID_BYTES} bytes, no line breaks or tabs.
     * @return the dense id.
     * @throws IllegalArgumentException when the name is not a valid id.
     */
    public int intern(final String name)
    {
        final int known = find(name);
        if (MISSING != known)
        {
            return known;
        }
        validate(name);
        if (!writable)
        {
            final int id = idOf(name);
            if (MISSING == id)
            {
                throw new IllegalStateException("id '" + name + "' is not in read-only dictionary " + file);
            }
            return id;
        }
        synchronized (this)
        {
            final int raced = find(name);
            if (MISSING != raced)
            {
                return raced;
            }
            append(name);
            return add(name);
        }
    }

    /**
     * @param name external id.
     * @return its dense id, or {@link #MISSING}.
     */
    public int idOf(final String name)
    {
        int id = find(name);
        if (MISSING == id && !writable)
        {
            refresh();
            id = find(name);
        }
        return id;
    }

    /**
     * Looks up the id whose name is the given characters, without building a {@code String}: for
     * decoders that hold a token's characters and only need a {@code String} for a new id. Unlike
     * {@link #idOf(String)}, it never reads the file again: {@link #MISSING} means not known to this
     * process yet, and the caller goes on with {@link #intern(String)}.
     *
     * @param chars  holds the name.
     * @param offset where the name starts in {@code chars}.
     * @param length the name's length in chars.
     * @return the dense id, or {@link #MISSING}.
     */
    public int knownIdOf(final char[] chars, final int offset, final int length)
    {
        int hash = 0;
        for (int i = offset, end = offset + length; i < end; i++)
        {
            hash = 31 * hash + chars[i];
        }
        final int count = size;
        final String[] names = this.names;
        final int[] slots = this.slots;
        final int mask = slots.length - 1;
        int slot = spread(hash) & mask;
        int entry;
        while (0 != (entry = slots[slot]))
        {
            final int id = entry - 1;
            if (id < count)
            {
                final String name = names[id];
                if (name.length() == length && sameChars(name, chars, offset))
                {
                    return id;
                }
            }
            slot = (slot + 1) & mask;
        }
        return MISSING;
    }

    /**
     * @param id dense id.
     * @return the external id, or null when {@code id} was never issued.
     */
    public String nameOf(final int id)
    {
        final int count = size;
        if (id < 0)
        {
            return null;
        }
        if (id >= count && !writable)
        {
            refresh();
        }
        return id < size ? names[id] : null;
    }

    /**
     * @return how many ids are issued.
     */
    public int size()
    {
        return size;
    }

    /**
     * Reads lines another process appended since the last read.
     */
    public synchronized void refresh()
    {
        try
        {
            final long end = channel.size();
            if (end <= readPosition)
            {
                return;
            }
            final ByteBuffer buffer = ByteBuffer.allocate((int)Math.min(Integer.MAX_VALUE - 8, end - readPosition));
            channel.read(buffer, readPosition);
            final byte[] bytes = buffer.array();
            final int limit = buffer.position();
            int lineStart = 0;
            for (int i = 0; i < limit; i++)
            {
                if (bytes[i] == '\n')
                {
                    add(new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8));
                    lineStart = i + 1;
                }
            }
            readPosition += lineStart;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read id dictionary " + file, ex);
        }
    }

    public void close()
    {
        try
        {
            channel.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Makes every id written so far durable against an OS crash (fsync).
     */
    public void force()
    {
        try
        {
            channel.force(false);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private void append(final String name)
    {
        final byte[] bytes = (name + '\n').getBytes(StandardCharsets.UTF_8);
        try
        {
            final ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining())
            {
                channel.write(buffer, readPosition + buffer.position());
            }
            readPosition += bytes.length;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot append to id dictionary " + file, ex);
        }
    }

    /**
     * The id of {@code name} in the table, lock-free. An id at or above the {@link #size} read first
     * is being added by another thread: its name may not be visible yet, so it is passed over.
     */
    private int find(final String name)
    {
        final int count = size;
        final String[] names = this.names;
        final int[] slots = this.slots;
        final int mask = slots.length - 1;
        int slot = spread(name.hashCode()) & mask;
        int entry;
        while (0 != (entry = slots[slot]))
        {
            final int id = entry - 1;
            if (id < count && name.equals(names[id]))
            {
                return id;
            }
            slot = (slot + 1) & mask;
        }
        return MISSING;
    }

    /** Under the lock: the next id for {@code name}, published by the {@link #size} write last. */
    private int add(final String name)
    {
        final int id = size;
        String[] current = names;
        if (id == current.length)
        {
            current = Arrays.copyOf(current, current.length * 2);
        }
        current[id] = name;
        names = current;
        int[] table = slots;
        if (id + 1 > (int)(table.length * MAX_LOAD))
        {
            table = new int[table.length * 2];
            for (int i = 0; i < id; i++)
            {
                place(table, current, current[i], i);
            }
            place(table, current, name, id);
            slots = table;
        }
        else
        {
            place(table, current, name, id);
        }
        size = id + 1;
        return id;
    }

    /**
     * Puts {@code id} in the slot of {@code name}: an empty one, or the one holding an earlier id of
     * the same name (a file with a name twice maps it to its last line, as a map put would).
     */
    private static void place(final int[] table, final String[] names, final String name, final int id)
    {
        final int mask = table.length - 1;
        int slot = spread(name.hashCode()) & mask;
        int entry;
        while (0 != (entry = table[slot]) && !name.equals(names[entry - 1]))
        {
            slot = (slot + 1) & mask;
        }
        table[slot] = id + 1;
    }

    private static int spread(final int hash)
    {
        // String hashes of ids that differ in their last digits differ in the low bits only.
        final int h = hash * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private static boolean sameChars(final String name, final char[] chars, final int offset)
    {
        for (int i = 0, n = name.length(); i < n; i++)
        {
            if (name.charAt(i) != chars[offset + i])
            {
                return false;
            }
        }
        return true;
    }

    /**
     * The rule every external id follows, for callers that validate a whole input before they
     * intern any of it.
     *
     * @param name candidate id.
     * @return null when {@link #intern} accepts {@code name}, else what is wrong, phrased to follow
     * a field name ("must not be empty").
     */
    public static String problemWith(final String name)
    {
        if (null == name || name.isEmpty())
        {
            return "must not be empty";
        }
        for (int i = 0; i < name.length(); i++)
        {
            final char c = name.charAt(i);
            if (c == '\n' || c == '\r' || c == '\t')
            {
                return "must not contain tabs or line breaks";
            }
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_ID_BYTES)
        {
            return "must be at most " + MAX_ID_BYTES + " bytes in UTF-8";
        }
        return null;
    }

    /**
     * {@link #problemWith(String)} for a name held as characters, without building a
     * {@code String} or its UTF-8 bytes: the same rule, the same answers.
     *
     * @param chars  holds the candidate id.
     * @param offset where it starts in {@code chars}.
     * @param length its length in chars.
     * @return null when {@link #intern} accepts the name, else what is wrong, as
     * {@link #problemWith(String)} says it.
     */
    public static String problemWith(final char[] chars, final int offset, final int length)
    {
        if (0 == length)
        {
            return "must not be empty";
        }
        final int end = offset + length;
        for (int i = offset; i < end; i++)
        {
            final char c = chars[i];
            if (c == '\n' || c == '\r' || c == '\t')
            {
                return "must not contain tabs or line breaks";
            }
        }
        // A char is at most 3 bytes in UTF-8, so only longer names need counting.
        if (length * 3 > MAX_ID_BYTES && utf8Length(chars, offset, end) > MAX_ID_BYTES)
        {
            return "must be at most " + MAX_ID_BYTES + " bytes in UTF-8";
        }
        return null;
    }

    /**
     * Bytes of {@code chars[offset, end)} in UTF-8 as {@link String#getBytes} encodes them: a
     * surrogate pair is 4 bytes, a lone surrogate becomes one {@code '?'}.
     */
    private static int utf8Length(final char[] chars, final int offset, final int end)
    {
        int bytes = 0;
        for (int i = offset; i < end; i++)
        {
            final char c = chars[i];
            if (c < 0x80)
            {
                bytes += 1;
            }
            else if (c < 0x800)
            {
                bytes += 2;
            }
            else if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(chars[i + 1]))
            {
                bytes += 4;
                i++;
            }
            else if (Character.isSurrogate(c))
            {
                bytes += 1;
            }
            else
            {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static void validate(final String name)
    {
        final String problem = problemWith(name);
        if (null != problem)
        {
            throw new IllegalArgumentException("id " + problem);
        }
    }
}
