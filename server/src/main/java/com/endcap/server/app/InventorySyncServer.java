package com.endcap.server.app;

import com.endcap.bidder.delivery.DeliveryLedger;
import com.endcap.bidder.segment.SegmentDictionary;
import com.endcap.inventory.InventoryStore;
import com.endcap.server.admin.CampaignRepository;
import com.endcap.server.admin.CatalogRepository;
import com.endcap.server.api.AdminHandler;
import com.endcap.server.api.HealthHandler;
import com.endcap.server.config.ServerConfig;
import com.endcap.server.http.Cors;
import com.endcap.server.http.HttpServer;
import com.endcap.server.http.Router;
import com.endcap.server.http.ServerState;
import com.endcap.server.metrics.EndcapMetrics;
import io.netty.handler.codec.http.HttpMethod;
import org.agrona.CloseHelper;
import org.agrona.concurrent.EpochClock;

import java.util.concurrent.ExecutorService;

/**
 * The standalone stock writer ({@code endcap inventory-sync}): it owns a data directory's stock
 * store, ids, locations and catalog, and takes inventory pushes, snapshots, location and catalog
 * uploads over HTTP, while {@code serve} processes on the same host open the directory as readers
 * ({@code inventory.role = reader}) and decide from the same mapped files.
 * <p>
 * Routes: {@code /v1/inventory/*}, {@code /v1/admin/locations}, {@code /v1/admin/catalog*},
 * {@code /health/*}, {@code /metrics}.
 */
public final class InventorySyncServer implements AutoCloseable
{
    private final InventoryStore store;
    private final EndcapMetrics metrics;
    private final ExecutorService ingestPool;
    private final ExecutorService adminThread;
    private final HttpServer http;
    private final ServerState state = new ServerState();
    private final long shutdownTimeoutMillis;

    private InventorySyncServer(final ServerConfig config, final EpochClock clock) throws InterruptedException
    {
        config.requireSecrets();
        if (ServerConfig.Role.WRITER != config.inventoryRole())
        {
            throw new IllegalArgumentException("inventory-sync is the stock store's writer: endcap.inventory.role must be writer");
        }
        this.shutdownTimeoutMillis = config.http().shutdownTimeoutMillis();
        this.metrics = new EndcapMetrics();
        this.store = InventoryStore.openWriter(config.inventory());
        boolean started = false;
        try
        {
            metrics.bindInventory(store.counters());
            ingestPool = EndcapServer.bounded(2, EndcapServer.INGEST_QUEUE, EndcapServer.named("endcap-ingest"));
            adminThread = EndcapServer.bounded(1, EndcapServer.ADMIN_QUEUE, EndcapServer.named("endcap-admin"));
            final Catalogue catalogue = new Catalogue(CampaignRepository.open(config.dataDir()),
                CatalogRepository.open(config.dataDir(), store.skus()), store.locationRegistry(), null, store.skus(),
                new SegmentDictionary(1), new DeliveryLedger());
            final AdminHandler admin = new AdminHandler(catalogue, adminThread, config.adminToken());
            final HealthHandler health = new HealthHandler(state, metrics);
            final Router router = new Router()
                .add(HttpMethod.GET, "/metrics", false, health::metrics)
                .add(HttpMethod.GET, "/health/live", false, health::live)
                .add(HttpMethod.GET, "/health/ready", false, health::ready);
            EndcapServer.addStockRoutes(router, store, config, admin, ingestPool, clock);
            http = HttpServer.start(config.host(), config.port(), config.http(), router, new Cors(config.corsOrigins()), state,
                metrics);
            state.ready(true);
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
     * @param config the configuration (writer role, secrets set).
     * @param clock  epoch millis.
     * @return the running process.
     * @throws InterruptedException when interrupted while binding.
     */
    public static InventorySyncServer start(final ServerConfig config, final EpochClock clock) throws InterruptedException
    {
        return new InventorySyncServer(config, clock);
    }

    /**
     * @return the bound port.
     */
    public int port()
    {
        return http.port();
    }

    /**
     * @return the store it writes.
     */
    public InventoryStore store()
    {
        return store;
    }

    /**
     * Graceful stop, then the store closes cleanly.
     */
    public void close()
    {
        http.drainAndStop();
        EndcapServer.finishQueuedWork(shutdownTimeoutMillis, adminThread, ingestPool);
        store.close();
        metrics.close();
    }
}
