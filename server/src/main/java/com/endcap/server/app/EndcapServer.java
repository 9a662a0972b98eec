package com.endcap.server.app;

import com.endcap.bidder.decision.DecisionEngine;
import com.endcap.bidder.decision.DecisionPorts;
import com.endcap.bidder.delivery.DeliveryLedger;
import com.endcap.bidder.delivery.FrequencyCapStore;
import com.endcap.bidder.index.AdIndex;
import com.endcap.bidder.index.CompiledAd;
import com.endcap.bidder.segment.SegmentDictionary;
import com.endcap.bidder.segment.SegmentStore;
import com.endcap.inventory.InventoryIngest;
import com.endcap.inventory.InventoryStore;
import com.endcap.server.admin.CampaignRepository;
import com.endcap.server.admin.CatalogRepository;
import com.endcap.server.api.AdEventHandler;
import com.endcap.server.api.AdminHandler;
import com.endcap.server.api.CommerceEventHandler;
import com.endcap.server.api.DecisionHandler;
import com.endcap.server.api.HealthHandler;
import com.endcap.server.api.InventoryHandler;
import com.endcap.server.api.RenderHandler;
import com.endcap.server.api.SegmentHandler;
import com.endcap.server.api.TagHandler;
import com.endcap.server.config.ServerConfig;
import com.endcap.server.events.CampaignCounters;
import com.endcap.server.events.CommerceCounters;
import com.endcap.server.events.EventTokens;
import com.endcap.server.events.ReplayGuard;
import com.endcap.server.http.Cors;
import com.endcap.server.http.HttpServer;
import com.endcap.server.http.Router;
import com.endcap.server.http.ServerState;
import com.endcap.server.metrics.EndcapMetrics;
import io.netty.handler.codec.http.HttpMethod;
import org.agrona.CloseHelper;
import org.agrona.concurrent.EpochClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One Endcap server process: the stock store (as its writer), segments, delivery counters, the
 * campaigns/catalog/locations, the decision engine, metrics and the HTTP API, started together
 * and stopped gracefully in reverse.
 * <p>
 * Threads: the Netty event loops (decisions inline), the stock writer, an ingest pool (inventory
 * and segment pushes, snapshot parsing), one admin thread (persisted changes, one at a time) and
 * one housekeeping thread (readiness, apply-lag sampling, purges).
 */
public final class EndcapServer implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(EndcapServer.class);

    private final ServerConfig config;
    private final InventoryStore store;
    private final SegmentStore segments;
    private final DeliveryLedger ledger;
    private final DecisionEngine engine;
    private final Catalogue catalogue;
    private final EndcapMetrics metrics;
    private final ServerState state = new ServerState();
    private final CampaignCounters campaignCounters = new CampaignCounters();
    private final CommerceCounters commerceCounters = new CommerceCounters();
    private final ExecutorService ingestPool;
    private final ExecutorService adminThread;
    private final ScheduledExecutorService housekeeping;
    private final HttpServer http;
    private final EpochClock clock;

    private EndcapServer(final ServerConfig config, final EpochClock clock, final Consumer<Router> extraRoutes)
        throws InterruptedException
    {
        config.requireSecrets();
        this.config = config;
        this.clock = clock;
        final boolean writer = ServerConfig.Role.WRITER == config.inventoryRole();
        // Opening the stock store (Chronicle's start-up, then the availability index rebuilt from
        // every record) needs nothing else here, and the metrics registry and the campaigns file
        // need nothing from it: they run side by side, and the port binds only after both.
        final CompletableFuture<InventoryStore> opening = CompletableFuture.supplyAsync(
            () -> writer ? InventoryStore.openWriter(config.inventory()) : InventoryStore.openReader(config.inventory()),
            EndcapServer::onStoreOpenThread);
        EndcapMetrics startedMetrics = null;
        final CampaignRepository campaigns;
        try
        {
            startedMetrics = new EndcapMetrics();
            campaigns = CampaignRepository.open(config.dataDir());
        }
        catch (final RuntimeException | Error ex)
        {
            CloseHelper.quietClose(startedMetrics);
            // A store that failed to open reports first, as when it opened before everything else.
            CloseHelper.quietClose(awaitStore(opening, ex));
            throw ex;
        }
        this.metrics = startedMetrics;
        try
        {
            this.store = awaitStore(opening, null);
        }
        catch (final RuntimeException | Error ex)
        {
            CloseHelper.quietClose(metrics);
            throw ex;
        }
        boolean started = false;
        try
        {
            final SegmentDictionary dictionary = new SegmentDictionary();
            this.segments = new SegmentStore(dictionary, config.segmentMaxUsers());
            this.ledger = new DeliveryLedger(new FrequencyCapStore(DeliveryLedger.DEFAULT_MAX_USERS,
                DeliveryLedger.DEFAULT_MAX_ENTRIES_PER_USER));
            this.engine = new DecisionEngine(config.engine(), new DecisionPorts(
                store.stockView(), segments, dictionary, store.skus(), ledger.frequency(), store.sellThroughView(),
                store.storePriceView()), clock, AdIndex.empty());
            this.catalogue = new Catalogue(
                campaigns, writer ?
                    CatalogRepository.open(config.dataDir(), store.skus()) :
                    CatalogRepository.openReadOnly(config.dataDir(), store.skus()),
                store.locationRegistry(), engine, store.skus(), dictionary, ledger);
            catalogue.rebuild();

            metrics.bindInventory(store.counters());
            metrics.gauge("endcap.http.connections", "Open client connections", state::connections);
            metrics.gauge("endcap.http.in.flight", "Requests being answered", state::inFlight);
            metrics.gauge("endcap.segments.users", "Shoppers with segments held", segments::users);
            metrics.gauge("endcap.ads.indexed", "Ads in the published index", () -> engine.index().ads().size());

            ingestPool = bounded(2, INGEST_QUEUE, named("endcap-ingest"));
            adminThread = bounded(1, ADMIN_QUEUE, named("endcap-admin"));
            housekeeping = Executors.newSingleThreadScheduledExecutor(named("endcap-housekeeping"));

            final Router router = routes(config, dictionary);
            if (null != extraRoutes)
            {
                extraRoutes.accept(router);
            }
            this.http = HttpServer.start(config.host(), config.port(), config.http(), router, new Cors(config.corsOrigins()),
                state, metrics);
            housekeeping.scheduleWithFixedDelay(this::checkReady, 0, 1, TimeUnit.SECONDS);
            housekeeping.scheduleWithFixedDelay(() -> metrics.sampleApplyLag(store.counters()), 10, 10, TimeUnit.SECONDS);
            housekeeping.scheduleWithFixedDelay(this::purge, 60, 60, TimeUnit.SECONDS);
            if (!writer)
            {
                housekeeping.scheduleWithFixedDelay(this::follow, 1, 1, TimeUnit.SECONDS);
            }
            checkReady();
            started = true;
        }
        finally
        {
            if (!started)
            {
                CloseHelper.quietClose(store);
                CloseHelper.quietClose(metrics);
            }
        }
    }

    /**
     * Opens the store and starts serving.
     *
     * @param config      the configuration (both secrets set).
     * @param clock       epoch millis.
     * @param extraRoutes adds routes beyond the API (the demo's pages), or null.
     * @return the running server.
     * @throws InterruptedException when interrupted while binding.
     */
    public static EndcapServer start(final ServerConfig config, final EpochClock clock, final Consumer<Router> extraRoutes)
        throws InterruptedException
    {
        return new EndcapServer(config, clock, extraRoutes);
    }

    private static void onStoreOpenThread(final Runnable task)
    {
        final Thread thread = new Thread(task, "endcap-store-open");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Waits, uninterruptibly, for the store being opened: the caller must own it (to serve with
     * it or to close it) before going on, whatever happens.
     *
     * @param opening     the store being opened.
     * @param otherFailure what already failed beside it, added as suppressed when opening fails
     *                     too; or null.
     * @return the opened store.
     */
    private static InventoryStore awaitStore(final CompletableFuture<InventoryStore> opening, final Throwable otherFailure)
    {
        try
        {
            return opening.join();
        }
        catch (final CompletionException ex)
        {
            final Throwable cause = ex.getCause();
            if (null != otherFailure)
            {
                cause.addSuppressed(otherFailure);
            }
            if (cause instanceof RuntimeException)
            {
                throw (RuntimeException)cause;
            }
            if (cause instanceof Error)
            {
                throw (Error)cause;
            }
            throw ex;
        }
    }

    private Router routes(final ServerConfig config, final SegmentDictionary dictionary)
    {
        final EventTokens tokens = new EventTokens(config.signingKey());
        final ReplayGuard replays = new ReplayGuard(
            TimeUnit.SECONDS.toMillis(config.tokenTtlSeconds()), config.replayMaxEntries(), clock.time());
        final DecisionHandler decisions = new DecisionHandler(
            engine, tokens, config.tokenTtlSeconds(), config.publicBaseUrl(), metrics);
        final AdEventHandler adEvents = new AdEventHandler(
            tokens, replays, ledger, campaignCounters, engine, store.skus(), metrics, clock);
        // Orders get their own guard: a flood of order ids must not push event tokens out early.
        final ReplayGuard orders = new ReplayGuard(
            TimeUnit.SECONDS.toMillis(config.tokenTtlSeconds()), config.replayMaxEntries(), clock.time());
        final CommerceEventHandler commerce = new CommerceEventHandler(commerceCounters, orders, metrics, clock);
        final SegmentHandler segmentHandler = new SegmentHandler(segments, ingestPool, clock);
        final AdminHandler admin = new AdminHandler(catalogue, adminThread, config.adminToken());
        final HealthHandler health = new HealthHandler(state, metrics);
        final TagHandler tag = new TagHandler();
        final RenderHandler render = new RenderHandler(engine, tokens, config.tokenTtlSeconds(), config.publicBaseUrl(), metrics);

        final Router router = new Router()
            .add(HttpMethod.GET, "/tag.js", true, tag::handle)
            .add(HttpMethod.GET, "/v1/render", true, render::handle)
            .add(HttpMethod.POST, "/v1/decisions", true, decisions)
            .add(HttpMethod.GET, "/v1/e/imp", true, adEvents::impression)
            .add(HttpMethod.POST, "/v1/e/imp", true, adEvents::impression)
            .add(HttpMethod.GET, "/v1/e/view", true, adEvents::viewable)
            .add(HttpMethod.POST, "/v1/e/view", true, adEvents::viewable)
            .add(HttpMethod.GET, "/v1/e/click", true, adEvents::click)
            .add(HttpMethod.POST, "/v1/events", true, commerce::handle)
            .add(HttpMethod.POST, "/v1/segments", false, segmentHandler::handle)
            .add(HttpMethod.GET, "/v1/admin/campaigns", false, admin.guarded(admin::listCampaigns))
            .add(HttpMethod.GET, "/v1/admin/campaigns/{}", false, admin.guarded(admin::getCampaign))
            .add(HttpMethod.PUT, "/v1/admin/campaigns/{}", false, admin.guarded(admin::putCampaign))
            .add(HttpMethod.DELETE, "/v1/admin/campaigns/{}", false, admin.guarded(admin::deleteCampaign))
            .add(HttpMethod.GET, "/metrics", false, health::metrics)
            .add(HttpMethod.GET, "/health/live", false, health::live)
            .add(HttpMethod.GET, "/health/ready", false, health::ready);
        addStockRoutes(router, store, config, admin, ingestPool, clock);
        return router;
    }

    /**
     * The routes of whoever owns the stock store's data: inventory pushes and reads, locations and
     * the catalog. A reader answers pushes and uploads with 409, naming the writer.
     *
     * @param router   where to add them.
     * @param store    the store.
     * @param config   the configuration.
     * @param admin    the admin handler (locations, catalog).
     * @param executor the ingest executor.
     * @param clock    epoch millis.
     */
    static void addStockRoutes(
        final Router router, final InventoryStore store, final ServerConfig config, final AdminHandler admin,
        final java.util.concurrent.Executor executor, final EpochClock clock)
    {
        if (ServerConfig.Role.WRITER == config.inventoryRole())
        {
            final InventoryIngest ingest = new InventoryIngest(
                store, clock, config.inStockUnits(), config.limitedUnits(), config.maxSnapshotRows());
            final InventoryHandler inventory = new InventoryHandler(store, ingest, store.locationRegistry(), executor);
            router.add(HttpMethod.POST, "/v1/inventory/changes", false, inventory::changes)
                .add(HttpMethod.PUT, "/v1/inventory/snapshot/{}", false, inventory::snapshot)
                .add(HttpMethod.GET, "/v1/inventory/{}/{}", false, inventory::record);
        }
        else
        {
            final InventoryHandler inventory = new InventoryHandler(store, null, store.locationRegistry(), executor);
            router.add(HttpMethod.POST, "/v1/inventory/changes", false, InventoryHandler::pushToTheWriter)
                .add(HttpMethod.PUT, "/v1/inventory/snapshot/{}", false, InventoryHandler::pushToTheWriter)
                .add(HttpMethod.GET, "/v1/inventory/{}/{}", false, inventory::record);
        }
        router.add(HttpMethod.GET, "/v1/admin/locations", false, admin.guarded(admin::listLocations))
            .add(HttpMethod.PUT, "/v1/admin/locations", false, admin.guarded(admin::putLocations))
            .add(HttpMethod.GET, "/v1/admin/catalog/{}", false, admin.guarded(admin::getProduct))
            .add(HttpMethod.PUT, "/v1/admin/catalog", false, admin.guarded(admin::putCatalog));
    }

    private void follow()
    {
        try
        {
            catalogue.follow();
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("following the inventory-sync's locations and catalog failed", ex);
        }
    }

    private void checkReady()
    {
        state.ready(catalogue.loaded() && store.records().size() > 0);
    }

    private void purge()
    {
        try
        {
            final long now = clock.time() / 1000;
            long longestWindow = 0;
            for (final CompiledAd ad : engine.index().ads())
            {
                longestWindow = Math.max(longestWindow, ad.capWindowSeconds);
            }
            ledger.frequency().purgeOlderThan(now - longestWindow);
            segments.purgeExpired(now);
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("housekeeping purge failed", ex);
        }
    }

    /** Pushes and snapshots waiting for the ingest pool before the server sheds load (503). */
    static final int INGEST_QUEUE = 256;
    /** Admin changes waiting before the server sheds load (503). */
    static final int ADMIN_QUEUE = 64;

    /**
     * A fixed pool with a bounded queue: past it, {@link com.endcap.server.http.Exchange#offload}
     * answers 503 rather than queueing without bound.
     */
    static ExecutorService bounded(final int threads, final int queue, final ThreadFactory factory)
    {
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(queue), factory);
    }

    /**
     * Lets the worker pools finish what they accepted (an acknowledged change is stored before the
     * store closes), waiting at most {@code timeoutMillis} for each.
     */
    static void finishQueuedWork(final long timeoutMillis, final ExecutorService... pools)
    {
        for (final ExecutorService pool : pools)
        {
            pool.shutdown();
        }
        try
        {
            for (final ExecutorService pool : pools)
            {
                pool.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    static ThreadFactory named(final String name)
    {
        final AtomicInteger count = new AtomicInteger();
        return runnable ->
        {
            final Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * @return the bound port.
     */
    public int port()
    {
        return http.port();
    }

    /**
     * @return the configuration.
     */
    public ServerConfig config()
    {
        return config;
    }

    /**
     * @return campaigns, catalog and locations.
     */
    public Catalogue catalogue()
    {
        return catalogue;
    }

    /**
     * @return the stock store.
     */
    public InventoryStore store()
    {
        return store;
    }

    /**
     * @return shoppers' segments.
     */
    public SegmentStore segments()
    {
        return segments;
    }

    /**
     * @return delivery counters.
     */
    public DeliveryLedger ledger()
    {
        return ledger;
    }

    /**
     * @return the decision engine.
     */
    public DecisionEngine engine()
    {
        return engine;
    }

    /**
     * @return readiness and in-flight counts.
     */
    public ServerState state()
    {
        return state;
    }

    /**
     * @return per-campaign event counts.
     */
    public CampaignCounters campaignCounters()
    {
        return campaignCounters;
    }

    /**
     * @return commerce event counts.
     */
    public CommerceCounters commerceCounters()
    {
        return commerceCounters;
    }

    /**
     * @return the metrics.
     */
    public EndcapMetrics metrics()
    {
        return metrics;
    }

    /**
     * Re-evaluates readiness now (e.g. right after loading data).
     */
    public void refreshReadiness()
    {
        checkReady();
    }

    /**
     * Graceful stop: readiness 503, requests in flight finish, pushes and admin writes in progress
     * finish, then the stock store closes cleanly.
     */
    public void close()
    {
        final boolean drained = http.drainAndStop();
        housekeeping.shutdownNow();
        finishQueuedWork(config.http().shutdownTimeoutMillis(), adminThread, ingestPool);
        store.close();
        metrics.close();
        LOG.info("stopped{}", drained ? "" : " (some requests were cut off)");
    }
}
