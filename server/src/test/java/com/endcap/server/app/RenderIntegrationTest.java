package com.endcap.server.app;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /v1/render}: whole HTML documents of cards, escaped, and the rotation a refreshing
 * in-store screen gets by excluding what it showed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RenderIntegrationTest
{
    @TempDir
    Path dir;

    private ServerFixture fixture;

    @BeforeEach
    void start() throws Exception
    {
        fixture = new ServerFixture(dir.resolve("data"), null, null);
        put("/v1/admin/locations", "application/json", TestRetailer.LOCATIONS);
        put("/v1/admin/catalog", "application/x-ndjson", """
            {"sku": "a1", "title": "Apples & <pears>", "price": 3.00, "category": "grocery/fruit", "url": "https://shop.example.com/a1"}
            {"sku": "a2", "title": "Bananas", "price": 2.00, "category": "grocery/fruit", "url": "https://shop.example.com/a2"}
            {"sku": "a3", "title": "Cherries", "price": 1.00, "category": "grocery/fruit", "url": "https://shop.example.com/a3"}
            """);
        put("/v1/admin/campaigns/cmp-fruit", "application/json", """
            {"id": "cmp-fruit", "advertiserId": "adv-fruit",
             "ads": [{"id": "ad-fruit", "slots": ["instore_screen"], "products": {"skus": ["a1", "a2", "a3"]},
                      "fulfilment": "pickup", "bid": {"model": "cpm", "amount": 4}}]}
            """);
        final StringBuilder stock = new StringBuilder();
        int seq = 1;
        for (final String sku : List.of("a1", "a2", "a3"))
        {
            stock.append("{\"source\": \"pos\", \"seq\": ").append(seq++).append(", \"sku\": \"").append(sku)
                .append("\", \"location\": \"S042\", \"onHand\": 20}\n");
        }
        assertThat(fixture.post("/v1/inventory/changes", "application/x-ndjson", stock.toString()).statusCode()).isEqualTo(202);
    }

    @AfterEach
    void stop()
    {
        fixture.close();
    }

    private void put(final String path, final String type, final String body) throws Exception
    {
        assertThat(fixture.send(fixture.admin(path).header("Content-Type", type).PUT(HttpRequest.BodyPublishers.ofString(body))
            .build()).statusCode()).isBetween(200, 201);
    }

    private static String shownSku(final String html)
    {
        final Matcher matcher = Pattern.compile("data-sku=\"([^\"]+)\"").matcher(html);
        assertThat(matcher.find()).as(html).isTrue();
        return matcher.group(1);
    }

    @Test
    void rendersAWholeDocumentOfEscapedCards() throws Exception
    {
        // when
        final HttpResponse<String> response = fixture.get("/v1/render?slot=instore_screen&storeId=S042&channel=instore_screen");

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(response.body())
            .startsWith("<!doctype html>")
            .contains("class=\"ec-screen\"")
            .contains("Apples &amp; &lt;pears&gt;")
            .doesNotContain("<pears>")
            .contains("In stock at Main St — pick up today")
            .contains("<span class=\"ec-sponsored\">Sponsored</span>")
            .contains("/v1/e/imp?t=");
    }

    @Test
    void aRefreshingScreenRotatesThroughEveryProductThenStartsOver() throws Exception
    {
        // given
        String url = "/v1/render?slot=instore_screen&storeId=S042&channel=instore_screen&refresh=8";
        final List<String> shown = new ArrayList<>();

        // when: follow the page's own refresh URL four times
        for (int i = 0; i < 4; i++)
        {
            final String html = fixture.get(url).body();
            shown.add(shownSku(html));
            final Matcher refresh = Pattern.compile("content=\"8;url=([^\"]+)\"").matcher(html);
            assertThat(refresh.find()).isTrue();
            url = refresh.group(1).replace("&amp;", "&");
        }

        // then: the priciest first, every product once, then the cycle again
        assertThat(shown).containsExactly("a1", "a2", "a3", "a1");
    }

    @Test
    void badQueriesAre400() throws Exception
    {
        assertThat(fixture.get("/v1/render").statusCode()).isEqualTo(400);
        assertThat(fixture.get("/v1/render?slot=x&count=0").body()).contains("\"field\":\"count\"");
        assertThat(fixture.get("/v1/render?slot=x&lat=100&lon=0").body()).contains("\"field\":\"lat\"");
        assertThat(fixture.get("/v1/render?slot=x&channel=tv").body()).contains("\"field\":\"channel\"");
    }
}
