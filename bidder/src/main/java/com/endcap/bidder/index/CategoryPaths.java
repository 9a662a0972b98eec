package com.endcap.bidder.index;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The category paths an index knows, numbered, so that the decision path can test "does this
 * category lie under that prefix" by comparing ordinals instead of strings.
 * <p>
 * A category {@code C} lies under a prefix {@code X} (see {@link com.endcap.bidder.catalog.Catalog#isUnder})
 * exactly when {@code X}, without one trailing {@code /}, is one of {@code C}'s <em>boundary
 * prefixes</em>: {@code C[0..k)} for {@code k = 0}, every {@code k} where {@code C[k] == '/'}, and
 * {@code k = C.length()}. The index numbers every targeting prefix and every boundary prefix of every
 * product category it holds; ordinal {@link #ROOT} is the empty path, under which every category lies.
 * A decision then marks the page category's boundary prefixes once (one hash probe per path segment,
 * {@link #find}), and each candidate's prefix test is one array load.
 * <p>
 * Immutable after {@link Builder#build()}; {@link #find} is allocation-free and safe from any thread.
 */
public final class CategoryPaths
{
    /** Ordinal of the empty path. */
    public static final int ROOT = 0;
    /**
     * Ordinal of the empty first segment of a path that starts with {@code /}: a level of its own for
     * {@link #sharedDepth} (shared only with a page that also starts with {@code /}), never looked up.
     */
    static final int LEADING_SLASH = 1;
    /** Returned by {@link #find} for a path the index does not know. */
    public static final int MISSING = -1;

    private final String[] paths;
    private final int[] hashes;
    private final int[] slots;
    private final int mask;

    private CategoryPaths(final List<String> paths)
    {
        this.paths = paths.toArray(new String[0]);
        this.hashes = new int[this.paths.length];
        int capacity = 16;
        while (capacity < this.paths.length * 2)
        {
            capacity <<= 1;
        }
        this.slots = new int[capacity];
        this.mask = capacity - 1;
        for (int ordinal = 0; ordinal < this.paths.length; ordinal++)
        {
            if (LEADING_SLASH == ordinal)
            {
                continue;
            }
            final int hash = this.paths[ordinal].hashCode();
            hashes[ordinal] = hash;
            int slot = mix(hash) & mask;
            while (slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }
            slots[slot] = ordinal + 1;
        }
    }

    /**
     * @return how many paths are numbered; ordinals are {@code 0 .. count() - 1}.
     */
    public int count()
    {
        return paths.length;
    }

    /**
     * @param ordinal a path ordinal.
     * @return the path.
     */
    public String path(final int ordinal)
    {
        return paths[ordinal];
    }

    /**
     * The ordinal of the first {@code length} characters of {@code text}, with the hash of those
     * characters already computed ({@link String#hashCode()}'s polynomial over them). Allocation-free.
     *
     * @param text   any text.
     * @param length how many leading characters form the path.
     * @param hash   {@code text[0..length)}'s hash.
     * @return the ordinal, or {@link #MISSING}.
     */
    public int find(final String text, final int length, final int hash)
    {
        int slot = mix(hash) & mask;
        int entry;
        while ((entry = slots[slot]) != 0)
        {
            final int ordinal = entry - 1;
            if (hashes[ordinal] == hash)
            {
                final String path = paths[ordinal];
                if (path.length() == length && text.regionMatches(0, path, 0, length))
                {
                    return ordinal;
                }
            }
            slot = (slot + 1) & mask;
        }
        return MISSING;
    }

    /**
     * The ordinal of a category prefix as {@link com.endcap.bidder.catalog.Catalog#isUnder} reads it
     * (one trailing {@code /} ignored). Allocation-free.
     *
     * @param prefix a prefix, e.g. {@code pet/} or {@code pet}.
     * @return the ordinal, or {@link #MISSING} (then no category of the index lies under it).
     */
    public int findPrefix(final String prefix)
    {
        final int length = prefix.endsWith("/") ? prefix.length() - 1 : prefix.length();
        int hash = 0;
        for (int i = 0; i < length; i++)
        {
            hash = 31 * hash + prefix.charAt(i);
        }
        return find(prefix, length, hash);
    }

    /**
     * Stamps {@code marks[o] = stamp} for the ordinal {@code o} of every known boundary prefix of a
     * category ({@link #ROOT} included), so that {@code marks[o] == stamp} afterwards says "the
     * category lies under path {@code o}". Allocation-free; one pass over the text.
     *
     * @param category a category path, or null (then nothing is marked: a missing category lies under nothing).
     * @param marks    at least {@link #count()} long.
     * @param stamp    the value that means "marked" for this use.
     * @return whether the category has levels to share ({@link #sharedDepth}): false for null and empty.
     */
    public boolean markBoundaries(final String category, final int[] marks, final int stamp)
    {
        if (null == category)
        {
            return false;
        }
        marks[ROOT] = stamp;
        int hash = 0;
        final int length = category.length();
        for (int i = 0; i < length; i++)
        {
            final char c = category.charAt(i);
            if ('/' == c)
            {
                if (0 == i)
                {
                    marks[LEADING_SLASH] = stamp;
                }
                else
                {
                    mark(category, i, hash, marks, stamp);
                }
            }
            hash = 31 * hash + c;
        }
        mark(category, length, hash, marks, stamp);
        return length > 0;
    }

    /**
     * {@link com.endcap.bidder.catalog.Catalog#sharedDepth} of a category and a page category marked
     * with {@link #markBoundaries}: the category's non-empty boundary prefixes the page lies under.
     *
     * @param boundaries    the category's boundary ordinals ({@link Builder#addCategory}).
     * @param pageMarks     the page's marks.
     * @param stamp         their stamp.
     * @param pageHasLevels what {@link #markBoundaries} returned for the page.
     * @return shared leading levels.
     */
    public static int sharedDepth(final int[] boundaries, final int[] pageMarks, final int stamp, final boolean pageHasLevels)
    {
        int depth = 0;
        if (pageHasLevels)
        {
            for (int b = 1; b < boundaries.length; b++)
            {
                if (pageMarks[boundaries[b]] == stamp)
                {
                    depth++;
                }
            }
        }
        return depth;
    }

    /**
     * Whether a category lies under any marked path.
     *
     * @param boundaries the category's boundary ordinals ({@link Builder#addCategory}).
     * @param marks      paths marked with {@code stamp}.
     * @param stamp      their stamp.
     * @return true when one of the category's boundary prefixes is marked.
     */
    public static boolean underAny(final int[] boundaries, final int[] marks, final int stamp)
    {
        for (final int boundary : boundaries)
        {
            if (marks[boundary] == stamp)
            {
                return true;
            }
        }
        return false;
    }

    private void mark(final String category, final int length, final int hash, final int[] marks, final int stamp)
    {
        final int ordinal = find(category, length, hash);
        if (ordinal >= 0)
        {
            marks[ordinal] = stamp;
        }
    }

    private static int mix(final int hash)
    {
        final int h = hash * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /**
     * Numbers paths while an index is built. Not thread-safe.
     */
    public static final class Builder
    {
        private final Map<String, Integer> ordinals = new HashMap<>();
        private final List<String> paths = new ArrayList<>();

        /**
         * A builder that knows {@link #ROOT} and has reserved {@link #LEADING_SLASH}.
         */
        public Builder()
        {
            add("");
            // LEADING_SLASH's slot: a level of its own, never found by text, so not in the map.
            paths.add("");
        }

        /**
         * @param prefix a targeting prefix (one trailing {@code /} ignored).
         * @return its ordinal.
         */
        public int addPrefix(final String prefix)
        {
            return add(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
        }

        /**
         * Numbers every boundary prefix of a category, itself included.
         *
         * @param category a product category.
         * @return the ordinals of its boundary prefixes, shortest first: {@link #ROOT}, then one per
         *         path segment (so {@code length - 1} is its depth in segments).
         */
        public int[] addCategory(final String category)
        {
            final List<Integer> boundaries = new ArrayList<>();
            boundaries.add(ROOT);
            for (int i = 0; i < category.length(); i++)
            {
                if ('/' == category.charAt(i))
                {
                    boundaries.add(0 == i ? LEADING_SLASH : add(category.substring(0, i)));
                }
            }
            if (!category.isEmpty())
            {
                boundaries.add(add(category));
            }
            return boundaries.stream().mapToInt(Integer::intValue).toArray();
        }

        private int add(final String path)
        {
            return ordinals.computeIfAbsent(path, k ->
            {
                paths.add(k);
                return paths.size() - 1;
            });
        }

        /**
         * @return the numbered paths.
         */
        public CategoryPaths build()
        {
            return new CategoryPaths(paths);
        }
    }
}
