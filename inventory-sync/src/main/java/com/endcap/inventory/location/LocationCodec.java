package com.endcap.inventory.location;

import com.endcap.bidder.location.LocationKind;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.endcap.bidder.location.Location;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes locations in the shape of {@code API.md}: a JSON array or NDJSON of
 * <pre>
 * {"id": "S042", "type": "store", "name": "Main St", "lat": 40.74, "lon": -73.99, "timezone": "America/New_York", "region": "NY"}
 * {"id": "DC-EAST", "type": "warehouse", "name": "East DC", "regions": ["NY", "NJ"], "shipDays": 2}
 * </pre>
 * Decoded locations carry id {@code -1}; the registry assigns dense ids. Thread-safe.
 */
public final class LocationCodec
{
    private static final JsonFactory JSON = new JsonFactory();

    /** Thrown for a location that is not valid, naming the entry and field. */
    public static final class InvalidLocationException extends Exception
    {
        private static final long serialVersionUID = 1L;
        private final String field;

        /**
         * @param field   field path, e.g. {@code [2].lat}.
         * @param message what is wrong.
         */
        public InvalidLocationException(final String field, final String message)
        {
            super(field + ": " + message);
            this.field = field;
        }

        /**
         * @return the field path.
         */
        public String field()
        {
            return field;
        }
    }

    private LocationCodec()
    {
    }

    /**
     * Decodes a JSON array or NDJSON stream of locations, validating each.
     *
     * @param in the body.
     * @return the locations, in input order, with id -1.
     * @throws InvalidLocationException for the first invalid entry.
     * @throws IOException on malformed JSON.
     */
    public static List<Location> decode(final InputStream in) throws InvalidLocationException, IOException
    {
        final List<Location> locations = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(in))
        {
            JsonToken token = parser.nextToken();
            final boolean array = token == JsonToken.START_ARRAY;
            if (array)
            {
                token = parser.nextToken();
            }
            while (null != token && token != JsonToken.END_ARRAY)
            {
                if (token != JsonToken.START_OBJECT)
                {
                    throw new InvalidLocationException("[" + locations.size() + "]", "must be a JSON object");
                }
                locations.add(decodeOne(parser, "[" + locations.size() + "]"));
                token = parser.nextToken();
            }
        }
        return locations;
    }

    /**
     * Encodes locations as NDJSON.
     *
     * @param locations to write.
     * @param out       destination; not closed.
     * @throws IOException on write failure.
     */
    public static void encode(final Iterable<Location> locations, final OutputStream out) throws IOException
    {
        try (JsonGenerator generator = JSON.createGenerator(out))
        {
            generator.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            for (final Location location : locations)
            {
                encodeOne(generator, location);
                generator.writeRaw('\n');
            }
        }
    }

    /**
     * Encodes one location as a JSON object.
     *
     * @param generator destination.
     * @param location  to write.
     * @throws IOException on write failure.
     */
    public static void encodeOne(final JsonGenerator generator, final Location location) throws IOException
    {
        generator.writeStartObject();
        generator.writeStringField("id", location.code());
        generator.writeStringField("type", location.isStore() ? "store" : "warehouse");
        generator.writeStringField("name", location.name());
        if (location.isStore())
        {
            generator.writeNumberField("lat", location.lat());
            generator.writeNumberField("lon", location.lon());
            if (null != location.timezone())
            {
                generator.writeStringField("timezone", location.timezone());
            }
            if (null != location.region())
            {
                generator.writeStringField("region", location.region());
            }
        }
        else
        {
            generator.writeArrayFieldStart("regions");
            for (final String region : location.regions())
            {
                generator.writeString(region);
            }
            generator.writeEndArray();
            generator.writeNumberField("shipDays", location.shipDays());
        }
        generator.writeEndObject();
    }

    private static Location decodeOne(final JsonParser parser, final String at)
        throws IOException, InvalidLocationException
    {
        String code = null;
        String type = null;
        String name = null;
        double lat = Double.NaN;
        double lon = Double.NaN;
        String timezone = null;
        String region = null;
        final List<String> regions = new ArrayList<>();
        int shipDays = -1;

        while (parser.nextToken() == JsonToken.FIELD_NAME)
        {
            final String field = parser.currentName();
            final JsonToken value = parser.nextToken();
            switch (field)
            {
                case "id" -> code = text(value, parser, at + ".id");
                case "type" -> type = text(value, parser, at + ".type");
                case "name" -> name = text(value, parser, at + ".name");
                case "lat" -> lat = number(value, parser, at + ".lat");
                case "lon" -> lon = number(value, parser, at + ".lon");
                case "timezone" -> timezone = text(value, parser, at + ".timezone");
                case "region" -> region = text(value, parser, at + ".region");
                case "shipDays" ->
                {
                    if (value != JsonToken.VALUE_NUMBER_INT)
                    {
                        throw new InvalidLocationException(at + ".shipDays", "must be an integer");
                    }
                    shipDays = parser.getIntValue();
                }
                case "regions" ->
                {
                    if (value != JsonToken.START_ARRAY)
                    {
                        throw new InvalidLocationException(at + ".regions", "must be an array of strings");
                    }
                    while (parser.nextToken() != JsonToken.END_ARRAY)
                    {
                        regions.add(text(parser.currentToken(), parser, at + ".regions[" + regions.size() + "]"));
                    }
                }
                default -> parser.skipChildren();
            }
        }

        if (null == code || code.isBlank())
        {
            throw new InvalidLocationException(at + ".id", "is required");
        }
        if ("store".equals(type))
        {
            if (!(lat >= -90 && lat <= 90))
            {
                throw new InvalidLocationException(at + ".lat", "is required for a store and must be -90..90");
            }
            if (!(lon >= -180 && lon <= 180))
            {
                throw new InvalidLocationException(at + ".lon", "is required for a store and must be -180..180");
            }
            if (null != timezone)
            {
                try
                {
                    java.time.ZoneId.of(timezone);
                }
                catch (final java.time.DateTimeException ex)
                {
                    throw new InvalidLocationException(at + ".timezone", "is not a known time zone: " + timezone);
                }
            }
            return new Location(-1, code, LocationKind.STORE, name, lat, lon, timezone, region, List.of(), 0);
        }
        if ("warehouse".equals(type))
        {
            if (regions.isEmpty())
            {
                throw new InvalidLocationException(at + ".regions", "is required for a warehouse (the regions it ships to)");
            }
            if (shipDays < 0 || shipDays > 60)
            {
                throw new InvalidLocationException(at + ".shipDays", "is required for a warehouse and must be 0..60");
            }
            return Location.warehouse(-1, code, name, regions, shipDays);
        }
        throw new InvalidLocationException(at + ".type", "must be \"store\" or \"warehouse\"");
    }

    private static String text(final JsonToken token, final JsonParser parser, final String field)
        throws IOException, InvalidLocationException
    {
        if (token != JsonToken.VALUE_STRING)
        {
            throw new InvalidLocationException(field, "must be a string");
        }
        return parser.getText();
    }

    private static double number(final JsonToken token, final JsonParser parser, final String field)
        throws IOException, InvalidLocationException
    {
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT)
        {
            throw new InvalidLocationException(field, "must be a number");
        }
        return parser.getDoubleValue();
    }
}
