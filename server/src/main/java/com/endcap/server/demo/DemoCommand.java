package com.endcap.server.demo;

import com.endcap.bidder.location.Location;
import com.endcap.bidder.stock.StockView;
import com.endcap.inventory.InventoryStore;
import com.endcap.inventory.apply.InventoryCounters;
import com.endcap.inventory.store.ChronicleStockStore;
import com.endcap.server.app.EndcapServer;
import com.endcap.server.config.ServerConfig;
import com.endcap.server.http.Responses;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.EpochClock;

import java.io.PrintStream;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The {@code demo} command: the full Endcap server on its embedded demo retailer. On first start
 * it generates the retailer into the data directory (locations, catalog, stock, campaigns); later
 * starts keep what is there, including admin edits. It loads the demo shoppers' segments, starts
 * the stock churn, prints the URLs and example calls, then a status line per interval until told
 * to stop, and stops gracefully.
 * <p>
 * Secrets: without {@code ENDCAP_ADMIN_TOKEN} a token is generated and printed (the demo's admin
 * needs it); without {@code ENDCAP_SIGNING_KEY} a key is generated and never printed.
 * <p>
 * Threads: {@link #run} blocks the calling thread for the life of the demo; another thread (a
 * shutdown hook) stops it by counting down the latch it was given.
 */
public final class DemoCommand
{
    /** Interval of the status line when run from the launcher. */
    public static final Duration STATUS_INTERVAL = Duration.ofSeconds(10);

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final AsciiString SVG = AsciiString.cached(DemoImages.CONTENT_TYPE);

    private final ServerConfig config;
    private final PrintStream out;
    private final Duration statusInterval;
    private final EpochClock clock;
    private final long churnSeed;
    private volatile EndcapServer server;

    /**
     * @param config         validated configuration (secrets may be empty: generated).
     * @param out            where the banner and status lines go.
     * @param statusInterval time between status lines.
     * @param clock          time of stock changes, decisions and status lines.
     * @param churnSeed      seed of the churn's choices.
     */
    public DemoCommand(
        final ServerConfig config, final PrintStream out, final Duration statusInterval, final EpochClock clock,
        final long churnSeed)
    {
        this.config = config;
        this.out = out;
        this.statusInterval = statusInterval;
        this.clock = clock;
        this.churnSeed = churnSeed;
    }

    /**
     * Runs the demo until {@code stop} is counted down, then stops the churn and the server.
     *
     * @param stop counted down by whoever stops the demo.
     * @throws InterruptedException  when the calling thread is interrupted; the server is still stopped.
     * @throws IllegalStateException when another process is the writer of the data directory, or
     *                               the demo retailer cannot be loaded.
     */
    public void run(final CountDownLatch stop) throws InterruptedException
    {
        final long startNanos = System.nanoTime();
        final boolean existed = Files.exists(config.dataDir().resolve(ChronicleStockStore.STOCK_FILE));
        final boolean generatedToken = config.adminToken().isEmpty();
        final ServerConfig withSecrets = config.withSecrets(
            generatedToken ? "demo-" + randomHex(12) : config.adminToken(),
            config.signingKey().isEmpty() ? randomHex(32) : config.signingKey());
        final DemoRetailer retailer = DemoRetailer.standard();

        final DemoPages pages = new DemoPages(retailer);
        try (EndcapServer started = EndcapServer.start(withSecrets, clock, router -> pages.addTo(router
            .add(HttpMethod.GET, "/demo/img/{}", true, exchange -> image(retailer, exchange)))))
        {
            server = started;
            final DemoRetailer.Loaded loaded = retailer.load(started.store(), clock);
            if (0 == started.catalogue().productCount())
            {
                started.catalogue().upsertProducts(retailer.catalog(started.store().skus()));
            }
            if (0 == started.catalogue().campaignCount())
            {
                started.catalogue().putCampaigns(DemoCampaigns.generate(retailer));
            }
            started.catalogue().rebuild();
            DemoShoppers.load(started.segments(), clock.time() / 1000);
            started.refreshReadiness();

            try (DemoChurn churn = new DemoChurn(started.store(), loaded, config.demoChurn(), clock, churnSeed))
            {
                printBanner(started, withSecrets, generatedToken, loaded, existed, Duration.ofNanos(System.nanoTime() - startNanos));
                churn.start();
                final Status status = new Status(started.store(), loaded, churn);
                while (!stop.await(statusInterval.toMillis(), TimeUnit.MILLISECONDS))
                {
                    out.println(status.line());
                }
                out.println("endcap: stopping: churn stopped after " + churn.sales() + " sales and " +
                    churn.restocks() + " restocks; draining requests and closing the stock store");
            }
        }
        finally
        {
            server = null;
        }
        out.println("endcap: stopped; stock store in " + config.dataDir() + " closed cleanly");
    }

    /**
     * @return the running server, or null before it started and after it stopped (tests).
     */
    public EndcapServer server()
    {
        return server;
    }

    private static void image(final DemoRetailer retailer, final com.endcap.server.http.Exchange exchange)
    {
        final String file = exchange.param(0);
        final int index = file.endsWith(".svg") ? retailer.productIndex(file.substring(0, file.length() - 4)) : -1;
        if (index < 0)
        {
            exchange.fail(HttpResponseStatus.NOT_FOUND, "not_found", "no demo image " + file, null);
            return;
        }
        final var response = Responses.text(exchange.alloc(), DemoImages.svg(retailer.products().get(index)), SVG);
        response.headers().set(io.netty.handler.codec.http.HttpHeaderNames.CACHE_CONTROL, "public, max-age=86400");
        exchange.respond(response);
    }

    private static String randomHex(final int bytes)
    {
        final byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private void printBanner(
        final EndcapServer started, final ServerConfig secrets, final boolean generatedToken, final DemoRetailer.Loaded loaded,
        final boolean existed, final Duration startup)
    {
        final DemoRetailer retailer = loaded.retailer();
        final InventoryStore store = started.store();
        final Location example = retailer.stores().get(0);
        final String base = "http://" + config.host() + ":" + started.port();
        final String dirState = !existed ? "new" :
            store.recovered() ? "reused; the last run did not stop cleanly, so the store was recovered" : "reused";
        out.println("Endcap demo: a stock-aware ad server on a demo retailer, with live stock churn");
        out.println("  data dir   " + config.dataDir() + " (" + dirState + ")");
        out.println("  retailer   " + retailer.storeCount() + " stores, " + retailer.warehouseCount() + " warehouses, " +
            retailer.skuCount() + " SKUs; " + store.records().size() + " stock records (" +
            (loaded.reused() ? "kept as the last run left them" : "initial stock loaded") + "); " +
            started.catalogue().campaignCount() + " campaigns, " + started.engine().index().ads().size() + " ads");
        out.println("  churn      " + (0 == config.demoChurn() ?
            "off (ENDCAP_DEMO_CHURN=0)" : config.demoChurn() + " stock changes/s (ENDCAP_DEMO_CHURN)"));
        out.println("  listening  " + base + (started.config().port() == 0 ? "" : "  (ENDCAP_HOST, ENDCAP_PORT)"));
        out.println("  admin      token " + (generatedToken ? secrets.adminToken() + " (generated; set ENDCAP_ADMIN_TOKEN to choose one)" :
            "from ENDCAP_ADMIN_TOKEN"));
        out.println();
        out.println("Open or call:");
        out.println("  " + base + DemoPages.ROOT);
        out.println("  " + base + "/demo/screen/" + example.code());
        out.println("  " + base + "/health/ready");
        out.println("  " + base + "/metrics");
        out.println("  " + base + "/demo/img/" + retailer.products().get(0).sku() + ".svg");
        out.println("  curl -s " + base + "/v1/decisions -H 'Content-Type: application/json' -d '" +
            "{\"placements\":[{\"id\":\"pdp\",\"slot\":\"product_sidebar\",\"count\":2}]," +
            "\"user\":{\"key\":\"u-1\"},\"context\":{\"storeId\":\"" + example.code() + "\",\"pageType\":\"product\"," +
            "\"category\":\"pet/dog-food\"},\"debug\":true}'");
        out.println("  curl -s " + base + "/v1/inventory/" + example.code() + "/" + retailer.products().get(0).sku());
        out.println("  curl -s " + base + "/v1/admin/campaigns -H 'Authorization: Bearer " +
            (generatedToken ? secrets.adminToken() : "$ENDCAP_ADMIN_TOKEN") + "'");
        out.println("ready in " + startup.toMillis() + " ms; a status line every " + statusInterval.toSeconds() +
            " s; Ctrl-C or SIGTERM stops");
        out.flush();
    }

    /** Builds the status line; used by the one thread that runs the demo. */
    private final class Status
    {
        private final InventoryStore store;
        private final DemoRetailer.Loaded loaded;
        private final DemoChurn churn;
        private final int exampleLocationId;
        private final String exampleName;
        private long lastApplied;

        Status(final InventoryStore store, final DemoRetailer.Loaded loaded, final DemoChurn churn)
        {
            this.store = store;
            this.loaded = loaded;
            this.churn = churn;
            final Location example = loaded.retailer().stores().get(0);
            this.exampleLocationId = loaded.locationIds()[0];
            this.exampleName = example.code() + " " + example.name();
        }

        String line()
        {
            final InventoryCounters counters = store.counters();
            final long applied = counters.applied();
            final StockView stock = store.stockView();
            long units = 0;
            int soldOut = 0;
            for (final int skuId : loaded.skuIds())
            {
                final int available = stock.available(skuId, exampleLocationId);
                if (available > 0)
                {
                    units += available;
                }
                else if (0 == available)
                {
                    soldOut++;
                }
            }
            final String line = LocalTime.ofInstant(Instant.ofEpochMilli(clock.time()), ZoneId.systemDefault()).format(TIME) +
                "  changes applied " + applied + " (+" + (applied - lastApplied) + ") ignored " + counters.ignored() +
                " | sales " + churn.sales() + " (" + churn.sellOuts() + " sold out) restocks " + churn.restocks() +
                " | " + exampleName + ": " + units + " units, " + soldOut + " SKUs sold out" +
                " | apply lag p99 " + lagP99(counters.applyLagInterval());
            lastApplied = applied;
            return line;
        }
    }

    private static String lagP99(final Histogram lag)
    {
        if (0 == lag.getTotalCount())
        {
            return "-";
        }
        final long nanos = lag.getValueAtPercentile(99.0);
        return nanos < 1_000_000 ? (nanos / 1_000) + " us" : String.format("%.1f ms", nanos / 1e6);
    }
}
