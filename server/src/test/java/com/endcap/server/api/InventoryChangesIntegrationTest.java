package com.endcap.server.api;

import com.endcap.server.app.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /v1/inventory/changes} on a real server over loopback, with bodies larger than an
 * ingest thread's first scratch array (so it grows, and the body arrives in many chunks) followed
 * by smaller ones decoded from the same, longer array: each body is decoded from its own bytes only.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InventoryChangesIntegrationTest
{
    private static final int SKUS = 100;

    @TempDir
    Path dir;

    private ServerFixture fixture;

    @BeforeEach
    void start() throws Exception
    {
        fixture = new ServerFixture(dir.resolve("data"), "http.max-body = 2m", null);
    }

    @AfterEach
    void stop()
    {
        fixture.close();
    }

    @Test
    void changesAreDecodedFromEachBodyAloneWhateverCameBefore() throws Exception
    {
        // given: a body of 6,000 lines (~600 KB), then small ones, with and without bad lines
        final StringBuilder large = new StringBuilder();
        long seq = 0;
        for (int i = 0; i < 6_000; i++)
        {
            large.append(line(++seq, i % SKUS, i % 50)).append('\n');
        }

        // when
        final HttpResponse<String> first = post(large.toString());
        final HttpResponse<String> second = post(line(++seq, 7, 41) + "\n" + line(++seq, 8, 42));
        final HttpResponse<String> third = post(line(++seq, 9, 43) + "\n{\"source\": \"pos-S042\"\n\n" + line(++seq, 10, -1));

        // then
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(first.body()).isEqualTo("{\"accepted\":6000,\"ignored\":0,\"rejected\":[]}");
        assertThat(second.body()).isEqualTo("{\"accepted\":2,\"ignored\":0,\"rejected\":[]}");
        assertThat(third.statusCode()).isEqualTo(202);
        assertThat(third.body()).startsWith("{\"accepted\":1,\"ignored\":0,\"rejected\":[{\"line\":2,\"message\":\"invalid JSON")
            .endsWith("{\"line\":4,\"field\":\"onHand\",\"message\":\"onHand must be an integer >= 0, got -1\"}]}");
        assertThat(record(7)).contains("\"onHand\":41");
        assertThat(record(8)).contains("\"onHand\":42");
        assertThat(record(9)).contains("\"onHand\":43");
        assertThat(record(10)).contains("\"onHand\":" + (5_910 % 50));
        assertThat(record(99)).contains("\"onHand\":" + (5_999 % 50));
    }

    private String line(final long seq, final int sku, final int onHand)
    {
        return "{\"source\": \"pos-S042\", \"seq\": " + seq + ", \"sku\": \"" + (100_000 + sku) + "\", \"location\": \"S042\", " +
            "\"onHand\": " + onHand + ", \"ts\": " + fixture.nowMillis + "}";
    }

    private HttpResponse<String> post(final String body) throws Exception
    {
        return fixture.post("/v1/inventory/changes", "application/x-ndjson", body);
    }

    private String record(final int sku) throws Exception
    {
        final HttpResponse<String> response = fixture.get("/v1/inventory/S042/" + (100_000 + sku));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }
}
