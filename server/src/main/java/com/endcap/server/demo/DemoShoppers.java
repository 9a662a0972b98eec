package com.endcap.server.demo;

import com.endcap.bidder.segment.SegmentStore;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The demo retailer's known shoppers, {@code u-1} to {@code u-1000}, with the segments the
 * retailer's CDP would send for them: a loyalty tier for about 30% ({@value #LOYALTY_SILVER},
 * {@value #LOYALTY_GOLD}, {@value #LOYALTY_PLATINUM}) and behavioural segments.
 * <p>
 * The first five are fixed personas for walkthroughs:
 * <ul>
 *     <li>{@code u-1}: gold member, dog owner ({@code loyalty-gold pet-owner dog-owner deal-seeker});</li>
 *     <li>{@code u-2}: platinum member who loves coffee and gadgets
 *     ({@code loyalty-platinum coffee-lover tech-enthusiast});</li>
 *     <li>{@code u-3}: silver member, new parent with a cat
 *     ({@code loyalty-silver new-parent pet-owner cat-owner bulk-buyer});</li>
 *     <li>{@code u-4}: lapsed shopper, no tier ({@code lapsed coffee-lover deal-seeker});</li>
 *     <li>{@code u-5}: no segments at all (what an unknown shopper looks like).</li>
 * </ul>
 * The rest are drawn from a seeded generator: the same seed and count always give the same
 * shoppers. Stateless and thread-safe; the lists returned are immutable.
 */
public final class DemoShoppers
{
    /** Shoppers of the standard demo. */
    public static final int STANDARD_COUNT = 1_000;
    /** Seed of the standard demo shoppers. */
    public static final long STANDARD_SEED = 0x5E6E27L;
    /** Prefix of a shopper's user key; the number follows, from 1. */
    public static final String USER_KEY_PREFIX = "u-";
    /** How long loaded segments live: 30 days. */
    public static final long TTL_SECONDS = 30L * 24 * 3600;

    /** Loyalty tier: silver. */
    public static final String LOYALTY_SILVER = "loyalty-silver";
    /** Loyalty tier: gold. */
    public static final String LOYALTY_GOLD = "loyalty-gold";
    /** Loyalty tier: platinum. */
    public static final String LOYALTY_PLATINUM = "loyalty-platinum";
    /** Has a pet (dog, cat or other). */
    public static final String PET_OWNER = "pet-owner";
    /** Buys for a dog. */
    public static final String DOG_OWNER = "dog-owner";
    /** Buys for a cat. */
    public static final String CAT_OWNER = "cat-owner";
    /** Buys coffee often. */
    public static final String COFFEE_LOVER = "coffee-lover";
    /** Bought baby products in the last year. */
    public static final String NEW_PARENT = "new-parent";
    /** Mostly buys on sale or with coupons. */
    public static final String DEAL_SEEKER = "deal-seeker";
    /** Has not bought in 90 days. */
    public static final String LAPSED = "lapsed";
    /** Buys electronics and accessories. */
    public static final String TECH_ENTHUSIAST = "tech-enthusiast";
    /** Buys organic, low-sugar and wellness products. */
    public static final String HEALTH_CONSCIOUS = "health-conscious";
    /** Buys large packs and by the case. */
    public static final String BULK_BUYER = "bulk-buyer";

    /** The loyalty tiers, lowest first. */
    public static final List<String> LOYALTY_TIERS = List.of(LOYALTY_SILVER, LOYALTY_GOLD, LOYALTY_PLATINUM);
    /** The behavioural segments. */
    public static final List<String> BEHAVIOURS = List.of(
        PET_OWNER, DOG_OWNER, CAT_OWNER, COFFEE_LOVER, NEW_PARENT, DEAL_SEEKER, LAPSED, TECH_ENTHUSIAST,
        HEALTH_CONSCIOUS, BULK_BUYER);

    /**
     * One shopper.
     *
     * @param userKey  the retailer's first-party id, e.g. {@code u-17}.
     * @param segments segment names, tier first; may be empty.
     */
    public record Shopper(String userKey, List<String> segments)
    {
        /**
         * Copies.
         */
        public Shopper
        {
            segments = List.copyOf(segments);
        }
    }

    private static final List<Shopper> PERSONAS = List.of(
        new Shopper("u-1", List.of(LOYALTY_GOLD, PET_OWNER, DOG_OWNER, DEAL_SEEKER)),
        new Shopper("u-2", List.of(LOYALTY_PLATINUM, COFFEE_LOVER, TECH_ENTHUSIAST)),
        new Shopper("u-3", List.of(LOYALTY_SILVER, NEW_PARENT, PET_OWNER, CAT_OWNER, BULK_BUYER)),
        new Shopper("u-4", List.of(LAPSED, COFFEE_LOVER, DEAL_SEEKER)),
        new Shopper("u-5", List.of()));

    private DemoShoppers()
    {
    }

    /**
     * @return the standard shoppers, {@code u-1} to {@code u-1000}.
     */
    public static List<Shopper> standard()
    {
        return generate(STANDARD_SEED, STANDARD_COUNT);
    }

    /**
     * Generates shoppers {@code u-1} to {@code u-<count>}: the personas first, then drawn ones.
     *
     * @param seed  random seed; the same arguments always give the same shoppers.
     * @param count how many, 1 or more.
     * @return the shoppers, by number.
     */
    public static List<Shopper> generate(final long seed, final int count)
    {
        if (count < 1)
        {
            throw new IllegalArgumentException("count must be 1 or more, got " + count);
        }
        final SplittableRandom random = new SplittableRandom(seed);
        final List<Shopper> shoppers = new ArrayList<>(count);
        for (int i = 1; i <= count; i++)
        {
            shoppers.add(i <= PERSONAS.size() ? PERSONAS.get(i - 1) : drawn(USER_KEY_PREFIX + i, random));
        }
        return List.copyOf(shoppers);
    }

    /**
     * Loads the standard shoppers' segments, each living {@link #TTL_SECONDS} from now. Loading
     * again refreshes them.
     *
     * @param store          the segment store the decision engine reads; must hold at least
     *                       {@value #STANDARD_COUNT} users.
     * @param nowEpochSecond the current time in epoch seconds.
     * @return how many shoppers hold segments now.
     * @throws IllegalStateException when the store refuses a shopper (full).
     */
    public static int load(final SegmentStore store, final long nowEpochSecond)
    {
        return load(store, standard(), nowEpochSecond);
    }

    /**
     * Loads shoppers' segments, each living {@link #TTL_SECONDS} from now. Shoppers without
     * segments are skipped.
     *
     * @param store          the segment store the decision engine reads.
     * @param shoppers       the shoppers.
     * @param nowEpochSecond the current time in epoch seconds.
     * @return how many shoppers hold segments now.
     * @throws IllegalStateException when the store refuses a shopper (full).
     */
    public static int load(final SegmentStore store, final List<Shopper> shoppers, final long nowEpochSecond)
    {
        int loaded = 0;
        for (final Shopper shopper : shoppers)
        {
            if (shopper.segments().isEmpty())
            {
                continue;
            }
            final int result = store.put(shopper.userKey(), shopper.segments(), TTL_SECONDS, nowEpochSecond);
            if (result < 0)
            {
                throw new IllegalStateException("the segment store refused demo shopper " + shopper.userKey() +
                    " (code " + result + "); it holds at most " + store.maxUsers() + " users");
            }
            loaded++;
        }
        return loaded;
    }

    private static Shopper drawn(final String userKey, final SplittableRandom random)
    {
        final List<String> segments = new ArrayList<>(8);
        final int tier = random.nextInt(100);
        if (tier < 3)
        {
            segments.add(LOYALTY_PLATINUM);
        }
        else if (tier < 12)
        {
            segments.add(LOYALTY_GOLD);
        }
        else if (tier < 30)
        {
            segments.add(LOYALTY_SILVER);
        }
        if (random.nextInt(100) < 38)
        {
            segments.add(PET_OWNER);
            final int pets = random.nextInt(100);
            if (pets < 55)
            {
                segments.add(DOG_OWNER);
            }
            else if (pets < 90)
            {
                segments.add(CAT_OWNER);
            }
            else
            {
                segments.add(DOG_OWNER);
                segments.add(CAT_OWNER);
            }
        }
        addSometimes(segments, COFFEE_LOVER, 30, random);
        addSometimes(segments, NEW_PARENT, 10, random);
        addSometimes(segments, DEAL_SEEKER, 25, random);
        addSometimes(segments, TECH_ENTHUSIAST, 20, random);
        addSometimes(segments, HEALTH_CONSCIOUS, 20, random);
        addSometimes(segments, BULK_BUYER, 12, random);
        // Loyalty members rarely lapse; others more often.
        addSometimes(segments, LAPSED, segments.isEmpty() || !segments.get(0).startsWith("loyalty-") ? 10 : 3, random);
        return new Shopper(userKey, segments);
    }

    private static void addSometimes(
        final List<String> segments, final String segment, final int percent, final SplittableRandom random)
    {
        if (random.nextInt(100) < percent)
        {
            segments.add(segment);
        }
    }
}
