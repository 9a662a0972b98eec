package com.endcap.server.demo;

import com.endcap.bidder.location.Location;
import com.endcap.bidder.stock.StockAttributes;
import com.endcap.inventory.InventoryStore;
import com.endcap.inventory.apply.PreparedSnapshot;
import org.agrona.concurrent.EpochClock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A generated retailer in one metro (New York and northern New Jersey): stores with names and
 * positions, two warehouses, a catalog of products and the initial stock of every carried
 * (sku, location). The same seed and sizes always generate the same retailer.
 * <p>
 * Locations are indexed {@code 0 .. stores-1} for stores, then the warehouses; products
 * {@code 0 .. skus-1}. {@link #load} registers the locations, interns the skus and, unless the data
 * directory already holds this retailer from an earlier run, replaces each location's stock with
 * a snapshot and waits until the writer acknowledges all of them.
 * <p>
 * Immutable and thread-safe once generated.
 */
public final class DemoRetailer
{
    /** Seed of the standard demo retailer. */
    public static final long STANDARD_SEED = 0xE4DCA9L;
    /** Stores of the standard demo retailer. */
    public static final int STANDARD_STORES = 12;
    /** Products of the standard demo retailer. */
    public static final int STANDARD_SKUS = 500;
    /** {@link #initialOnHand} of a product a location does not carry (no stock record). */
    public static final int NOT_CARRIED = -1;
    /** File in the data directory naming the retailer whose stock was loaded there. */
    public static final String MARKER_FILE = "demo-retailer";

    private static final int FIRST_SKU = 100_001;
    private static final long LOAD_TIMEOUT_SECONDS = 60;

    private static final String TIMEZONE = "America/New_York";

    private record Site(String code, String name, double lat, double lon, String region)
    {
    }

    private record Category(String path, String[] brands, String[] items, String[] sizes, long minCents, long maxCents)
    {
    }

    private static final Site[] SITES =
    {
        new Site("S001", "Main St", 40.7590, -73.8303, "NY"),
        new Site("S002", "Union Square", 40.7359, -73.9906, "NY"),
        new Site("S003", "Park Slope", 40.6721, -73.9776, "NY"),
        new Site("S004", "Astoria", 40.7644, -73.9235, "NY"),
        new Site("S005", "Williamsburg", 40.7143, -73.9612, "NY"),
        new Site("S006", "Harlem 125th St", 40.8090, -73.9482, "NY"),
        new Site("S007", "Upper West Side", 40.7870, -73.9754, "NY"),
        new Site("S008", "Long Island City", 40.7447, -73.9485, "NY"),
        new Site("S009", "St. George", 40.6437, -74.0736, "NY"),
        new Site("S010", "Journal Square", 40.7328, -74.0627, "NJ"),
        new Site("S011", "Hoboken Washington St", 40.7440, -74.0290, "NJ"),
        new Site("S012", "Newark Broad St", 40.7357, -74.1724, "NJ"),
    };

    private static final Category[] CATEGORIES =
    {
        new Category("pet/dog-food", new String[]{"Barkley & Co", "Trailhound", "Good Boy Kitchen"},
            new String[]{"Chicken & Brown Rice Dry Dog Food", "Grain-Free Salmon Recipe", "Puppy Formula Kibble",
                "Senior Weight Care", "Lamb & Oatmeal Recipe"},
            new String[]{"4 lb", "15 lb", "30 lb"}, 899, 6_499),
        new Category("pet/cat-food", new String[]{"Whisker Farm", "Purrfect Bowl", "Alley Gourmet"},
            new String[]{"Indoor Cat Dry Food", "Salmon Pate Wet Food", "Hairball Control", "Kitten Chow",
                "Turkey & Giblets Dinner"},
            new String[]{"3 lb", "7 lb", "12-pack"}, 599, 3_999),
        new Category("pet/treats", new String[]{"Barkley & Co", "Chewzy", "Snack Pack Pets"},
            new String[]{"Dental Chews", "Jerky Strips", "Training Bites", "Peanut Butter Biscuits", "Catnip Crunchies"},
            new String[]{"6 oz", "12 oz", "24 oz"}, 399, 1_899),
        new Category("grocery/coffee", new String[]{"Hudson Roasters", "Morning Ritual", "Bodega Blend"},
            new String[]{"Medium Roast Ground Coffee", "Dark Roast Whole Bean", "Colombian Single Origin",
                "Decaf House Blend", "Espresso Pods"},
            new String[]{"12 oz", "24 oz", "40 ct"}, 699, 2_499),
        new Category("grocery/snacks", new String[]{"Crunch Street", "Harvest Lane", "Corner Pantry"},
            new String[]{"Sea Salt Kettle Chips", "Pretzel Twists", "Trail Mix", "Veggie Straws", "Dark Chocolate Almonds"},
            new String[]{"5 oz", "10 oz", "Family Size"}, 249, 899),
        new Category("grocery/cereal", new String[]{"Sunrise Mills", "Harvest Lane", "Golden Acre"},
            new String[]{"Honey Oat Clusters", "Whole Grain Flakes", "Granola with Almonds", "Cocoa Crunch",
                "Bran & Raisin"},
            new String[]{"12 oz", "18 oz", "2-pack"}, 349, 999),
        new Category("household/cleaning", new String[]{"Brightside", "Clearwell", "Fresh Start"},
            new String[]{"All-Purpose Cleaner", "Dish Soap", "Laundry Detergent Pods", "Disinfecting Wipes", "Glass Cleaner"},
            new String[]{"Regular", "Value Pack", "Refill"}, 299, 2_199),
        new Category("household/paper", new String[]{"Softleaf", "Brightside", "Cloud Nine"},
            new String[]{"Paper Towels", "Bath Tissue", "Facial Tissues", "Dinner Napkins", "Kitchen Rolls"},
            new String[]{"6-pack", "12-pack", "Mega Pack"}, 499, 2_999),
        new Category("beauty/skincare", new String[]{"Lumen Skin", "Dewpoint", "Bare Botanics"},
            new String[]{"Daily Moisturizer SPF 30", "Gentle Foaming Cleanser", "Vitamin C Serum", "Night Cream",
                "Micellar Water"},
            new String[]{"1.7 oz", "4 oz", "8 oz"}, 799, 3_499),
        new Category("health/vitamins", new String[]{"Vitalis", "Northstar Health", "Daily Roots"},
            new String[]{"Vitamin D3 2000 IU", "Multivitamin Gummies", "Omega-3 Fish Oil", "Magnesium Glycinate",
                "Vitamin C 1000 mg"},
            new String[]{"60 ct", "120 ct", "240 ct"}, 699, 2_999),
        new Category("baby/diapers", new String[]{"Little Cloud", "Snugglebee", "Tiny Steps"},
            new String[]{"Diapers Size 1", "Diapers Size 3", "Diapers Size 5", "Sensitive Wipes", "Overnight Pants"},
            new String[]{"Jumbo Pack", "Super Pack", "Box"}, 999, 4_999),
        new Category("electronics/accessories", new String[]{"Voltline", "Cordwise", "Pocketwatt"},
            new String[]{"USB-C Charging Cable", "Wireless Earbuds", "20W Wall Charger", "Portable Power Bank",
                "Phone Case"},
            new String[]{"Black", "White", "Blue"}, 999, 5_999),
    };

    /**
     * One product of the catalog.
     *
     * @param sku             the retailer's id, e.g. {@code 100001}.
     * @param gtin            a GTIN-13 with a valid check digit.
     * @param title           display title.
     * @param category        category path, e.g. {@code pet/dog-food}.
     * @param priceCents      list price in US cents.
     * @param salePriceCents  sale price in US cents, or -1 when not on sale.
     */
    public record Product(String sku, String gtin, String title, String category, long priceCents, long salePriceCents)
    {
    }

    /**
     * The retailer as registered in one store: dense ids by index, and whether its stock was
     * loaded now or kept from an earlier run.
     *
     * @param retailer    the generated retailer.
     * @param skuIds      dense sku id per product index.
     * @param locationIds dense location id per location index.
     * @param reused      true when the data directory already held this retailer's stock, which
     *                    was kept as it stood (with the churn of earlier runs).
     */
    public record Loaded(DemoRetailer retailer, int[] skuIds, int[] locationIds, boolean reused)
    {
    }

    private final long seed;
    private final List<Location> locations;
    private final int storeCount;
    private final List<Product> products;
    private final int[][] onHand;
    private final int[][] attributes;
    private final int records;

    private DemoRetailer(
        final long seed, final List<Location> locations, final int storeCount, final List<Product> products,
        final int[][] onHand, final int[][] attributes)
    {
        this.seed = seed;
        this.locations = locations;
        this.storeCount = storeCount;
        this.products = products;
        this.onHand = onHand;
        this.attributes = attributes;
        int carried = 0;
        for (final int[] units : onHand)
        {
            for (final int unit : units)
            {
                carried += NOT_CARRIED == unit ? 0 : 1;
            }
        }
        this.records = carried;
    }

    /**
     * @return the standard demo retailer: {@value #STANDARD_STORES} stores, 2 warehouses,
     * {@value #STANDARD_SKUS} products.
     */
    public static DemoRetailer standard()
    {
        return generate(STANDARD_SEED, STANDARD_STORES, STANDARD_SKUS);
    }

    /**
     * Generates a retailer.
     *
     * @param seed   random seed; the same arguments always give the same retailer.
     * @param stores number of stores, 1 .. {@value #STANDARD_STORES}.
     * @param skus   number of products, 1 .. 99,999.
     * @return the retailer.
     */
    public static DemoRetailer generate(final long seed, final int stores, final int skus)
    {
        if (stores < 1 || stores > SITES.length)
        {
            throw new IllegalArgumentException("stores must be 1.." + SITES.length + ", got " + stores);
        }
        if (skus < 1 || skus > 99_999)
        {
            throw new IllegalArgumentException("skus must be 1..99999, got " + skus);
        }
        final SplittableRandom random = new SplittableRandom(seed);

        final List<Location> locations = new ArrayList<>(stores + 2);
        for (int i = 0; i < stores; i++)
        {
            final Site site = SITES[i];
            locations.add(Location.store(-1, site.code(), site.name(), site.lat(), site.lon(), TIMEZONE, site.region()));
        }
        locations.add(Location.warehouse(-1, "DC-EAST", "East DC", List.of("NY", "NJ"), 2));
        locations.add(Location.warehouse(-1, "DC-EDISON", "Edison DC", List.of("NJ", "NY", "PA"), 1));

        final List<Product> products = new ArrayList<>(skus);
        final int[] madeInCategory = new int[CATEGORIES.length];
        for (int i = 0; i < skus; i++)
        {
            final int c = i % CATEGORIES.length;
            products.add(product(i, CATEGORIES[c], madeInCategory[c]++, random));
        }

        final int[][] onHand = new int[locations.size()][skus];
        final int[][] attributes = new int[locations.size()][skus];
        final int sameDay = StockAttributes.pack(false, false, StockAttributes.SLA_SAME_DAY, StockAttributes.METHOD_BUY);
        final int nextDay = StockAttributes.pack(
            false, false, StockAttributes.SLA_NEXT_DAY, StockAttributes.METHOD_SHIP_TO_STORE);
        for (int l = 0; l < locations.size(); l++)
        {
            final boolean store = l < stores;
            for (int s = 0; s < skus; s++)
            {
                if (store)
                {
                    // A store carries most of the range; a few items are shipped in for pickup tomorrow.
                    onHand[l][s] = random.nextInt(100) < 90 ? storeUnits(random) : NOT_CARRIED;
                    attributes[l][s] = random.nextInt(100) < 5 ? nextDay : sameDay;
                }
                else
                {
                    onHand[l][s] = warehouseUnits(random);
                }
            }
        }
        return new DemoRetailer(seed, List.copyOf(locations), stores, List.copyOf(products), onHand, attributes);
    }

    /**
     * Registers the locations, interns the skus and makes sure the store holds this retailer's
     * stock: when the data directory does not hold it yet (or a load was cut short), replaces each
     * location's stock with a snapshot and waits until every snapshot is acknowledged; otherwise
     * keeps the stock as the last run left it.
     *
     * @param store a writer with its writer thread running.
     * @param clock time of the snapshots.
     * @return the ids the retailer got in this store.
     * @throws IllegalStateException when the writer refuses or does not acknowledge in time.
     */
    public Loaded load(final InventoryStore store, final EpochClock clock)
    {
        final List<Location> registered = store.locationRegistry().upsert(locations);
        final int[] locationIds = new int[registered.size()];
        for (int l = 0; l < locationIds.length; l++)
        {
            locationIds[l] = registered.get(l).id();
        }
        final int[] skuIds = new int[products.size()];
        for (int s = 0; s < skuIds.length; s++)
        {
            skuIds[s] = store.skus().intern(products.get(s).sku());
        }

        final Path marker = store.config().dataDir().resolve(MARKER_FILE);
        if (fingerprint().equals(readMarker(marker)) && store.records().size() >= records)
        {
            return new Loaded(this, skuIds, locationIds, true);
        }

        deleteMarker(marker);
        final long nowMillis = clock.time();
        final List<CompletableFuture<?>> acks = new ArrayList<>(locationIds.length);
        for (int l = 0; l < locationIds.length; l++)
        {
            acks.add(store.proxy().submitSnapshot(snapshot(l, locationIds[l], skuIds, nowMillis)));
        }
        try
        {
            CompletableFuture.allOf(acks.toArray(new CompletableFuture<?>[0])).get(LOAD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        catch (final ExecutionException ex)
        {
            throw new IllegalStateException("the stock writer failed to load the demo retailer", ex.getCause());
        }
        catch (final TimeoutException ex)
        {
            throw new IllegalStateException(
                "the stock writer did not acknowledge the demo stock within " + LOAD_TIMEOUT_SECONDS + " s", ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading the demo retailer", ex);
        }
        writeMarker(marker, fingerprint());
        return new Loaded(this, skuIds, locationIds, false);
    }

    /**
     * @return a one-line identity of this retailer, written to {@link #MARKER_FILE} once its
     * stock is loaded.
     */
    public String fingerprint()
    {
        return "endcap-demo-retailer v1 seed=" + seed + " stores=" + storeCount + " warehouses=" + warehouseCount() +
            " skus=" + products.size();
    }

    /**
     * @return every location, stores first then warehouses, with id -1 (ids come from the store).
     */
    public List<Location> locations()
    {
        return locations;
    }

    /**
     * @return the stores.
     */
    public List<Location> stores()
    {
        return locations.subList(0, storeCount);
    }

    /**
     * @return the warehouses.
     */
    public List<Location> warehouses()
    {
        return locations.subList(storeCount, locations.size());
    }

    /**
     * @return the catalog, by product index.
     */
    public List<Product> products()
    {
        return products;
    }

    /**
     * @return number of stores.
     */
    public int storeCount()
    {
        return storeCount;
    }

    /**
     * @return number of warehouses.
     */
    public int warehouseCount()
    {
        return locations.size() - storeCount;
    }

    /**
     * @return number of products.
     */
    public int skuCount()
    {
        return products.size();
    }

    /**
     * @return number of carried (sku, location) pairs: the stock records the retailer creates.
     */
    public int recordCount()
    {
        return records;
    }

    /**
     * @param location location index.
     * @return true for a store, false for a warehouse.
     */
    public boolean isStore(final int location)
    {
        return location < storeCount;
    }

    /**
     * @param location location index.
     * @param sku      product index.
     * @return initial units on hand, or {@link #NOT_CARRIED}.
     */
    public int initialOnHand(final int location, final int sku)
    {
        return onHand[location][sku];
    }

    /**
     * @param location location index.
     * @param sku      product index.
     * @return true when the location carries the product.
     */
    public boolean carries(final int location, final int sku)
    {
        return NOT_CARRIED != onHand[location][sku];
    }

    /**
     * @param location location index.
     * @param sku      product index.
     * @return the {@link StockAttributes} bits of the pair's initial stock.
     */
    public int initialAttributes(final int location, final int sku)
    {
        return attributes[location][sku];
    }

    private PreparedSnapshot snapshot(final int location, final int locationId, final int[] skuIds, final long nowMillis)
    {
        final int[] units = onHand[location];
        int rows = 0;
        for (final int unit : units)
        {
            rows += NOT_CARRIED == unit ? 0 : 1;
        }
        final int[] rowSkus = new int[rows];
        final int[] rowUnits = new int[rows];
        final int[] rowAttributes = new int[rows];
        final long[] noPrice = new long[rows];
        Arrays.fill(noPrice, -1);
        int row = 0;
        for (int s = 0; s < units.length; s++)
        {
            if (NOT_CARRIED != units[s])
            {
                rowSkus[row] = skuIds[s];
                rowUnits[row] = units[s];
                rowAttributes[row] = attributes[location][s];
                row++;
            }
        }
        return new PreparedSnapshot(locationId, nowMillis, rowSkus, rowUnits, rowAttributes, noPrice, noPrice.clone());
    }

    private static Product product(final int index, final Category category, final int ordinal, final SplittableRandom random)
    {
        // Walk the brand x item x size grid so titles in a category stay distinct.
        final int brands = category.brands().length;
        final int items = category.items().length;
        final String brand = category.brands()[ordinal % brands];
        final String item = category.items()[(ordinal / brands) % items];
        final String size = category.sizes()[(ordinal / (brands * items)) % category.sizes().length];

        final long span = category.maxCents() - category.minCents();
        final long price = roundToNinetyNine(category.minCents() + random.nextLong(span + 1));
        final long sale = random.nextInt(100) < 15 ? roundToNinetyNine(price * (75 + random.nextInt(16)) / 100) : -1;
        final long salePrice = sale > 0 && sale < price ? sale : -1;

        final int number = FIRST_SKU + index;
        return new Product(
            Integer.toString(number), gtin13("084001" + String.format("%06d", index + 1)),
            brand + " " + item + ", " + size, category.path(), price, salePrice);
    }

    private static long roundToNinetyNine(final long cents)
    {
        return Math.max(99, (cents / 100) * 100 + 99);
    }

    private static String gtin13(final String twelveDigits)
    {
        int sum = 0;
        for (int i = 0; i < 12; i++)
        {
            final int digit = twelveDigits.charAt(i) - '0';
            sum += (i % 2 == 0) ? digit : 3 * digit;
        }
        return twelveDigits + ((10 - sum % 10) % 10);
    }

    private static int storeUnits(final SplittableRandom random)
    {
        final int roll = random.nextInt(100);
        if (roll < 8)
        {
            return 0;
        }
        if (roll < 22)
        {
            return 1 + random.nextInt(3);
        }
        return 4 + random.nextInt(37);
    }

    private static int warehouseUnits(final SplittableRandom random)
    {
        final int roll = random.nextInt(100);
        if (roll < 3)
        {
            return 0;
        }
        if (roll < 8)
        {
            return 1 + random.nextInt(10);
        }
        return 20 + random.nextInt(381);
    }

    private static String readMarker(final Path marker)
    {
        try
        {
            return Files.exists(marker) ? Files.readString(marker, StandardCharsets.UTF_8).trim() : "";
        }
        catch (final IOException ex)
        {
            return "";
        }
    }

    private static void deleteMarker(final Path marker)
    {
        try
        {
            Files.deleteIfExists(marker);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot delete " + marker, ex);
        }
    }

    private static void writeMarker(final Path marker, final String fingerprint)
    {
        final Path aside = marker.resolveSibling(MARKER_FILE + ".tmp");
        try
        {
            Files.writeString(aside, fingerprint + "\n", StandardCharsets.UTF_8);
            Files.move(aside, marker, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + marker, ex);
        }
    }
}
