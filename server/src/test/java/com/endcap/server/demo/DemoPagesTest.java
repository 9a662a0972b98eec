package com.endcap.server.demo;

import com.endcap.server.config.ServerConfig;
import org.agrona.concurrent.SystemEpochClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo storefront over HTTP: the real demo server (the {@code demo} command on the generated
 * retailer, churn off) serves every page with its slot, the tag and the store picker, escapes
 * what it inserts, and answers unknown products and stores with 404 pages.
 */
@Timeout(60)
class DemoPagesTest
{
    private static final Pattern STORE_PICKER = Pattern.compile("<select id=\"demo-store\"[^>]*>(.*?)</select>");
    private static final String TAG = "<script async src=\"/tag.js\"></script>";
    private static final DemoRetailer RETAILER = DemoRetailer.standard();

    @TempDir
    static Path dir;

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final ByteArrayOutputStream OUT = new ByteArrayOutputStream();
    private static final CountDownLatch STOP = new CountDownLatch(1);
    private static final AtomicReference<Throwable> FAILURE = new AtomicReference<>();
    private static Thread runner;
    private static int port;

    @BeforeAll
    static void startTheDemo()
    {
        final ServerConfig config = ServerConfig.load(null, Map.of(
            "ENDCAP_DATA_DIR", dir.resolve("demo").toString(), "ENDCAP_PORT", "0", "ENDCAP_DEMO_CHURN", "0"), dir);
        final DemoCommand demo = new DemoCommand(
            config, new PrintStream(OUT, true, StandardCharsets.UTF_8), Duration.ofMillis(100), SystemEpochClock.INSTANCE, 7);
        runner = new Thread(() ->
        {
            try
            {
                demo.run(STOP);
            }
            catch (final Throwable ex)
            {
                FAILURE.set(ex);
            }
        }, "demo-pages-test");
        runner.start();
        await().atMost(Duration.ofSeconds(45))
            .until(() -> null != FAILURE.get() || OUT.toString(StandardCharsets.UTF_8).contains("  changes applied "));
        assertThat(FAILURE.get()).isNull();
        port = demo.server().port();
    }

    @AfterAll
    static void stopTheDemo() throws InterruptedException
    {
        STOP.countDown();
        runner.join();
        assertThat(FAILURE.get()).isNull();
    }

    @Test
    void theProductPageShowsAdsInARealBrowserAndLeavesAScreenshot() throws Exception
    {
        // given: a dog food product page at the shopper's store
        final String sku = RETAILER.products().stream().filter(p -> p.category().equals("pet/dog-food")).findFirst()
            .orElseThrow().sku();
        try (com.endcap.server.tag.Browser browser = new com.endcap.server.tag.Browser())
        {
            final org.openqa.selenium.chrome.ChromeDriver driver = browser.driver();

            // when
            driver.get("http://127.0.0.1:" + port + "/demo/product/" + sku + "?user=u-1");
            new org.openqa.selenium.support.ui.WebDriverWait(driver, Duration.ofSeconds(20)).until(d ->
                null != d.findElement(org.openqa.selenium.By.cssSelector("[data-endcap-slot=product_sidebar]"))
                    .getAttribute("data-endcap-state"));

            // and the home page's carousel fills too
            driver.get("http://127.0.0.1:" + port + "/demo/?user=u-2");
            new org.openqa.selenium.support.ui.WebDriverWait(driver, Duration.ofSeconds(20)).until(d ->
                null != d.findElement(org.openqa.selenium.By.cssSelector("[data-endcap-slot=home_carousel]"))
                    .getAttribute("data-endcap-state"));
            assertThat(driver.findElement(org.openqa.selenium.By.cssSelector("[data-endcap-slot=home_carousel]"))
                .getAttribute("data-endcap-state")).isEqualTo("filled");
            driver.get("http://127.0.0.1:" + port + "/demo/product/" + sku + "?user=u-1");
            new org.openqa.selenium.support.ui.WebDriverWait(driver, Duration.ofSeconds(20)).until(d ->
                null != d.findElement(org.openqa.selenium.By.cssSelector("[data-endcap-slot=product_sidebar]"))
                    .getAttribute("data-endcap-state"));

            // then: the sidebar filled, and the page is kept as a test artefact
            assertThat(driver.findElement(org.openqa.selenium.By.cssSelector("[data-endcap-slot=product_sidebar]"))
                .getAttribute("data-endcap-state")).isEqualTo("filled");
            final byte[] png = driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
            final Path screenshots = Path.of("target", "screenshots");
            java.nio.file.Files.createDirectories(screenshots);
            java.nio.file.Files.write(screenshots.resolve("demo-product.png"), png);
            assertThat(png.length).isGreaterThan(10_000);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "/demo/, home_carousel, home",
        "/demo/product/100002, product_sidebar, product",
        "/demo/cart, cart_crosssell, cart",
        "/demo/cart?skus=100003%2C100004, cart_crosssell, cart",
        "/demo/order, order_confirmation, order_confirmation",
        "/demo/order?skus=100005, order_confirmation, order_confirmation"})
    void servesEveryStorefrontPageWithItsSlotTheTagAndTwentyStores(final String path, final String slot, final String pageType)
        throws Exception
    {
        // when
        final HttpResponse<String> page = get(path);

        // then
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body())
            .startsWith("<!doctype html>")
            .contains("<div data-endcap-slot=\"" + slot + "\" data-endcap-count=\"")
            .contains("window.endcap = window.endcap || {cmd: []};")
            .contains("endcap.setContext({storeId: EndcapDemo.store(), userKey: EndcapDemo.user(), pageType: \"" + pageType + "\"")
            .contains(TAG)
            .contains("Endcap Market")
            .doesNotContain("http://", "https://");
        assertThat(storeOptions(page.body())).hasSize(20).contains("S001", "S020");
    }

    @Test
    void homeExplainsWhatYouSeeAndLinksEveryPage() throws Exception
    {
        // when
        final String home = get("/demo/").body();

        // then
        assertThat(home)
            .contains("What you are seeing")
            .contains("in stock at the store you picked")
            .contains("sells items out while you watch")
            .contains("href=\"/demo/product/")
            .contains("href=\"/demo/cart\"")
            .contains("href=\"/demo/order\"")
            .contains("href=\"/demo/screen/S001\"")
            .contains("href=\"/metrics\"")
            .contains("endcap.onAddToCart(function (item) { EndcapDemo.addToCart(item); });");
    }

    @Test
    void productPageShowsTheProductAndItsContext() throws Exception
    {
        // given
        final DemoRetailer.Product product = RETAILER.products().get(1);

        // when
        final String page = get("/demo/product/" + product.sku()).body();

        // then
        assertThat(page)
            .contains("<h1 class=\"product-title\">" + com.endcap.server.http.Html.escape(product.title()) + "</h1>")
            .contains("src=\"/demo/img/" + product.sku() + ".svg\"")
            .contains("id=\"demo-stock\" data-sku=\"" + product.sku() + "\"")
            .contains("category: \"" + product.category() + "\"")
            .contains("keywords: [")
            .contains("endcap.onAddToCart(");
        assertThat(get("/v1/inventory/S001/" + product.sku()).body()).contains("\"available\":");
    }

    @ParameterizedTest
    @ValueSource(strings = {"&", "'"})
    void productPageEscapesTheTitle(final String special) throws Exception
    {
        // given
        final DemoRetailer.Product product = RETAILER.products().stream()
            .filter(p -> p.title().contains(special)).findFirst().orElseThrow();

        // when
        final String page = get("/demo/product/" + product.sku()).body();

        // then
        assertThat(page)
            .contains("<title>" + com.endcap.server.http.Html.escape(product.title()) + " · Endcap Market</title>")
            .contains("<h1 class=\"product-title\">" + com.endcap.server.http.Html.escape(product.title()) + "</h1>")
            .doesNotContain(product.title());
    }

    @Test
    void cartAndOrderTakeTheirSkusFromTheQueryAndDropUnknownOnes() throws Exception
    {
        // given
        final String known = RETAILER.products().get(7).sku();

        // when
        final String cart = get("/demo/cart?skus=" + known + ",nope,%3Cb%3E").body();
        final String order = get("/demo/order?skus=" + known).body();
        final String sample = get("/demo/cart").body();

        // then
        assertThat(cart)
            .contains("cartSkus: [\"" + known + "\"]")
            .contains("href=\"/demo/order?skus=" + known + "\"")
            .doesNotContain("nope", "<b>", "&lt;b&gt;");
        assertThat(order).contains("orderSkus: [\"" + known + "\"]").contains("Your order is confirmed");
        assertThat(sample).contains("A sample cart").containsPattern("cartSkus: \\[\"\\d+\", \"\\d+\"\\]");
    }

    @Test
    void showsTheActivePersona() throws Exception
    {
        // when
        final String byDefault = get("/demo/").body();
        final String chosen = get("/demo/cart?user=u-3").body();

        // then
        assertThat(byDefault).contains("<option value=\"u-1\" selected>u-1 &middot; gold member, pet owner");
        assertThat(chosen).contains("<option value=\"u-3\" selected>u-3 &middot; silver member, new parent")
            .doesNotContain("<option value=\"u-1\" selected>");
    }

    @Test
    void screenIsBoundToItsStoreAndShowsTheRenderedCards() throws Exception
    {
        // when
        final HttpResponse<String> screen = get("/demo/screen/S003");
        final HttpResponse<String> cards = get(
            "/v1/render?slot=instore_screen&count=3&channel=instore_screen&storeId=S003&refresh=8");

        // then
        assertThat(screen.statusCode()).isEqualTo(200);
        assertThat(screen.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(screen.body())
            .contains("<iframe class=\"screen-ads\" id=\"demo-screen-ads\" title=\"In-store offers\" " +
                "src=\"/v1/render?slot=instore_screen&amp;count=3&amp;channel=instore_screen&amp;storeId=S003&amp;refresh=8\">")
            .contains("Park Slope")
            .contains("id=\"demo-clock\"")
            .contains("data-timezone=\"America/New_York\"");
        assertThat(cards.statusCode()).isEqualTo(200);
        assertThat(cards.body()).contains("<meta http-equiv=\"refresh\" content=\"8;url=/v1/render?slot=instore_screen&amp;count=3")
            .contains("excludeSkus=").contains("class=\"ec-screen\"");
    }

    @ParameterizedTest
    @CsvSource({
        "/demo/product/999999, product 999999",
        "/demo/product/%3Cb%3Ex, product &lt;b&gt;x",
        "/demo/screen/S999, store S999",
        "/demo/screen/s001, store s001"})
    void unknownProductOrStoreIsANotFoundPage(final String path, final String named) throws Exception
    {
        // when
        final HttpResponse<String> page = get(path);

        // then
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("Not found").contains(named).doesNotContain("<b>").doesNotContain(TAG);
    }

    @ParameterizedTest
    @CsvSource({"/demo, /demo/", "/demo?user=u-2, /demo/?user=u-2"})
    void demoWithoutItsSlashRedirects(final String path, final String location) throws Exception
    {
        // when
        final HttpResponse<String> redirect = get(path);

        // then
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("location")).hasValue(location);
    }

    @Test
    void servesTheSharedStylesheetAndScript() throws Exception
    {
        // when
        final HttpResponse<String> css = get("/demo/static/demo.css");
        final HttpResponse<String> js = get("/demo/static/demo.js");

        // then
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("content-type")).hasValue("text/css; charset=utf-8");
        assertThat(css.body()).contains("body.screen").doesNotContain("@import", "url(http");
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
        assertThat(js.body()).contains("window.EndcapDemo").contains("'endcap.storeId'");
        assertThat(get("/demo/static/nope.js").statusCode()).isEqualTo(404);
    }

    @Test
    void keywordsAreTheTitlesWordsAndPairsSuchAsDogFood()
    {
        // when
        final List<String> keywords = DemoPages.keywords("Barkley & Co Beef Stew Wet Dog Food 4 lb");

        // then
        assertThat(keywords).contains("barkley", "dog", "food", "dog food", "wet dog").doesNotContain("4", "&", "4 lb");
        assertThat(DemoPages.keywords("a b c d e f g h i j k l m n o p q r s t u v w x y z aa bb cc dd ee ff gg hh ii jj"))
            .hasSize(DemoPages.MAX_KEYWORDS);
    }

    @Test
    void scriptLiteralsCannotCloseTheScriptElement()
    {
        // when
        final String literal = DemoPages.js("</script><b>\"it's\" & \\ \u2028");

        // then
        assertThat(literal).isEqualTo("\"\\u003c/script\\u003e\\u003cb\\u003e\\\"it\\u0027s\\\" \\u0026 \\\\ \\u2028\"");
    }

    private static List<String> storeOptions(final String page)
    {
        final Matcher picker = STORE_PICKER.matcher(page);
        assertThat(picker.find()).as("store picker").isTrue();
        return Pattern.compile("<option value=\"([^\"]+)\">").matcher(picker.group(1)).results()
            .map(match -> match.group(1)).toList();
    }

    private static HttpResponse<String> get(final String path) throws Exception
    {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    }
}
