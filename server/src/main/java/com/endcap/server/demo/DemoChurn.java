package com.endcap.server.demo;

import com.endcap.bidder.stock.StockView;
import com.endcap.inventory.InventoryStore;
import com.endcap.inventory.apply.ApplyResult;
import com.endcap.inventory.apply.ChangeBatch;
import com.endcap.inventory.apply.InventoryProxy;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.EpochClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live stock churn for the demo retailer: shoppers buy (relative changes, {@code delta < 0}) and
 * deliveries restock what ran low (absolute {@code onHand}), so items sell out and come back.
 * Changes only touch (sku, location) pairs the location carries, and popular products (low product
 * indexes) sell more often. A sale that takes a pair to zero books its delivery: between
 * {@value #MIN_RESTOCK_DELAY_MILLIS} and {@value #MAX_RESTOCK_DELAY_MILLIS} ms later (by the
 * clock) the churn restocks it, so what sells out visibly comes back within minutes. Other low or
 * sold-out pairs are restocked now and then as the churn comes across them.
 * <p>
 * Each location is its own source: {@code demo-pos-<store>} for stores, {@code demo-wms-<warehouse>}
 * for warehouses. A source's sequence numbers only grow: each is at least the clock's epoch
 * millisecond times {@value #SEQS_PER_MILLI}, so a restarted churn on the same data directory
 * carries on above what an earlier run applied.
 * <p>
 * Threads: {@link #start} runs {@link #tick} {@value #TICKS_PER_SECOND} times a second on its own
 * thread, each tick waiting for the writer's acknowledgement of the one before. Without
 * {@link #start}, a test drives {@link #tick} from one thread of its own. The counters may be read
 * from any thread.
 */
public final class DemoChurn implements AutoCloseable
{
    /** Changes per second when {@code ENDCAP_DEMO_CHURN} is unset. */
    public static final int DEFAULT_CHANGES_PER_SECOND = 50;
    /** Highest accepted rate. */
    public static final int MAX_CHANGES_PER_SECOND = 100_000;
    /** Ticks a second when started. */
    public static final int TICKS_PER_SECOND = 10;
    /** Sequence numbers a source may use per millisecond of its clock before running ahead of it. */
    public static final long SEQS_PER_MILLI = 1_000;
    /** Earliest a pair the churn sold out is restocked, in ms. */
    public static final long MIN_RESTOCK_DELAY_MILLIS = 60_000;
    /** Latest a pair the churn sold out is restocked, in ms (later only when ticks are too full). */
    public static final long MAX_RESTOCK_DELAY_MILLIS = 240_000;

    private static final Logger LOG = LoggerFactory.getLogger(DemoChurn.class);
    private static final int NONE = -1;
    private static final int PROBES = 8;
    private static final int LOW_UNITS = 2;
    private static final int RESTOCK_PERCENT = 15;
    private static final int STORE_PERCENT = 90;
    private static final long ACK_TIMEOUT_SECONDS = 5;
    private static final int MAX_BOOKED_DELIVERIES = 4_096;
    private static final long RETRY_DELIVERY_MILLIS = 1_000;

    /** A restock booked for a pair the churn sold out. */
    private record Delivery(long dueMillis, int location, int sku)
    {
    }

    private final InventoryProxy proxy;
    private final StockView stock;
    private final DemoRetailer retailer;
    private final int[] skuIds;
    private final int[] locationIds;
    private final int[] sourceIds;
    private final int[][] carried;
    private final long[] lastSeqs;
    private final int changesPerSecond;
    private final EpochClock clock;
    private final SplittableRandom random;
    private final ChangeBatch batch = new ChangeBatch();
    private final LongHashSet touched = new LongHashSet();
    private final PriorityQueue<Delivery> deliveries =
        new PriorityQueue<>(Comparator.comparingLong(Delivery::dueMillis));
    private final AtomicLong sales = new AtomicLong();
    private final AtomicLong sellOuts = new AtomicLong();
    private final AtomicLong restocks = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private int probedUnits;
    private long ticks;
    private long planned;
    private ScheduledExecutorService scheduler;

    /**
     * @param store            the writer the demo retailer was loaded into.
     * @param loaded           the retailer and its ids in {@code store}.
     * @param changesPerSecond rate when started, 0 .. {@value #MAX_CHANGES_PER_SECOND}; 0 never
     *                         starts a thread.
     * @param clock            time of the changes and base of the sequence numbers.
     * @param seed             seed of the shoppers' and deliveries' choices.
     */
    public DemoChurn(
        final InventoryStore store, final DemoRetailer.Loaded loaded, final int changesPerSecond, final EpochClock clock,
        final long seed)
    {
        if (changesPerSecond < 0 || changesPerSecond > MAX_CHANGES_PER_SECOND)
        {
            throw new IllegalArgumentException(
                "changesPerSecond must be 0.." + MAX_CHANGES_PER_SECOND + ", got " + changesPerSecond);
        }
        this.proxy = store.proxy();
        this.stock = store.stockView();
        this.retailer = loaded.retailer();
        this.skuIds = loaded.skuIds().clone();
        this.locationIds = loaded.locationIds().clone();
        this.changesPerSecond = changesPerSecond;
        this.clock = clock;
        this.random = new SplittableRandom(seed);
        this.sourceIds = new int[locationIds.length];
        this.lastSeqs = new long[locationIds.length];
        this.carried = new int[locationIds.length][];
        for (int l = 0; l < locationIds.length; l++)
        {
            carried[l] = carriedSkus(retailer, l);
            final String code = retailer.locations().get(l).code();
            sourceIds[l] = store.sources().intern((retailer.isStore(l) ? "demo-pos-" : "demo-wms-") + code);
        }
    }

    /**
     * Starts ticking on a daemon thread, unless the rate is 0. Call once.
     */
    public void start()
    {
        if (0 == changesPerSecond || null != scheduler)
        {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable ->
        {
            final Thread thread = new Thread(runnable, "endcap-demo-churn");
            thread.setDaemon(true);
            return thread;
        });
        final long periodMillis = 1000 / TICKS_PER_SECOND;
        scheduler.scheduleAtFixedRate(this::onTimer, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Submits one batch of {@code changes} sales and restocks, chosen from the stock as the
     * writer last published it. Each (sku, location) appears at most once in a batch.
     *
     * @param changes how many changes to make; fewer are made when no candidate is found.
     * @return completed with what the writer did once the batch is applied.
     * @throws java.util.concurrent.RejectedExecutionException when the writer refuses the batch.
     */
    public CompletableFuture<ApplyResult> tick(final int changes)
    {
        batch.clear();
        touched.clear();
        final long nowMillis = clock.time();
        for (int i = 0; i < changes; i++)
        {
            addChange(nowMillis);
        }
        if (0 == batch.size())
        {
            return CompletableFuture.completedFuture(new ApplyResult(0, 0, 0));
        }
        return proxy.submit(batch);
    }

    /**
     * Advances the tick count and spreads the rate over ticks, carrying the remainder.
     *
     * @return changes the next tick makes.
     */
    int changesForNextTick()
    {
        ticks++;
        final long due = (long)changesPerSecond * ticks / TICKS_PER_SECOND;
        final int changes = (int)(due - planned);
        planned = due;
        return changes;
    }

    /**
     * @return the rate the churn was configured with.
     */
    public int changesPerSecond()
    {
        return changesPerSecond;
    }

    /**
     * @return sales submitted since start.
     */
    public long sales()
    {
        return sales.get();
    }

    /**
     * @return sales that took a (sku, location) to zero available, since start.
     */
    public long sellOuts()
    {
        return sellOuts.get();
    }

    /**
     * @return restocks submitted since start.
     */
    public long restocks()
    {
        return restocks.get();
    }

    /**
     * @return ticks that failed (refused or not acknowledged in time), since start.
     */
    public long failures()
    {
        return failures.get();
    }

    /**
     * Stops ticking and waits for a tick in progress to be acknowledged.
     */
    public void close()
    {
        if (null == scheduler)
        {
            return;
        }
        scheduler.shutdown();
        try
        {
            if (!scheduler.awaitTermination(ACK_TIMEOUT_SECONDS + 1, TimeUnit.SECONDS))
            {
                scheduler.shutdownNow();
            }
        }
        catch (final InterruptedException ex)
        {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void onTimer()
    {
        // Nothing may escape: an exception would silently cancel every later tick.
        try
        {
            tick(changesForNextTick()).get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        catch (final RejectedExecutionException | ExecutionException | TimeoutException ex)
        {
            if (failures.getAndIncrement() % 100 == 0)
            {
                LOG.warn("demo churn tick failed ({} failures so far)", failures.get(), ex);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        catch (final RuntimeException ex)
        {
            failures.incrementAndGet();
            LOG.error("demo churn tick failed", ex);
        }
    }

    private void addChange(final long nowMillis)
    {
        if (deliverDue(nowMillis))
        {
            return;
        }
        final int location = pickLocation();
        if (random.nextInt(100) < RESTOCK_PERCENT)
        {
            final int low = probe(location, false);
            if (NONE != low)
            {
                restock(location, low, nowMillis);
                return;
            }
        }
        final int inStock = probe(location, true);
        if (NONE != inStock)
        {
            sell(location, inStock, nowMillis);
            return;
        }
        final int soldOut = probe(location, false);
        if (NONE != soldOut)
        {
            restock(location, soldOut, nowMillis);
        }
    }

    /**
     * Restocks the earliest booked delivery that is due, unless its pair came back meanwhile.
     *
     * @return true when a restock was added to the batch.
     */
    private boolean deliverDue(final long nowMillis)
    {
        while (!deliveries.isEmpty() && deliveries.peek().dueMillis() <= nowMillis)
        {
            final Delivery due = deliveries.poll();
            final long key = pairKey(due.location(), due.sku());
            if (touched.contains(key))
            {
                deliveries.add(new Delivery(nowMillis + RETRY_DELIVERY_MILLIS, due.location(), due.sku()));
                continue;
            }
            final int available = stock.available(skuIds[due.sku()], locationIds[due.location()]);
            if (StockView.NO_RECORD == available || available > LOW_UNITS)
            {
                continue;
            }
            touched.add(key);
            restock(due.location(), due.sku(), nowMillis);
            return true;
        }
        return false;
    }

    private int pickLocation()
    {
        final int stores = retailer.storeCount();
        final int warehouses = retailer.warehouseCount();
        if (0 == warehouses || random.nextInt(100) < STORE_PERCENT)
        {
            return random.nextInt(stores);
        }
        return stores + random.nextInt(warehouses);
    }

    private int pickSku(final int location)
    {
        // Squaring skews the pick to the front of the carried list, where the popular products are.
        final int[] skus = carried[location];
        final double r = random.nextDouble();
        return skus[(int)(skus.length * r * r)];
    }

    private static int[] carriedSkus(final DemoRetailer retailer, final int location)
    {
        int count = 0;
        for (int s = 0; s < retailer.skuCount(); s++)
        {
            count += retailer.carries(location, s) ? 1 : 0;
        }
        final int[] skus = new int[count];
        int next = 0;
        for (int s = 0; s < retailer.skuCount(); s++)
        {
            if (retailer.carries(location, s))
            {
                skus[next++] = s;
            }
        }
        return skus;
    }

    /**
     * Looks at a few products of a location for one in stock (or running low) that this batch has
     * not changed yet, leaving its units in {@link #probedUnits}.
     */
    private int probe(final int location, final boolean wantInStock)
    {
        if (0 == carried[location].length)
        {
            return NONE;
        }
        for (int p = 0; p < PROBES; p++)
        {
            final int sku = pickSku(location);
            if (touched.contains(pairKey(location, sku)))
            {
                continue;
            }
            final int available = stock.available(skuIds[sku], locationIds[location]);
            if (StockView.NO_RECORD == available)
            {
                continue;
            }
            if (wantInStock ? available > 0 : available <= LOW_UNITS)
            {
                touched.add(pairKey(location, sku));
                probedUnits = available;
                return sku;
            }
        }
        return NONE;
    }

    private void sell(final int location, final int sku, final long nowMillis)
    {
        final int wanted;
        if (retailer.isStore(location))
        {
            final int roll = random.nextInt(100);
            wanted = roll < 70 ? 1 : roll < 90 ? 2 : 3;
        }
        else
        {
            wanted = 1 + random.nextInt(5);
        }
        final int sold = Math.min(probedUnits, wanted);
        batch.addDelta(
            0, skuIds[sku], locationIds[location], sourceIds[location], nextSeq(location), nowMillis,
            -sold, ChangeBatch.ABSENT, ChangeBatch.ABSENT);
        sales.incrementAndGet();
        if (sold == probedUnits)
        {
            sellOuts.incrementAndGet();
            if (deliveries.size() < MAX_BOOKED_DELIVERIES)
            {
                final long delay = random.nextLong(MIN_RESTOCK_DELAY_MILLIS, MAX_RESTOCK_DELAY_MILLIS + 1);
                deliveries.add(new Delivery(nowMillis + delay, location, sku));
            }
        }
    }

    private void restock(final int location, final int sku, final long nowMillis)
    {
        final int onHand = retailer.isStore(location) ? 6 + random.nextInt(19) : 100 + random.nextInt(301);
        batch.addAbsolute(
            0, skuIds[sku], locationIds[location], sourceIds[location], nextSeq(location), nowMillis,
            onHand, ChangeBatch.ABSENT, ChangeBatch.ABSENT);
        restocks.incrementAndGet();
    }

    private long nextSeq(final int location)
    {
        final long seq = Math.max(lastSeqs[location] + 1, clock.time() * SEQS_PER_MILLI);
        lastSeqs[location] = seq;
        return seq;
    }

    private static long pairKey(final int location, final int sku)
    {
        return ((long)location << 32) | sku;
    }
}
