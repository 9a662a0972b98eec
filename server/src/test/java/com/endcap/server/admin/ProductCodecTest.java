package com.endcap.server.admin;

import com.endcap.bidder.catalog.Product;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ProductCodecTest
{
    private static final String GOOD_LINE = "{\"sku\": \"100234\", \"title\": \"Leash\", \"price\": 12}";

    @Test
    void decodesTheApiExampleProduct() throws Exception
    {
        // given
        final String body = "{\"sku\": \"100871\", \"gtin\": \"00012345678905\", \"title\": \"Kibble 15kg\", " +
            "\"price\": 54.99, \"salePrice\": 49.99, \"currency\": \"USD\", \"category\": \"pet/dog-food\", " +
            "\"imageUrl\": \"https://cdn.example.com/100871.jpg\", \"url\": \"https://shop.example.com/p/100871\", " +
            "\"complements\": [\"pet/treats\"]}\n";

        // when
        final List<Product> products = ProductCodec.decodeNdjson(utf8(body));

        // then
        assertThat(products).containsExactly(new Product(
            -1, "100871", "00012345678905", "Kibble 15kg", 5499, 4999, "USD", "pet/dog-food",
            "https://cdn.example.com/100871.jpg", "https://shop.example.com/p/100871", List.of("pet/treats")));
    }

    @Test
    void decodesEveryLineInOrderSkippingBlankLinesAndCarriageReturns() throws Exception
    {
        // given
        final String body = "{\"sku\": \"a\", \"title\": \"A\", \"price\": 1}\r\n" +
            "\n" +
            "   \r\n" +
            "{\"sku\": \"b\", \"title\": \"B\", \"price\": 2, \"unknown\": {\"nested\": [1, {}]}, \"gtin\": null}\n" +
            "{\"sku\": \"c\", \"title\": \"C\", \"price\": 3}";

        // when
        final List<Product> products = ProductCodec.decodeNdjson(new ByteArrayInputStream(utf8(body)));

        // then
        assertThat(products).extracting(Product::sku).containsExactly("a", "b", "c");
        assertThat(products).extracting(Product::priceCents).containsExactly(100L, 200L, 300L);
        assertThat(products).allSatisfy(product ->
        {
            assertThat(product.skuId()).isEqualTo(-1);
            assertThat(product.saleCents()).isEqualTo(Product.NO_PRICE);
            assertThat(product.currency()).isEqualTo("USD");
            assertThat(product.category()).isEmpty();
        });
    }

    @Test
    void decodesAnEmptyUploadAsNoProducts() throws Exception
    {
        // then
        assertThat(ProductCodec.decodeNdjson(new byte[0])).isEmpty();
        assertThat(ProductCodec.decodeNdjson(utf8("\n\n"))).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1} cents")
    @CsvSource({
        "54.99,    5499",
        "54.995,   5500",
        "54.9949,  5499",
        "0.005,    1",
        "0.0049,   0",
        "0,        0",
        "-0.0,     0",
        "12,       1200",
        "1e2,      10000",
        "19.999,   2000",
        "100000000, 10000000000",
    })
    void roundsPricesHalfUpToCents(final String price, final long cents) throws Exception
    {
        // given
        final String body = "{\"sku\": \"a\", \"title\": \"A\", \"price\": " + price + ", \"salePrice\": " + price + "}";

        // when
        final Product product = ProductCodec.decodeNdjson(utf8(body)).get(0);

        // then
        assertThat(product.priceCents()).isEqualTo(cents);
        assertThat(product.saleCents()).isEqualTo(cents);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"sku\": \"a\", \"title\": \"A\", \"price\": -1}                          | price       | line 3: price must be a number >= 0",
        "{\"sku\": \"a\", \"title\": \"A\", \"price\": \"54.99\"}                   | price       | line 3: price must be a number >= 0",
        "{\"sku\": \"a\", \"title\": \"A\"}                                         | price       | line 3: price is required",
        "{\"sku\": \"a\", \"title\": \"A\", \"price\": 100000000.01}                | price       | line 3: price must be at most 100000000",
        "{\"title\": \"A\", \"price\": 1}                                           | sku         | line 3: sku is required",
        "{\"sku\": \"\", \"title\": \"A\", \"price\": 1}                            | sku         | line 3: sku must not be empty",
        "{\"sku\": 100871, \"title\": \"A\", \"price\": 1}                          | sku         | line 3: sku must be a string",
        "{\"sku\": \"a\\tb\", \"title\": \"A\", \"price\": 1}                       | sku         | line 3: sku must not contain tabs or line breaks",
        "{\"sku\": \"a\", \"price\": 1}                                             | title       | line 3: title is required",
        "{\"sku\": \"a\", \"title\": \"  \", \"price\": 1}                          | title       | line 3: title must not be blank",
        "{\"sku\": \"a\", \"title\": \"A\", \"price\": 1, \"salePrice\": -0.5}      | salePrice   | line 3: salePrice must be a number >= 0",
        "{\"sku\": \"a\", \"title\": \"A\", \"price\": 1, \"currency\": \"dollars\"} | currency    | line 3: currency must be a three-letter ISO 4217 code, e.g. USD",
        "{\"sku\": \"a\", \"title\": \"A\", \"price\": 1, \"gtin\": \"12345\"}       | gtin        | line 3: gtin must be 8, 12, 13 or 14 digits",
        "{\"sku\": \"a\", \"title\": \"A\", \"price\": 1, \"category\": [\"pet\"]}  | category    | line 3: category must be a string",
        "{\"sku\": \"a\", \"title\": \"A\", \"price\": 1, \"url\": \"javascript:alert(1)\"} | url   | line 3: url must be an http(s) URL or a path starting with /",
        "{\"sku\": \"a\", \"title\": \"A\", \"price\": 1, \"url\": \"//evil.example\"} | url      | line 3: url must be an http(s) URL or a path starting with /",
        "{\"sku\": \"a\", \"title\": \"A\", \"price\": 1, \"imageUrl\": \"ftp://x/y.png\"} | imageUrl | line 3: imageUrl must be an http(s) URL or a path starting with /",
        "{\"sku\": \"a\", \"title\": \"A\", \"price\": 1, \"complements\": \"pet\"}  | complements | line 3: complements must be an array of strings",
        "{\"sku\": \"a\", \"title\": \"A\", \"price\": 1, \"complements\": [1]}      | complements[0] | line 3: complements[0] must be a string",
    })
    void rejectsTheUploadNamingTheLineAndFieldOfTheFirstBadProduct(final String line, final String field, final String message)
    {
        // given
        final String body = GOOD_LINE + "\n\n" + line + "\n" + GOOD_LINE + "\n";

        // when
        final InvalidInputException ex = catchThrowableOfType(
            InvalidInputException.class, () -> ProductCodec.decodeNdjson(utf8(body)));

        // then
        assertThat(ex).isNotNull();
        assertThat(ex.field()).isEqualTo(field);
        assertThat(ex.getMessage()).isEqualTo(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"sku\": \"a\", \"title\":                | line 2: malformed JSON",
        "[{\"sku\": \"a\", \"title\": \"A\", \"price\": 1}] | line 2: must be a JSON object",
        "{\"sku\": \"a\", \"title\": \"A\", \"price\": 1} {} | line 2: unexpected content after the product object",
        "{\"sku\": \"a\", \"sku\": \"b\", \"title\": \"A\", \"price\": 1} | line 2: malformed JSON",
    })
    void rejectsALineThatIsNotOneJsonObjectWithoutNamingAField(final String line, final String messageStart)
    {
        // given
        final String body = GOOD_LINE + "\n" + line + "\n";

        // when
        final InvalidInputException ex = catchThrowableOfType(
            InvalidInputException.class, () -> ProductCodec.decodeNdjson(utf8(body)));

        // then
        assertThat(ex.field()).isNull();
        assertThat(ex.getMessage()).startsWith(messageStart);
    }

    @Test
    void writesPricesWithTwoDecimalsAndLeavesAbsentValuesOut()
    {
        // given
        final Product product = new Product(
            7, "100871", null, "Kibble", 5400, Product.NO_PRICE, "USD", "pet/dog-food", null, null, List.of());

        // when
        final String json = new String(ProductCodec.encode(product), StandardCharsets.UTF_8);

        // then
        assertThat(json).isEqualTo("{\"sku\":\"100871\",\"title\":\"Kibble\",\"price\":54.00,\"currency\":\"USD\"," +
            "\"category\":\"pet/dog-food\",\"complements\":[]}");
    }

    @Test
    void writesASalePriceAndFreePrices()
    {
        // given
        final Product product = new Product(
            7, "s", "12345678", "Free sample", 0, 5, "EUR", "", "/img/s.png", "https://x.example/s", List.of("a", "b"));

        // when
        final String json = new String(ProductCodec.encode(product), StandardCharsets.UTF_8);

        // then
        assertThat(json).isEqualTo("{\"sku\":\"s\",\"gtin\":\"12345678\",\"title\":\"Free sample\",\"price\":0.00," +
            "\"salePrice\":0.05,\"currency\":\"EUR\",\"category\":\"\",\"imageUrl\":\"/img/s.png\"," +
            "\"url\":\"https://x.example/s\",\"complements\":[\"a\",\"b\"]}");
    }

    @Test
    void roundTripsProductsThroughNdjsonWithoutTheirDenseIds() throws Exception
    {
        // given
        final List<Product> products = List.of(
            new Product(3, "100871", "00012345678905", "Kibble \"15kg\" \u00e9", 5499, 4999, "USD", "pet/dog-food",
                "https://cdn.example.com/a.jpg", "https://shop.example.com/p?id=1&x=2", List.of("pet/treats")),
            new Product(-1, "s-2", null, "Plain", 1, Product.NO_PRICE, "CAD", "", null, null, List.of()));
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        // when
        ProductCodec.encodeNdjson(products, out);
        final List<Product> decoded = ProductCodec.decodeNdjson(out.toByteArray());

        // then
        assertThat(out.toString(StandardCharsets.UTF_8)).hasLineCount(2);
        assertThat(decoded).containsExactly(products.get(0).withSkuId(-1), products.get(1));
    }

    private static byte[] utf8(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
