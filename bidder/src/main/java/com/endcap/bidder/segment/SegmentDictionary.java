package com.endcap.bidder.segment;

import com.endcap.bidder.ids.IdMap;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Interns segment names ({@code pet-owner}, {@code loyalty-gold}) into dense ints {@code 0, 1, 2, ...}
 * in memory, in first-seen order. Ids are never reused or removed for the life of the dictionary.
 * <p>
 * A segment name is 1 to {@value #MAX_NAME_LENGTH} characters of {@code [A-Za-z0-9_.:-]}.
 * <p>
 * Threads: any thread may call any method. {@link #idOf}, {@link #nameOf} and {@link #size} never
 * lock and never allocate. {@link #intern} is a lock-free read for a known name; a new name is
 * added under a private lock.
 * <p>
 * Memory is bounded by a capacity fixed at construction: once full, {@link #intern} throws and
 * {@link #tryIntern} returns {@link #FULL} for new names, while known names still resolve.
 */
public final class SegmentDictionary implements IdMap
{
    /** Returned by {@link #idOf} for a name never interned (as {@link IdMap#MISSING}). */
    public static final int MISSING = IdMap.MISSING;
    /** Returned by {@link #tryIntern} for a new name when the dictionary holds {@link #capacity()} names. */
    public static final int FULL = -2;
    /** Longest segment name accepted, in characters. */
    public static final int MAX_NAME_LENGTH = 64;
    /** Capacity of a dictionary built with the no-argument constructor. */
    public static final int DEFAULT_CAPACITY = 65_536;

    private static final int INITIAL_NAMES_LENGTH = 64;

    private final ConcurrentHashMap<String, Integer> idsByName = new ConcurrentHashMap<>();
    private final Object writeLock = new Object();
    private final int capacity;
    private volatile String[] names;
    private volatile int size;

    /**
     * A dictionary holding at most {@link #DEFAULT_CAPACITY} names.
     */
    public SegmentDictionary()
    {
        this(DEFAULT_CAPACITY);
    }

    /**
     * @param capacity most names the dictionary will hold, 1 or more.
     */
    public SegmentDictionary(final int capacity)
    {
        if (capacity < 1)
        {
            throw new IllegalArgumentException("segment dictionary capacity must be 1 or more, was " + capacity);
        }
        this.capacity = capacity;
        names = new String[Math.min(capacity, INITIAL_NAMES_LENGTH)];
    }

    /**
     * Tells whether a name follows the segment name rule, without interning it.
     *
     * @param name candidate name, may be null.
     * @return true for 1 to {@value #MAX_NAME_LENGTH} characters of {@code [A-Za-z0-9_.:-]}.
     */
    public static boolean isValidName(final CharSequence name)
    {
        if (null == name || name.length() < 1 || name.length() > MAX_NAME_LENGTH)
        {
            return false;
        }
        for (int i = 0, length = name.length(); i < length; i++)
        {
            if (!isNameChar(name.charAt(i)))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @param c a character.
     * @return true when {@code c} may appear in a segment name.
     */
    static boolean isNameChar(final char c)
    {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            '_' == c || '.' == c || ':' == c || '-' == c;
    }

    /**
     * Throws with a message saying what is wrong when a name breaks the segment name rule.
     *
     * @param name candidate name.
     * @throws IllegalArgumentException when the name is invalid.
     */
    static void checkName(final String name)
    {
        if (null == name)
        {
            throw new IllegalArgumentException("segment name is null");
        }
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH)
        {
            throw new IllegalArgumentException(
                "segment name must be 1 to " + MAX_NAME_LENGTH + " characters, was " + name.length() + ": '" +
                abbreviate(name) + "'");
        }
        for (int i = 0, length = name.length(); i < length; i++)
        {
            if (!isNameChar(name.charAt(i)))
            {
                throw new IllegalArgumentException(
                    "invalid character '" + name.charAt(i) + "' at " + i + " in segment name '" + name +
                    "': only A-Z a-z 0-9 _ . : - are allowed");
            }
        }
    }

    /**
     * Interns a name, adding it when new.
     *
     * @param name segment name.
     * @return the dense id, 0 or more.
     * @throws IllegalArgumentException when the name breaks the segment name rule.
     * @throws IllegalStateException    when the name is new and the dictionary is full.
     */
    public int intern(final String name)
    {
        final int id = tryIntern(name);
        if (FULL == id)
        {
            throw new IllegalStateException(
                "segment dictionary is full (" + capacity + " names), cannot add '" + name + "'");
        }
        return id;
    }

    /**
     * Interns a name, adding it when new and there is room.
     *
     * @param name segment name.
     * @return the dense id, 0 or more, or {@link #FULL} when the name is new and the dictionary is full.
     * @throws IllegalArgumentException when the name breaks the segment name rule.
     */
    public int tryIntern(final String name)
    {
        final int known = idOf(name);
        if (MISSING != known)
        {
            return known;
        }
        checkName(name);

        synchronized (writeLock)
        {
            final Integer raced = idsByName.get(name);
            if (null != raced)
            {
                return raced;
            }

            final int id = size;
            if (id >= capacity)
            {
                return FULL;
            }

            String[] names = this.names;
            if (id == names.length)
            {
                names = Arrays.copyOf(names, (int)Math.min(capacity, 2L * names.length));
                this.names = names;
            }
            names[id] = name;
            // Publishing size after the slot lets nameOf trust any id below size; the map entry comes
            // last so an id read from idOf always resolves through nameOf.
            size = id + 1;
            idsByName.put(name, id);

            return id;
        }
    }

    /**
     * Looks a name up without adding it. Never locks, never allocates.
     *
     * @param name segment name, may be null.
     * @return the dense id, or {@link #MISSING} when null or never interned.
     */
    public int idOf(final String name)
    {
        if (null == name)
        {
            return MISSING;
        }
        final Integer id = idsByName.get(name);

        return null == id ? MISSING : id;
    }

    /**
     * The name of an id. Never locks, never allocates.
     *
     * @param id dense id.
     * @return the segment name, or null when no such id was handed out.
     */
    public String nameOf(final int id)
    {
        if (id < 0 || id >= size)
        {
            return null;
        }

        return names[id];
    }

    /**
     * @return how many names were interned, which is also the next id.
     */
    public int size()
    {
        return size;
    }

    /**
     * @return most names the dictionary will hold.
     */
    public int capacity()
    {
        return capacity;
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return "SegmentDictionary{size=" + size + ", capacity=" + capacity + '}';
    }

    private static String abbreviate(final String name)
    {
        return name.length() <= MAX_NAME_LENGTH ? name : name.substring(0, MAX_NAME_LENGTH) + "...";
    }
}
