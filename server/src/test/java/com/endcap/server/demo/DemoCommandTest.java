package com.endcap.server.demo;

import com.endcap.inventory.InventoryStore;
import com.endcap.server.app.EndcapServer;
import com.endcap.server.config.ServerConfig;
import org.agrona.concurrent.SystemEpochClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo end to end: the real server on the generated retailer answers decisions over HTTP,
 * serves its images, and a second start reuses the data directory.
 */
@Timeout(120)
class DemoCommandTest
{
    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void servesTheDemoRetailerThenReusesItsDirectory() throws Exception
    {
        // given
        final ServerConfig config = ServerConfig.load(null, Map.of(
            "ENDCAP_DATA_DIR", dir.resolve("demo").toString(), "ENDCAP_PORT", "0", "ENDCAP_DEMO_CHURN", "200"), dir);

        // when
        final String first = runWhile(config, server ->
        {
            assertThat(get(server, "/health/ready").statusCode()).isEqualTo(200);
            final HttpResponse<String> decision = post(server, "/v1/decisions", """
                {"placements": [{"id": "pdp", "slot": "product_sidebar", "count": 2},
                                {"id": "home", "slot": "home_carousel", "count": 4}],
                 "user": {"key": "u-1"},
                 "context": {"storeId": "S001", "pageType": "product", "category": "pet/dog-food"}}""");
            assertThat(decision.statusCode()).isEqualTo(200);
            assertThat(decision.body()).contains("\"pdp\":[{\"adId\"").contains("\"home\":[{\"adId\"")
                .contains("\"locationId\":\"S001\"");
            final HttpResponse<String> image = get(server, "/demo/img/" + DemoRetailer.standard().products().get(0).sku() + ".svg");
            assertThat(image.statusCode()).isEqualTo(200);
            assertThat(image.headers().firstValue("content-type")).hasValue("image/svg+xml");
            assertThat(image.body()).startsWith("<svg");
            assertThat(get(server, "/demo/img/nope.svg").statusCode()).isEqualTo(404);
        });
        final String second = runWhile(config, server ->
            assertThat(get(server, "/health/ready").statusCode()).isEqualTo(200));

        // then
        assertThat(first)
            .contains("(new)")
            .contains("20 stores, 2 warehouses, 5000 SKUs")
            .contains("50 campaigns")
            .contains("churn      200 stock changes/s")
            .contains("admin      token demo-")
            .contains("curl -s http://127.0.0.1:")
            .contains("closed cleanly");
        assertThat(second).contains("(reused)").contains("kept as the last run left them").contains("closed cleanly");
        assertThat(Files.exists(config.dataDir().resolve(InventoryStore.CLEAN_MARKER))).isTrue();
    }

    @FunctionalInterface
    private interface WhileRunning
    {
        void check(EndcapServer server) throws Exception;
    }

    private static String runWhile(final ServerConfig config, final WhileRunning check) throws Exception
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        final CountDownLatch stop = new CountDownLatch(1);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final DemoCommand target = new DemoCommand(config, out, Duration.ofMillis(200), SystemEpochClock.INSTANCE, 42);
        final Thread runner = new Thread(() ->
        {
            try
            {
                target.run(stop);
            }
            catch (final Throwable ex)
            {
                failure.set(ex);
            }
        }, "demo-command-test");
        runner.start();
        try
        {
            await().atMost(Duration.ofSeconds(90))
                .until(() -> null != failure.get() || bytes.toString(StandardCharsets.UTF_8).contains("  changes applied "));
            assertThat(failure.get()).isNull();
            check.check(target.server());
        }
        finally
        {
            stop.countDown();
            runner.join();
        }
        assertThat(failure.get()).isNull();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private HttpResponse<String> get(final EndcapServer server, final String path) throws Exception
    {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(final EndcapServer server, final String path, final String json) throws Exception
    {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
            HttpResponse.BodyHandlers.ofString());
    }
}
