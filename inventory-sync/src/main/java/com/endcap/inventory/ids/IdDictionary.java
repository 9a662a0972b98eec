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
import java.util.concurrent.ConcurrentHashMap;

/**
 * Interns external string ids into dense ints {@code 0, 1, 2, ...}, persisted in an append-only
 * text file (one id a line; the line number is the int), so ids are stable across restarts and
 * shared by every process that opens the same file.
 * <p>
 * Threads: {@link #intern} may be called from any thread (new ids are appended under a lock;
 * known ids are a lock-free map read). {@link #idOf} and {@link #nameOf} never lock.
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

    private final Path file;
    private final boolean writable;
    private final ConcurrentHashMap<String, Integer> idsByName = new ConcurrentHashMap<>();
    private final FileChannel channel;
    private volatile String[] names = new String[64];
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
        final Integer known = idsByName.get(name);
        if (null != known)
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
            final Integer raced = idsByName.get(name);
            if (null != raced)
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
        Integer id = idsByName.get(name);
        if (null == id && !writable)
        {
            refresh();
            id = idsByName.get(name);
        }
        return null == id ? MISSING : id;
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
        idsByName.put(name, id);
        size = id + 1;
        return id;
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

    private static void validate(final String name)
    {
        final String problem = problemWith(name);
        if (null != problem)
        {
            throw new IllegalArgumentException("id " + problem);
        }
    }
}
