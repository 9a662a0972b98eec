package com.endcap.server.api;

import com.endcap.bidder.segment.SegmentStore;
import com.endcap.server.http.Exchange;
import com.endcap.server.http.Responses;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.agrona.concurrent.EpochClock;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * {@code POST /v1/segments}: NDJSON, one shopper a line,
 * {@code {"userKey": "u-8812", "segments": ["pet-owner"], "ttlSeconds": 2592000}}. Valid lines are
 * stored (merged with what the shopper holds, each named segment expiring after its TTL; a TTL of
 * 0 removes them); invalid lines are reported by number, as inventory changes are. Runs on the
 * ingest executor.
 */
public final class SegmentHandler
{
    /** TTL of a line without one: 30 days. */
    public static final long DEFAULT_TTL_SECONDS = 30L * 86_400;
    /** Longest TTL accepted: one year. */
    public static final long MAX_TTL_SECONDS = 366L * 86_400;

    private final SegmentStore store;
    private final Executor executor;
    private final EpochClock clock;

    private record LineError(int line, String message)
    {
    }

    /**
     * @param store    where segments are held.
     * @param executor where lines are applied.
     * @param clock    epoch millis.
     */
    public SegmentHandler(final SegmentStore store, final Executor executor, final EpochClock clock)
    {
        this.store = store;
        this.executor = executor;
        this.clock = clock;
    }

    /**
     * @param exchange the request.
     */
    public void handle(final Exchange exchange)
    {
        if (!exchange.requireContentType("application/x-ndjson", "application/ndjson"))
        {
            return;
        }
        final ByteBuf content = exchange.request().content();
        final byte[] body = new byte[content.readableBytes()];
        content.getBytes(content.readerIndex(), body);
        exchange.offload(executor, () -> apply(exchange, body));
    }

    private void apply(final Exchange exchange, final byte[] body)
    {
        final long now = clock.time() / 1000;
        final List<LineError> rejected = new ArrayList<>();
        int accepted = 0;
        int line = 0;
        int start = 0;
        while (start < body.length)
        {
            int end = start;
            while (end < body.length && body[end] != '\n')
            {
                end++;
            }
            line++;
            int last = end;
            while (last > start && (body[last - 1] == '\r' || body[last - 1] == ' ' || body[last - 1] == '\t'))
            {
                last--;
            }
            if (last > start)
            {
                final String error = applyLine(body, start, last - start, now);
                if (null == error)
                {
                    accepted++;
                }
                else
                {
                    rejected.add(new LineError(line, error));
                }
            }
            start = end + 1;
        }
        final int applied = accepted;
        exchange.respond(Responses.json(exchange.alloc(), HttpResponseStatus.ACCEPTED, g ->
        {
            g.writeStartObject();
            g.writeNumberField("accepted", applied);
            g.writeArrayFieldStart("rejected");
            for (final LineError error : rejected)
            {
                g.writeStartObject();
                g.writeNumberField("line", error.line());
                g.writeStringField("message", error.message());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }));
    }

    private String applyLine(final byte[] body, final int offset, final int length, final long now)
    {
        String userKey = null;
        List<String> segments = null;
        long ttl = DEFAULT_TTL_SECONDS;
        try (JsonParser parser = Responses.JSON.createParser(body, offset, length))
        {
            if (parser.nextToken() != JsonToken.START_OBJECT)
            {
                return "a line must be a JSON object";
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME)
            {
                final String name = parser.currentName();
                final JsonToken token = parser.nextToken();
                switch (name)
                {
                    case "userKey":
                        if (token != JsonToken.VALUE_STRING)
                        {
                            return "userKey must be a string";
                        }
                        userKey = parser.getText();
                        break;
                    case "segments":
                        if (token != JsonToken.START_ARRAY)
                        {
                            return "segments must be an array of strings";
                        }
                        segments = new ArrayList<>();
                        while (parser.nextToken() != JsonToken.END_ARRAY)
                        {
                            if (parser.currentToken() != JsonToken.VALUE_STRING)
                            {
                                return "segments must be an array of strings";
                            }
                            segments.add(parser.getText());
                        }
                        break;
                    case "ttlSeconds":
                        if (token != JsonToken.VALUE_NUMBER_INT || parser.getLongValue() < 0 || parser.getLongValue() > MAX_TTL_SECONDS)
                        {
                            return "ttlSeconds must be an integer 0.." + MAX_TTL_SECONDS;
                        }
                        ttl = parser.getLongValue();
                        break;
                    default:
                        parser.skipChildren();
                        break;
                }
            }
            if (parser.nextToken() != null)
            {
                return "one JSON object per line";
            }
        }
        catch (final JsonParseException ex)
        {
            return "malformed JSON: " + ex.getOriginalMessage();
        }
        catch (final IOException ex)
        {
            return "unreadable line: " + ex.getMessage();
        }
        if (null == userKey || userKey.isEmpty())
        {
            return "userKey is required";
        }
        if (null == segments)
        {
            return "segments is required";
        }
        try
        {
            final int result = store.put(userKey, segments, ttl, now);
            return switch (result)
            {
                case SegmentStore.USERS_FULL -> "the segment store holds its maximum of " + store.maxUsers() + " shoppers";
                case SegmentStore.USER_SEGMENTS_FULL -> "a shopper may hold at most " + store.maxSegmentsPerUser() + " segments";
                case SegmentStore.DICTIONARY_FULL -> "too many distinct segment names";
                default -> null;
            };
        }
        catch (final IllegalArgumentException ex)
        {
            return ex.getMessage();
        }
    }
}
