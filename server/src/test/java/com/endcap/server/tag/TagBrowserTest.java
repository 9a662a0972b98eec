package com.endcap.server.tag;

import com.endcap.server.app.ServerFixture;
import com.endcap.server.events.CampaignCounters;
import io.micrometer.core.instrument.Counter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The publisher tag in a real headless Chromium: publisher pages on their own origin load
 * {@code /tag.js} from a real Endcap server on another port. Each test uses its own slot type and
 * campaign, so counts do not mix.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TagBrowserTest
{
    private static final String LOCATIONS = """
        [{"id": "S042", "type": "store", "name": "Main St", "lat": 40.7411, "lon": -73.9897, "timezone": "America/New_York", "region": "NY"},
         {"id": "DC-EAST", "type": "warehouse", "name": "East DC", "regions": ["NY", "NJ"], "shipDays": 2}]
        """;

    @TempDir
    static Path dir;

    private ServerFixture endcap;
    private PublisherSite site;
    private Browser browser;
    private ChromeDriver driver;

    @BeforeAll
    void start() throws Exception
    {
        endcap = new ServerFixture(dir.resolve("data"), null, null);
        site = new PublisherSite();
        site.page("/p/100871", "<!doctype html><title>Kibble product page</title><h1>Kibble 12 lb</h1>");
        final String catalog = String.join("\n",
            product("100871", "Kibble 12 lb", 54.99, "pet/dog-food"),
            product("100872", "Kibble 6 lb", 29.99, "pet/dog-food"),
            product("300001", "Espresso beans 1 kg", 24.99, "grocery/coffee"),
            product("300002", "Ground coffee 500 g", 9.99, "grocery/coffee")) + "\n";
        admin("/v1/admin/locations", "application/json", LOCATIONS);
        admin("/v1/admin/catalog", "application/x-ndjson", catalog);
        for (final String slot : List.of("card", "lazy_top", "lazy_far", "view", "click", "spa", "css", "cart", "closed", "render"))
        {
            campaign("cmp-" + slot, slot, "[\"100871\"]", null);
        }
        campaign("cmp-consent", "consent", "[\"100871\"]", "pet-owner");
        campaign("cmp-stock", "stock", "[\"300001\", \"300002\"]", null);
        stock(1, "100871", 3);
        stock(2, "100872", 40);
        stock(3, "300001", 12);
        stock(4, "300002", 12);
        endcap.server().segments().put("u-8812", List.of("pet-owner"), 3600, System.currentTimeMillis() / 1000);
        browser = new Browser();
        driver = browser.driver();
    }

    @AfterAll
    void stop()
    {
        if (null != browser)
        {
            browser.close();
        }
        if (null != site)
        {
            site.close();
        }
        if (null != endcap)
        {
            endcap.close();
        }
    }

    private String product(final String sku, final String title, final double price, final String category)
    {
        return "{\"sku\": \"" + sku + "\", \"title\": \"" + title + "\", \"price\": " + price + ", \"currency\": \"USD\", " +
            "\"category\": \"" + category + "\", \"imageUrl\": \"/img/" + sku + ".svg\", \"url\": \"" + site.origin() + "/p/" + sku + "\"}";
    }

    private void admin(final String path, final String type, final String body) throws Exception
    {
        final var response = endcap.send(endcap.admin(path).header("Content-Type", type)
            .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isBetween(200, 201);
    }

    private void campaign(final String id, final String slot, final String skus, final String segments) throws Exception
    {
        admin("/v1/admin/campaigns/" + id, "application/json", """
            {"id": "%s", "advertiserId": "adv-%s",
             "ads": [{"id": "ad-%s", "slots": ["%s"], %s "products": {"skus": %s}, "fulfilment": "pickup",
                      "bid": {"model": "cpm", "amount": 5.0},
                      "creative": {"template": "product_card", "headline": "Near you", "cta": "Add to cart"}}]}
            """.formatted(id, id, id, slot, null == segments ? "" : "\"targeting\": {\"segments\": \"" + segments + "\"},",
            skus));
    }

    private void stock(final long seq, final String sku, final int units) throws Exception
    {
        final var response = endcap.post("/v1/inventory/changes", "application/x-ndjson",
            "{\"source\": \"pos\", \"seq\": " + seq + ", \"sku\": \"" + sku + "\", \"location\": \"S042\", \"onHand\": " + units + "}\n");
        assertThat(response.statusCode()).isEqualTo(202);
    }

    /** A publisher page on the site's origin with the given body and setup, loading the tag from Endcap. */
    private String page(final String path, final String head, final String body, final String setup)
    {
        return site.page(path, """
            <!doctype html><html><head><meta charset="utf-8"><title>Publisher</title>%s</head><body>
            <h1>A publisher page</h1>
            %s
            <script>
              window.endcap = window.endcap || {cmd: []};
              endcap.cmd.push(function () {
                endcap.setContext({storeId: 'S042', pageType: 'product', category: 'pet/dog-food', userKey: 'u-8812'});
              });
              %s
            </script>
            <script async src="%s/tag.js"></script>
            </body></html>
            """.formatted(head, body, setup, endcap.uri("").toString()));
    }

    private String stateOf(final String slotId)
    {
        return driver.findElement(By.id(slotId)).getAttribute("data-endcap-state");
    }

    private void awaitState(final String slotId)
    {
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> null != stateOf(slotId));
    }

    private Object js(final String script, final Object... args)
    {
        return ((JavascriptExecutor)driver).executeScript(script, args);
    }

    private long count(final String campaign, final int kind)
    {
        return endcap.server().campaignCounters().count(campaign, kind);
    }

    private double replayedImpressions()
    {
        final Counter counter = endcap.server().metrics().registry().find("endcap.events")
            .tags("type", "impression", "result", "replayed").counter();
        return null == counter ? 0 : counter.count();
    }

    @Test
    void theCardRendersWithTheAvailabilityLineAndASponsoredLabel()
    {
        // given
        driver.get(page("/card", "", "<div id=\"s1\" data-endcap-slot=\"card\" data-endcap-shadow=\"open\"></div>", ""));

        // when
        awaitState("s1");

        // then
        assertThat(stateOf("s1")).isEqualTo("filled");
        assertThat(js("return document.getElementById('s1').shadowRoot.querySelector('.ec-availability').textContent"))
            .isEqualTo("Only 3 left at Main St — pick up today");
        assertThat(js("return document.getElementById('s1').shadowRoot.querySelector('.ec-sponsored').textContent"))
            .isEqualTo("Sponsored");
        assertThat(js("return document.getElementById('s1').shadowRoot.querySelector('.ec-title').textContent"))
            .isEqualTo("Kibble 12 lb");
        assertThat((String)js("return document.getElementById('s1').shadowRoot.querySelector('.ec-price').textContent"))
            .contains("54.99");
        await().atMost(10, TimeUnit.SECONDS).until(() -> count("cmp-card", CampaignCounters.IMPRESSIONS) == 1);
    }

    @Test
    void cardsRenderInAClosedShadowRootByDefault()
    {
        // given
        driver.get(page("/closed", "", "<div id=\"s1\" data-endcap-slot=\"closed\"></div>", ""));

        // when
        awaitState("s1");

        // then: filled, yet the page's scripts cannot reach into it
        assertThat(stateOf("s1")).isEqualTo("filled");
        assertThat(js("return document.getElementById('s1').shadowRoot")).isNull();
        assertThat(driver.findElement(By.id("s1")).getAttribute("data-endcap-skus")).isEqualTo("100871");
    }

    @Test
    void aSlotFarBelowTheFoldIsRequestedOnlyWhenItComesNear()
    {
        // given
        driver.get(page("/lazy", "", """
            <div id="top" data-endcap-slot="lazy_top"></div>
            <div style="height: 3000px"></div>
            <div id="far" data-endcap-slot="lazy_far"></div>
            """, ""));
        awaitState("top");

        // then: the far slot was not requested
        assertThat(js("return endcap.slots().filter(function (s) { return s.id === 'far'; })[0].requested")).isEqualTo(false);
        assertThat(count("cmp-lazy_far", CampaignCounters.IMPRESSIONS)).isZero();

        // when
        js("document.getElementById('far').scrollIntoView()");

        // then
        awaitState("far");
        assertThat(stateOf("far")).isEqualTo("filled");
        await().atMost(10, TimeUnit.SECONDS).until(() -> count("cmp-lazy_far", CampaignCounters.IMPRESSIONS) == 1);
    }

    @Test
    void viewableFiresOnlyAfterOneSecondAtHalfInView()
    {
        // given: rendered just below the fold (inside the lazy margin), so never in view yet
        driver.get(page("/view", "", """
            <div style="height: 1000px"></div>
            <div id="v" data-endcap-slot="view"></div>
            <div style="height: 2000px"></div>
            """, ""));
        awaitState("v");
        await().atMost(10, TimeUnit.SECONDS).until(() -> count("cmp-view", CampaignCounters.IMPRESSIONS) == 1);
        final long outOfView = System.nanoTime();
        await().pollDelay(Duration.ofMillis(1500)).atMost(5, TimeUnit.SECONDS).until(() -> true);
        assertThat(count("cmp-view", CampaignCounters.VIEWABLE)).as("not viewable while out of view").isZero();
        assertThat(System.nanoTime() - outOfView).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(1500));

        // when
        final long scrolled = System.nanoTime();
        js("document.getElementById('v').scrollIntoView({block: 'center'})");

        // then: counted, and never sooner than a second after it came into view
        await().atMost(10, TimeUnit.SECONDS).until(() -> count("cmp-view", CampaignCounters.VIEWABLE) == 1);
        assertThat(System.nanoTime() - scrolled).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(1000));
    }

    @Test
    void aClickGoesThroughTheSignedRedirectToTheProductPage()
    {
        // given
        driver.get(page("/click", "", "<div id=\"c\" data-endcap-slot=\"click\" data-endcap-shadow=\"open\"></div>", ""));
        awaitState("c");

        // when
        js("document.getElementById('c').shadowRoot.querySelector('.ec-link').click()");

        // then
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().endsWith("/p/100871"));
        assertThat(driver.getTitle()).isEqualTo("Kibble product page");
        await().atMost(10, TimeUnit.SECONDS).until(() -> count("cmp-click", CampaignCounters.CLICKS) == 1);
    }

    @Test
    void addToCartGoesToThePublishersCartHookAndIsRecorded()
    {
        // given
        driver.get(page("/cart", "", "<div id=\"k\" data-endcap-slot=\"cart\" data-endcap-shadow=\"open\"></div>", """
            window.cart = [];
            endcap.cmd.push(function () { endcap.onAddToCart(function (item) { window.cart.push(item); }); });
            """));
        awaitState("k");
        final Map<String, Long> before = endcap.server().commerceCounters().addToCarts();

        // when
        js("document.getElementById('k').shadowRoot.querySelector('.ec-cta').click()");

        // then
        assertThat(js("return JSON.stringify(window.cart)"))
            .isEqualTo("[{\"sku\":\"100871\",\"quantity\":1,\"locationId\":\"S042\",\"fulfilment\":\"pickup\"}]");
        assertThat(driver.getCurrentUrl()).endsWith("/cart");
        await().atMost(10, TimeUnit.SECONDS).until(() ->
            endcap.server().commerceCounters().addToCarts().getOrDefault("web", 0L) == before.getOrDefault("web", 0L) + 1);
    }

    @Test
    void withoutPersonalisationConsentTheAdsAreNotPersonalised()
    {
        // given: the audience ad needs the shopper's stored segment 'pet-owner'
        final String slot = "<div id=\"a\" data-endcap-slot=\"consent\"></div>";
        final String tcf = """
            <script>
              window.__tcfapi = function (command, version, callback) {
                setTimeout(function () {
                  callback({eventStatus: 'tcloaded', gdprApplies: true, tcString: 'x',
                            purpose: {consents: {1: true, 4: %s}}}, true);
                }, 50);
              };
            </script>""";

        // when / then: consent given
        driver.get(page("/consent-yes", tcf.formatted("true"), slot, ""));
        awaitState("a");
        assertThat(stateOf("a")).isEqualTo("filled");

        // when / then: personalised ads refused
        driver.get(page("/consent-no", tcf.formatted("false"), slot, ""));
        awaitState("a");
        assertThat(stateOf("a")).isEqualTo("empty");
        assertThat(driver.findElement(By.id("a")).isDisplayed()).isFalse();

        // when / then: a CMP that never answers counts as no consent
        driver.get(page("/consent-silent", "<script>window.__tcfapi = function () {};</script>", slot, ""));
        awaitState("a");
        assertThat(stateOf("a")).isEqualTo("empty");
    }

    @Test
    void refreshingASinglePageAppNeverDuplicatesBeacons()
    {
        // given
        final double replayed = replayedImpressions();
        driver.get(page("/spa", "", "<div id=\"p\" data-endcap-slot=\"spa\"></div>", ""));
        awaitState("p");
        await().atMost(10, TimeUnit.SECONDS).until(() -> count("cmp-spa", CampaignCounters.IMPRESSIONS) == 1);

        // when: three route changes
        for (int i = 0; i < 3; i++)
        {
            js("endcap.refresh(['p'])");
        }

        // then: one impression per decision rendered, no beacon sent twice
        await().atMost(10, TimeUnit.SECONDS).until(() -> count("cmp-spa", CampaignCounters.IMPRESSIONS) >= 2);
        await().pollDelay(Duration.ofMillis(500)).atMost(10, TimeUnit.SECONDS).until(() -> true);
        assertThat(count("cmp-spa", CampaignCounters.IMPRESSIONS)).isBetween(2L, 4L);
        assertThat(replayedImpressions()).isEqualTo(replayed);
    }

    @Test
    void aSkuSoldOutShowsAnotherProductOnTheNextRefresh() throws Exception
    {
        // given: the pricier espresso shows first
        driver.get(page("/stock", "", "<div id=\"t\" data-endcap-slot=\"stock\"></div>", ""));
        awaitState("t");
        assertThat(driver.findElement(By.id("t")).getAttribute("data-endcap-skus")).isEqualTo("300001");

        // when
        stock(10, "300001", 0);
        js("endcap.refresh()");

        // then
        new WebDriverWait(driver, Duration.ofSeconds(10))
            .until(d -> "300002".equals(d.findElement(By.id("t")).getAttribute("data-endcap-skus")));
    }

    @Test
    void anIframeOfRenderedCardsShowsTheCardAndCountsItsImpression()
    {
        // given: an iframe-only placement on the publisher's page
        driver.get(site.page("/iframe", "<!doctype html><title>Iframe placement</title>" +
            "<iframe id=\"f\" width=\"300\" height=\"420\" src=\"" + endcap.uri("/v1/render?slot=render&storeId=S042").toString() +
            "\"></iframe>"));

        // when
        driver.switchTo().frame("f");
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector(".ec-card")).isEmpty());

        // then
        assertThat(driver.findElement(By.cssSelector(".ec-availability")).getText()).isEqualTo("Only 3 left at Main St — pick up today");
        assertThat(driver.findElement(By.cssSelector(".ec-sponsored")).getText()).isEqualTo("Sponsored");
        driver.switchTo().defaultContent();
        await().atMost(10, TimeUnit.SECONDS).until(() -> count("cmp-render", CampaignCounters.IMPRESSIONS) == 1);
    }

    @Test
    void publisherCssDoesNotLeakIntoTheCard()
    {
        // given: hostile page styles
        final String css = """
            <style>
              * { color: rgb(255, 0, 0) !important; font-size: 40px !important; }
              .ec-card, .ec-cta, img { display: none !important; }
              div { border: 9px solid rgb(0, 255, 0) !important; }
            </style>""";
        driver.get(page("/css", css, "<div id=\"x\" data-endcap-slot=\"css\" data-endcap-shadow=\"open\"></div>", ""));

        // when
        awaitState("x");

        // then
        final String card = "document.getElementById('x').shadowRoot.querySelector('.ec-card')";
        assertThat(js("return getComputedStyle(" + card + ").display")).isEqualTo("flex");
        assertThat(js("return getComputedStyle(" + card + ").borderTopWidth")).isEqualTo("1px");
        assertThat(js("return getComputedStyle(document.getElementById('x').shadowRoot.querySelector('.ec-title')).color"))
            .isEqualTo("rgb(29, 29, 31)");
        assertThat(js("return getComputedStyle(document.getElementById('x').shadowRoot.querySelector('.ec-cta')).display"))
            .isNotEqualTo("none");
    }
}
