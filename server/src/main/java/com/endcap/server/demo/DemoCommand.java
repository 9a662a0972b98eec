package com.endcap.server.demo;

import com.endcap.bidder.location.Location;
import com.endcap.bidder.stock.StockView;
import com.endcap.inventory.InventoryConfig;
import com.endcap.inventory.InventoryStore;
import com.endcap.inventory.apply.InventoryCounters;
import com.endcap.inventory.store.ChronicleStockStore;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.EpochClock;

import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The {@code demo} command: opens the stock store of the data directory as its writer, loads the
 * demo retailer, starts the churn, prints a banner and then one status line per interval until
 * told to stop, and closes the store cleanly.
 * <p>
 * Until the server issue lands this is the inventory-sync component alone: no port is opened.
 * <p>
 * Threads: {@link #run} blocks the calling thread for the life of the demo; another thread (a
 * shutdown hook) stops it by counting down the latch it was given.
 */
public final class DemoCommand
{
    /** Interval of the status line when run from the launcher. */
    public static final Duration STATUS_INTERVAL = Duration.ofSeconds(5);

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final DemoConfig config;
    private final PrintStream out;
    private final Duration statusInterval;
    private final EpochClock clock;
    private final long churnSeed;

    /**
     * @param config         validated configuration.
     * @param out            where the banner and status lines go.
     * @param statusInterval time between status lines.
     * @param clock          time of stock changes and status lines.
     * @param churnSeed      seed of the churn's choices.
     */
    public DemoCommand(
        final DemoConfig config, final PrintStream out, final Duration statusInterval, final EpochClock clock,
        final long churnSeed)
    {
        this.config = config;
        this.out = out;
        this.statusInterval = statusInterval;
        this.clock = clock;
        this.churnSeed = churnSeed;
    }

    /**
     * Runs the demo until {@code stop} is counted down, then closes the churn and the store.
     *
     * @param stop counted down by whoever stops the demo.
     * @throws InterruptedException when the calling thread is interrupted; the store is still closed.
     * @throws IllegalStateException when another process is the writer of the data directory, or
     *                               the demo stock cannot be loaded.
     */
    public void run(final CountDownLatch stop) throws InterruptedException
    {
        final long startNanos = System.nanoTime();
        final boolean existed = Files.exists(config.dataDir().resolve(ChronicleStockStore.STOCK_FILE));
        final DemoRetailer retailer = DemoRetailer.standard();
        try (InventoryStore store = InventoryStore.openWriter(InventoryConfig.defaults(config.dataDir())))
        {
            final DemoRetailer.Loaded loaded = retailer.load(store, clock);
            try (DemoChurn churn = new DemoChurn(store, loaded, config.churnPerSecond(), clock, churnSeed))
            {
                printBanner(store, loaded, existed, Duration.ofNanos(System.nanoTime() - startNanos));
                churn.start();
                final Status status = new Status(store, loaded, churn);
                while (!stop.await(statusInterval.toMillis(), TimeUnit.MILLISECONDS))
                {
                    out.println(status.line());
                }
                out.println("endcap: stopping: churn stopped after " + churn.sales() + " sales and " +
                    churn.restocks() + " restocks; closing the stock store");
            }
        }
        out.println("endcap: stopped; stock store in " + config.dataDir() + " closed cleanly");
    }

    private void printBanner(
        final InventoryStore store, final DemoRetailer.Loaded loaded, final boolean existed, final Duration startup)
    {
        final DemoRetailer retailer = loaded.retailer();
        final Location example = retailer.stores().get(0);
        final String dirState;
        if (!existed)
        {
            dirState = "new";
        }
        else if (store.recovered())
        {
            dirState = "reused; the last run did not stop cleanly, so the store was recovered";
        }
        else
        {
            dirState = "reused";
        }
        out.println("Endcap demo: the stock store alone, with live churn (the HTTP server arrives with the server issue)");
        out.println("  data dir   " + config.dataDir() + " (" + dirState + ")");
        out.println("  retailer   " + retailer.storeCount() + " stores, " + retailer.warehouseCount() + " warehouses, " +
            retailer.skuCount() + " SKUs; " + store.records().size() + " stock records (" +
            (loaded.reused() ? "kept as the last run left them" : "initial stock loaded") + ")");
        out.println("  churn      " + (0 == config.churnPerSecond() ?
            "off (ENDCAP_DEMO_CHURN=0)" : config.churnPerSecond() + " stock changes/s (ENDCAP_DEMO_CHURN)"));
        out.println("  http       not listening yet: " + config.host() + ":" + config.port() +
            " (ENDCAP_HOST, ENDCAP_PORT) is used once the HTTP server lands");
        out.println("  watching   " + example.code() + " " + example.name());
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
                "  records " + store.records().size() +
                " | changes applied " + applied + " (+" + (applied - lastApplied) + ") ignored " + counters.ignored() +
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
