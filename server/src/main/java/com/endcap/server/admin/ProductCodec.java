package com.endcap.server.admin;

import com.endcap.bidder.catalog.Product;
import com.endcap.inventory.ids.IdDictionary;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static com.endcap.server.admin.JsonFields.JSON;
import static com.endcap.server.admin.JsonFields.invalid;
import static com.endcap.server.admin.JsonFields.isNull;
import static com.endcap.server.admin.JsonFields.nextField;
import static com.endcap.server.admin.JsonFields.nonBlank;
import static com.endcap.server.admin.JsonFields.reason;
import static com.endcap.server.admin.JsonFields.string;
import static com.endcap.server.admin.JsonFields.strings;

/**
 * Reads and writes catalog products in the shape of {@code API.md} ({@code PUT /v1/admin/catalog},
 * {@code GET /v1/admin/catalog/{sku}}):
 * <pre>
 * {"sku": "100871", "gtin": "00012345678905", "title": "…", "price": 54.99, "salePrice": 49.99, "currency": "USD",
 *  "category": "pet/dog-food", "imageUrl": "…", "url": "…", "complements": ["pet/treats"]}
 * </pre>
 * {@code sku}, {@code title} and {@code price} are required; the rest optional ({@code currency}
 * defaults to USD). Prices are decimal currency units in JSON and cents in {@link Product},
 * rounded half-up to the cent; they are written back with two decimals. {@code gtin} is 8, 12, 13
 * or 14 digits; {@code imageUrl} and {@code url} are http(s) URLs or paths starting with
 * {@code /}. JSON {@code null} reads as absent; unknown fields are ignored.
 * <p>
 * An upload is NDJSON, one product a line, blank lines ignored; it is decoded all-or-nothing: the
 * first bad line throws {@link InvalidInputException} with a message naming its 1-based line
 * ({@code line 3: price must be a number >= 0}) and {@link InvalidInputException#field()} naming the
 * field ({@code price}). Decoded products carry sku id -1; the repository assigns dense ids.
 * Stateless and thread-safe.
 */
public final class ProductCodec
{
    /** Highest price accepted, in currency units. */
    public static final long MAX_PRICE = 100_000_000L;
    /** Most complement categories on one product. */
    public static final int MAX_COMPLEMENTS = 100;

    private static final BigDecimal MAX_PRICE_DECIMAL = BigDecimal.valueOf(MAX_PRICE);
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern GTIN = Pattern.compile("[0-9]{8}|[0-9]{12,14}");

    private ProductCodec()
    {
    }

    /**
     * Decodes an NDJSON upload, all-or-nothing.
     *
     * @param in the UTF-8 body; read to its end, not closed.
     * @return the products in line order, sku id -1.
     * @throws InvalidInputException for the first bad line, naming it and the field.
     * @throws IOException           when reading {@code in} fails.
     */
    public static List<Product> decodeNdjson(final InputStream in) throws InvalidInputException, IOException
    {
        return decodeNdjson(in.readAllBytes());
    }

    /**
     * Decodes an NDJSON upload, all-or-nothing.
     *
     * @param body the UTF-8 body.
     * @return the products in line order, sku id -1.
     * @throws InvalidInputException for the first bad line, naming it and the field.
     */
    public static List<Product> decodeNdjson(final byte[] body) throws InvalidInputException
    {
        final List<Product> products = new ArrayList<>();
        int line = 0;
        int start = 0;
        while (start < body.length)
        {
            line++;
            int end = start;
            while (end < body.length && body[end] != '\n')
            {
                end++;
            }
            final int next = end + 1;
            if (end > start && body[end - 1] == '\r')
            {
                end--;
            }
            if (!isBlank(body, start, end))
            {
                products.add(decodeLine(body, start, end - start, line));
            }
            start = next;
        }
        return products;
    }

    /**
     * Decodes one product object (one NDJSON line).
     *
     * @param json       buffer holding the line.
     * @param offset     where it starts.
     * @param length     its length, without the line break.
     * @param lineNumber 1-based line number for messages.
     * @return the product, sku id -1.
     * @throws InvalidInputException when the line is not a valid product.
     */
    public static Product decodeLine(final byte[] json, final int offset, final int length, final int lineNumber)
        throws InvalidInputException
    {
        final String prefix = "line " + lineNumber + ": ";
        try (JsonParser parser = JSON.createParser(json, offset, length))
        {
            if (parser.nextToken() != JsonToken.START_OBJECT)
            {
                throw new InvalidInputException(null, "must be a JSON object (one product a line)");
            }
            final Product product = decodeProduct(parser);
            if (null != parser.nextToken())
            {
                throw new InvalidInputException(null, "unexpected content after the product object");
            }
            return product;
        }
        catch (final InvalidInputException ex)
        {
            throw new InvalidInputException(ex.field(), prefix + ex.getMessage(), ex);
        }
        catch (final JsonProcessingException ex)
        {
            final String where = null == ex.getLocation() ? "" : " at column " + ex.getLocation().getColumnNr();
            throw new InvalidInputException(null, prefix + "malformed JSON" + where + ": " + reason(ex), ex);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Encodes one product as a JSON object, prices with two decimals; absent values are left out.
     *
     * @param product to write.
     * @return UTF-8 JSON.
     */
    public static byte[] encode(final Product product)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = JSON.createGenerator(out))
        {
            encode(product, generator);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    /**
     * Encodes products as NDJSON, one a line.
     *
     * @param products to write, in order.
     * @param out      destination; flushed, not closed.
     * @throws IOException on write failure.
     */
    public static void encodeNdjson(final Iterable<Product> products, final OutputStream out) throws IOException
    {
        try (JsonGenerator generator = JSON.createGenerator(out))
        {
            for (final Product product : products)
            {
                encode(product, generator);
                generator.writeRaw('\n');
            }
        }
        out.flush();
    }

    /**
     * Encodes one product as a JSON object, prices with two decimals; absent values are left out.
     *
     * @param product   to write.
     * @param generator destination.
     * @throws IOException on write failure.
     */
    public static void encode(final Product product, final JsonGenerator generator) throws IOException
    {
        generator.writeStartObject();
        generator.writeStringField("sku", product.sku());
        if (null != product.gtin())
        {
            generator.writeStringField("gtin", product.gtin());
        }
        generator.writeStringField("title", product.title());
        generator.writeFieldName("price");
        generator.writeNumber(BigDecimal.valueOf(product.priceCents(), 2));
        if (product.saleCents() >= 0)
        {
            generator.writeFieldName("salePrice");
            generator.writeNumber(BigDecimal.valueOf(product.saleCents(), 2));
        }
        generator.writeStringField("currency", product.currency());
        generator.writeStringField("category", product.category());
        if (null != product.imageUrl())
        {
            generator.writeStringField("imageUrl", product.imageUrl());
        }
        if (null != product.url())
        {
            generator.writeStringField("url", product.url());
        }
        generator.writeArrayFieldStart("complements");
        for (final String complement : product.complements())
        {
            generator.writeString(complement);
        }
        generator.writeEndArray();
        generator.writeEndObject();
    }

    private static Product decodeProduct(final JsonParser parser) throws IOException, InvalidInputException
    {
        String sku = null;
        String gtin = null;
        String title = null;
        long priceCents = Product.NO_PRICE;
        long saleCents = Product.NO_PRICE;
        String currency = null;
        String category = null;
        String imageUrl = null;
        String url = null;
        List<String> complements = List.of();

        for (String field = nextField(parser); null != field; field = nextField(parser))
        {
            if (isNull(parser))
            {
                continue;
            }
            switch (field)
            {
                case "sku" ->
                {
                    sku = string(parser, field);
                    final String problem = IdDictionary.problemWith(sku);
                    if (null != problem)
                    {
                        throw invalid(field, problem);
                    }
                }
                case "gtin" ->
                {
                    gtin = string(parser, field);
                    if (!GTIN.matcher(gtin).matches())
                    {
                        throw invalid(field, "must be 8, 12, 13 or 14 digits");
                    }
                }
                case "title" -> title = nonBlank(parser, field);
                case "price", "salePrice" ->
                {
                    final long cents = cents(parser, field);
                    if ("price".equals(field))
                    {
                        priceCents = cents;
                    }
                    else
                    {
                        saleCents = cents;
                    }
                }
                case "currency" ->
                {
                    currency = string(parser, field);
                    if (!CURRENCY.matcher(currency).matches())
                    {
                        throw invalid(field, "must be a three-letter ISO 4217 code, e.g. USD");
                    }
                }
                case "category" -> category = string(parser, field);
                case "imageUrl" -> imageUrl = url(parser, field);
                case "url" -> url = url(parser, field);
                case "complements" -> complements = strings(parser, field, MAX_COMPLEMENTS, "categories");
                default -> parser.skipChildren();
            }
        }

        if (null == sku)
        {
            throw invalid("sku", "is required");
        }
        if (null == title)
        {
            throw invalid("title", "is required");
        }
        if (Product.NO_PRICE == priceCents)
        {
            throw invalid("price", "is required");
        }
        try
        {
            return new Product(-1, sku, gtin, title, priceCents, saleCents, currency, category, imageUrl, url, complements);
        }
        catch (final IllegalArgumentException | NullPointerException ex)
        {
            throw new InvalidInputException(null, "invalid product " + sku + ": " + ex.getMessage(), ex);
        }
    }

    private static long cents(final JsonParser parser, final String field) throws IOException, InvalidInputException
    {
        final JsonToken token = parser.currentToken();
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT)
        {
            throw invalid(field, "must be a number >= 0");
        }
        final BigDecimal value = parser.getDecimalValue();
        if (value.signum() < 0)
        {
            throw invalid(field, "must be a number >= 0");
        }
        if (value.compareTo(MAX_PRICE_DECIMAL) > 0)
        {
            throw invalid(field, "must be at most " + MAX_PRICE);
        }
        return value.setScale(2, RoundingMode.HALF_UP).unscaledValue().longValueExact();
    }

    private static String url(final JsonParser parser, final String field) throws IOException, InvalidInputException
    {
        final String value = string(parser, field);
        try
        {
            final URI uri = new URI(value);
            final String scheme = uri.getScheme();
            final boolean web = null != scheme &&
                ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) && null != uri.getHost();
            final boolean path = null == scheme && null == uri.getAuthority() && value.startsWith("/");
            if (web || path)
            {
                return value;
            }
        }
        catch (final URISyntaxException ex)
        {
            throw invalid(field, "must be an http(s) URL or a path starting with /");
        }
        throw invalid(field, "must be an http(s) URL or a path starting with /");
    }

    private static boolean isBlank(final byte[] bytes, final int start, final int end)
    {
        for (int i = start; i < end; i++)
        {
            final byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r')
            {
                return false;
            }
        }
        return true;
    }
}
