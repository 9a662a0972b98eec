package com.endcap.server.app;

import com.endcap.server.config.ServerConfig;
import org.agrona.concurrent.SystemEpochClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A standalone inventory-sync process writing the data directory and a server reading it: stock,
 * locations and the catalog pushed to the writer reach the reader's decisions; pushes to the
 * reader are refused with 409.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InventorySyncReaderTest
{
    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServerConfig config(final String role) throws Exception
    {
        final Path file = dir.resolve(role + ".conf");
        Files.writeString(file, "endcap { port = 0, inventory.role = " + role + ", inventory.max-entries = 10000 }\n");
        return ServerConfig.load(file, Map.of("ENDCAP_DATA_DIR", dir.resolve("data").toString(),
            "ENDCAP_ADMIN_TOKEN", ServerFixture.ADMIN_TOKEN, "ENDCAP_SIGNING_KEY", ServerFixture.SIGNING_KEY), dir);
    }

    private HttpResponse<String> send(final int port, final String method, final String path, final String type, final String body)
        throws Exception
    {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer " + ServerFixture.ADMIN_TOKEN)
            .header("Content-Type", type)
            .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String decide(final int port) throws Exception
    {
        return send(port, "POST", "/v1/decisions", "application/json",
            TestRetailer.DECISION.formatted(false)).body();
    }

    @Test
    void aReaderServerDecidesFromWhatInventorySyncWrites() throws Exception
    {
        try (InventorySyncServer sync = InventorySyncServer.start(config("writer"), SystemEpochClock.INSTANCE))
        {
            // given: locations, catalog and stock go to the writer
            final int w = sync.port();
            assertThat(send(w, "PUT", "/v1/admin/locations", "application/json", TestRetailer.LOCATIONS).statusCode())
                .isEqualTo(200);
            assertThat(send(w, "PUT", "/v1/admin/catalog", "application/x-ndjson", TestRetailer.CATALOG).statusCode())
                .isEqualTo(200);
            assertThat(send(w, "POST", "/v1/inventory/changes", "application/x-ndjson",
                "{\"source\": \"pos\", \"seq\": 1, \"sku\": \"100871\", \"location\": \"S042\", \"onHand\": 9}\n").statusCode())
                .isEqualTo(202);

            try (EndcapServer reader = EndcapServer.start(config("reader"), SystemEpochClock.INSTANCE, null))
            {
                // given: campaigns and segments go to the reader
                final int r = reader.port();
                assertThat(send(r, "PUT", "/v1/admin/campaigns/cmp-3", "application/json", TestRetailer.CAMPAIGN)
                    .statusCode()).isEqualTo(201);
                reader.segments().put("u-8812", List.of("pet-owner"), 3600, System.currentTimeMillis() / 1000);

                // then
                await().atMost(10, TimeUnit.SECONDS).untilAsserted(() ->
                    assertThat(decide(r)).contains("\"adId\":\"ad-17\"").contains("\"units\":9"));

                // when: the writer sells it down below the ad's minimum
                send(w, "POST", "/v1/inventory/changes", "application/x-ndjson",
                    "{\"source\": \"pos\", \"seq\": 2, \"sku\": \"100871\", \"location\": \"S042\", \"delta\": -7}\n");

                // then: the reader's very next decisions stop showing it
                await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(decide(r)).contains("\"pdp-sidebar\":[]"));
                assertThat(send(r, "GET", "/v1/inventory/S042/100871", "application/json", "").body()).contains("\"onHand\":2");

                // and the reader refuses what only the writer may take
                final HttpResponse<String> push = send(r, "POST", "/v1/inventory/changes", "application/x-ndjson",
                    "{\"source\": \"pos\", \"seq\": 3, \"sku\": \"100871\", \"location\": \"S042\", \"onHand\": 50}\n");
                assertThat(push.statusCode()).isEqualTo(409);
                assertThat(push.body()).contains("inventory-sync");
                assertThat(send(r, "PUT", "/v1/admin/catalog", "application/x-ndjson", TestRetailer.CATALOG).statusCode())
                    .isEqualTo(409);
            }
        }
    }
}
