package com.endcap.server.app;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP API end to end on a real server over loopback: a retailer is loaded through the admin
 * and inventory endpoints, then decisions, events and the documented errors are exercised.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ApiIntegrationTest
{
    @TempDir
    Path dir;

    private ServerFixture fixture;

    @BeforeEach
    void start() throws Exception
    {
        fixture = new ServerFixture(dir.resolve("data"), "http.max-body = 64k", null);
    }

    @AfterEach
    void stop()
    {
        fixture.close();
    }

    private void loadRetailer(final int units) throws Exception
    {
        assertThat(fixture.send(fixture.admin("/v1/admin/locations").header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(TestRetailer.LOCATIONS)).build()).statusCode()).isEqualTo(200);
        assertThat(fixture.send(fixture.admin("/v1/admin/catalog").header("Content-Type", "application/x-ndjson")
            .PUT(HttpRequest.BodyPublishers.ofString(TestRetailer.CATALOG)).build()).statusCode()).isEqualTo(200);
        assertThat(fixture.send(fixture.admin("/v1/admin/campaigns/cmp-3").header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(TestRetailer.CAMPAIGN)).build()).statusCode()).isEqualTo(201);
        stock(1, units);
    }

    private HttpResponse<String> stock(final long seq, final int onHand) throws Exception
    {
        final HttpResponse<String> response = fixture.post("/v1/inventory/changes", "application/x-ndjson",
            "{\"source\": \"pos-S042\", \"seq\": " + seq + ", \"sku\": \"100871\", \"location\": \"S042\", \"onHand\": " + onHand +
                ", \"ts\": " + fixture.nowMillis + "}\n");
        assertThat(response.statusCode()).isEqualTo(202);
        return response;
    }

    private HttpResponse<String> decide(final boolean debug) throws Exception
    {
        return fixture.post("/v1/decisions", "application/json", TestRetailer.DECISION.formatted(debug));
    }

    private static String eventUrl(final String body, final String name)
    {
        final Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(body);
        assertThat(matcher.find()).as(name + " URL in " + body).isTrue();
        return matcher.group(1);
    }

    @Test
    void readinessWaitsForTheRetailerToBeLoaded() throws Exception
    {
        assertThat(fixture.get("/health/live").statusCode()).isEqualTo(200);
        assertThat(fixture.get("/health/ready").statusCode()).isEqualTo(503);

        loadRetailer(7);
        fixture.server().refreshReadiness();

        assertThat(fixture.get("/health/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void decisionShowsTheAdWithStockAndSignedEventUrls() throws Exception
    {
        // given
        loadRetailer(7);
        fixture.server().segments().put("u-8812", java.util.List.of("pet-owner"), 3600, fixture.nowMillis / 1000);

        // when
        final HttpResponse<String> response = decide(false);

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.body())
            .contains("\"requestId\":")
            .contains("\"pdp-sidebar\":[{\"adId\":\"ad-17\",\"campaignId\":\"cmp-3\",\"advertiserId\":\"adv-purina\",\"sku\":\"100871\"")
            .contains("\"price\":54.99,\"salePrice\":49.99")
            .contains("\"locationId\":\"S042\",\"locationName\":\"Main St\",\"distanceKm\":0.0,\"units\":7,\"band\":\"in_stock\"")
            .contains("\"message\":\"In stock at Main St — pick up today\"")
            .contains("\"pricing\":{\"model\":\"cpc\",\"clearingPrice\":")
            .contains("\"impression\":\"/v1/e/imp?t=");
    }

    @Test
    void aStockChangeTakesTheAdOutOfTheNextDecision() throws Exception
    {
        // given
        loadRetailer(7);
        fixture.server().segments().put("u-8812", java.util.List.of("pet-owner"), 3600, fixture.nowMillis / 1000);
        assertThat(decide(false).body()).contains("\"adId\":\"ad-17\"");

        // when: down to 2, below the ad's minimum of 3
        stock(2, 2);

        // then
        final String body = decide(true).body();
        assertThat(body).contains("\"pdp-sidebar\":[]");
        assertThat(body).contains("\"reason\":\"out_of_stock\"").contains("S042 has 2");
    }

    @Test
    void eventsCountOnceAndMoveTheLedger() throws Exception
    {
        // given
        loadRetailer(7);
        fixture.server().segments().put("u-8812", java.util.List.of("pet-owner"), 3600, fixture.nowMillis / 1000);
        final String body = decide(false).body();
        final String impression = eventUrl(body, "impression");
        final String click = eventUrl(body, "click");

        // when
        final HttpResponse<String> first = fixture.get(impression);
        final HttpResponse<String> replay = fixture.get(impression);
        final HttpResponse<String> pixel = fixture.send(fixture.request(impression).header("Accept", "image/webp,image/*").build());
        final HttpResponse<String> beacon = fixture.send(fixture.request(eventUrl(body, "viewable"))
            .POST(HttpRequest.BodyPublishers.noBody()).build());
        final HttpResponse<String> clicked = fixture.get(click);

        // then
        assertThat(first.statusCode()).isEqualTo(204);
        assertThat(replay.statusCode()).isEqualTo(204);
        assertThat(pixel.statusCode()).isEqualTo(200);
        assertThat(pixel.headers().firstValue("content-type")).hasValue("image/gif");
        assertThat(beacon.statusCode()).isEqualTo(204);
        assertThat(clicked.statusCode()).isEqualTo(302);
        assertThat(clicked.headers().firstValue("location")).hasValue("https://shop.example.com/p/100871");
        assertThat(fixture.server().ledger().adOrNull("ad-17").impressions()).isEqualTo(1);
        assertThat(fixture.server().ledger().adOrNull("ad-17").clicks()).isEqualTo(1);
        assertThat(fixture.server().ledger().campaignOrNull("cmp-3").spentTotalMicros()).isPositive();
        assertThat(fixture.server().ledger().frequency().impressionsSince("u-8812",
            fixture.server().ledger().adOrNull("ad-17").serial(), 0)).isEqualTo(1);
    }

    @Test
    void tamperedOrExpiredTokensAreForbidden() throws Exception
    {
        // given
        loadRetailer(7);
        fixture.server().segments().put("u-8812", java.util.List.of("pet-owner"), 3600, fixture.nowMillis / 1000);
        final String impression = eventUrl(decide(false).body(), "impression");
        final int at = impression.length() - 10;
        final char flipped = impression.charAt(at) == 'A' ? 'B' : 'A';
        final String tampered = impression.substring(0, at) + flipped + impression.substring(at + 1);

        // when / then
        final HttpResponse<String> bad = fixture.get(tampered);
        assertThat(bad.statusCode()).isEqualTo(403);
        assertThat(bad.body()).contains("\"code\":\"bad_token\"");
        assertThat(fixture.get("/v1/e/imp").statusCode()).isEqualTo(403);

        fixture.nowMillis += TimeUnit.DAYS.toMillis(2);
        final HttpResponse<String> expired = fixture.get(impression);
        assertThat(expired.statusCode()).isEqualTo(403);
        assertThat(expired.body()).contains("\"code\":\"token_expired\"");
        assertThat(fixture.server().ledger().adOrNull("ad-17").impressions()).isZero();
    }

    @Test
    void adminNeedsTheBearerToken() throws Exception
    {
        final HttpResponse<String> none = fixture.get("/v1/admin/campaigns");
        final HttpResponse<String> wrong = fixture.send(fixture.request("/v1/admin/campaigns")
            .header("Authorization", "Bearer nope").build());
        final HttpResponse<String> right = fixture.send(fixture.admin("/v1/admin/campaigns").build());

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("www-authenticate")).isPresent();
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(right.body()).isEqualTo("[]");
    }

    @Test
    void campaignCrudIsVisibleToTheNextDecision() throws Exception
    {
        // given
        loadRetailer(7);
        fixture.server().segments().put("u-8812", java.util.List.of("pet-owner"), 3600, fixture.nowMillis / 1000);
        assertThat(fixture.send(fixture.admin("/v1/admin/campaigns/cmp-3").build()).body()).contains("\"id\":\"cmp-3\"");
        assertThat(decide(false).body()).contains("\"adId\":\"ad-17\"");

        // when
        final HttpResponse<String> paused = fixture.send(fixture.admin("/v1/admin/campaigns/cmp-3")
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(TestRetailer.CAMPAIGN.replace("\"active\"", "\"paused\""))).build());

        // then
        assertThat(paused.statusCode()).isEqualTo(200);
        assertThat(decide(false).body()).contains("\"pdp-sidebar\":[]");

        // when
        final HttpResponse<String> deleted = fixture.send(fixture.admin("/v1/admin/campaigns/cmp-3").DELETE().build());

        // then
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(fixture.send(fixture.admin("/v1/admin/campaigns/cmp-3").build()).statusCode()).isEqualTo(404);
        assertThat(fixture.send(fixture.admin("/v1/admin/campaigns/cmp-3").DELETE().build()).statusCode()).isEqualTo(404);
    }

    @Test
    void badInputGetsTheErrorShapeAndChangesNothing() throws Exception
    {
        loadRetailer(7);

        final HttpResponse<String> count = fixture.post("/v1/decisions", "application/json",
            "{\"placements\": [{\"id\": \"p\", \"slot\": \"s\", \"count\": 21}]}");
        assertThat(count.statusCode()).isEqualTo(400);
        assertThat(count.body()).isEqualTo("{\"error\":{\"status\":400,\"code\":\"invalid_field\"," +
            "\"message\":\"placements[0].count must be 1..20\",\"field\":\"placements[0].count\"}}");

        final HttpResponse<String> twice = fixture.post("/v1/decisions", "application/json",
            "{\"placements\": [{\"id\": \"a\", \"slot\": \"s\"}], \"placements\": [{\"id\": \"b\", \"slot\": \"s\"}]}");
        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(fixture.post("/v1/decisions", "application/json",
            "{\"placements\": [{\"id\": \"a\", \"slot\": \"s\"}]} {\"more\": 1}").statusCode()).isEqualTo(400);

        final HttpResponse<String> malformed = fixture.post("/v1/decisions", "application/json", "{\"placements\": [");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("\"code\":\"invalid_json\"");

        final HttpResponse<String> campaign = fixture.send(fixture.admin("/v1/admin/campaigns/cmp-3")
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(TestRetailer.CAMPAIGN.replace("\"amount\": 0.80", "\"amount\": -1"))).build());
        assertThat(campaign.statusCode()).isEqualTo(400);
        assertThat(campaign.body()).contains("\"field\":\"ads[0].bid.amount\"");
        assertThat(fixture.send(fixture.admin("/v1/admin/campaigns/cmp-3").build()).body()).contains("\"amount\":0.8");

        final HttpResponse<String> mismatch = fixture.send(fixture.admin("/v1/admin/campaigns/other")
            .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(TestRetailer.CAMPAIGN)).build());
        assertThat(mismatch.statusCode()).isEqualTo(400);

        final HttpResponse<String> changes = fixture.post("/v1/inventory/changes", "application/x-ndjson",
            "{\"source\": \"pos\", \"seq\": 9, \"sku\": \"100871\", \"location\": \"S042\", \"onHand\": 1}\n{\"nope\": 1}\n");
        assertThat(changes.statusCode()).isEqualTo(202);
        assertThat(changes.body()).contains("\"accepted\":1").contains("\"line\":2");
    }

    @Test
    void transportErrorsUseTheDocumentedStatuses() throws Exception
    {
        final HttpResponse<String> notFound = fixture.get("/v1/nothing");
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(notFound.body()).contains("\"status\":404");

        final HttpResponse<String> method = fixture.get("/v1/decisions");
        assertThat(method.statusCode()).isEqualTo(405);
        assertThat(method.headers().firstValue("allow")).hasValue("POST, OPTIONS");

        final HttpResponse<String> type = fixture.post("/v1/decisions", "text/plain", "{}");
        assertThat(type.statusCode()).isEqualTo(415);
        assertThat(type.body()).contains("\"code\":\"unsupported_media_type\"");

        final HttpResponse<String> large = fixture.post("/v1/decisions", "application/json", "x".repeat(70_000));
        assertThat(large.statusCode()).isEqualTo(413);
        assertThat(large.body()).contains("\"status\":413");
    }

    @Test
    void decisionsAnswerCorsPreflightButAdminDoesNot() throws Exception
    {
        final HttpResponse<String> preflight = fixture.send(fixture.request("/v1/decisions")
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .header("Origin", "https://shop.example.com")
            .header("Access-Control-Request-Method", "POST").build());
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("access-control-allow-origin")).hasValue("*");
        assertThat(preflight.headers().firstValue("access-control-allow-methods")).isPresent();

        final HttpResponse<String> decision = fixture.send(fixture.request("/v1/decisions")
            .header("Origin", "https://shop.example.com").header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(TestRetailer.DECISION.formatted(false))).build());
        assertThat(decision.headers().firstValue("access-control-allow-origin")).hasValue("*");

        final HttpResponse<String> admin = fixture.send(fixture.request("/v1/admin/campaigns")
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://shop.example.com").build());
        assertThat(admin.statusCode()).isEqualTo(405);
        assertThat(admin.headers().firstValue("access-control-allow-origin")).isEmpty();
    }

    @Test
    void snapshotReplacesALocationsStockAllOrNothing() throws Exception
    {
        // given
        loadRetailer(7);

        // when: a malformed file
        final HttpResponse<String> bad = fixture.send(fixture.request("/v1/inventory/snapshot/S042")
            .header("Content-Type", "text/csv")
            .PUT(HttpRequest.BodyPublishers.ofString("store_code,id,quantity\nS042,200001,5\nS042,100871,lots\n")).build());

        // then
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("line 3");
        assertThat(fixture.get("/v1/inventory/S042/100871").body()).contains("\"onHand\":7");

        // when: a good one that no longer lists 100871
        final HttpResponse<String> good = fixture.send(fixture.request("/v1/inventory/snapshot/S042")
            .header("Content-Type", "text/csv")
            .PUT(HttpRequest.BodyPublishers.ofString("store_code,id,quantity\nS042,200001,5\n")).build());

        // then
        assertThat(good.statusCode()).isEqualTo(200);
        assertThat(good.body()).isEqualTo("{\"applied\":1,\"removed\":1}");
        assertThat(fixture.get("/v1/inventory/S042/100871").body()).contains("\"available\":0");
        assertThat(fixture.get("/v1/inventory/S042/200001").body()).contains("\"onHand\":5");
        assertThat(fixture.get("/v1/inventory/S042/999").statusCode()).isEqualTo(404);
        assertThat(fixture.send(fixture.request("/v1/inventory/snapshot/NOPE").header("Content-Type", "text/csv")
            .PUT(HttpRequest.BodyPublishers.ofString("store_code,id,quantity\n")).build()).statusCode()).isEqualTo(404);
    }

    @Test
    void segmentsAndCommerceEventsAreAccepted() throws Exception
    {
        final HttpResponse<String> segments = fixture.post("/v1/segments", "application/x-ndjson",
            "{\"userKey\": \"u-1\", \"segments\": [\"pet-owner\"], \"ttlSeconds\": 3600}\n{\"userKey\": 5}\n");
        assertThat(segments.statusCode()).isEqualTo(202);
        assertThat(segments.body()).contains("\"accepted\":1").contains("\"line\":2");

        final String events = """
            {"events": [
              {"type": "add_to_cart", "userKey": "u-8812", "sku": "100871", "ts": 1763900000000, "channel": "web"},
              {"type": "purchase", "userKey": "u-8812", "orderId": "o-551", "channel": "store", "locationId": "S042",
               "items": [{"sku": "100871", "quantity": 2, "unitPrice": 49.99}], "ts": 1763900100000}
            ]}""";
        assertThat(fixture.post("/v1/events", "application/json", events).body()).contains("\"accepted\":2");
        assertThat(fixture.post("/v1/events", "application/json", events).body()).contains("\"duplicates\":1");
        assertThat(fixture.server().commerceCounters().revenueCents()).containsEntry("store", 9998L);

        final HttpResponse<String> huge = fixture.post("/v1/events", "application/json",
            "{\"events\": [{\"type\": \"purchase\", \"orderId\": \"o-2\", \"items\": [{\"sku\": \"1\", \"unitPrice\": 1e10000000}]}]}");
        assertThat(huge.statusCode()).isEqualTo(400);
        assertThat(huge.body()).contains("\"field\":\"events[0].items[0].unitPrice\"");
        final HttpResponse<String> outOfRange = fixture.post("/v1/events", "application/json",
            "{\"events\": [{\"type\": \"add_to_cart\", \"sku\": \"1\", \"ts\": 99999999999999999999}]}");
        assertThat(outOfRange.statusCode()).isEqualTo(400);

        final HttpResponse<String> bad = fixture.post("/v1/events", "application/json",
            "{\"events\": [{\"type\": \"purchase\", \"orderId\": \"o-1\", \"items\": [{\"sku\": \"1\", \"quantity\": 0, \"unitPrice\": 1}]}]}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("\"field\":\"events[0].items[0].quantity\"");
    }

    @Test
    void metricsExportDecisionLatencyBucketsAndCounts() throws Exception
    {
        loadRetailer(7);
        decide(false);

        final HttpResponse<String> metrics = fixture.get("/metrics");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
            .contains("endcap_decision_latency_seconds_bucket{le=\"2.5E-4\"}")
            .contains("endcap_decision_placements_total{outcome=")
            .contains("endcap_inventory_changes_total{result=\"applied\"}")
            .contains("endcap_http_responses_total{status=\"200\"}")
            .contains("jvm_gc_")
            .doesNotContain("100871")
            .doesNotContain("u-8812");
    }
}
