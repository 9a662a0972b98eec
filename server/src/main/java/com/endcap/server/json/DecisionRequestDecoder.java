package com.endcap.server.json;

import com.endcap.bidder.campaign.Channel;
import com.endcap.bidder.decision.DecisionRequest;
import com.endcap.inventory.feed.ReusableJsonParser;
import com.endcap.server.admin.InvalidInputException;
import com.endcap.server.admin.JsonFields;
import com.endcap.server.http.Responses;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.netty.buffer.ByteBuf;

import java.io.IOException;

/**
 * Decodes the body of {@code POST /v1/decisions} into a reused {@link DecisionRequest} with
 * Jackson's streaming parser. Unknown fields are skipped; wrong types, missing required fields
 * and out-of-range values fail with the field's path, e.g. {@code placements[0].count}.
 * <p>
 * One instance per thread: it owns a scratch array the body is copied into (Netty's buffers are
 * usually direct), grown when a body is larger, never shrunk.
 * <p>
 * Steady state allocates nothing for a well-formed body whose strings were seen before:
 * <ul>
 * <li>Bodies are fed to one long-lived non-blocking Jackson parser, which reads root values one
 *     after another, so no parser, context or buffer is built per body. It is replaced after
 *     {@value #BYTES_PER_PARSER} bytes, which bounds the field names its symbol table can collect.</li>
 * <li>String values come from bounded {@link StringCache}s keyed by the token's characters.</li>
 * <li>Numbers are read by Jackson's bundled fast double parser, which needs no {@code String}.</li>
 * </ul>
 * Any body the long-lived parser does not take cleanly (malformed, truncated, more after the
 * object, a bad field, another encoding) is decoded again from the start by a new blocking parser,
 * exactly as before, so the outcome and error message are the blocking parser's.
 */
public final class DecisionRequestDecoder
{
    /** Longest placement id, slot or user key accepted. */
    public static final int MAX_ID_LENGTH = 256;

    /** Bytes one long-lived parser is fed before it is replaced. */
    static final int BYTES_PER_PARSER = 1 << 20;
    /** Slots for placement ids, slots, segments, page types, stores, categories, keywords, skus. */
    static final int VALUE_CACHE_SLOTS = 1 << 13;
    /** Slots for shoppers' keys, kept apart so that many shoppers do not evict the vocabulary. */
    static final int USER_KEY_CACHE_SLOTS = 1 << 13;
    /** Longest string kept in a cache. */
    static final int MAX_CACHED_LENGTH = 64;

    /** The shared factory's settings, plus the fast double parser (same values, no String). */
    private static final JsonFactory JSON = Responses.JSON.rebuild().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();

    private byte[] scratch = new byte[4096];
    private final StringCache values = new StringCache(VALUE_CACHE_SLOTS, MAX_CACHED_LENGTH);
    private final StringCache userKeys = new StringCache(USER_KEY_CACHE_SLOTS, MAX_CACHED_LENGTH);
    private final ReusableJsonParser streaming = new ReusableJsonParser(JSON, BYTES_PER_PARSER);

    /**
     * @param body    the request body (not consumed).
     * @param request where to decode to; reset first.
     * @throws InvalidInputException naming the field at fault.
     */
    public void decode(final ByteBuf body, final DecisionRequest request) throws InvalidInputException
    {
        final int length = body.readableBytes();
        if (scratch.length < length)
        {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        body.getBytes(body.readerIndex(), scratch, 0, length);
        decode(scratch, 0, length, request);
    }

    /**
     * @param bytes   the body.
     * @param offset  where it starts.
     * @param length  its length.
     * @param request where to decode to; reset first.
     * @throws InvalidInputException naming the field at fault.
     */
    public void decode(final byte[] bytes, final int offset, final int length, final DecisionRequest request)
        throws InvalidInputException
    {
        if (length > 0 && decodeStreaming(bytes, offset, length, request))
        {
            return;
        }
        decodeBlocking(bytes, offset, length, request);
    }

    /**
     * Feeds the body to the long-lived parser and decodes it.
     *
     * @return true when the body decoded cleanly and the parser is ready for the next one; false,
     *         with the parser dropped, for anything else.
     */
    private boolean decodeStreaming(final byte[] bytes, final int offset, final int length, final DecisionRequest request)
    {
        try
        {
            final JsonParser parser = streaming.feed(bytes, offset, offset + length);
            request.reset();
            body(parser, request);
            if (streaming.endsCleanly(bytes, offset + length))
            {
                return true;
            }
        }
        catch (final IOException | InvalidInputException | RuntimeException ex)
        {
            // NotAvailable among them. The blocking parser decodes the body again and reports it.
        }
        streaming.drop();
        return false;
    }

    /**
     * The reference decode: a new blocking parser over the body, as every body was decoded before
     * the long-lived parser; what {@link #decode} falls back to, and what tests compare it with.
     */
    void decodeBlocking(final byte[] bytes, final int offset, final int length, final DecisionRequest request)
        throws InvalidInputException
    {
        request.reset();
        try (JsonParser parser = JSON.createParser(bytes, offset, length))
        {
            body(parser, request);
            if (null != parser.nextToken())
            {
                throw new InvalidInputException(null, "the body must hold one JSON object, found more after it");
            }
        }
        catch (final JsonParseException ex)
        {
            throw JsonFields.malformed(ex);
        }
        catch (final IOException ex)
        {
            throw new InvalidInputException(null, "unreadable JSON: " + ex.getMessage(), ex);
        }
    }

    /**
     * Thrown when the non-blocking parser runs out of input inside the body: a truncated body,
     * which the blocking parser then reports. Preallocated and without a stack trace.
     */
    private static final class NotAvailable extends RuntimeException
    {
        private static final long serialVersionUID = 1L;
        static final NotAvailable INSTANCE = new NotAvailable();

        private NotAvailable()
        {
            super(null, null, false, false);
        }
    }

    /**
     * The next token; the non-blocking parser's {@code NOT_AVAILABLE} (never returned by the
     * blocking one) aborts the streaming decode.
     */
    private static JsonToken next(final JsonParser parser) throws IOException
    {
        final JsonToken token = parser.nextToken();
        if (token == JsonToken.NOT_AVAILABLE)
        {
            throw NotAvailable.INSTANCE;
        }
        return token;
    }

    /** The root object, up to and including its end. */
    private void body(final JsonParser parser, final DecisionRequest request) throws IOException, InvalidInputException
    {
        if (next(parser) != JsonToken.START_OBJECT)
        {
            throw new InvalidInputException(null, "the body must be a JSON object");
        }
        boolean placements = false;
        while (next(parser) == JsonToken.FIELD_NAME)
        {
            final String name = parser.currentName();
            final JsonToken value = next(parser);
            switch (name)
            {
                case "placements":
                    if (placements)
                    {
                        throw new InvalidInputException("placements", "placements is given more than once");
                    }
                    placements(parser, value, request);
                    placements = true;
                    break;
                case "user":
                    user(parser, value, request);
                    break;
                case "context":
                    context(parser, value, request);
                    break;
                case "consent":
                    consent(parser, value, request);
                    break;
                case "debug":
                    request.debug(bool(parser, value, "debug"));
                    break;
                default:
                    parser.skipChildren();
                    break;
            }
        }
        if (!placements)
        {
            throw new InvalidInputException("placements", "placements is required: 1.." + DecisionRequest.MAX_PLACEMENTS);
        }
    }

    private void placements(final JsonParser parser, final JsonToken value, final DecisionRequest request)
        throws IOException, InvalidInputException
    {
        if (value != JsonToken.START_ARRAY)
        {
            throw new InvalidInputException("placements", "placements must be an array");
        }
        int i = 0;
        while (next(parser) != JsonToken.END_ARRAY)
        {
            if (i == DecisionRequest.MAX_PLACEMENTS)
            {
                throw new InvalidInputException("placements", "placements must hold 1.." + DecisionRequest.MAX_PLACEMENTS);
            }
            if (parser.currentToken() != JsonToken.START_OBJECT)
            {
                final String path = "placements[" + i + "]";
                throw new InvalidInputException(path, path + " must be an object");
            }
            String id = null;
            String slot = null;
            int count = 1;
            while (next(parser) == JsonToken.FIELD_NAME)
            {
                final String name = parser.currentName();
                final JsonToken token = next(parser);
                switch (name)
                {
                    case "id":
                        id = string(parser, token, "placements", i, ".id");
                        break;
                    case "slot":
                        slot = string(parser, token, "placements", i, ".slot");
                        break;
                    case "count":
                        if (token != JsonToken.VALUE_NUMBER_INT || parser.getLongValue() < 1 ||
                            parser.getLongValue() > DecisionRequest.MAX_COUNT)
                        {
                            final String path = "placements[" + i + "].count";
                            throw new InvalidInputException(path, path + " must be 1.." + DecisionRequest.MAX_COUNT);
                        }
                        count = parser.getIntValue();
                        break;
                    default:
                        parser.skipChildren();
                        break;
                }
            }
            if (null == id || id.isEmpty())
            {
                final String path = "placements[" + i + "].id";
                throw new InvalidInputException(path, path + " is required");
            }
            if (null == slot || slot.isEmpty())
            {
                final String path = "placements[" + i + "].slot";
                throw new InvalidInputException(path, path + " is required");
            }
            for (int p = 0; p < request.placementCount(); p++)
            {
                if (request.placementId(p).equals(id))
                {
                    final String path = "placements[" + i + "].id";
                    throw new InvalidInputException(path, path + " '" + id + "' is used by placements[" + p + "] too");
                }
            }
            request.addPlacement(id, slot, count);
            i++;
        }
        if (0 == i)
        {
            throw new InvalidInputException("placements", "placements must hold 1.." + DecisionRequest.MAX_PLACEMENTS);
        }
    }

    private void user(final JsonParser parser, final JsonToken value, final DecisionRequest request)
        throws IOException, InvalidInputException
    {
        if (value == JsonToken.VALUE_NULL)
        {
            return;
        }
        requireObject(value, "user");
        while (next(parser) == JsonToken.FIELD_NAME)
        {
            final String name = parser.currentName();
            final JsonToken token = next(parser);
            switch (name)
            {
                case "key":
                    request.userKey(token == JsonToken.VALUE_NULL ? null : userKey(parser, token));
                    break;
                case "segments":
                    strings(parser, token, "user.segments", request, Target.SEGMENTS);
                    break;
                default:
                    parser.skipChildren();
                    break;
            }
        }
    }

    private void context(final JsonParser parser, final JsonToken value, final DecisionRequest request)
        throws IOException, InvalidInputException
    {
        if (value == JsonToken.VALUE_NULL)
        {
            return;
        }
        requireObject(value, "context");
        while (next(parser) == JsonToken.FIELD_NAME)
        {
            final String name = parser.currentName();
            final JsonToken token = next(parser);
            switch (name)
            {
                case "channel":
                {
                    final String channel = string(parser, token, "context.channel");
                    final Channel parsed = Channel.fromWireName(channel);
                    if (null == parsed)
                    {
                        throw new InvalidInputException("context.channel",
                            "context.channel must be web, app, instore_screen, email or offsite, got '" + channel + "'");
                    }
                    request.channel(parsed);
                    break;
                }
                case "storeId":
                    request.storeId(token == JsonToken.VALUE_NULL ? null : string(parser, token, "context.storeId"));
                    break;
                case "geo":
                    geo(parser, token, request);
                    break;
                case "region":
                    request.region(token == JsonToken.VALUE_NULL ? null : string(parser, token, "context.region"));
                    break;
                case "pageType":
                    request.pageType(token == JsonToken.VALUE_NULL ? null : string(parser, token, "context.pageType"));
                    break;
                case "category":
                    request.category(token == JsonToken.VALUE_NULL ? null : string(parser, token, "context.category"));
                    break;
                case "keywords":
                    strings(parser, token, "context.keywords", request, Target.KEYWORDS);
                    break;
                case "cartSkus":
                    strings(parser, token, "context.cartSkus", request, Target.CART);
                    break;
                case "orderSkus":
                    strings(parser, token, "context.orderSkus", request, Target.ORDER);
                    break;
                case "excludeSkus":
                    strings(parser, token, "context.excludeSkus", request, Target.EXCLUDED);
                    break;
                default:
                    parser.skipChildren();
                    break;
            }
        }
    }

    private void geo(final JsonParser parser, final JsonToken value, final DecisionRequest request)
        throws IOException, InvalidInputException
    {
        if (value == JsonToken.VALUE_NULL)
        {
            return;
        }
        requireObject(value, "context.geo");
        double lat = Double.NaN;
        double lon = Double.NaN;
        while (next(parser) == JsonToken.FIELD_NAME)
        {
            final String name = parser.currentName();
            final JsonToken token = next(parser);
            switch (name)
            {
                case "lat":
                    lat = number(parser, token, "context.geo.lat", -90, 90);
                    break;
                case "lon":
                    lon = number(parser, token, "context.geo.lon", -180, 180);
                    break;
                default:
                    parser.skipChildren();
                    break;
            }
        }
        if (Double.isNaN(lat) || Double.isNaN(lon))
        {
            throw new InvalidInputException(Double.isNaN(lat) ? "context.geo.lat" : "context.geo.lon",
                "context.geo needs both lat and lon");
        }
        request.geo(lat, lon);
    }

    private void consent(final JsonParser parser, final JsonToken value, final DecisionRequest request)
        throws IOException, InvalidInputException
    {
        if (value == JsonToken.VALUE_NULL)
        {
            return;
        }
        requireObject(value, "consent");
        while (next(parser) == JsonToken.FIELD_NAME)
        {
            final String name = parser.currentName();
            final JsonToken token = next(parser);
            if ("personalization".equals(name))
            {
                request.personalization(bool(parser, token, "consent.personalization"));
            }
            else
            {
                parser.skipChildren();
            }
        }
    }

    private enum Target
    {
        SEGMENTS, KEYWORDS, CART, ORDER, EXCLUDED
    }

    private void strings(
        final JsonParser parser, final JsonToken value, final String path, final DecisionRequest request, final Target target)
        throws IOException, InvalidInputException
    {
        if (value == JsonToken.VALUE_NULL)
        {
            return;
        }
        if (value != JsonToken.START_ARRAY)
        {
            throw new InvalidInputException(path, path + " must be an array of strings");
        }
        int i = 0;
        while (next(parser) != JsonToken.END_ARRAY)
        {
            final String item = string(parser, parser.currentToken(), path, i, "");
            final boolean added = switch (target)
            {
                case SEGMENTS -> request.addSegment(item);
                case KEYWORDS -> request.addKeyword(item);
                case CART -> request.addCartSku(item);
                case ORDER -> request.addOrderSku(item);
                case EXCLUDED -> request.addExcludedSku(item);
            };
            if (!added)
            {
                throw new InvalidInputException(path, path + " holds too many entries");
            }
            i++;
        }
    }

    /** {@code user.key}: as {@link #string(JsonParser, JsonToken, String)}, from its own cache. */
    private String userKey(final JsonParser parser, final JsonToken token) throws IOException, InvalidInputException
    {
        if (token != JsonToken.VALUE_STRING || parser.getTextLength() > MAX_ID_LENGTH)
        {
            return string(parser, token, "user.key");
        }
        return userKeys.get(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
    }

    private static void requireObject(final JsonToken value, final String path) throws InvalidInputException
    {
        if (value != JsonToken.START_OBJECT)
        {
            throw new InvalidInputException(path, path + " must be an object");
        }
    }

    private String string(final JsonParser parser, final JsonToken token, final String path)
        throws IOException, InvalidInputException
    {
        if (token != JsonToken.VALUE_STRING)
        {
            throw new InvalidInputException(path, path + " must be a string");
        }
        if (parser.getTextLength() > MAX_ID_LENGTH)
        {
            throw new InvalidInputException(path, path + " is longer than " + MAX_ID_LENGTH + " characters");
        }
        return values.get(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
    }

    /**
     * A string at {@code prefix[index]suffix}: the path is built only when the value is bad.
     */
    private String string(
        final JsonParser parser, final JsonToken token, final String prefix, final int index, final String suffix)
        throws IOException, InvalidInputException
    {
        if (token != JsonToken.VALUE_STRING || parser.getTextLength() > MAX_ID_LENGTH)
        {
            return string(parser, token, prefix + "[" + index + "]" + suffix);
        }
        return values.get(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
    }

    private static boolean bool(final JsonParser parser, final JsonToken token, final String path) throws InvalidInputException
    {
        if (token == JsonToken.VALUE_TRUE)
        {
            return true;
        }
        if (token == JsonToken.VALUE_FALSE)
        {
            return false;
        }
        throw new InvalidInputException(path, path + " must be true or false");
    }

    private static double number(final JsonParser parser, final JsonToken token, final String path, final double min, final double max)
        throws IOException, InvalidInputException
    {
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT)
        {
            throw new InvalidInputException(path, path + " must be a number");
        }
        final double value = parser.getDoubleValue();
        if (!(value >= min && value <= max))
        {
            throw new InvalidInputException(path, path + " must be " + min + ".." + max);
        }
        return value;
    }
}
