package com.endcap.server.metrics;

import com.endcap.server.app.ServerFixture;
import com.endcap.server.app.TestRetailer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operators' dashboard ({@code docs/grafana-dashboard.json}) may only chart what the server
 * exports: every metric name in its queries must appear in a real server's {@code /metrics}, so
 * a renamed meter breaks this test instead of a dashboard panel.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DashboardMetricsTest
{
    private static final Pattern METRIC = Pattern.compile("\\b((?:endcap|jvm|process)_[a-z0-9_]+)\\b");

    @TempDir
    Path dir;

    @Test
    void everyMetricTheDashboardChartsIsExported() throws Exception
    {
        // given: the dashboard's queries
        final JsonNode dashboard = new ObjectMapper().readTree(dashboardFile().toFile());
        final Set<String> charted = new TreeSet<>();
        for (final JsonNode panel : dashboard.path("panels"))
        {
            for (final JsonNode target : panel.path("targets"))
            {
                final Matcher matcher = METRIC.matcher(target.path("expr").asText());
                while (matcher.find())
                {
                    charted.add(matcher.group(1));
                }
            }
        }
        assertThat(charted).contains("endcap_decision_latency_seconds_bucket", "endcap_inventory_changes_total");

        // when: a server that has decided, taken stock and counted an event
        try (ServerFixture fixture = new ServerFixture(dir.resolve("data"), null, null))
        {
            fixture.send(fixture.admin("/v1/admin/locations").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(TestRetailer.LOCATIONS)).build());
            fixture.post("/v1/inventory/changes", "application/x-ndjson",
                "{\"source\": \"pos\", \"seq\": 1, \"sku\": \"100871\", \"location\": \"S042\", \"onHand\": 3}\n");
            fixture.post("/v1/decisions", "application/json", TestRetailer.DECISION.formatted(false));
            // Micrometer registers the GC pause timer at the first collection's notification, and
            // the server allocates too little for one to be certain: collect, then wait for it.
            System.gc();
            final String exposition = await().atMost(10, TimeUnit.SECONDS)
                .until(() -> fixture.get("/metrics").body(), body -> body.contains("jvm_gc_pause_seconds_count"));

            // then
            final Set<String> exported = new TreeSet<>();
            final Matcher matcher = METRIC.matcher(exposition);
            while (matcher.find())
            {
                exported.add(matcher.group(1));
            }
            assertThat(exported).containsAll(charted);
            assertThat(exposition).contains("endcap_decision_latency_seconds_bucket{le=\"5.0E-4\"}");
        }
    }

    private static Path dashboardFile()
    {
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); null != dir; dir = dir.getParent())
        {
            final Path file = dir.resolve("docs").resolve("grafana-dashboard.json");
            if (Files.isRegularFile(file))
            {
                return file;
            }
        }
        throw new IllegalStateException("docs/grafana-dashboard.json not found above " + System.getProperty("user.dir"));
    }
}
