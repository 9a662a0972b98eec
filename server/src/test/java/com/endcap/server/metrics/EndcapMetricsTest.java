package com.endcap.server.metrics;

import com.endcap.bidder.decision.NoFillReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

class EndcapMetricsTest
{
    private final EndcapMetrics target = new EndcapMetrics();

    @AfterEach
    void close()
    {
        target.close();
    }

    @Test
    void hotPathRecordingAllocatesNothing()
    {
        // given: every meter touched once (a status counter is created on first use)
        final Runnable record = () ->
        {
            target.recordDecision(180_000);
            target.recordPlacement(NoFillReason.FILLED);
            target.recordPlacement(NoFillReason.NO_STOCK);
            target.recordStockAge(42);
            target.recordEvent(EndcapMetrics.EventType.IMPRESSION, EndcapMetrics.EventResult.COUNTED);
            target.onResponse(200);
        };
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 20_000; i++)
        {
            record.run();
        }

        // when
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 20_000; i++)
        {
            record.run();
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        // then: under a byte a round, i.e. nothing per call (the JIT may allocate once in a while)
        assertThat(allocated).isLessThan(20_000);
    }

    @Test
    void exportsInBaseUnitsWithThePrefixAndNoUnboundedLabels()
    {
        // given
        target.recordDecision(300_000);
        target.recordPlacement(NoFillReason.NO_CANDIDATES);
        target.recordStockAge(5);
        target.onResponse(404);

        // when
        final String text = target.scrape();

        // then
        assertThat(text)
            .contains("endcap_decision_latency_seconds_bucket{le=\"5.0E-4\"} 1")
            .contains("endcap_decision_latency_seconds_bucket{le=\"2.5E-4\"} 0")
            .contains("endcap_decision_placements_total{outcome=\"no_candidates\"} 1")
            .contains("endcap_decision_stock_age_seconds_bucket{le=\"10.0\"} 1")
            .contains("endcap_http_responses_total{status=\"404\"} 1")
            .contains("endcap_events_total{result=\"counted\",type=\"impression\"} 0")
            .doesNotContain("quantile=");
    }
}
