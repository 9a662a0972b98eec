package com.endcap.benchmarks.load;

import com.endcap.bidder.campaign.Channel;
import com.endcap.bidder.location.Location;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The load test's retailer, as far as both sides need to agree on it: ids, names, locations,
 * slot types and each shopper's segments, all derived from the seed and sizes alone, so the
 * fixture builder (its own JVM) and the harness (building requests, segments and stock changes)
 * never exchange anything but these numbers.
 * <p>
 * Naming follows {@code decision.RetailerFixture}: sku {@code i} is {@code 1000000 + i}, in leaf
 * category {@code i / (skus / 200)} named {@code dept-D/aisle-A}; shoppers {@code u-0 ..}, segments
 * {@code seg-0 .. seg-99}, {@value #SEGMENTS_PER_USER} per shopper. Slot types: the seven the demo
 * pages use, then numbered ones up to {@value #SLOT_TYPES}, so {@code ads / 50} ads compete for
 * each slot, as in the decide benchmark. Locations: stores around one metro, then warehouses.
 * <p>
 * Immutable and thread-safe.
 *
 * @param seed       seed of every random choice.
 * @param skus       products; a multiple of {@value #LEAF_CATEGORIES}.
 * @param stores     stores.
 * @param warehouses warehouses (1 to {@value #MAX_WAREHOUSES}).
 * @param ads        ads, two per campaign, spread evenly over the slot types.
 * @param users      shoppers holding segments.
 */
record LoadRetailer(long seed, int skus, int stores, int warehouses, int ads, int users)
{
    /** Leaf categories, {@value #DEPARTMENTS} departments of 10 aisles. */
    static final int LEAF_CATEGORIES = 200;
    /** Top-level categories. */
    static final int DEPARTMENTS = 20;
    /** Distinct segments. */
    static final int SEGMENTS = 100;
    /** Segments each shopper holds. */
    static final int SEGMENTS_PER_USER = 5;
    /** Slot types campaigns target and requests ask for. */
    static final int SLOT_TYPES = 50;
    /** The slot types the demo pages request, first in {@link #slot}. */
    static final List<String> NAMED_SLOTS = List.of(
        "product_sidebar", "search_results", "home_carousel", "cart_crosssell", "order_confirmation", "instore_screen",
        "email_recs");
    /** Most warehouses: one per region set below. */
    static final int MAX_WAREHOUSES = 5;
    /** Centre of the metro the stores are spread around. */
    static final double METRO_LAT = 40.7411;
    /** Centre of the metro the stores are spread around. */
    static final double METRO_LON = -73.9897;

    private static final String[][] WAREHOUSE_REGIONS = {
        {"NY", "NJ"}, {"NY", "NJ", "CT", "PA"}, {"NJ", "PA"}, {"CT", "MA"}, {"NY", "CT"}};

    /**
     * Validates.
     */
    LoadRetailer
    {
        if (skus < LEAF_CATEGORIES || skus % LEAF_CATEGORIES != 0)
        {
            throw new IllegalArgumentException("skus must be a positive multiple of " + LEAF_CATEGORIES + ", got " + skus);
        }
        if (stores < 1 || stores > 999)
        {
            throw new IllegalArgumentException("stores must be 1..999, got " + stores);
        }
        if (warehouses < 1 || warehouses > MAX_WAREHOUSES)
        {
            throw new IllegalArgumentException("warehouses must be 1.." + MAX_WAREHOUSES + ", got " + warehouses);
        }
        if (ads < 2 * SLOT_TYPES || ads % (2 * SLOT_TYPES) != 0)
        {
            throw new IllegalArgumentException("ads must be a positive multiple of " + 2 * SLOT_TYPES + ", got " + ads);
        }
        if (users < 1)
        {
            throw new IllegalArgumentException("users must be at least 1, got " + users);
        }
    }

    /**
     * @return (sku, location) stock records: every location carries every sku.
     */
    long stockEntries()
    {
        return (long)skus * locationCount();
    }

    /**
     * @return stores and warehouses.
     */
    int locationCount()
    {
        return stores + warehouses;
    }

    /**
     * @return a text naming every size and the seed; equal text, equal retailer.
     */
    String fingerprint()
    {
        return "seed=" + seed + " skus=" + skus + " stores=" + stores + " warehouses=" + warehouses + " ads=" + ads +
            " users=" + users;
    }

    /**
     * @return stores {@code S000 ..} then warehouses {@code DC-0 ..}; ids are the list positions.
     */
    List<Location> locations()
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final List<Location> locations = new ArrayList<>(locationCount());
        for (int s = 0; s < stores; s++)
        {
            final double lat = METRO_LAT + (random.nextDouble() - 0.5) * 0.8;
            final double lon = METRO_LON + (random.nextDouble() - 0.5) * 1.0;
            final String region = lat > 41.0 ? "CT" : lon < -74.05 ? "NJ" : "NY";
            locations.add(Location.store(s, storeCode(s), "Store " + s, lat, lon, "America/New_York", region));
        }
        for (int w = 0; w < warehouses; w++)
        {
            locations.add(Location.warehouse(stores + w, "DC-" + w, "Warehouse " + w, List.of(WAREHOUSE_REGIONS[w]), 1 + w % 3));
        }
        return locations;
    }

    /**
     * @param user shopper index.
     * @return the segments the shopper holds, {@value #SEGMENTS_PER_USER} distinct ones.
     */
    List<String> userSegments(final int user)
    {
        final SplittableRandom random = new SplittableRandom(seed * 31 + user);
        final List<String> held = new ArrayList<>(SEGMENTS_PER_USER);
        while (held.size() < SEGMENTS_PER_USER)
        {
            final String segment = segment(random.nextInt(SEGMENTS));
            if (!held.contains(segment))
            {
                held.add(segment);
            }
        }
        return held;
    }

    /**
     * @param slot slot type index, 0 .. {@value #SLOT_TYPES} - 1.
     * @return its name.
     */
    static String slot(final int slot)
    {
        return slot < NAMED_SLOTS.size() ? NAMED_SLOTS.get(slot) : "placement_" + slot;
    }

    /**
     * @param slot slot type index.
     * @return the channel its ads are restricted to, or null for any.
     */
    static Channel slotChannel(final int slot)
    {
        return switch (slot(slot))
        {
            case "instore_screen" -> Channel.INSTORE_SCREEN;
            case "email_recs" -> Channel.EMAIL;
            default -> null;
        };
    }

    /**
     * @param i sku index.
     * @return the retailer's sku.
     */
    static String sku(final int i)
    {
        return Integer.toString(1_000_000 + i);
    }

    /**
     * @param i sku index.
     * @return its leaf category index.
     */
    int leafOf(final int i)
    {
        return i / (skus / LEAF_CATEGORIES);
    }

    /**
     * @param leaf leaf category index.
     * @return its path.
     */
    static String category(final int leaf)
    {
        return department(leaf / (LEAF_CATEGORIES / DEPARTMENTS)) + "/aisle-" + leaf % (LEAF_CATEGORIES / DEPARTMENTS);
    }

    /**
     * @param department department index.
     * @return its path.
     */
    static String department(final int department)
    {
        return "dept-" + department;
    }

    /**
     * @param i segment index.
     * @return its name.
     */
    static String segment(final int i)
    {
        return "seg-" + i;
    }

    /**
     * @param i shopper index.
     * @return the shopper's key.
     */
    static String userKey(final int i)
    {
        return "u-" + i;
    }

    /**
     * @param i store index.
     * @return its code.
     */
    static String storeCode(final int i)
    {
        return String.format("S%03d", i);
    }

    /**
     * @param locationCode a location's code.
     * @return the stock source of that location's point-of-sale feed.
     */
    static String source(final String locationCode)
    {
        return "pos-" + locationCode;
    }
}
