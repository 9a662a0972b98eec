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
 * <p>
 * Cost: a body of well-formed lines whose ids are known allocates nothing per line.
 * <ul>
 *     <li>Each line is fed to one long-lived non-blocking Jackson parser, which reads root values
 *     one after another, so no parser, context or buffer is built per line. It is replaced after
 *     {@value #BYTES_PER_PARSER} bytes, which bounds the field names its symbol table can collect.</li>
 *     <li>Ids are checked and looked up from the token's characters
 *     ({@link IdDictionary#knownIdOf}); a {@code String} is built only for an id not seen before.</li>
 *     <li>Integers are read as {@code long}s, and error messages are built only for errors.</li>
 * </ul>
 * A line the long-lived parser does not take cleanly (malformed, truncated, more after the object,
 * any field that breaks a rule, a byte order mark) drops that parser and is decoded again by a new
 * blocking parser over just that line, as every line was before; so the outcome and the message
 * are the blocking parser's. A line that parses cleanly but breaks a rule of the whole line
 * (required fields, {@code ts} too far ahead) is reported without the second pass: both parsers
 * read the same values from it.
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

    /** Bytes one long-lived parser is fed before it is replaced. */
    static final int BYTES_PER_PARSER = 1 << 20;
    /** {@link #readId}: the id is new, its name is in {@link #newName}. */
    private static final int NEW_ID = -2;
    /** {@link #readId}: the id broke a rule, the error is set. */
    private static final int BAD_ID = -3;

    private final JsonFactory jsonFactory = JsonFactory.builder().build();
    private final IdDictionary skus;
    private final IdDictionary locations;
    private final IdDictionary sources;
    /** How far ahead of this server's clock a change's {@code ts} may be. */
    public static final long MAX_CLOCK_SKEW_MILLIS = 5 * 60_000L;

    private final EpochClock clock;

    private final ReusableJsonParser streaming = new ReusableJsonParser(jsonFactory, BYTES_PER_PARSER);

    // The line being decoded: which fields were seen, their values, and the first error. An id is
    // its dense id when known, else NEW_ID with its name in the String field.
    private int seen;
    private int sourceId;
    private int skuId;
    private int locationId;
    private String source;
    private String sku;
    private String location;
    private String newName;
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
        return decodeBody(body, offset, length, batch, false);
    }

    /**
     * Decodes a whole body as {@link #decode(byte[], int, int, ChangeBatch)} did before the
     * long-lived parser: a new blocking parser per line. For tests, which compare the two.
     */
    DecodeResult decodeReference(final byte[] body, final int offset, final int length, final ChangeBatch batch)
    {
        return decodeBody(body, offset, length, batch, true);
    }

    private DecodeResult decodeBody(
        final byte[] body, final int offset, final int length, final ChangeBatch batch, final boolean reference)
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
                final boolean valid = reference ?
                    decodeLineBlocking(body, lineStart, lineEnd - lineStart, lineNumber, nowMillis, batch) :
                    decodeLine(body, lineStart, lineEnd, lineNumber, nowMillis, batch);
                if (valid)
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

    /**
     * Decodes one non-blank line {@code body[start, end)}: through the long-lived parser when it
     * takes the line cleanly, else again through a blocking parser of its own.
     */
    private boolean decodeLine(
        final byte[] body, final int start, final int end, final int line, final long nowMillis, final ChangeBatch batch)
    {
        if (parseStreaming(body, start, end))
        {
            return finishLine(line, nowMillis, batch);
        }
        return decodeLineBlocking(body, start, end - start, line, nowMillis, batch);
    }

    /**
     * Feeds the line to the long-lived parser and reads its fields.
     *
     * @return true when the line is one JSON object whose fields all follow their rules, with only
     *         whitespace after it, and the parser is ready for the next line; false, with the
     *         parser dropped, for anything else.
     */
    private boolean parseStreaming(final byte[] body, final int start, final int end)
    {
        try
        {
            final JsonParser parser = streaming.feed(body, start, end);
            resetLine();
            if (parser.nextToken() == JsonToken.START_OBJECT && readFields(parser) && streaming.endsCleanly(body, end))
            {
                return true;
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            // The blocking parser decodes the line again and reports what is wrong with it.
        }
        streaming.drop();
        return false;
    }

    /**
     * The reference decode of one line: a new blocking parser over just that line, as every line
     * was decoded before the long-lived parser; what {@link #decodeLine} falls back to.
     */
    private boolean decodeLineBlocking(
        final byte[] body,
        final int start,
        final int length,
        final int line,
        final long nowMillis,
        final ChangeBatch batch)
    {
        resetLine();
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
        return finishLine(line, nowMillis, batch);
    }

    private void resetLine()
    {
        seen = 0;
        source = null;
        sku = null;
        location = null;
        errorField = null;
        errorMessage = null;
    }

    /** The rules of the whole line, once its fields are read; then interns new ids and adds it. */
    private boolean finishLine(final int line, final long nowMillis, final ChangeBatch batch)
    {
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

        try
        {
            // Only new ids are interned; a known id's intern would return it unchanged.
            if (NEW_ID == skuId)
            {
                skuId = skus.intern(sku);
            }
            if (NEW_ID == locationId)
            {
                locationId = locations.intern(location);
            }
            if (NEW_ID == sourceId)
            {
                sourceId = sources.intern(source);
            }
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
                    if (!markSeen(SOURCE, name) || BAD_ID == (sourceId = readId(parser, value, name, sources)))
                    {
                        return false;
                    }
                    source = newName;
                    break;

                case "sku":
                    if (!markSeen(SKU, name) || BAD_ID == (skuId = readId(parser, value, name, skus)))
                    {
                        return false;
                    }
                    sku = newName;
                    break;

                case "location":
                    if (!markSeen(LOCATION, name) || BAD_ID == (locationId = readId(parser, value, name, locations)))
                    {
                        return false;
                    }
                    location = newName;
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

    /**
     * Checks an id from the token's characters and looks it up in {@code dictionary}.
     *
     * @return its dense id when known; {@link #NEW_ID} with the name in {@link #newName} when not
     *         (interned only once the whole line is valid); {@link #BAD_ID} with the error set.
     */
    private int readId(final JsonParser parser, final JsonToken token, final String field, final IdDictionary dictionary)
        throws IOException
    {
        newName = null;
        if (token != JsonToken.VALUE_STRING)
        {
            fail(field, field + " must be a non-empty string, got " + describe(parser, token));
            return BAD_ID;
        }

        final char[] chars = parser.getTextCharacters();
        final int offset = parser.getTextOffset();
        final int length = parser.getTextLength();
        final String problem = IdDictionary.problemWith(chars, offset, length);
        if (null != problem)
        {
            fail(field, field + ' ' + problem);
            return BAD_ID;
        }
        final int id = dictionary.knownIdOf(chars, offset, length);
        if (IdDictionary.MISSING != id)
        {
            return id;
        }
        newName = new String(chars, offset, length);
        return NEW_ID;
    }

    private boolean readInteger(
        final JsonParser parser, final JsonToken token, final String field, final long min, final long max)
        throws IOException
    {
        if (token != JsonToken.VALUE_NUMBER_INT)
        {
            return fail(field, rule(field, min) + ", got " + describe(parser, token));
        }

        final boolean fitsLong = parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
        final boolean tooLow;
        if (fitsLong)
        {
            final long value = parser.getLongValue();
            if (value >= min && value <= max)
            {
                number = value;
                return true;
            }
            tooLow = value < min;
        }
        else
        {
            tooLow = parser.getText().startsWith("-");
        }
        final String text = parser.getText();
        if (tooLow)
        {
            return fail(field, (0 == min ? rule(field, min) : field + " must be at least " + min) + ", got " + echo(text));
        }
        return fail(field, field + " must be at most " + max + ", got " + echo(text));
    }

    private static String rule(final String field, final long min)
    {
        return field + (0 == min ? " must be an integer >= 0" : " must be an integer");
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
