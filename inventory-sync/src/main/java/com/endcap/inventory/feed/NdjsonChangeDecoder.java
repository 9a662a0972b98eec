package com.endcap.inventory.feed;

import com.endcap.inventory.apply.ChangeBatch;
import com.endcap.inventory.ids.IdDictionary;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import org.agrona.concurrent.EpochClock;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decodes the body of {@code POST /v1/inventory/changes}: NDJSON, one stock change a line, into a
 * caller's {@link ChangeBatch}, with every id interned.
 * <p>
 * A line is one JSON object with the fields
 * <ul>
 *     <li>{@code source}, {@code sku}, {@code location}: required non-empty strings that
 *     {@link IdDictionary#intern} accepts (at most {@link IdDictionary#MAX_ID_BYTES} UTF-8 bytes,
 *     no tabs or line breaks);</li>
 *     <li>{@code seq}: required integer, 0 to {@link Long#MAX_VALUE};</li>
 *     <li>exactly one of {@code onHand} (integer, 0 to {@link Integer#MAX_VALUE}: absolute) and
 *     {@code delta} (any int: relative);</li>
 *     <li>{@code reserved}, {@code safetyStock}: optional integers, 0 to {@link Integer#MAX_VALUE},
 *     {@link ChangeBatch#ABSENT} in the batch when not given;</li>
 *     <li>{@code ts}: optional epoch millis, 0 to {@link Long#MAX_VALUE}; when not given, the
 *     injected clock's time read once at the start of the body.</li>
 * </ul>
 * Field names are case-sensitive. Other fields are skipped whatever their value, nested objects
 * and arrays included. {@code null} is not accepted for a known field, nor is a known field given
 * twice. Numbers with a fraction or exponent ({@code 7.0}, {@code 1e3}) are not integers.
 * <p>
 * Lines are split on {@code '\n'} (a {@code '\r'} before it is JSON whitespace); a last line
 * without a newline is still a line. Lines holding only whitespace are skipped without a report.
 * Any other line that breaks a rule is rejected, reported with its 1-based line number, and does
 * not stop the lines after it. The ids of a line are interned only once the whole line is valid,
 * so a rejected line adds no id to any dictionary.
 * <p>
 * Threads: reusable, one body after another, but not thread-safe: one decoder per thread. The
 * dictionaries may be shared.
 */
public final class NdjsonChangeDecoder
{
    private static final int SOURCE = 1;
    private static final int SEQ = 1 << 1;
    private static final int SKU = 1 << 2;
    private static final int LOCATION = 1 << 3;
    private static final int ON_HAND = 1 << 4;
    private static final int DELTA = 1 << 5;
    private static final int RESERVED = 1 << 6;
    private static final int SAFETY_STOCK = 1 << 7;
    private static final int TS = 1 << 8;

    private static final int MAX_ECHO_CHARS = 32;

    private final JsonFactory jsonFactory = JsonFactory.builder().build();
    private final IdDictionary skus;
    private final IdDictionary locations;
    private final IdDictionary sources;
    /** How far ahead of this server's clock a change's {@code ts} may be. */
    public static final long MAX_CLOCK_SKEW_MILLIS = 5 * 60_000L;

    private final EpochClock clock;

    // The line being decoded: which fields were seen, their values, and the first error.
    private int seen;
    private String source;
    private String sku;
    private String location;
    private long seq;
    private long tsMillis;
    private int onHand;
    private int delta;
    private int reserved;
    private int safetyStock;
    private long number;
    private String errorField;
    private String errorMessage;

    /**
     * @param skus      dictionary the {@code sku} ids are interned into.
     * @param locations dictionary the {@code location} ids are interned into.
     * @param sources   dictionary the {@code source} ids are interned into.
     * @param clock     time of a change whose line has no {@code ts}.
     */
    public NdjsonChangeDecoder(
        final IdDictionary skus, final IdDictionary locations, final IdDictionary sources, final EpochClock clock)
    {
        this.skus = Objects.requireNonNull(skus, "skus");
        this.locations = Objects.requireNonNull(locations, "locations");
        this.sources = Objects.requireNonNull(sources, "sources");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Decodes a whole body, appending each valid line to {@code batch} (which is not cleared first)
     * with its 1-based line number.
     *
     * @param body   bytes holding the body, UTF-8.
     * @param offset where the body starts in {@code body}.
     * @param length body length in bytes.
     * @param batch  batch the valid lines are appended to.
     * @return how many lines were appended and which were rejected.
     * @throws IndexOutOfBoundsException when offset and length do not fit {@code body}.
     */
    public DecodeResult decode(final byte[] body, final int offset, final int length, final ChangeBatch batch)
    {
        Objects.checkFromIndexSize(offset, length, body.length);
        Objects.requireNonNull(batch, "batch");

        final long nowMillis = clock.time();
        final List<LineError> rejected = new ArrayList<>();
        final int end = offset + length;
        int decoded = 0;
        int lineNumber = 0;
        int lineStart = offset;
        while (lineStart < end)
        {
            lineNumber++;
            int lineEnd = lineStart;
            while (lineEnd < end && body[lineEnd] != '\n')
            {
                lineEnd++;
            }

            if (!isBlank(body, lineStart, lineEnd))
            {
                if (decodeLine(body, lineStart, lineEnd - lineStart, lineNumber, nowMillis, batch))
                {
                    decoded++;
                }
                else
                {
                    rejected.add(new LineError(lineNumber, errorField, errorMessage));
                }
            }
            lineStart = lineEnd + 1;
        }

        return new DecodeResult(decoded, rejected);
    }

    /**
     * Reads {@code in} to its end (without closing it) and decodes it as
     * {@link #decode(byte[], int, int, ChangeBatch)} does. The whole body is held in memory: the
     * caller bounds its size.
     *
     * @param in    the body, UTF-8.
     * @param batch batch the valid lines are appended to.
     * @return how many lines were appended and which were rejected.
     * @throws IOException when reading {@code in} fails.
     */
    public DecodeResult decode(final InputStream in, final ChangeBatch batch) throws IOException
    {
        final byte[] body = in.readAllBytes();
        return decode(body, 0, body.length, batch);
    }

    private boolean decodeLine(
        final byte[] body,
        final int start,
        final int length,
        final int line,
        final long nowMillis,
        final ChangeBatch batch)
    {
        seen = 0;
        source = null;
        sku = null;
        location = null;
        errorField = null;
        errorMessage = null;

        try (JsonParser parser = jsonFactory.createParser(body, start, length))
        {
            if (parser.nextToken() != JsonToken.START_OBJECT)
            {
                return fail(null, "line must be a JSON object");
            }
            if (!readFields(parser))
            {
                return false;
            }
            if (null != parser.nextToken())
            {
                return fail(null, "line must hold one JSON object, found more after it");
            }
        }
        catch (final JsonProcessingException ex)
        {
            return fail(null, invalidJson(ex));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("reading from a byte array failed", ex);
        }

        if (!checkRequired())
        {
            return false;
        }
        if ((seen & TS) != 0 && tsMillis > nowMillis + MAX_CLOCK_SKEW_MILLIS)
        {
            // A timestamp from the future (a skewed till clock, micro- for milliseconds) would pin
            // the record's freshness there: stale stock would never fail safe.
            return fail("ts", "ts is more than " + MAX_CLOCK_SKEW_MILLIS / 60_000 + " minutes in the future");
        }

        final int skuId;
        final int locationId;
        final int sourceId;
        try
        {
            skuId = skus.intern(sku);
            locationId = locations.intern(location);
            sourceId = sources.intern(source);
        }
        catch (final IllegalArgumentException ex)
        {
            // The ids passed IdDictionary.problemWith above; a dictionary that still refuses one
            // (e.g. a read-only dictionary) rejects this line, not the whole body.
            return fail(null, "invalid id: " + ex.getMessage());
        }

        final long ts = (seen & TS) != 0 ? tsMillis : nowMillis;
        final int reservedUnits = (seen & RESERVED) != 0 ? reserved : ChangeBatch.ABSENT;
        final int safetyUnits = (seen & SAFETY_STOCK) != 0 ? safetyStock : ChangeBatch.ABSENT;
        if ((seen & ON_HAND) != 0)
        {
            batch.addAbsolute(line, skuId, locationId, sourceId, seq, ts, onHand, reservedUnits, safetyUnits);
        }
        else
        {
            batch.addDelta(line, skuId, locationId, sourceId, seq, ts, delta, reservedUnits, safetyUnits);
        }
        return true;
    }

    private boolean readFields(final JsonParser parser) throws IOException
    {
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME)
        {
            final String name = parser.currentName();
            final JsonToken value = parser.nextToken();
            switch (name)
            {
                case "source":
                    if (!markSeen(SOURCE, name) || null == (source = readId(parser, value, name)))
                    {
                        return false;
                    }
                    break;

                case "sku":
                    if (!markSeen(SKU, name) || null == (sku = readId(parser, value, name)))
                    {
                        return false;
                    }
                    break;

                case "location":
                    if (!markSeen(LOCATION, name) || null == (location = readId(parser, value, name)))
                    {
                        return false;
                    }
                    break;

                case "seq":
                    if (!markSeen(SEQ, name) || !readInteger(parser, value, name, 0, Long.MAX_VALUE))
                    {
                        return false;
                    }
                    seq = number;
                    break;

                case "ts":
                    if (!markSeen(TS, name) || !readInteger(parser, value, name, 0, Long.MAX_VALUE))
                    {
                        return false;
                    }
                    tsMillis = number;
                    break;

                case "onHand":
                    if (!markSeen(ON_HAND, name) || !readInteger(parser, value, name, 0, Integer.MAX_VALUE))
                    {
                        return false;
                    }
                    onHand = (int)number;
                    break;

                case "delta":
                    if (!markSeen(DELTA, name) ||
                        !readInteger(parser, value, name, Integer.MIN_VALUE, Integer.MAX_VALUE))
                    {
                        return false;
                    }
                    delta = (int)number;
                    break;

                case "reserved":
                    if (!markSeen(RESERVED, name) || !readInteger(parser, value, name, 0, Integer.MAX_VALUE))
                    {
                        return false;
                    }
                    reserved = (int)number;
                    break;

                case "safetyStock":
                    if (!markSeen(SAFETY_STOCK, name) || !readInteger(parser, value, name, 0, Integer.MAX_VALUE))
                    {
                        return false;
                    }
                    safetyStock = (int)number;
                    break;

                default:
                    parser.skipChildren();
                    break;
            }
        }

        if (token != JsonToken.END_OBJECT)
        {
            // Jackson reports an unclosed object itself; this guards the loop's assumption.
            return fail(null, "invalid JSON: object not closed");
        }
        return true;
    }

    private boolean checkRequired()
    {
        if ((seen & SOURCE) == 0)
        {
            return fail("source", "source is required");
        }
        if ((seen & SEQ) == 0)
        {
            return fail("seq", "seq is required");
        }
        if ((seen & SKU) == 0)
        {
            return fail("sku", "sku is required");
        }
        if ((seen & LOCATION) == 0)
        {
            return fail("location", "location is required");
        }

        final int quantityFields = seen & (ON_HAND | DELTA);
        if (quantityFields == 0)
        {
            return fail(null, "one of onHand or delta is required");
        }
        if (quantityFields == (ON_HAND | DELTA))
        {
            return fail(null, "give either onHand or delta, not both");
        }
        return true;
    }

    private boolean markSeen(final int bit, final String field)
    {
        if ((seen & bit) != 0)
        {
            return fail(field, field + " is given more than once");
        }
        seen |= bit;
        return true;
    }

    private String readId(final JsonParser parser, final JsonToken token, final String field) throws IOException
    {
        if (token != JsonToken.VALUE_STRING)
        {
            fail(field, field + " must be a non-empty string, got " + describe(parser, token));
            return null;
        }

        final String id = parser.getText();
        final String problem = IdDictionary.problemWith(id);
        if (null != problem)
        {
            fail(field, field + ' ' + problem);
            return null;
        }
        return id;
    }

    private boolean readInteger(
        final JsonParser parser, final JsonToken token, final String field, final long min, final long max)
        throws IOException
    {
        final String rule = field + (0 == min ? " must be an integer >= 0" : " must be an integer");
        if (token != JsonToken.VALUE_NUMBER_INT)
        {
            return fail(field, rule + ", got " + describe(parser, token));
        }

        final String text = parser.getText();
        final boolean fitsLong = parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
        final boolean negative = text.startsWith("-");
        if (fitsLong ? parser.getLongValue() < min : negative)
        {
            return fail(field, (0 == min ? rule : field + " must be at least " + min) + ", got " + echo(text));
        }
        if (fitsLong ? parser.getLongValue() > max : !negative)
        {
            return fail(field, field + " must be at most " + max + ", got " + echo(text));
        }
        number = parser.getLongValue();
        return true;
    }

    private boolean fail(final String field, final String message)
    {
        errorField = field;
        errorMessage = message;
        return false;
    }

    private static String describe(final JsonParser parser, final JsonToken token) throws IOException
    {
        switch (token)
        {
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return echo(parser.getText());
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            case VALUE_NULL:
                return "null";
            case START_OBJECT:
                return "an object";
            case START_ARRAY:
                return "an array";
            default:
                return token.name();
        }
    }

    private static String echo(final String text)
    {
        return text.length() <= MAX_ECHO_CHARS ? text : text.substring(0, MAX_ECHO_CHARS) + "...";
    }

    private static String invalidJson(final JsonProcessingException ex)
    {
        final JsonLocation location = ex.getLocation();
        final String where = null != location && location.getColumnNr() > 0 ?
            " at column " + location.getColumnNr() : "";
        return "invalid JSON" + where + ": " + ex.getOriginalMessage();
    }

    private static boolean isBlank(final byte[] body, final int start, final int end)
    {
        for (int i = start; i < end; i++)
        {
            final byte b = body[i];
            if (b != ' ' && b != '\t' && b != '\r')
            {
                return false;
            }
        }
        return true;
    }
}
