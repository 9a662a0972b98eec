package com.endcap.server.metrics;

import com.endcap.bidder.decision.NoFillReason;
import com.endcap.inventory.apply.InventoryCounters;
import com.endcap.server.http.HttpStatusListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntSupplier;

/**
 * Every meter Endcap exports, registered once at start so recording never looks a meter up by
 * name: arrays indexed by enum ordinal or status code hold the instances. Names are in base
 * units with the {@code endcap_} prefix; no label ever carries a sku, user or other unbounded id.
 * <p>
 * Recording methods are safe from any thread and do not allocate (Micrometer's counters and
 * timers update striped adders and fixed bucket arrays).
 */
public final class EndcapMetrics implements HttpStatusListener, AutoCloseable
{
    /** The event types counted. */
    public enum EventType
    {
        /** An ad was rendered. */
        IMPRESSION("impression"),
        /** An ad was viewable (MRC). */
        VIEWABLE("viewable"),
        /** An ad was clicked. */
        CLICK("click"),
        /** A product was added to a cart. */
        ADD_TO_CART("add_to_cart"),
        /** A purchase. */
        PURCHASE("purchase");

        private final String wireName;

        EventType(final String wireName)
        {
            this.wireName = wireName;
        }

        /**
         * @return the label value and the API's name.
         */
        public String wireName()
        {
            return wireName;
        }
    }

    /** What became of an event. */
    public enum EventResult
    {
        /** Counted. */
        COUNTED("counted"),
        /** A replay of an event already counted. */
        REPLAYED("replayed"),
        /** Bad or expired token, or invalid body. */
        REJECTED("rejected");

        private final String wireName;

        EventResult(final String wireName)
        {
            this.wireName = wireName;
        }
    }

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer decisionLatency;
    private final Counter[] placementsByOutcome = new Counter[NoFillReason.values().length];
    private final DistributionSummary stockAge;
    private final Counter[][] events = new Counter[EventType.values().length][EventResult.values().length];
    private final AtomicReferenceArray<Counter> statuses = new AtomicReferenceArray<>(600);
    private final Counter decisionRequests;
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private volatile double applyLagP99Seconds;
    private volatile double applyLagMaxSeconds;

    /**
     * Registers every meter.
     */
    public EndcapMetrics()
    {
        decisionLatency = Timer.builder("endcap.decision.latency")
            .description("Server time of POST /v1/decisions, from the request read to the response written to the socket buffer")
            .serviceLevelObjectives(
                Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1),
                Duration.ofMillis(5), Duration.ofMillis(25))
            .register(registry);
        decisionRequests = Counter.builder("endcap.decision.requests").description("Decision requests answered 200")
            .register(registry);
        for (final NoFillReason reason : NoFillReason.values())
        {
            placementsByOutcome[reason.ordinal()] = Counter.builder("endcap.decision.placements")
                .description("Placements decided, by outcome: filled, or why not")
                .tag("outcome", reason.wireName())
                .register(registry);
        }
        stockAge = DistributionSummary.builder("endcap.decision.stock.age")
            .baseUnit("seconds")
            .description("Age of the stock record behind each ad shown, at decision time")
            .serviceLevelObjectives(1, 10, 60, 600, 3600, 21_600, 86_400)
            .register(registry);
        for (final EventType type : EventType.values())
        {
            for (final EventResult result : EventResult.values())
            {
                events[type.ordinal()][result.ordinal()] = Counter.builder("endcap.events")
                    .description("Events received, by type and what became of them")
                    .tag("type", type.wireName)
                    .tag("result", result.wireName)
                    .register(registry);
            }
        }
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /**
     * Exports the stock writer's counters and the apply lag.
     *
     * @param counters the writer's counters.
     */
    public void bindInventory(final InventoryCounters counters)
    {
        FunctionCounter.builder("endcap.inventory.changes", counters, InventoryCounters::applied)
            .description("Stock changes, by what the writer did with them").tag("result", "applied").register(registry);
        FunctionCounter.builder("endcap.inventory.changes", counters, InventoryCounters::ignored)
            .tag("result", "ignored").register(registry);
        FunctionCounter.builder("endcap.inventory.changes", counters, InventoryCounters::rejected)
            .tag("result", "rejected").register(registry);
        FunctionCounter.builder("endcap.inventory.snapshots", counters, InventoryCounters::snapshots)
            .description("Location snapshots applied").register(registry);
        FunctionCounter.builder("endcap.inventory.snapshot.removed", counters, InventoryCounters::removed)
            .description("Skus made unavailable by snapshots that no longer list them").register(registry);
        Gauge.builder("endcap.inventory.apply.lag.p99", this, m -> m.applyLagP99Seconds).baseUnit("seconds")
            .description("99th percentile of accepted-to-applied time over the last sampling interval").register(registry);
        Gauge.builder("endcap.inventory.apply.lag.max", this, m -> m.applyLagMaxSeconds).baseUnit("seconds")
            .description("Longest accepted-to-applied time over the last sampling interval").register(registry);
    }

    /**
     * Takes the writer's apply-lag histogram since the last call (call from a housekeeping thread).
     *
     * @param counters the writer's counters.
     */
    public void sampleApplyLag(final InventoryCounters counters)
    {
        final Histogram interval = counters.applyLagInterval();
        applyLagP99Seconds = interval.getTotalCount() == 0 ? 0 : interval.getValueAtPercentile(99) / 1e9;
        applyLagMaxSeconds = interval.getTotalCount() == 0 ? 0 : interval.getMaxValue() / 1e9;
    }

    /**
     * Exports a gauge.
     *
     * @param name        meter name (dots; exported with underscores).
     * @param description what it is.
     * @param value       read at scrape time.
     */
    public void gauge(final String name, final String description, final IntSupplier value)
    {
        // Strong reference: Micrometer holds a gauge's object weakly, and a lambda nobody else
        // holds would be collected, leaving the gauge NaN.
        Gauge.builder(name, value, v -> v.getAsInt()).description(description).strongReference(true).register(registry);
    }

    /**
     * @param nanos server time of one decision request.
     */
    public void recordDecision(final long nanos)
    {
        decisionLatency.record(nanos, TimeUnit.NANOSECONDS);
        decisionRequests.increment();
    }

    /**
     * @param outcome a placement's outcome.
     */
    public void recordPlacement(final NoFillReason outcome)
    {
        placementsByOutcome[outcome.ordinal()].increment();
    }

    /**
     * @param seconds age of the stock behind an ad shown.
     */
    public void recordStockAge(final long seconds)
    {
        stockAge.record(Math.max(0, seconds));
    }

    /**
     * @param type   event type.
     * @param result what became of it.
     */
    public void recordEvent(final EventType type, final EventResult result)
    {
        events[type.ordinal()][result.ordinal()].increment();
    }

    public void onResponse(final int status)
    {
        if (status < 100 || status >= statuses.length())
        {
            return;
        }
        Counter counter = statuses.get(status);
        if (null == counter)
        {
            counter = Counter.builder("endcap.http.responses").description("HTTP responses by status code")
                .tag("status", Integer.toString(status)).register(registry);
            statuses.compareAndSet(status, null, counter);
        }
        counter.increment();
    }

    /**
     * @return the exposition text for {@code /metrics}.
     */
    public String scrape()
    {
        return registry.scrape();
    }

    /**
     * @return the registry, for more meters.
     */
    public PrometheusMeterRegistry registry()
    {
        return registry;
    }

    public void close()
    {
        gcMetrics.close();
        registry.close();
    }
}
