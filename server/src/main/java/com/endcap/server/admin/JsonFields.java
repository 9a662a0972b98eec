package com.endcap.server.admin;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed reads of the current token of a Jackson streaming parser, each failing with an
 * {@link InvalidInputException} that names the field path. Shared by the admin codecs; cold path.
 * {@link #malformed} is public: every JSON body the server reads reports a parse failure its way.
 */
public final class JsonFields
{
    /** Longest campaign, advertiser or ad id, in characters. */
    static final int MAX_ID_LENGTH = 128;

    /**
     * Parsers reject a key repeated in one object rather than silently keeping the last; parsers
     * and generators leave the caller's streams open.
     */
    static final JsonFactory JSON = new JsonFactoryBuilder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
        .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
        .build();

    private JsonFields()
    {
    }

    /**
     * @param field   JSON path.
     * @param problem what is wrong, phrased to follow the path ("must be a string").
     * @return the exception, its message the path followed by the problem.
     */
    static InvalidInputException invalid(final String field, final String problem)
    {
        return new InvalidInputException(field, field + " " + problem);
    }

    /**
     * @param ex a parse failure.
     * @return it as invalid input of no particular field.
     */
    public static InvalidInputException malformed(final JsonProcessingException ex)
    {
        final JsonLocation location = ex.getLocation();
        final String where = null == location ? "" :
            " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        return new InvalidInputException(null, "malformed JSON" + where + ": " + reason(ex), ex);
    }

    /**
     * @param ex a parse failure.
     * @return what Jackson found wrong, without its notes on where the enclosing value started.
     */
    static String reason(final JsonProcessingException ex)
    {
        final String message = String.valueOf(ex.getOriginalMessage());
        final int note = message.indexOf(" (start marker at");
        return note > 0 ? message.substring(0, note) : message;
    }

    /**
     * @param parent path of the enclosing object, or empty at the top level.
     * @param child  field name.
     * @return the child's path.
     */
    static String path(final String parent, final String child)
    {
        return parent.isEmpty() ? child : parent + "." + child;
    }

    /**
     * @param parent path of an array.
     * @param index  element index.
     * @return the element's path.
     */
    static String element(final String parent, final int index)
    {
        return parent + "[" + index + "]";
    }

    /**
     * Requires the current token to open an object.
     *
     * @param parser positioned on the value.
     * @param field  its path.
     * @throws InvalidInputException when it is not an object.
     */
    static void object(final JsonParser parser, final String field) throws InvalidInputException
    {
        if (parser.currentToken() != JsonToken.START_OBJECT)
        {
            throw invalid(field, "must be an object");
        }
    }

    /**
     * Advances to the next field of the current object.
     *
     * @param parser positioned inside an object.
     * @return the field's name with the parser on its value, or null at the end of the object.
     * @throws IOException on malformed JSON.
     */
    static String nextField(final JsonParser parser) throws IOException
    {
        if (parser.nextToken() != JsonToken.FIELD_NAME)
        {
            return null;
        }
        final String name = parser.currentName();
        parser.nextToken();
        return name;
    }

    /**
     * @param parser positioned on a value.
     * @return true when the value is JSON {@code null} (read as absent).
     */
    static boolean isNull(final JsonParser parser)
    {
        return parser.currentToken() == JsonToken.VALUE_NULL;
    }

    static String string(final JsonParser parser, final String field) throws IOException, InvalidInputException
    {
        if (parser.currentToken() != JsonToken.VALUE_STRING)
        {
            throw invalid(field, "must be a string");
        }
        return parser.getText();
    }

    static String nonBlank(final JsonParser parser, final String field) throws IOException, InvalidInputException
    {
        final String value = string(parser, field);
        if (value.isBlank())
        {
            throw invalid(field, "must not be blank");
        }
        return value;
    }

    /**
     * Reads an id: 1 to {@value #MAX_ID_LENGTH} characters, no control characters.
     */
    static String id(final JsonParser parser, final String field) throws IOException, InvalidInputException
    {
        final String value = string(parser, field);
        if (value.isEmpty() || value.length() > MAX_ID_LENGTH)
        {
            throw invalid(field, "must be 1.." + MAX_ID_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++)
        {
            if (Character.isISOControl(value.charAt(i)))
            {
                throw invalid(field, "must not contain control characters");
            }
        }
        return value;
    }

    /**
     * Reads a finite number, integer or not.
     */
    static double number(final JsonParser parser, final String field) throws IOException, InvalidInputException
    {
        final JsonToken token = parser.currentToken();
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT)
        {
            throw invalid(field, "must be a number");
        }
        final double value = parser.getDoubleValue();
        if (!Double.isFinite(value))
        {
            throw invalid(field, "must be a finite number");
        }
        return value;
    }

    /**
     * Reads an integer that fits a long; range checks are the caller's.
     */
    static long integer(final JsonParser parser, final String field) throws IOException, InvalidInputException
    {
        if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT)
        {
            throw invalid(field, "must be an integer");
        }
        final JsonParser.NumberType type = parser.getNumberType();
        if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG)
        {
            throw invalid(field, "is out of range");
        }
        return parser.getLongValue();
    }

    static boolean bool(final JsonParser parser, final String field) throws InvalidInputException
    {
        final JsonToken token = parser.currentToken();
        if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE)
        {
            throw invalid(field, "must be true or false");
        }
        return token == JsonToken.VALUE_TRUE;
    }

    /**
     * Reads an array of non-blank strings.
     *
     * @param parser positioned on the value.
     * @param field  its path.
     * @param max    most elements allowed.
     * @param noun   what the elements are, for the message ("skus").
     * @return the strings, in order.
     */
    static List<String> strings(final JsonParser parser, final String field, final int max, final String noun)
        throws IOException, InvalidInputException
    {
        if (parser.currentToken() != JsonToken.START_ARRAY)
        {
            throw invalid(field, "must be an array of strings");
        }
        final List<String> values = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY)
        {
            final String at = element(field, values.size());
            if (values.size() == max)
            {
                throw invalid(field, "must hold at most " + max + " " + noun);
            }
            values.add(nonBlank(parser, at));
        }
        return values;
    }
}
