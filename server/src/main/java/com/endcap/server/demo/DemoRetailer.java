package com.endcap.server.demo;

import com.endcap.bidder.ids.IdMap;
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
 * positions, two warehouses, a catalog of products in four departments (grocery, pet, household,
 * electronics) and the initial stock of every carried (sku, location). The same seed and sizes
 * always generate the same retailer.
 * <p>
 * Locations are indexed {@code 0 .. stores-1} for stores, then the warehouses; products
 * {@code 0 .. skus-1}, where a lower index is a more popular product (the churn sells those more
 * often). {@link #load} registers the locations, interns the skus and, unless the data directory
 * already holds this retailer from an earlier run, replaces each location's stock with a snapshot
 * and waits until the writer acknowledges all of them. {@link #catalog} gives the same products as
 * the decision engine's catalog.
 * <p>
 * Immutable and thread-safe once generated.
 */
public final class DemoRetailer
{
    /** Seed of the standard demo retailer. */
    public static final long STANDARD_SEED = 0xE4DCA9L;
    /** Stores of the standard demo retailer. */
    public static final int STANDARD_STORES = 20;
    /** Products of the standard demo retailer. */
    public static final int STANDARD_SKUS = 5_000;
    /** {@link #initialOnHand} of a product a location does not carry (no stock record). */
    public static final int NOT_CARRIED = -1;
    /** File in the data directory naming the retailer whose stock was loaded there. */
    public static final String MARKER_FILE = "demo-retailer";
    /** The four departments, each a top-level category path. */
    public static final List<String> DEPARTMENTS = List.of("grocery", "pet", "household", "electronics");
    /** Prefix of a product's image URL; the sku and {@code .svg} follow (see {@link DemoImages}). */
    public static final String IMAGE_URL_PREFIX = "/demo/img/";
    /** Prefix of a product's page URL; the sku follows. */
    public static final String PRODUCT_URL_PREFIX = "/demo/product/";

    private static final int FIRST_SKU = 100_001;
    private static final long LOAD_TIMEOUT_SECONDS = 60;

    private static final String TIMEZONE = "America/New_York";

    /** A store site; {@code carryPercent} is how much of the range its format carries. */
    private record Site(String code, String name, double lat, double lon, String region, int carryPercent)
    {
    }

    /**
     * A category's product grid: brand x item x size. {@code sizeScalesPrice} is false when the
     * sizes are colours or variants that do not change the price.
     */
    private record Category(
        String path, String[] brands, String[] items, String[] sizes, long minCents, long maxCents,
        boolean sizeScalesPrice, String[] complements)
    {
    }

    private static final Site[] SITES =
    {
        new Site("S001", "Main St", 40.7590, -73.8303, "NY", 95),
        new Site("S002", "Union Square", 40.7359, -73.9906, "NY", 85),
        new Site("S003", "Park Slope", 40.6721, -73.9776, "NY", 88),
        new Site("S004", "Astoria", 40.7644, -73.9235, "NY", 90),
        new Site("S005", "Williamsburg", 40.7143, -73.9612, "NY", 86),
        new Site("S006", "Harlem 125th St", 40.8090, -73.9482, "NY", 90),
        new Site("S007", "Upper West Side", 40.7870, -73.9754, "NY", 84),
        new Site("S008", "Long Island City", 40.7447, -73.9485, "NY", 92),
        new Site("S009", "St. George", 40.6437, -74.0736, "NY", 88),
        new Site("S010", "Journal Square", 40.7328, -74.0627, "NJ", 92),
        new Site("S011", "Hoboken Washington St", 40.7440, -74.0290, "NJ", 86),
        new Site("S012", "Newark Broad St", 40.7357, -74.1724, "NJ", 94),
        new Site("S013", "Chelsea 8th Ave", 40.7445, -74.0007, "NY", 80),
        new Site("S014", "Upper East Side", 40.7736, -73.9566, "NY", 84),
        new Site("S015", "Forest Hills", 40.7196, -73.8448, "NY", 93),
        new Site("S016", "Bay Ridge", 40.6349, -74.0285, "NY", 91),
        new Site("S017", "Riverdale", 40.8894, -73.9120, "NY", 90),
        new Site("S018", "Fort Lee", 40.8509, -73.9701, "NJ", 93),
        new Site("S019", "Jersey City Newport", 40.7271, -74.0337, "NJ", 87),
        new Site("S020", "Montclair", 40.8259, -74.2090, "NJ", 95),
    };


    // Departments interleave so that every run of four products, and the most popular ones, span them all.
    // Items are listed cheapest first: the popular end of a category is its everyday items.
    private static final Category[] CATEGORIES =
    {
        new Category("grocery/coffee",
            of("Hudson Roasters", "Morning Ritual", "Bodega Blend", "Blue Ferry", "Corner Pantry"),
            of("Medium Roast Ground Coffee", "French Roast Ground Coffee", "Hazelnut Ground Coffee",
                "Decaf House Blend", "Breakfast Blend K-Cups", "Dark Roast Whole Bean", "Cold Brew Coarse Grind",
                "Colombian Single Origin", "Espresso Pods", "Ethiopian Whole Bean"),
            of("10 oz", "12 oz", "18 oz", "24 oz", "32 oz"), 599, 2_499, true, of("grocery/snacks", "grocery/cereal")),
        new Category("pet/dog-food",
            of("Barkley & Co", "Trailhound", "Good Boy Kitchen", "Meadow Paws", "Northstar Pet"),
            of("Beef Stew Wet Dog Food", "Chicken & Brown Rice Dry Dog Food", "Lamb & Oatmeal Recipe",
                "Large Breed Adult Formula", "Puppy Formula Kibble", "Small Breed Turkey Recipe",
                "Senior Weight Care Dry Food", "Sensitive Stomach Whitefish", "Grain-Free Salmon & Sweet Potato",
                "High Protein Bison Recipe"),
            of("4 lb", "8 lb", "15 lb", "24 lb", "30 lb"), 899, 7_499, true, of("pet/treats", "pet/toys")),
        new Category("household/cleaning",
            of("Brightside", "Clearwell", "Fresh Start", "Greenleaf", "Corner Home"),
            of("Scrub Sponges", "Dish Soap", "Glass Cleaner", "All-Purpose Cleaner", "Toilet Bowl Cleaner",
                "Bathroom Cleaner", "Multi-Surface Spray", "Kitchen Degreaser", "Disinfecting Wipes",
                "Dishwasher Pods"),
            of("Travel Size", "Regular", "Large", "2-pack", "Value Pack"), 249, 1_999, true, of("household/paper")),
        new Category("electronics/headphones",
            of("Sonora Audio", "Voltline", "Pocketwatt", "Echo Ridge", "Corner Tech"),
            of("Wired Earbuds", "Kids Headphones", "Sport Earbuds", "On-Ear Headphones", "Wireless Earbuds",
                "Open-Ear Headphones", "Gaming Headset", "Earbuds Pro", "Studio Headphones",
                "Noise Cancelling Headphones"),
            of("Black", "White", "Navy", "Sand", "Red"), 1_999, 24_999, false,
            of("electronics/chargers", "electronics/cables")),
        new Category("grocery/snacks",
            of("Crunch Street", "Harvest Lane", "Sunrise Mills", "Golden Acre", "Corner Pantry"),
            of("Rice Cakes", "Pretzel Twists", "Tortilla Chips", "Sea Salt Kettle Chips", "Cheese Crackers",
                "White Cheddar Popcorn", "Veggie Straws", "Honey Roasted Peanuts", "Trail Mix",
                "Dark Chocolate Almonds"),
            of("1 oz", "5 oz", "8 oz", "10 oz", "Family Size"), 199, 799, true, of("grocery/beverages")),
        new Category("pet/cat-food",
            of("Whisker Farm", "Purrfect Bowl", "Alley Gourmet", "Meadow Paws", "Northstar Pet"),
            of("Tuna Flakes in Broth", "Chicken Shreds in Gravy", "Salmon Pate Wet Food",
                "Turkey & Giblets Dinner", "Indoor Cat Dry Food", "Kitten Chow", "Hairball Control Formula",
                "Senior Cat Formula", "Grain-Free Ocean Fish", "Urinary Care Recipe"),
            of("3 lb", "7 lb", "12-pack", "16 lb", "24-pack"), 599, 4_499, true, of("pet/cat-litter", "pet/treats")),
        new Category("household/paper",
            of("Softleaf", "Brightside", "Cloud Nine", "Greenleaf", "Corner Home"),
            of("Pocket Tissues", "Dinner Napkins", "Facial Tissues", "Paper Plates", "Kitchen Rolls",
                "Bath Tissue", "Ultra Soft Tissue", "Paper Towels", "Select-a-Size Towels", "Recycled Paper Towels"),
            of("4-pack", "6-pack", "12-pack", "24-pack", "Mega Pack"), 399, 3_499, true, of("household/cleaning")),
        new Category("electronics/chargers",
            of("Voltline", "Cordwise", "Pocketwatt", "Amped Up", "Corner Tech"),
            of("Dual USB Car Charger", "20W USB-C Wall Charger", "Travel Adapter", "Wireless Charging Pad",
                "Power Bank 10000 mAh", "Magnetic Wireless Charger", "65W GaN Charger", "Power Bank 20000 mAh",
                "4-Port Charging Station", "3-in-1 Charging Stand"),
            of("Black", "White", "Graphite", "Blue", "Silver"), 1_299, 5_999, false, of("electronics/cables")),
        new Category("grocery/cereal",
            of("Sunrise Mills", "Harvest Lane", "Golden Acre", "Oat & Honey Co", "Corner Pantry"),
            of("Whole Grain Flakes", "Frosted Mini Squares", "Berry Burst Rings", "Cocoa Crunch", "Bran & Raisin",
                "Peanut Butter Puffs", "Honey Oat Clusters", "Steel Cut Oats", "Granola with Almonds",
                "Maple Pecan Granola"),
            of("10 oz", "12 oz", "18 oz", "2-pack", "Family Size"), 299, 899, true, of("grocery/coffee")),
        new Category("pet/treats",
            of("Barkley & Co", "Whisker Farm", "Chewzy", "Snack Pack Pets", "Good Boy Kitchen"),
            of("Training Bites", "Catnip Crunchies", "Peanut Butter Biscuits", "Salmon Cat Treats",
                "Soft Pumpkin Chews", "Chicken Tender Bites", "Jerky Strips", "Dental Chews", "Freeze-Dried Liver",
                "Bully Sticks"),
            of("3 oz", "6 oz", "12 oz", "24 oz", "Value Bag"), 299, 1_899, true, of("pet/toys")),
        new Category("household/laundry",
            of("Brightside", "Clearwell", "Fresh Start", "Greenleaf", "Corner Home"),
            of("Color Catcher Sheets", "Dryer Sheets", "Stain Remover Spray", "Fabric Softener",
                "Wool Dryer Balls", "Oxygen Bleach Powder", "Scent Booster Beads", "Liquid Laundry Detergent",
                "Free & Clear Detergent", "Laundry Detergent Pods"),
            of("Small", "Regular", "Large", "Value Size", "Bulk"), 499, 2_999, true, of("household/cleaning")),
        new Category("electronics/cables",
            of("Voltline", "Cordwise", "Pocketwatt", "Linkmate", "Corner Tech"),
            of("Aux Audio Cable", "Micro USB Cable", "USB-A to USB-C Cable", "USB-C to USB-C Cable",
                "Braided USB-C Cable", "Cat6 Ethernet Cable", "HDMI Cable", "USB-C to Lightning Cable",
                "DisplayPort Cable", "Extension Cord"),
            of("3 ft", "6 ft", "10 ft", "2-pack", "3-pack"), 799, 2_999, true, of("electronics/chargers")),
        new Category("grocery/beverages",
            of("Fizzbrook", "Hudson Roasters", "Clearspring", "Citrus Grove", "Corner Pantry"),
            of("Sparkling Water Lime", "Sparkling Water Grapefruit", "Ginger Ale", "Lemonade", "Green Tea",
                "Peach Iced Tea", "Orange Juice", "Coconut Water", "Electrolyte Drink", "Cold Brew Coffee"),
            of("12 fl oz", "16.9 fl oz", "52 fl oz", "6-pack", "12-pack"), 149, 1_299, true, of("grocery/snacks")),
        new Category("pet/cat-litter",
            of("Whisker Farm", "ClumpRight", "Fresh Paws", "Meadow Paws", "Northstar Pet"),
            of("Litter Deodorizer", "Clumping Clay Litter", "Odor Control Litter", "Unscented Multi-Cat Litter",
                "Paper Pellet Litter", "Pine Pellet Litter", "Corn-Based Litter", "Lightweight Clumping Litter",
                "Walnut Shell Litter", "Crystal Litter"),
            of("8 lb", "14 lb", "20 lb", "28 lb", "40 lb"), 699, 3_499, true, of("pet/cat-food")),
        new Category("household/baby",
            of("Little Cloud", "Snugglebee", "Tiny Steps", "Greenleaf", "Corner Home"),
            of("Baby Wash & Shampoo", "Diaper Rash Cream", "Sensitive Wipes", "Diapers Size 1", "Diapers Size 2",
                "Diapers Size 3", "Diapers Size 4", "Diapers Size 5", "Training Pants", "Overnight Pants"),
            of("Pack", "Jumbo Pack", "Super Pack", "Box", "Club Box"), 899, 5_499, true,
            of("household/paper", "household/laundry")),
        new Category("electronics/speakers",
            of("Sonora Audio", "Echo Ridge", "Pocketwatt", "Boombay", "Corner Tech"),
            of("Clip-On Speaker", "Shower Speaker", "Waterproof Mini Speaker", "Portable Bluetooth Speaker",
                "Desktop Speakers", "Outdoor Speaker", "Smart Speaker", "Bookshelf Speakers", "Party Speaker",
                "Soundbar"),
            of("Black", "White", "Teal", "Coral", "Gray"), 2_499, 19_999, false, of("electronics/cables")),
        new Category("grocery/pantry",
            of("Corner Pantry", "Sunrise Mills", "Nonna's Table", "Harvest Lane", "Golden Acre"),
            of("Tomato Paste", "Spaghetti", "Penne Rigate", "Black Beans", "Chicken Broth",
                "Long Grain White Rice", "Rolled Oats", "Marinara Sauce", "Creamy Peanut Butter",
                "Extra Virgin Olive Oil"),
            of("8 oz", "16 oz", "24 oz", "32 oz", "3-pack"), 149, 1_499, true, of("grocery/snacks")),
        new Category("pet/toys",
            of("Barkley & Co", "Whisker Farm", "Chewzy", "Tug & Toss", "Fetch Lab"),
            of("Tennis Balls", "Catnip Mouse 3-Pack", "Feather Wand", "Squeaky Plush Duck", "Rubber Chew Ball",
                "Flying Disc", "Rope Tug Toy", "Laser Pointer Toy", "Crinkle Tunnel", "Puzzle Treat Feeder"),
            of("Small", "Medium", "Large", "2-pack", "Jumbo"), 299, 1_999, true, of("pet/treats")),
        new Category("household/personal-care",
            of("Lumen Skin", "Dewpoint", "Bare Botanics", "Greenleaf", "Corner Home"),
            of("Hand Soap", "Deodorant", "Body Wash", "Shampoo", "Conditioner", "Micellar Water",
                "Gentle Foaming Cleanser", "Daily Moisturizer SPF 30", "Night Cream", "Vitamin C Serum"),
            of("1.7 oz", "4 oz", "8 oz", "12 oz", "2-pack"), 399, 2_499, true, of("household/paper")),
        new Category("electronics/smart-home",
            of("Northlight", "Homewise", "Voltline", "Brightbulb", "Corner Tech"),
            of("Smart LED Bulb", "Smart Plug", "Motion Sensor", "Door & Window Sensor", "Smart Light Strip",
                "Wi-Fi Range Extender", "Indoor Security Camera", "Video Doorbell", "Smart Lock",
                "Smart Thermostat"),
            of("1-pack", "2-pack", "4-pack", "Starter Kit", "Bundle"), 1_299, 24_999, true,
            of("electronics/chargers")),
    };

    /**
     * One product of the retailer.
     *
     * @param sku             the retailer's id, e.g. {@code 100001}.
     * @param gtin            a GTIN-13 with a valid check digit.
     * @param title           display title, plain text: brand, item and size.
     * @param brand           the brand, as the title starts.
     * @param category        category path, e.g. {@code pet/dog-food}.
     * @param priceCents      list price in US cents.
     * @param salePriceCents  sale price in US cents, or -1 when not on sale.
     * @param complements     category paths that go with this product (cross-sell, post-purchase).
     */
    public record Product(
        String sku, String gtin, String title, String brand, String category, long priceCents, long salePriceCents,
        List<String> complements)
    {
        /**
         * Copies.
         */
        public Product
        {
            complements = List.copyOf(complements);
        }

        /**
         * @return the top-level category, e.g. {@code pet}.
         */
        public String department()
        {
            final int slash = category.indexOf('/');
            return slash < 0 ? category : category.substring(0, slash);
        }

        /**
         * @return the image Endcap serves for it, {@code /demo/img/<sku>.svg}.
         */
        public String imageUrl()
        {
            return IMAGE_URL_PREFIX + sku + ".svg";
        }

        /**
         * @return its product page, {@code /demo/product/<sku>}.
         */
        public String url()
        {
            return PRODUCT_URL_PREFIX + sku;
        }

        /**
         * @param skuId the dense id of {@link #sku} in the shared sku dictionary.
         * @return the product as the decision engine's catalog holds it, priced in USD.
         */
        public com.endcap.bidder.catalog.Product catalogProduct(final int skuId)
        {
            return new com.endcap.bidder.catalog.Product(
                skuId, sku, gtin, title, priceCents,
                salePriceCents < 0 ? com.endcap.bidder.catalog.Product.NO_PRICE : salePriceCents,
                "USD", category, imageUrl(), url(), complements);
        }
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
        /**
         * @return the catalog with the dense sku ids of this store, in product index order.
         */
        public List<com.endcap.bidder.catalog.Product> catalog()
        {
            final List<com.endcap.bidder.catalog.Product> catalog = new ArrayList<>(skuIds.length);
            for (int s = 0; s < skuIds.length; s++)
            {
                catalog.add(retailer.products().get(s).catalogProduct(skuIds[s]));
            }
            return List.copyOf(catalog);
        }
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
     * Generates a retailer. Products cycle through the categories, so any size spreads over every
     * department; each category holds up to 250 distinct titles before they repeat.
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
        locations.add(Location.warehouse(-1, "DC-EAST", "East DC", List.of("NY", "NJ", "CT"), 2));
        locations.add(Location.warehouse(-1, "DC-EDISON", "Edison DC", List.of("NJ", "NY", "PA"), 1));

        final List<Product> products = new ArrayList<>(skus);
        final int[] madeInCategory = new int[CATEGORIES.length];
        for (int i = 0; i < skus; i++)
        {
            final int c = i % CATEGORIES.length;
            products.add(product(i, c, madeInCategory[c]++, random));
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
                    // A store carries most of its format's range; a few items are shipped in for pickup tomorrow.
                    final boolean carried = random.nextInt(100) < SITES[l].carryPercent();
                    final boolean electronics = products.get(s).category().startsWith("electronics/");
                    onHand[l][s] = carried ? storeUnits(random, electronics) : NOT_CARRIED;
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
     * The catalog as the decision engine holds it: every product with its dense id from the sku
     * dictionary shared with the stock store (interned when new), its image
     * ({@code /demo/img/<sku>.svg}), page ({@code /demo/product/<sku>}) and complement categories.
     *
     * @param skuIds the shared sku dictionary, e.g. {@code InventoryStore.skus()}.
     * @return the products, in product index order.
     */
    public List<com.endcap.bidder.catalog.Product> catalog(final IdMap skuIds)
    {
        final List<com.endcap.bidder.catalog.Product> catalog = new ArrayList<>(products.size());
        for (final Product product : products)
        {
            catalog.add(product.catalogProduct(skuIds.intern(product.sku())));
        }
        return List.copyOf(catalog);
    }

    /**
     * @param sku the retailer's sku id.
     * @return its product index, or -1 when the retailer has no such product.
     */
    public int productIndex(final String sku)
    {
        final int index;
        try
        {
            index = Integer.parseInt(sku) - FIRST_SKU;
        }
        catch (final NumberFormatException ex)
        {
            return -1;
        }
        return index >= 0 && index < products.size() && products.get(index).sku().equals(sku) ? index : -1;
    }

    /**
     * @return a one-line identity of this retailer, written to {@link #MARKER_FILE} once its
     * stock is loaded.
     */
    public String fingerprint()
    {
        return "endcap-demo-retailer v2 seed=" + seed + " stores=" + storeCount + " warehouses=" + warehouseCount() +
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

    private static Product product(final int index, final int categoryIndex, final int ordinal, final SplittableRandom random)
    {
        // Walk the brand x item x size grid so titles in a category stay distinct.
        final Category category = CATEGORIES[categoryIndex];
        final int brands = category.brands().length;
        final int items = category.items().length;
        final int sizes = category.sizes().length;
        final int item = (ordinal / brands) % items;
        final int size = (ordinal / (brands * items)) % sizes;
        final String brand = category.brands()[ordinal % brands];

        // An item has its own price point, a bigger pack costs more, and a little noise keeps brands apart.
        final double itemLevel = item / (items - 1.0);
        final double sizeLevel = size / (sizes - 1.0);
        final double noise = random.nextDouble();
        final double level = category.sizeScalesPrice() ?
            0.55 * itemLevel + 0.35 * sizeLevel + 0.10 * noise : 0.85 * itemLevel + 0.15 * noise;
        final long span = category.maxCents() - category.minCents();
        final long price = roundToNinetyNine(category.minCents() + (long)(span * level));
        final long sale = random.nextInt(100) < 15 ? roundToNinetyNine(price * (75 + random.nextInt(16)) / 100) : -1;
        final long salePrice = sale > 0 && sale < price ? sale : -1;

        final int number = FIRST_SKU + index;
        return new Product(
            Integer.toString(number), gtin13("084001" + String.format("%06d", index + 1)),
            brand + " " + category.items()[item] + ", " + category.sizes()[size], brand, category.path(), price, salePrice,
            List.of(category.complements()));
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

    private static int storeUnits(final SplittableRandom random, final boolean electronics)
    {
        final int roll = random.nextInt(100);
        if (roll < 7)
        {
            return 0;
        }
        if (roll < 22)
        {
            return 1 + random.nextInt(5);
        }
        // Electronics sit on the shelf in handfuls; groceries and household goods by the case.
        return electronics ? 6 + random.nextInt(10) : 6 + random.nextInt(43);
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
        return 40 + random.nextInt(761);
    }

    private static String[] of(final String... values)
    {
        return values;
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
