package com.endcap.benchmarks.load;

import com.endcap.bidder.campaign.Ad;
import com.endcap.bidder.campaign.BidModel;
import com.endcap.bidder.campaign.Campaign;
import com.endcap.bidder.campaign.Channel;
import com.endcap.bidder.campaign.Fulfilment;
import com.endcap.bidder.campaign.Pacing;
import com.endcap.bidder.catalog.Product;
import com.endcap.bidder.delivery.DeliveryLedger;
import com.endcap.bidder.location.Location;
import com.endcap.bidder.segment.SegmentDictionary;
import com.endcap.bidder.stock.StockAttributes;
import com.endcap.inventory.InventoryConfig;
import com.endcap.inventory.InventoryStore;
import com.endcap.inventory.apply.ApplyResult;
import com.endcap.inventory.apply.ChangeBatch;
import com.endcap.server.admin.CampaignCodec;
import com.endcap.server.admin.CampaignRepository;
import com.endcap.server.admin.CatalogRepository;
import com.endcap.server.app.Catalogue;
import org.agrona.IoUtil;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Writes a {@link LoadRetailer} into a data directory that {@code endcap serve} then starts on:
 * locations and catalog through the server's own {@link Catalogue} (the code behind the admin
 * API), campaigns as the file its {@link CampaignRepository} keeps (read back through it), and one
 * stock record per (sku, location) through the stock store's writer, as {@code pos-<location>}
 * changes with sequence 1. Shoppers' segments are not persisted by the
 * server, so the harness pushes them after start ({@code POST /v1/segments}).
 * <p>
 * Distributions follow {@code decision.RetailerFixture} (mixed product sets): half CPM, half CPC;
 * 40% segment-targeted; 1 in 8 department-targeted; geo anywhere 40%, radius 30%, regions 15%,
 * store lists 15%; a quarter with a whole category as product set, else 1 to 20 skus of one
 * category; 1 in 5 frequency-capped, 1 in 10 with a holdout, 1 in 7 with a loyalty variant; 1
 * campaign in 10 on an even-paced daily budget. Stock: on hand uniform 0..20, changed within the 2
 * hours before the build except 3% changed 1 to 3 days before (stale under the default 24 h); 5% of
 * records not for pickup, 5% limited. Flights run from 30 days before the build to a year after.
 * <p>
 * Last it writes {@value #MARKER_FILE} (the retailer's fingerprint and the build time), so a
 * directory without it is incomplete. Run as its own JVM on the project's flags (Chronicle):
 * {@code LoadFixture DATA_DIR SEED SKUS STORES WAREHOUSES ADS USERS MAX_ENTRIES}.
 */
public final class LoadFixture
{
    /** File naming the retailer a complete data directory holds. */
    static final String MARKER_FILE = "load-fixture.properties";

    private static final int BATCH = 8192;

    private final LoadRetailer retailer;
    private final Path dataDir;
    private final long maxEntries;
    private final long nowMillis;

    private LoadFixture(final LoadRetailer retailer, final Path dataDir, final long maxEntries, final long nowMillis)
    {
        this.retailer = retailer;
        this.dataDir = dataDir;
        this.maxEntries = maxEntries;
        this.nowMillis = nowMillis;
    }

    /**
     * @param args data directory, seed, skus, stores, warehouses, ads, users, max entries.
     * @throws IOException when the directory cannot be written.
     */
    public static void main(final String[] args) throws IOException
    {
        if (args.length != 8)
        {
            System.err.println("usage: LoadFixture DATA_DIR SEED SKUS STORES WAREHOUSES ADS USERS MAX_ENTRIES");
            System.exit(2);
        }
        final LoadRetailer retailer = new LoadRetailer(Long.parseLong(args[1]), Integer.parseInt(args[2]),
            Integer.parseInt(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]), Integer.parseInt(args[6]));
        new LoadFixture(retailer, Path.of(args[0]).toAbsolutePath(), Long.parseLong(args[7]), System.currentTimeMillis()).build();
    }

    /**
     * @param dataDir  a data directory.
     * @param retailer the retailer wanted.
     * @param maxAge   oldest build accepted (stock goes stale after a day).
     * @return true when the directory holds exactly that retailer, built less than {@code maxAge} ago.
     */
    static boolean isCurrent(final Path dataDir, final LoadRetailer retailer, final java.time.Duration maxAge)
    {
        final Path marker = dataDir.resolve(MARKER_FILE);
        if (!Files.isRegularFile(marker))
        {
            return false;
        }
        final Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(marker))
        {
            properties.load(in);
        }
        catch (final IOException ex)
        {
            return false;
        }
        final long builtAt = Long.parseLong(properties.getProperty("builtAtMillis", "0"));
        return retailer.fingerprint().equals(properties.getProperty("retailer")) &&
            System.currentTimeMillis() - builtAt < maxAge.toMillis();
    }

    private void build() throws IOException
    {
        final long start = System.nanoTime();
        if (Files.exists(dataDir))
        {
            IoUtil.delete(dataDir.toFile(), false);
        }
        Files.createDirectories(dataDir);
        final long records;
        try (InventoryStore store = InventoryStore.openWriter(
            InventoryConfig.defaults(dataDir).withMaxEntries(maxEntries).withWriterThread(false)))
        {
            final Catalogue catalogue = new Catalogue(CampaignRepository.open(dataDir), CatalogRepository.open(dataDir, store.skus()),
                store.locationRegistry(), null, store.skus(), new SegmentDictionary(), new DeliveryLedger());
            final List<Location> locations = catalogue.upsertLocations(retailer.locations());
            final SplittableRandom random = new SplittableRandom(retailer.seed() + 1);
            catalogue.upsertProducts(products(random));
            final long catalogNanos = System.nanoTime() - start;
            records = stock(store, locations, random);
            final long stockNanos = System.nanoTime() - start - catalogNanos;
            final int campaigns = writeCampaigns(campaigns(random, locations));
            System.out.printf("load-fixture: %s: %d locations, %d products, %d stock records, %d campaigns (%d ads); " +
                "catalog %s, stock %s (%.0f records/s), total %s%n", dataDir, locations.size(), catalogue.productCount(),
                records, campaigns, retailer.ads(), Durations.format(catalogNanos), Durations.format(stockNanos),
                records / (stockNanos / 1e9), Durations.format(System.nanoTime() - start));
        }
        final Properties properties = new Properties();
        properties.setProperty("retailer", retailer.fingerprint());
        properties.setProperty("builtAtMillis", Long.toString(nowMillis));
        properties.setProperty("stockRecords", Long.toString(records));
        try (OutputStream out = Files.newOutputStream(dataDir.resolve(MARKER_FILE)))
        {
            properties.store(out, "written last by LoadFixture: the directory is complete");
        }
    }

    private List<Product> products(final SplittableRandom random)
    {
        final List<Product> products = new ArrayList<>(retailer.skus());
        for (int i = 0; i < retailer.skus(); i++)
        {
            final String sku = LoadRetailer.sku(i);
            final long price = 199 + random.nextInt(19_800);
            final long sale = random.nextInt(5) == 0 ? price * (70 + random.nextInt(25)) / 100 : Product.NO_PRICE;
            final String category = LoadRetailer.category(retailer.leafOf(i));
            products.add(new Product(0, sku, null, "Product " + sku + " " + category.substring(category.indexOf('/') + 1),
                price, sale, "USD", category, "https://cdn.example.com/p/" + sku + ".jpg",
                "https://shop.example.com/p/" + sku, List.of(LoadRetailer.department(random.nextInt(LoadRetailer.DEPARTMENTS)))));
        }
        return products;
    }

    private long stock(final InventoryStore store, final List<Location> locations, final SplittableRandom random)
    {
        final int[] locationIds = new int[locations.size()];
        final int[] sourceIds = new int[locations.size()];
        for (int l = 0; l < locations.size(); l++)
        {
            locationIds[l] = locations.get(l).id();
            sourceIds[l] = store.sources().intern(LoadRetailer.source(locations.get(l).code()));
        }
        final long nowSecond = nowMillis / 1000;
        final ChangeBatch batch = new ChangeBatch();
        long records = 0;
        for (int i = 0; i < retailer.skus(); i++)
        {
            final int skuId = store.skus().intern(LoadRetailer.sku(i));
            for (int l = 0; l < locationIds.length; l++)
            {
                final long ageSeconds = random.nextInt(100) < 3 ?
                    TimeUnit.DAYS.toSeconds(1) + random.nextInt(2 * 86_400) : random.nextInt(2 * 3600);
                final int attributes = StockAttributes.pack(random.nextInt(20) == 0, random.nextInt(20) == 0, 0, 0);
                batch.addAbsolute(0, skuId, locationIds[l], sourceIds[l], 1, (nowSecond - ageSeconds) * 1000, random.nextInt(21),
                    ChangeBatch.ABSENT, ChangeBatch.ABSENT).withAttributes(attributes);
                if (batch.size() == BATCH)
                {
                    records += apply(store, batch);
                }
            }
        }
        if (batch.size() > 0)
        {
            records += apply(store, batch);
        }
        return records;
    }

    private static int apply(final InventoryStore store, final ChangeBatch batch)
    {
        final CompletableFuture<ApplyResult> pending = store.proxy().submit(batch);
        while (!pending.isDone())
        {
            store.writerAgent().doWork();
        }
        final ApplyResult result = pending.join();
        if (result.applied() != batch.size())
        {
            throw new IllegalStateException("stock batch of " + batch.size() + " applied as " + result);
        }
        final int size = batch.size();
        batch.clear();
        return size;
    }

    private List<Campaign> campaigns(final SplittableRandom random, final List<Location> locations)
    {
        final ZoneId zone = ZoneId.of("America/New_York");
        final Instant now = Instant.ofEpochMilli(nowMillis);
        final Campaign.Flight flight = new Campaign.Flight(now.minusSeconds(30L * 86_400), now.plusSeconds(365L * 86_400), zone);
        final List<Campaign> campaigns = new ArrayList<>(retailer.ads() / 2);
        final int adsPerSlot = retailer.ads() / LoadRetailer.SLOT_TYPES;
        int adNumber = 0;
        for (int slot = 0; slot < LoadRetailer.SLOT_TYPES; slot++)
        {
            for (int a = 0; a < adsPerSlot; a += 2)
            {
                final String id = "cmp-" + campaigns.size();
                final boolean paced = random.nextInt(10) == 0;
                final List<Ad> ads = List.of(
                    ad(random, "ad-" + adNumber++, slot, locations), ad(random, "ad-" + adNumber++, slot, locations));
                campaigns.add(new Campaign(id, "adv-" + random.nextInt(500), id, true,
                    paced ? new Campaign.Budget(10_000, 200 + random.nextInt(800), "USD") : Campaign.Budget.unlimited(),
                    flight, paced ? Pacing.EVEN : Pacing.ASAP, random.nextInt(3), ads));
            }
        }
        return campaigns;
    }

    /**
     * Writes {@code campaigns.json} as {@link CampaignRepository} writes it (an array sorted by id),
     * once. {@code Catalogue.putCampaigns} stores one campaign at a time and each store rewrites
     * the whole file, which for 5,000 campaigns took three minutes here.
     *
     * @return how many campaigns the repository reads back (every one must decode).
     */
    private int writeCampaigns(final List<Campaign> campaigns) throws IOException
    {
        final List<Campaign> sorted = new ArrayList<>(campaigns);
        sorted.sort(Comparator.comparing(Campaign::id));
        final Path file = dataDir.resolve(CampaignRepository.FILE_NAME);
        final Path written = dataDir.resolve(CampaignRepository.FILE_NAME + ".load-fixture");
        try (OutputStream out = Files.newOutputStream(written))
        {
            CampaignCodec.encodeArray(sorted, out, true);
        }
        Files.move(written, file, StandardCopyOption.ATOMIC_MOVE);
        final int stored = CampaignRepository.open(dataDir).size();
        if (stored != campaigns.size())
        {
            throw new IllegalStateException(campaigns.size() + " campaigns written, " + stored + " read back");
        }
        return stored;
    }

    private Ad ad(final SplittableRandom random, final String id, final int slot, final List<Location> locations)
    {
        final String segmentExpression = switch (random.nextInt(10))
        {
            case 0, 1 -> LoadRetailer.segment(random.nextInt(LoadRetailer.SEGMENTS)) + " OR " +
                LoadRetailer.segment(random.nextInt(LoadRetailer.SEGMENTS));
            case 2 -> LoadRetailer.segment(random.nextInt(LoadRetailer.SEGMENTS)) + " AND NOT " +
                LoadRetailer.segment(random.nextInt(LoadRetailer.SEGMENTS));
            case 3 -> "NOT " + LoadRetailer.segment(random.nextInt(LoadRetailer.SEGMENTS));
            default -> null;
        };
        final List<String> categories = random.nextInt(8) == 0 ?
            List.of(LoadRetailer.department(random.nextInt(LoadRetailer.DEPARTMENTS))) : List.of();
        final Ad.GeoScope geo;
        final int geoKind = random.nextInt(20);
        if (geoKind < 8)
        {
            geo = Ad.GeoScope.ANYWHERE;
        }
        else if (geoKind < 14)
        {
            geo = Ad.GeoScope.radius(5 + random.nextInt(26));
        }
        else if (geoKind < 17)
        {
            geo = new Ad.GeoScope(0, List.of(), random.nextBoolean() ? List.of("NY") : List.of("NJ", "CT"));
        }
        else
        {
            final Set<String> stores = new LinkedHashSet<>();
            for (int i = 1 + random.nextInt(Math.max(1, retailer.stores() / 2)); i > 0; i--)
            {
                stores.add(locations.get(random.nextInt(retailer.stores())).code());
            }
            geo = new Ad.GeoScope(0, List.copyOf(stores), List.of());
        }
        final Ad.ProductSet productSet;
        if (random.nextInt(4) == 0)
        {
            productSet = Ad.ProductSet.category(LoadRetailer.category(random.nextInt(LoadRetailer.LEAF_CATEGORIES)));
        }
        else
        {
            final int leaf = random.nextInt(LoadRetailer.LEAF_CATEGORIES);
            final int perLeaf = retailer.skus() / LoadRetailer.LEAF_CATEGORIES;
            final Set<String> skus = new LinkedHashSet<>();
            for (int i = 1 + random.nextInt(20); i > 0; i--)
            {
                skus.add(LoadRetailer.sku(leaf * perLeaf + random.nextInt(perLeaf)));
            }
            productSet = new Ad.ProductSet(List.copyOf(skus), null);
        }
        final int fulfilment = random.nextInt(20);
        final Ad.Bid bid = random.nextBoolean() ?
            new Ad.Bid(BidModel.CPM, 1 + random.nextInt(1_900) / 100.0) : new Ad.Bid(BidModel.CPC, 0.1 + random.nextInt(190) / 100.0);
        final Ad.Creative creative = random.nextInt(7) == 0 ?
            new Ad.Creative("product_card", "Near you", null,
                new Ad.LoyaltyVariant(LoadRetailer.segment(random.nextInt(10)), 10, "Members save")) :
            Ad.Creative.DEFAULT;
        final Channel channel = LoadRetailer.slotChannel(slot);
        final Set<Channel> channels = null == channel ? EnumSet.noneOf(Channel.class) : EnumSet.of(channel);
        return new Ad(id, List.of(LoadRetailer.slot(slot)), channels,
            new Ad.Targeting(segmentExpression, List.of(), categories, List.of()), geo, productSet,
            fulfilment < 10 ? Fulfilment.ANY : fulfilment < 17 ? Fulfilment.PICKUP : Fulfilment.SHIP, 1 + random.nextInt(5), bid,
            random.nextInt(5) == 0 ? new Ad.FrequencyCap(1 + random.nextInt(3), 86_400) : null,
            random.nextInt(10) == 0 ? 0.05 + random.nextInt(16) / 100.0 : 0,
            creative, 0.005 + random.nextInt(25) / 1000.0, false);
    }
}
