package com.endcap.server.json;

/**
 * A fixed-size table of canonical {@link String}s, looked up by a token's characters, so that a
 * value seen before (a slot name, a segment, a store code, a sku, a returning shopper's key) is
 * returned as the same {@code String} instead of a new copy.
 * <p>
 * Four-way set-associative: a string's {@link String#hashCode()} picks a set of four slots, kept
 * in most-recently-used order; a miss puts the new string first and drops the least recently used
 * one. The table never grows, and strings longer than {@code maxLength} are never kept, so
 * hostile input can at worst evict entries, never grow memory: at most {@code capacity} strings of
 * at most {@code maxLength} chars are held.
 * <p>
 * Not thread-safe: one instance per thread.
 */
final class StringCache
{
    private static final int WAYS = 4;
    private final String[] entries;
    private final int setShift;
    private final int maxLength;

    /**
     * @param capacity  slots, a power of two, 8 or more.
     * @param maxLength longest string kept; longer ones are created on every call.
     */
    StringCache(final int capacity, final int maxLength)
    {
        if (capacity < 2 * WAYS || Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("capacity must be a power of two, " + 2 * WAYS + " or more, got " + capacity);
        }
        this.entries = new String[capacity];
        this.setShift = 32 - Integer.numberOfTrailingZeros(capacity / WAYS);
        this.maxLength = maxLength;
    }

    /**
     * @param chars  holds the characters.
     * @param offset where they start.
     * @param length how many.
     * @return a string equal to the characters: the cached one when the slot holds it, else a new
     *         one (kept when not longer than {@code maxLength}).
     */
    String get(final char[] chars, final int offset, final int length)
    {
        if (length > maxLength)
        {
            return new String(chars, offset, length);
        }
        int hash = 0;
        for (int i = offset, end = offset + length; i < end; i++)
        {
            hash = 31 * hash + chars[i];
        }
        // Fibonacci hashing: the high bits of the product, so that similar strings (skus that
        // differ in their last digits, whose String hashes are close) land in different sets.
        final int first = ((hash * 0x9E37_79B9) >>> setShift) * WAYS;
        for (int way = 0; way < WAYS; way++)
        {
            final String cached = entries[first + way];
            if (matches(cached, hash, chars, offset, length))
            {
                if (way > 0)
                {
                    moveToFront(first, way, cached);
                }
                return cached;
            }
        }
        final String created = new String(chars, offset, length);
        moveToFront(first, WAYS - 1, created);
        return created;
    }

    /** Shifts the set's first {@code way} entries back by one (dropping the one at {@code way}) and puts {@code value} first. */
    private void moveToFront(final int first, final int way, final String value)
    {
        for (int i = first + way; i > first; i--)
        {
            entries[i] = entries[i - 1];
        }
        entries[first] = value;
    }

    private static boolean matches(final String cached, final int hash, final char[] chars, final int offset, final int length)
    {
        if (null == cached || cached.length() != length || cached.hashCode() != hash)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (cached.charAt(i) != chars[offset + i])
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @return strings currently held, for tests.
     */
    int size()
    {
        int held = 0;
        for (final String entry : entries)
        {
            held += null == entry ? 0 : 1;
        }
        return held;
    }
}
