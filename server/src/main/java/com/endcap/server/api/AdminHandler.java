package com.endcap.server.api;

import com.endcap.bidder.campaign.Campaign;
import com.endcap.bidder.catalog.Product;
import com.endcap.bidder.location.Location;
import com.endcap.inventory.location.LocationCodec;
import com.endcap.server.admin.CampaignCodec;
import com.endcap.server.admin.InvalidInputException;
import com.endcap.server.admin.ProductCodec;
import com.endcap.server.app.Catalogue;
import com.endcap.server.http.Exchange;
import com.endcap.server.http.Responses;
import com.endcap.server.http.RouteHandler;
import com.fasterxml.jackson.core.JsonParseException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The admin API marketers and merchandisers use: campaigns CRUD, locations and catalog uploads,
 * behind a bearer token (compared in constant time; 401 without one, 403 with a wrong one).
 * <p>
 * Writes run one at a time on the admin executor (they persist files); each is visible to the
 * very next decision after its 2xx.
 */
public final class AdminHandler
{
    private final Catalogue catalogue;
    private final Executor executor;
    private final byte[] token;

    /**
     * @param catalogue  what the admin API changes.
     * @param executor   where writes run, one at a time.
     * @param adminToken the bearer token.
     */
    public AdminHandler(final Catalogue catalogue, final Executor executor, final String adminToken)
    {
        if (null == adminToken || adminToken.isEmpty())
        {
            throw new IllegalArgumentException("the admin API needs a token");
        }
        this.catalogue = catalogue;
        this.executor = executor;
        this.token = adminToken.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Wraps a handler with the bearer-token check.
     *
     * @param handler the admin operation.
     * @return the guarded handler.
     */
    public RouteHandler guarded(final RouteHandler handler)
    {
        return exchange ->
        {
            final String authorization = exchange.header(HttpHeaderNames.AUTHORIZATION);
            if (null == authorization || !authorization.regionMatches(true, 0, "Bearer ", 0, 7))
            {
                final FullHttpResponse response = Responses.error(exchange.alloc(), HttpResponseStatus.UNAUTHORIZED,
                    "unauthorized", "the admin API needs Authorization: Bearer <token>", null);
                response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"endcap-admin\"");
                exchange.respond(response);
                return;
            }
            final byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(given, token))
            {
                exchange.fail(HttpResponseStatus.FORBIDDEN, "forbidden", "the admin token is not valid", null);
                return;
            }
            handler.handle(exchange);
        };
    }

    /**
     * @param exchange {@code GET /v1/admin/campaigns}.
     */
    public void listCampaigns(final Exchange exchange)
    {
        final List<Campaign> campaigns = catalogue.campaigns();
        exchange.respond(Responses.json(exchange.alloc(), HttpResponseStatus.OK, g -> CampaignCodec.encodeArray(campaigns, g)));
    }

    /**
     * @param exchange {@code GET /v1/admin/campaigns/{id}}.
     */
    public void getCampaign(final Exchange exchange)
    {
        final Campaign campaign = catalogue.campaign(exchange.param(0));
        if (null == campaign)
        {
            exchange.fail(HttpResponseStatus.NOT_FOUND, "not_found", "no campaign " + exchange.param(0), null);
            return;
        }
        exchange.respond(Responses.json(exchange.alloc(), HttpResponseStatus.OK, g -> CampaignCodec.encode(campaign, g)));
    }

    /**
     * @param exchange {@code PUT /v1/admin/campaigns/{id}}: 201 created, 200 replaced.
     */
    public void putCampaign(final Exchange exchange)
    {
        if (!exchange.requireContentType("application/json"))
        {
            return;
        }
        final Campaign campaign;
        try
        {
            campaign = CampaignCodec.decode(bytes(exchange.request().content()));
        }
        catch (final InvalidInputException ex)
        {
            badInput(exchange, ex);
            return;
        }
        if (!campaign.id().equals(exchange.param(0)))
        {
            exchange.fail(HttpResponseStatus.BAD_REQUEST, "invalid_field",
                "id '" + campaign.id() + "' does not match the path's '" + exchange.param(0) + "'", "id");
            return;
        }
        change(exchange, () -> Responses.json(exchange.alloc(),
            catalogue.putCampaign(campaign) ? HttpResponseStatus.OK : HttpResponseStatus.CREATED,
            g -> CampaignCodec.encode(campaign, g)));
    }

    /**
     * @param exchange {@code DELETE /v1/admin/campaigns/{id}}: 204, or 404.
     */
    public void deleteCampaign(final Exchange exchange)
    {
        final String id = exchange.param(0);
        change(exchange, () -> catalogue.deleteCampaign(id) ?
            Responses.empty(HttpResponseStatus.NO_CONTENT) :
            Responses.error(exchange.alloc(), HttpResponseStatus.NOT_FOUND, "not_found", "no campaign " + id, null));
    }

    /**
     * @param exchange {@code GET /v1/admin/locations}: a JSON array.
     */
    public void listLocations(final Exchange exchange)
    {
        final List<Location> locations = catalogue.locations();
        exchange.respond(Responses.json(exchange.alloc(), HttpResponseStatus.OK, g ->
        {
            g.writeStartArray();
            for (final Location location : locations)
            {
                LocationCodec.encodeOne(g, location);
            }
            g.writeEndArray();
        }));
    }

    /**
     * @param exchange {@code PUT /v1/admin/locations}: a JSON array or NDJSON; all-or-nothing.
     */
    public void putLocations(final Exchange exchange)
    {
        if (!exchange.requireContentType("application/json", "application/x-ndjson", "application/ndjson"))
        {
            return;
        }
        final List<Location> locations;
        try
        {
            locations = decodeLocations(exchange.request().content());
        }
        catch (final InvalidInputException ex)
        {
            badInput(exchange, ex);
            return;
        }
        if (locations.isEmpty())
        {
            exchange.fail(HttpResponseStatus.BAD_REQUEST, "invalid_field", "at least one location is needed", null);
            return;
        }
        change(exchange, () ->
        {
            final int stored = catalogue.upsertLocations(locations).size();
            return Responses.json(exchange.alloc(), HttpResponseStatus.OK, g ->
            {
                g.writeStartObject();
                g.writeNumberField("stored", stored);
                g.writeEndObject();
            });
        });
    }

    /**
     * @param exchange {@code GET /v1/admin/catalog/{sku}}.
     */
    public void getProduct(final Exchange exchange)
    {
        final Product product = catalogue.product(exchange.param(0));
        if (null == product)
        {
            exchange.fail(HttpResponseStatus.NOT_FOUND, "not_found", "no product " + exchange.param(0), null);
            return;
        }
        final byte[] json = ProductCodec.encode(product);
        final ByteBuf body = exchange.alloc().buffer(json.length);
        body.writeBytes(json);
        exchange.respond(Responses.withBody(HttpResponseStatus.OK, body, Responses.APPLICATION_JSON));
    }

    /**
     * @param exchange {@code PUT /v1/admin/catalog}: NDJSON products; all-or-nothing.
     */
    public void putCatalog(final Exchange exchange)
    {
        if (!exchange.requireContentType("application/x-ndjson", "application/ndjson"))
        {
            return;
        }
        final List<Product> products;
        try
        {
            products = ProductCodec.decodeNdjson(bytes(exchange.request().content()));
        }
        catch (final InvalidInputException ex)
        {
            badInput(exchange, ex);
            return;
        }
        if (products.isEmpty())
        {
            exchange.fail(HttpResponseStatus.BAD_REQUEST, "invalid_field", "at least one product is needed", null);
            return;
        }
        change(exchange, () ->
        {
            final int added = catalogue.upsertProducts(products);
            return Responses.json(exchange.alloc(), HttpResponseStatus.OK, g ->
            {
                g.writeStartObject();
                g.writeNumberField("stored", products.size());
                g.writeNumberField("added", added);
                g.writeEndObject();
            });
        });
    }

    /**
     * Runs a change on the admin thread and answers with what it returns: a change the catalogue
     * refuses is a 400, one it cannot store (or that belongs to another process) a 503 or 409.
     */
    private void change(final Exchange exchange, final Supplier<FullHttpResponse> change)
    {
        exchange.offload(executor, () ->
        {
            final FullHttpResponse response;
            try
            {
                response = change.get();
            }
            catch (final IllegalArgumentException ex)
            {
                exchange.fail(HttpResponseStatus.BAD_REQUEST, "invalid_field", ex.getMessage(), null);
                return;
            }
            catch (final RuntimeException ex)
            {
                storageFailed(exchange, ex);
                return;
            }
            exchange.respond(response);
        });
    }

    /**
     * The locations codec lives in inventory-sync, below the admin codecs, so its failures are
     * translated here into the {@link InvalidInputException} every admin body answers with.
     */
    private static List<Location> decodeLocations(final ByteBuf content) throws InvalidInputException
    {
        try (InputStream in = new ByteBufInputStream(content.duplicate()))
        {
            return LocationCodec.decode(in);
        }
        catch (final LocationCodec.InvalidLocationException ex)
        {
            throw new InvalidInputException(ex.field(), ex.getMessage(), ex);
        }
        catch (final JsonParseException ex)
        {
            throw new InvalidInputException(null, "malformed JSON: " + ex.getOriginalMessage(), ex);
        }
        catch (final IOException ex)
        {
            throw new InvalidInputException(null, "unreadable body: " + ex.getMessage(), ex);
        }
    }

    private static byte[] bytes(final ByteBuf content)
    {
        final byte[] bytes = new byte[content.readableBytes()];
        content.getBytes(content.readerIndex(), bytes);
        return bytes;
    }

    private static void badInput(final Exchange exchange, final InvalidInputException ex)
    {
        exchange.fail(HttpResponseStatus.BAD_REQUEST, null == ex.field() ? "invalid_json" : "invalid_field", ex.getMessage(),
            ex.field());
    }

    private static void storageFailed(final Exchange exchange, final RuntimeException ex)
    {
        if (ex instanceof UnsupportedOperationException)
        {
            exchange.fail(HttpResponseStatus.CONFLICT, "managed_elsewhere", ex.getMessage(), null);
            return;
        }
        exchange.fail(HttpResponseStatus.SERVICE_UNAVAILABLE, "storage_failed",
            "the change could not be stored: " + ex.getMessage() + "; nothing changed", null);
    }
}
