package com.endcap.server.api;

import com.endcap.server.admin.InvalidInputException;
import com.endcap.server.events.CommerceCounters;
import com.endcap.server.events.ReplayGuard;
import com.endcap.server.http.Exchange;
import com.endcap.server.http.Responses;
import com.endcap.server.metrics.EndcapMetrics;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.buffer.ByteBufInputStream;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.agrona.concurrent.EpochClock;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /v1/events}: add-to-cart and purchase events from the retailer's checkout and store
 * systems, online or in store, by user key. The whole body is validated first (400 naming the
 * field of the first bad event, nothing counted); a purchase is counted once per order id within
 * the replay window, so a retried upload does not double revenue.
 */
public final class CommerceEventHandler
{
    /** Most events per request. */
    public static final int MAX_EVENTS = 1000;
    /** Largest unit price accepted, in currency units. */
    public static final BigDecimal MAX_UNIT_PRICE = new BigDecimal("1000000");

    private final CommerceCounters counters;
    private final ReplayGuard replays;
    private final EndcapMetrics metrics;
    private final EpochClock clock;

    private record Event(EndcapMetrics.EventType type, String channel, String orderId, long revenueCents)
    {
    }

    /**
     * @param counters where events are counted.
     * @param replays  order-id dedupe.
     * @param metrics  metrics.
     * @param clock    epoch millis.
     */
    public CommerceEventHandler(
        final CommerceCounters counters, final ReplayGuard replays, final EndcapMetrics metrics, final EpochClock clock)
    {
        this.counters = counters;
        this.replays = replays;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * @param exchange the request.
     * @throws IOException when the body cannot be read.
     */
    public void handle(final Exchange exchange) throws IOException
    {
        if (!exchange.requireContentType("application/json"))
        {
            return;
        }
        final List<Event> events;
        try (JsonParser parser = Responses.JSON.createParser((java.io.InputStream)new ByteBufInputStream(exchange.request().content().duplicate())))
        {
            events = decode(parser);
        }
        catch (final InvalidInputException ex)
        {
            exchange.fail(HttpResponseStatus.BAD_REQUEST, null == ex.field() ? "invalid_json" : "invalid_field", ex.getMessage(), ex.field());
            return;
        }
        catch (final JsonProcessingException ex)
        {
            // Malformed JSON, a number out of any type's range, a document past Jackson's limits.
            exchange.fail(HttpResponseStatus.BAD_REQUEST, "invalid_json", "malformed JSON: " + ex.getOriginalMessage(), null);
            return;
        }
        int duplicates = 0;
        for (final Event event : events)
        {
            if (EndcapMetrics.EventType.PURCHASE == event.type())
            {
                if (!replays.firstTime("order|" + event.orderId(), clock.time()))
                {
                    duplicates++;
                    metrics.recordEvent(event.type(), EndcapMetrics.EventResult.REPLAYED);
                    continue;
                }
                counters.purchase(event.channel(), event.revenueCents());
            }
            else
            {
                counters.addToCart(event.channel());
            }
            metrics.recordEvent(event.type(), EndcapMetrics.EventResult.COUNTED);
        }
        final int accepted = events.size() - duplicates;
        final int duplicated = duplicates;
        exchange.respond(Responses.json(exchange.alloc(), HttpResponseStatus.ACCEPTED, g ->
        {
            g.writeStartObject();
            g.writeNumberField("accepted", accepted);
            g.writeNumberField("duplicates", duplicated);
            g.writeEndObject();
        }));
    }

    private static List<Event> decode(final JsonParser parser) throws IOException, InvalidInputException
    {
        if (parser.nextToken() != JsonToken.START_OBJECT)
        {
            throw new InvalidInputException(null, "the body must be a JSON object with an events array");
        }
        List<Event> events = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME)
        {
            final String name = parser.currentName();
            final JsonToken token = parser.nextToken();
            if ("events".equals(name))
            {
                if (token != JsonToken.START_ARRAY)
                {
                    throw new InvalidInputException("events", "events must be an array");
                }
                events = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY)
                {
                    if (events.size() == MAX_EVENTS)
                    {
                        throw new InvalidInputException("events", "events must hold 1.." + MAX_EVENTS);
                    }
                    events.add(event(parser, "events[" + events.size() + "]"));
                }
            }
            else
            {
                parser.skipChildren();
            }
        }
        if (null == events || events.isEmpty())
        {
            throw new InvalidInputException("events", "events must hold 1.." + MAX_EVENTS);
        }
        return events;
    }

    private static Event event(final JsonParser parser, final String path) throws IOException, InvalidInputException
    {
        if (parser.currentToken() != JsonToken.START_OBJECT)
        {
            throw new InvalidInputException(path, path + " must be an object");
        }
        String type = null;
        String sku = null;
        String orderId = null;
        String channel = "web";
        long revenue = 0;
        int items = -1;
        while (parser.nextToken() == JsonToken.FIELD_NAME)
        {
            final String name = parser.currentName();
            final JsonToken token = parser.nextToken();
            switch (name)
            {
                case "type" -> type = text(parser, token, path + ".type");
                case "sku" -> sku = text(parser, token, path + ".sku");
                case "orderId" -> orderId = text(parser, token, path + ".orderId");
                case "channel" -> channel = text(parser, token, path + ".channel");
                case "userKey", "locationId", "loyaltyId" ->
                {
                    if (token != JsonToken.VALUE_NULL)
                    {
                        text(parser, token, path + "." + name);
                    }
                }
                case "ts" ->
                {
                    if (token != JsonToken.VALUE_NUMBER_INT || parser.getLongValue() < 0)
                    {
                        throw new InvalidInputException(path + ".ts", path + ".ts must be epoch milliseconds");
                    }
                }
                case "items" ->
                {
                    if (token != JsonToken.START_ARRAY)
                    {
                        throw new InvalidInputException(path + ".items", path + ".items must be an array");
                    }
                    items = 0;
                    while (parser.nextToken() != JsonToken.END_ARRAY)
                    {
                        revenue = Math.addExact(revenue, item(parser, path + ".items[" + items + "]"));
                        items++;
                    }
                }
                default -> parser.skipChildren();
            }
        }
        if (null == type)
        {
            throw new InvalidInputException(path + ".type", path + ".type is required: add_to_cart or purchase");
        }
        switch (type)
        {
            case "add_to_cart":
                if (null == sku || sku.isEmpty())
                {
                    throw new InvalidInputException(path + ".sku", path + ".sku is required for add_to_cart");
                }
                return new Event(EndcapMetrics.EventType.ADD_TO_CART, channel, null, 0);
            case "purchase":
                if (null == orderId || orderId.isEmpty())
                {
                    throw new InvalidInputException(path + ".orderId", path + ".orderId is required for purchase");
                }
                if (items < 1)
                {
                    throw new InvalidInputException(path + ".items", path + ".items must hold at least one item");
                }
                return new Event(EndcapMetrics.EventType.PURCHASE, channel, orderId, revenue);
            default:
                throw new InvalidInputException(path + ".type", path + ".type must be add_to_cart or purchase, got '" + type + "'");
        }
    }

    private static long item(final JsonParser parser, final String path) throws IOException, InvalidInputException
    {
        if (parser.currentToken() != JsonToken.START_OBJECT)
        {
            throw new InvalidInputException(path, path + " must be an object");
        }
        String sku = null;
        long quantity = 1;
        BigDecimal unitPrice = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME)
        {
            final String name = parser.currentName();
            final JsonToken token = parser.nextToken();
            switch (name)
            {
                case "sku" -> sku = text(parser, token, path + ".sku");
                case "quantity" ->
                {
                    if (token != JsonToken.VALUE_NUMBER_INT || parser.getLongValue() < 1 || parser.getLongValue() > 1_000_000)
                    {
                        throw new InvalidInputException(path + ".quantity", path + ".quantity must be an integer 1..1000000");
                    }
                    quantity = parser.getLongValue();
                }
                case "unitPrice" ->
                {
                    // Compared before any scaling: 1e10000000 must not become a ten-million-digit number.
                    if ((token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) ||
                        parser.getDecimalValue().signum() < 0 || parser.getDecimalValue().compareTo(MAX_UNIT_PRICE) > 0)
                    {
                        throw new InvalidInputException(path + ".unitPrice", path + ".unitPrice must be a number 0.." + MAX_UNIT_PRICE);
                    }
                    unitPrice = parser.getDecimalValue();
                }
                default -> parser.skipChildren();
            }
        }
        if (null == sku || sku.isEmpty())
        {
            throw new InvalidInputException(path + ".sku", path + ".sku is required");
        }
        if (null == unitPrice)
        {
            throw new InvalidInputException(path + ".unitPrice", path + ".unitPrice is required");
        }
        return Math.multiplyExact(unitPrice.movePointRight(2).setScale(0, RoundingMode.HALF_UP).longValueExact(), quantity);
    }

    private static String text(final JsonParser parser, final JsonToken token, final String path)
        throws IOException, InvalidInputException
    {
        if (token != JsonToken.VALUE_STRING)
        {
            throw new InvalidInputException(path, path + " must be a string");
        }
        return parser.getText();
    }
}
