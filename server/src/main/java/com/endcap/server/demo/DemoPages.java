package com.endcap.server.demo;

import com.endcap.bidder.location.Location;
import com.endcap.server.http.Exchange;
import com.endcap.server.http.Responses;
import com.endcap.server.http.Router;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static com.endcap.server.http.Html.escape;

/**
 * The demo storefront, "Endcap Market": server-generated HTML pages under {@code /demo/} that
 * embed the publisher tag ({@code /tag.js}) exactly as a retailer's own pages would, so the demo
 * shows stock-aware ads in their setting.
 * <ul>
 *     <li>{@code GET /demo/} home: hero, the {@code home_carousel} slot, popular products per
 *     department and a "what you are seeing" box; {@code GET /demo} redirects here (302);</li>
 *     <li>{@code GET /demo/product/<sku>}: the product with its stock at the shopper's store
 *     (fetched by the page from {@code /v1/inventory/<store>/<sku>}) and the {@code product_sidebar}
 *     slot; an unknown sku is a 404 page;</li>
 *     <li>{@code GET /demo/cart?skus=a,b}: the cart and the {@code cart_crosssell} slot
 *     ({@code cartSkus}); without {@code skus}, the cart kept in the browser or a sample pair;</li>
 *     <li>{@code GET /demo/order?skus=a,b}: an order confirmation and the
 *     {@code order_confirmation} slot ({@code orderSkus}); without {@code skus}, a sample pair;</li>
 *     <li>{@code GET /demo/screen/<store>}: a full-screen in-store display bound to one store; an
 *     unknown store is a 404 page;</li>
 *     <li>{@code GET /demo/static/demo.css|demo.js}: the shared stylesheet and script
 *     ({@code web/demo/} on the class path).</li>
 * </ul>
 * The shopper's store, persona and cart are browser state, kept by {@code web/demo/demo.js} in
 * {@code localStorage}: the store picker calls {@code endcap.setContext({storeId})} and
 * {@code endcap.refresh()} (the tag keeps the store under its own key, which the pages read back);
 * the persona picker or {@code ?user=u-N} sets the {@code userKey}; the storefront pages register
 * {@code endcap.onAddToCart}, which puts the ad's item (sku, store, pickup or ship) in the cart;
 * "Live ads" re-asks for ads every 10 s. A page's HTML therefore depends only on its path and
 * query. Unknown skus in {@code skus} are left out; every text put into a page is escaped for its
 * context (HTML text, attribute or a script's string literal).
 * <p>
 * The in-store screen shows {@code /v1/render?...&channel=instore_screen&refresh=8} in an iframe
 * rather than running the tag: the render page is what Endcap offers screens (the card
 * stylesheet's large {@code .ec-screen} layout only applies there), a screen runs unattended for
 * days and a document reloaded every few seconds accumulates no script state, and the page around
 * it only keeps a clock and a watchdog that reloads the iframe when the refresh chain breaks.
 * <p>
 * Threads: handlers run on the server's event loops; they read only what the constructor built
 * and build a string, never blocking. Immutable and thread-safe.
 */
public final class DemoPages
{
    /** The retailer's name in every page. */
    public static final String RETAILER_NAME = "Endcap Market";
    /** Root of the pages. */
    public static final String ROOT = "/demo/";
    /** Seconds between the in-store screen's decisions. */
    public static final int SCREEN_REFRESH_SECONDS = 8;
    /** Ads on the in-store screen. */
    public static final int SCREEN_ADS = 3;
    /** Most skus a cart or order page takes from its query. */
    public static final int MAX_SKUS = 20;
    /** Most keywords a product page derives from its title. */
    public static final int MAX_KEYWORDS = 16;

    private static final AsciiString HTML = AsciiString.cached("text/html; charset=utf-8");
    private static final AsciiString STATIC_CACHE = AsciiString.cached("public, max-age=60");
    private static final Map<String, AsciiString> STATIC_TYPES = Map.of(
        "demo.css", AsciiString.cached("text/css; charset=utf-8"),
        "demo.js", AsciiString.cached("text/javascript; charset=utf-8"));
    private static final int POPULAR_PER_DEPARTMENT = 6;
    private static final int RELATED = 4;
    private static final int PERSONAS = 5;

    private final DemoRetailer retailer;
    private final Map<String, byte[]> statics;
    private final List<String> storeCodes;
    private final String storeOptions;
    private final List<DemoShoppers.Shopper> personas;
    private final String pageData;
    private final String popular;
    private final List<String> sampleCart;
    private final List<String> sampleOrder;

    /**
     * Builds everything the pages share and loads the static files.
     *
     * @param retailer the demo retailer whose stores and products the pages show.
     * @throws IllegalStateException when a static file is not on the class path.
     */
    public DemoPages(final DemoRetailer retailer)
    {
        this.retailer = retailer;
        final Map<String, byte[]> files = new HashMap<>();
        for (final String name : STATIC_TYPES.keySet())
        {
            files.put(name, resource("web/demo/" + name));
        }
        this.statics = Map.copyOf(files);

        final List<String> codes = new ArrayList<>();
        final StringBuilder options = new StringBuilder(2048);
        for (final Location store : retailer.stores())
        {
            codes.add(store.code());
            options.append("<option value=\"").append(escape(store.code())).append("\">").append(escape(store.name()))
                .append(" (").append(escape(store.code())).append(")</option>");
        }
        this.storeCodes = List.copyOf(codes);
        this.storeOptions = options.toString();
        this.personas = DemoShoppers.generate(DemoShoppers.STANDARD_SEED, PERSONAS);

        final StringBuilder data = new StringBuilder(1024).append("{\"stores\":").append(jsArray(codes))
            .append(",\"locations\":{");
        for (final Location location : retailer.locations())
        {
            data.append(data.charAt(data.length() - 1) == '{' ? "" : ",").append(js(location.code())).append(':')
                .append(js(location.name()));
        }
        this.pageData = data.append("}}").toString();
        this.popular = popularHtml();
        this.sampleCart = List.of(firstIn("pet/dog-food", 1), firstIn("grocery/coffee", 0));
        this.sampleOrder = List.of(firstIn("electronics/headphones", 3), firstIn("pet/cat-food", 5));
    }

    /**
     * Adds the pages' routes (GET, without CORS: only the pages' own origin loads them).
     *
     * @param router where to add them.
     * @return the router.
     */
    public Router addTo(final Router router)
    {
        return router
            .add(HttpMethod.GET, "/demo", false, exchange -> exchange.respond(Responses.redirect(ROOT + query(exchange))))
            .add(HttpMethod.GET, ROOT, false, this::home)
            .add(HttpMethod.GET, "/demo/product/{}", false, this::product)
            .add(HttpMethod.GET, "/demo/cart", false, this::cart)
            .add(HttpMethod.GET, "/demo/order", false, this::order)
            .add(HttpMethod.GET, "/demo/screen/{}", false, this::screen)
            .add(HttpMethod.GET, "/demo/static/{}", false, this::asset);
    }

    private void home(final Exchange exchange)
    {
        final StringBuilder out = new StringBuilder(16_384);
        head(out, "Home", "home", exchange);
        final String example = retailer.products().get(0).url();
        out.append("<main>")
            .append("<section class=\"hero\"><div><h1>Everything for the week, waiting on the shelf.</h1>")
            .append("<p>Pick up today at your store or have it shipped. Choose your store above: the offers below ")
            .append("only show what it has in stock right now.</p>")
            .append("<a class=\"button\" href=\"").append(escape(example)).append("\">Shop today&#39;s picks</a></div>")
            .append("<div class=\"hero-art\" aria-hidden=\"true\"><span></span><span></span><span></span></div></section>")
            .append("<section class=\"slot-section\"><h2>Picked for you</h2>")
            .append("<div data-endcap-slot=\"home_carousel\" data-endcap-count=\"4\"></div></section>")
            .append("<aside class=\"explain\"><h2>What you are seeing</h2>")
            .append("<p>Every sponsored card on these pages shows a product that is in stock at the store you picked ")
            .append("(or ships from a warehouse), so pick another store and the ads change with it. ")
            .append("The demo&#39;s stock churn sells items out while you watch: tick <em>Live ads</em> and a product ")
            .append("that sells out drops out of the ads within seconds.</p><p class=\"links\">")
            .append("<a href=\"").append(escape(example)).append("\">A product page</a>")
            .append("<a href=\"/demo/cart\" data-demo-cart-link>Your cart</a>")
            .append("<a href=\"/demo/order\">An order confirmation</a>")
            .append("<a href=\"/demo/screen/").append(escape(storeCodes.get(0))).append("\" data-demo-screen-link>")
            .append("The in-store screen</a>")
            .append("<a href=\"/metrics\">Server metrics</a></p></aside>")
            .append(popular)
            .append("</main>");
        tail(out, "pageType: \"home\"", true);
        respond(exchange, HttpResponseStatus.OK, out);
    }

    private void product(final Exchange exchange)
    {
        final String sku = exchange.param(0);
        final int index = retailer.productIndex(sku);
        if (index < 0)
        {
            notFound(exchange, "We could not find product " + sku + ".");
            return;
        }
        final DemoRetailer.Product product = retailer.products().get(index);
        final StringBuilder out = new StringBuilder(8192);
        head(out, product.title(), "product", exchange);
        out.append("<main class=\"product-layout\"><article class=\"product\">")
            .append("<p class=\"crumbs\"><a href=\"/demo/#").append(escape(product.department())).append("\">")
            .append(escape(label(product.department()))).append("</a> / ").append(escape(label(product.category())))
            .append("</p><div class=\"product-main\"><img class=\"product-image\" width=\"")
            .append(DemoImages.SIZE).append("\" height=\"").append(DemoImages.SIZE).append("\" alt=\"")
            .append(escape(product.title())).append("\" src=\"").append(escape(product.imageUrl())).append("\">")
            .append("<div class=\"product-info\"><p class=\"brand\">").append(escape(product.brand())).append("</p>")
            .append("<h1 class=\"product-title\">").append(escape(product.title())).append("</h1>");
        price(out, product);
        out.append("<p class=\"sku\">SKU ").append(escape(product.sku())).append("</p>")
            .append("<div class=\"stock\" id=\"demo-stock\" data-sku=\"").append(escape(product.sku())).append("\">")
            .append("Checking stock at your store&hellip;</div>")
            .append("<div class=\"actions\"><button type=\"button\" class=\"button\" data-demo-add=\"pickup\" data-sku=\"")
            .append(escape(product.sku())).append("\">Pick up today</button>")
            .append("<button type=\"button\" class=\"button secondary\" data-demo-add=\"ship\" data-sku=\"")
            .append(escape(product.sku())).append("\">Ship to me</button></div></div></div>");
        final List<DemoRetailer.Product> related = related(index);
        if (!related.isEmpty())
        {
            out.append("<section class=\"related\"><h2>More in ").append(escape(label(product.category()))).append("</h2>");
            tiles(out, related);
            out.append("</section>");
        }
        out.append("</article><aside class=\"sidebar\"><h2>Sponsored</h2>")
            .append("<div data-endcap-slot=\"product_sidebar\" data-endcap-count=\"2\"></div></aside></main>");
        tail(out, "pageType: \"product\", category: " + js(product.category()) + ", keywords: " +
            jsArray(keywords(product.title())), true);
        respond(exchange, HttpResponseStatus.OK, out);
    }

    private void cart(final Exchange exchange)
    {
        final String asked = exchange.queryParam("skus");
        final List<String> skus = null == asked ? sampleCart : skus(asked);
        final StringBuilder out = new StringBuilder(8192);
        head(out, "Cart", "cart", exchange);
        out.append("<main class=\"columns\"><section class=\"cart\" id=\"demo-cart\" data-sample=\"")
            .append(null == asked).append("\"><h1>Your cart</h1>");
        if (null == asked)
        {
            out.append("<p class=\"note\">A sample cart: add products from any page and they show here instead.</p>");
        }
        lines(out, skus, true);
        if (!skus.isEmpty())
        {
            out.append("<p class=\"total\">Subtotal <strong>").append(money(subtotal(skus))).append("</strong></p>")
                .append("<a class=\"button\" id=\"demo-place-order\" href=\"/demo/order?skus=")
                .append(escape(String.join(",", skus))).append("\">Place order</a>");
        }
        out.append("</section><aside class=\"sidebar\"><h2>Goes well with your cart</h2>")
            .append("<div data-endcap-slot=\"cart_crosssell\" data-endcap-count=\"3\"></div></aside></main>");
        tail(out, "pageType: \"cart\", cartSkus: " + jsArray(skus), true);
        respond(exchange, HttpResponseStatus.OK, out);
    }

    private void order(final Exchange exchange)
    {
        final String asked = exchange.queryParam("skus");
        final List<String> skus = null == asked ? sampleOrder : skus(asked);
        final StringBuilder out = new StringBuilder(8192);
        head(out, "Order confirmed", "order", exchange);
        out.append("<main><section class=\"order\"><p class=\"check\" aria-hidden=\"true\">&#10003;</p>")
            .append("<h1>Thank you! Your order is confirmed.</h1><p class=\"note\">Order <strong>EC-")
            .append(100_000 + Math.floorMod(String.join(",", skus).hashCode(), 900_000))
            .append("</strong>. We will let you know when it is ready.</p>");
        lines(out, skus, false);
        out.append("</section><section class=\"slot-section\"><h2>You might also need</h2>")
            .append("<div data-endcap-slot=\"order_confirmation\" data-endcap-count=\"3\"></div></section></main>");
        tail(out, "pageType: \"order_confirmation\", orderSkus: " + jsArray(skus), true);
        respond(exchange, HttpResponseStatus.OK, out);
    }

    private void screen(final Exchange exchange)
    {
        final String code = exchange.param(0);
        Location store = null;
        for (final Location candidate : retailer.stores())
        {
            if (candidate.code().equals(code))
            {
                store = candidate;
                break;
            }
        }
        if (null == store)
        {
            notFound(exchange, "There is no store " + code + ".");
            return;
        }
        final String src = "/v1/render?slot=instore_screen&count=" + SCREEN_ADS + "&channel=instore_screen&storeId=" +
            URLEncoder.encode(store.code(), StandardCharsets.UTF_8) + "&refresh=" + SCREEN_REFRESH_SECONDS;
        final StringBuilder out = new StringBuilder(2048)
            .append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .append("<title>").append(escape(RETAILER_NAME + " " + store.name())).append(" · in-store screen</title>")
            .append("<link rel=\"icon\" href=\"data:,\"><link rel=\"stylesheet\" href=\"/demo/static/demo.css\">")
            .append("<script src=\"/demo/static/demo.js\"></script></head>")
            .append("<body class=\"screen\" data-page=\"screen\" data-store=\"").append(escape(store.code()))
            .append("\" data-timezone=\"").append(escape(null == store.timezone() ? "" : store.timezone()))
            .append("\" data-refresh=\"").append(SCREEN_REFRESH_SECONDS).append("\">")
            .append("<header class=\"screen-top\"><div class=\"screen-brand\"><span class=\"logo\">E</span>")
            .append(escape(RETAILER_NAME)).append(" <span class=\"screen-store\">").append(escape(store.name()))
            .append("</span></div><div class=\"screen-clock\" id=\"demo-clock\"></div></header>")
            .append("<iframe class=\"screen-ads\" id=\"demo-screen-ads\" title=\"In-store offers\" src=\"")
            .append(escape(src)).append("\"></iframe>")
            .append("<div class=\"screen-empty\" id=\"demo-screen-empty\" hidden>Welcome to ")
            .append(escape(RETAILER_NAME + " " + store.name())).append("</div>")
            .append("<footer class=\"screen-foot\">In stock at ").append(escape(store.name()))
            .append(" right now &middot; new offers every ").append(SCREEN_REFRESH_SECONDS).append(" s")
            .append(" &middot; store ").append(escape(store.code())).append("</footer></body></html>");
        respond(exchange, HttpResponseStatus.OK, out);
    }

    private void asset(final Exchange exchange)
    {
        final String name = exchange.param(0);
        final byte[] bytes = statics.get(name);
        if (null == bytes)
        {
            exchange.fail(HttpResponseStatus.NOT_FOUND, "not_found", "no demo file " + name, null);
            return;
        }
        final FullHttpResponse response = Responses.withBody(
            HttpResponseStatus.OK, Unpooled.wrappedBuffer(bytes), STATIC_TYPES.get(name));
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, STATIC_CACHE);
        exchange.respond(response);
    }

    private void notFound(final Exchange exchange, final String message)
    {
        final StringBuilder out = new StringBuilder(4096);
        head(out, "Not found", "missing", exchange);
        out.append("<main><section class=\"missing\"><h1>Not found</h1><p>").append(escape(message))
            .append("</p><p><a class=\"button\" href=\"/demo/\">Back to the store</a></p></section></main>");
        tail(out, null, false);
        respond(exchange, HttpResponseStatus.NOT_FOUND, out);
    }

    /** The document up to and including the site header. */
    private void head(final StringBuilder out, final String title, final String page, final Exchange exchange)
    {
        final String user = persona(exchange.queryParam("user"));
        out.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .append("<title>").append(escape(title)).append(" · ").append(escape(RETAILER_NAME)).append("</title>")
            .append("<link rel=\"icon\" href=\"data:,\"><link rel=\"stylesheet\" href=\"/demo/static/demo.css\">")
            .append("<script src=\"/demo/static/demo.js\"></script>")
            .append("<script type=\"application/json\" id=\"demo-data\">").append(pageData).append("</script>")
            .append("</head><body data-page=\"").append(escape(page)).append("\"><header class=\"site\"><div class=\"bar\">")
            .append("<a class=\"brand\" href=\"/demo/\"><span class=\"logo\">E</span>").append(escape(RETAILER_NAME))
            .append("</a><nav><a href=\"/demo/\"").append("home".equals(page) ? " aria-current=\"page\"" : "").append(">Home</a>");
        for (final String department : DemoRetailer.DEPARTMENTS)
        {
            out.append("<a href=\"/demo/#").append(escape(department)).append("\">").append(escape(label(department)))
                .append("</a>");
        }
        out.append("<a href=\"/demo/cart\" data-demo-cart-link").append("cart".equals(page) ? " aria-current=\"page\"" : "")
            .append(">Cart <span class=\"count\" id=\"demo-cart-count\">0</span></a></nav>")
            .append("<div class=\"pickers\"><label>My store <select id=\"demo-store\" name=\"store\">")
            .append(storeOptions).append("</select></label><label>Shopper <select id=\"demo-user\" name=\"user\">");
        for (final DemoShoppers.Shopper shopper : personas)
        {
            out.append("<option value=\"").append(escape(shopper.userKey())).append('"')
                .append(shopper.userKey().equals(user) ? " selected" : "").append('>').append(escape(shopper.userKey()))
                .append(" &middot; ").append(escape(describe(shopper.segments()))).append("</option>");
        }
        out.append("</select></label><label class=\"live\" title=\"Ask for new ads every 10 s, to watch the stock churn\">")
            .append("<input type=\"checkbox\" id=\"demo-live\"> Live ads</label></div></div></header><div class=\"toast\" id=\"demo-toast\" role=\"status\" hidden></div>");
    }

    /**
     * The footer and the tag: the context (a script object literal's properties, or null for no
     * tag) goes to {@code endcap.setContext} with the shopper's store and persona.
     */
    private void tail(final StringBuilder out, final String context, final boolean cartHook)
    {
        out.append("<footer class=\"site\"><p>").append(escape(RETAILER_NAME))
            .append(" is the Endcap demo retailer: generated stores, products and stock. ")
            .append("<a href=\"/metrics\">Metrics</a> &middot; <a href=\"/health/ready\">Readiness</a></p></footer>");
        if (null != context)
        {
            out.append("<script>\nwindow.endcap = window.endcap || {cmd: []};\nendcap.cmd.push(function () {\n")
                .append("  endcap.setContext({storeId: EndcapDemo.store(), userKey: EndcapDemo.user(), ").append(context)
                .append("});\n");
            if (cartHook)
            {
                out.append("  endcap.onAddToCart(function (item) { EndcapDemo.addToCart(item); });\n");
            }
            out.append("});\n</script>\n<script async src=\"/tag.js\"></script>");
        }
        out.append("</body></html>");
    }

    private void price(final StringBuilder out, final DemoRetailer.Product product)
    {
        out.append("<p class=\"prices\">");
        if (product.salePriceCents() >= 0)
        {
            out.append("<span class=\"price sale\">").append(money(product.salePriceCents())).append("</span>")
                .append("<span class=\"was\">").append(money(product.priceCents())).append("</span>");
        }
        else
        {
            out.append("<span class=\"price\">").append(money(product.priceCents())).append("</span>");
        }
        out.append("</p>");
    }

    /** Order or cart lines; the page's script fills in each line's quantity and fulfilment. */
    private void lines(final StringBuilder out, final List<String> skus, final boolean removable)
    {
        if (skus.isEmpty())
        {
            out.append("<p class=\"empty\">Nothing here yet. <a href=\"/demo/\">Find something</a>.</p>");
            return;
        }
        out.append("<ul class=\"lines\">");
        for (final String sku : skus)
        {
            final DemoRetailer.Product product = retailer.products().get(retailer.productIndex(sku));
            out.append("<li class=\"line\" data-sku=\"").append(escape(sku)).append("\"><img alt=\"\" width=\"64\" height=\"64\" src=\"")
                .append(escape(product.imageUrl())).append("\"><div><a class=\"line-title\" href=\"")
                .append(escape(product.url())).append("\">").append(escape(product.title())).append("</a>")
                .append("<span class=\"fulfilment\" data-demo-fulfilment></span></div><div class=\"line-end\">");
            price(out, product);
            out.append("<span class=\"quantity\" data-demo-quantity>Qty 1</span>");
            if (removable)
            {
                out.append("<button type=\"button\" class=\"link\" data-demo-remove=\"").append(escape(sku)).append("\">Remove</button>");
            }
            out.append("</div></li>");
        }
        out.append("</ul>");
    }

    private long subtotal(final List<String> skus)
    {
        long cents = 0;
        for (final String sku : skus)
        {
            final DemoRetailer.Product product = retailer.products().get(retailer.productIndex(sku));
            cents += product.salePriceCents() >= 0 ? product.salePriceCents() : product.priceCents();
        }
        return cents;
    }

    private void tiles(final StringBuilder out, final List<DemoRetailer.Product> products)
    {
        out.append("<ul class=\"tiles\">");
        for (final DemoRetailer.Product product : products)
        {
            out.append("<li><a class=\"tile\" href=\"").append(escape(product.url())).append("\"><img loading=\"lazy\" alt=\"\" ")
                .append("width=\"160\" height=\"160\" src=\"").append(escape(product.imageUrl())).append("\">")
                .append("<span class=\"tile-title\">").append(escape(product.title())).append("</span>");
            price(out, product);
            out.append("</a></li>");
        }
        out.append("</ul>");
    }

    private String popularHtml()
    {
        final StringBuilder out = new StringBuilder(16_384);
        for (final String department : DemoRetailer.DEPARTMENTS)
        {
            final List<DemoRetailer.Product> picks = new ArrayList<>(POPULAR_PER_DEPARTMENT);
            for (final DemoRetailer.Product product : retailer.products())
            {
                if (picks.size() < POPULAR_PER_DEPARTMENT && product.department().equals(department))
                {
                    picks.add(product);
                }
            }
            if (!picks.isEmpty())
            {
                out.append("<section class=\"department\" id=\"").append(escape(department)).append("\"><h2>Popular in ")
                    .append(escape(label(department))).append("</h2>");
                tiles(out, picks);
                out.append("</section>");
            }
        }
        return out.toString();
    }

    private List<DemoRetailer.Product> related(final int index)
    {
        final DemoRetailer.Product product = retailer.products().get(index);
        final List<DemoRetailer.Product> related = new ArrayList<>(RELATED);
        for (final DemoRetailer.Product candidate : retailer.products())
        {
            if (related.size() < RELATED && candidate != product && candidate.category().equals(product.category()))
            {
                related.add(candidate);
            }
        }
        return related;
    }

    private String firstIn(final String category, final int fallback)
    {
        for (final DemoRetailer.Product product : retailer.products())
        {
            if (product.category().equals(category))
            {
                return product.sku();
            }
        }
        return retailer.products().get(Math.min(fallback, retailer.products().size() - 1)).sku();
    }

    /** The known skus of a comma-separated list, in order, without repeats. */
    private List<String> skus(final String list)
    {
        final Set<String> skus = new LinkedHashSet<>();
        for (final String item : list.split(","))
        {
            final String sku = item.trim();
            if (skus.size() < MAX_SKUS && retailer.productIndex(sku) >= 0)
            {
                skus.add(sku);
            }
        }
        return List.copyOf(skus);
    }

    private String persona(final String asked)
    {
        for (final DemoShoppers.Shopper shopper : personas)
        {
            if (shopper.userKey().equals(asked))
            {
                return asked;
            }
        }
        return personas.get(0).userKey();
    }

    /**
     * @param title a product title.
     * @return page keywords for it: its words and pairs of adjacent words, lower case, without
     * numbers, at most {@value #MAX_KEYWORDS}; campaigns match keywords whole, such as "dog food".
     */
    static List<String> keywords(final String title)
    {
        final List<String> words = new ArrayList<>();
        for (final String word : title.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}-]+"))
        {
            if (word.length() > 1 && !word.chars().allMatch(c -> Character.isDigit(c) || c == '-'))
            {
                words.add(word);
            }
        }
        final Set<String> keywords = new LinkedHashSet<>(words);
        for (int i = 0; i + 1 < words.size(); i++)
        {
            keywords.add(words.get(i) + " " + words.get(i + 1));
        }
        return List.copyOf(keywords).subList(0, Math.min(MAX_KEYWORDS, keywords.size()));
    }

    private static String describe(final List<String> segments)
    {
        if (segments.isEmpty())
        {
            return "new shopper, no segments";
        }
        final List<String> names = new ArrayList<>(segments.size());
        for (final String segment : segments)
        {
            names.add(segment.startsWith("loyalty-") ? segment.substring(8) + " member" : segment.replace('-', ' '));
        }
        return String.join(", ", names);
    }

    /** "pet/dog-food" reads "Dog Food"; "pet" reads "Pet". */
    private static String label(final String path)
    {
        final String last = path.substring(path.lastIndexOf('/') + 1);
        final StringBuilder out = new StringBuilder(last.length());
        boolean start = true;
        for (int i = 0; i < last.length(); i++)
        {
            final char c = last.charAt(i);
            out.append('-' == c ? ' ' : start ? Character.toUpperCase(c) : c);
            start = '-' == c;
        }
        return out.toString();
    }

    private static String money(final long cents)
    {
        return String.format(Locale.US, "$%d.%02d", cents / 100, cents % 100);
    }

    private static String query(final Exchange exchange)
    {
        final String uri = exchange.request().uri();
        final int question = uri.indexOf('?');
        return question < 0 ? "" : uri.substring(question);
    }

    private static void respond(final Exchange exchange, final HttpResponseStatus status, final CharSequence html)
    {
        final ByteBuf body = exchange.alloc().buffer(html.length() + 256);
        body.writeCharSequence(html, StandardCharsets.UTF_8);
        final FullHttpResponse response = Responses.withBody(status, body, HTML);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, Responses.NO_STORE);
        exchange.respond(response);
    }

    private static byte[] resource(final String name)
    {
        try (InputStream in = DemoPages.class.getClassLoader().getResourceAsStream(name))
        {
            if (null == in)
            {
                throw new IllegalStateException(name + " is not on the class path");
            }
            return in.readAllBytes();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @param text plain text.
     * @return a double-quoted string literal of it, valid as JSON and as JavaScript inside an HTML
     * {@code <script>} element (no {@code <}, {@code >}, {@code &} or line separators appear raw).
     */
    static String js(final String text)
    {
        final StringBuilder out = new StringBuilder(text.length() + 8).append('"');
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            switch (c)
            {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default ->
                {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\'' || c == '\u2028' || c == '\u2029')
                    {
                        out.append(String.format("\\u%04x", (int)c));
                    }
                    else
                    {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String jsArray(final List<String> items)
    {
        final StringBuilder out = new StringBuilder(16 * items.size() + 2).append('[');
        for (final String item : items)
        {
            out.append(out.length() > 1 ? ", " : "").append(js(item));
        }
        return out.append(']').toString();
    }
}
