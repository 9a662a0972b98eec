package com.endcap.inventory.feed;

import com.endcap.bidder.stock.StockAttributes;
import com.endcap.inventory.apply.PreparedSnapshot;
import com.endcap.inventory.ids.IdDictionary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SnapshotParserTest
{
    private static final String LOCATION = "S042";
    private static final int LOCATION_ID = 7;
    private static final long TS = 1_763_900_000_000L;
    private static final int IN_STOCK_UNITS = 5;
    private static final int LIMITED_UNITS = 2;
    private static final int MAX_ROWS = 100;
    private static final String FULL_HEADER =
        "store_code,id,quantity,availability,price,sale_price,pickup_method,pickup_sla\n";

    @TempDir
    Path dir;

    private IdDictionary skus;
    private SnapshotParser target;

    @BeforeEach
    void setUp()
    {
        skus = IdDictionary.openWritable(dir.resolve("skus.ids"));
        target = new SnapshotParser(skus, IN_STOCK_UNITS, LIMITED_UNITS, MAX_ROWS);
    }

    @AfterEach
    void tearDown()
    {
        skus.close();
    }

    @Test
    void parseReadsTsvWithEveryColumn() throws Exception
    {
        // given
        final String file =
            "store_code\tid\tquantity\tavailability\tprice\tsale_price\tpickup_method\tpickup_sla\n" +
            "S042\t100871\t7\tin stock\t54.99 USD\t49.99 USD\tbuy\tsame day\n" +
            "S042\t100872\t\tlimited_availability\t12\t\treserve\tnext_day\n" +
            "S042\t100873\t0\tout of stock\t\t\tnot supported\t\n";

        // when
        final PreparedSnapshot snapshot = parse(file, SnapshotFormat.TSV);

        // then
        assertThat(snapshot.locationId()).isEqualTo(LOCATION_ID);
        assertThat(snapshot.tsMillis()).isEqualTo(TS);
        assertThat(snapshot.rows()).isEqualTo(3);
        assertThat(names(snapshot)).containsExactly("100871", "100872", "100873");
        assertThat(snapshot.onHand()).containsExactly(7, LIMITED_UNITS, 0);
        assertThat(snapshot.attributes()).containsExactly(
            StockAttributes.pack(false, false, StockAttributes.SLA_SAME_DAY, StockAttributes.METHOD_BUY),
            StockAttributes.pack(true, false, StockAttributes.SLA_NEXT_DAY, StockAttributes.METHOD_RESERVE),
            StockAttributes.pack(false, true, StockAttributes.SLA_UNKNOWN, StockAttributes.METHOD_UNKNOWN));
        assertThat(snapshot.priceCents()).containsExactly(5499L, 1200L, -1L);
        assertThat(snapshot.saleCents()).containsExactly(4999L, -1L, -1L);
    }

    @Test
    void parseReadsCsvWithQuotedFieldsHoldingCommasQuotesAndLineBreaks() throws Exception
    {
        // given: an unknown title column with separators inside quotes; a quoted id with a comma
        final String file =
            "id,title,quantity\n" +
            "\"SKU,1\",\"Dog food, 5 kg\",3\n" +
            "SKU-2,\"The \"\"big\"\" bag,\nnow larger\",4\n" +
            "SKU-3,plain,5\n";

        // when
        final PreparedSnapshot snapshot = parse(file, SnapshotFormat.CSV);

        // then
        assertThat(names(snapshot)).containsExactly("SKU,1", "SKU-2", "SKU-3");
        assertThat(snapshot.onHand()).containsExactly(3, 4, 5);
    }

    @Test
    void parseReadsHeaderNamesInAnyOrderAndLetterCase() throws Exception
    {
        // given
        final String file = "Pickup_SLA,QUANTITY,Store_Code,Id,ignored\n2-day,9,S042,A,whatever\n";

        // when
        final PreparedSnapshot snapshot = parse(file, SnapshotFormat.CSV);

        // then
        assertThat(names(snapshot)).containsExactly("A");
        assertThat(snapshot.onHand()).containsExactly(9);
        assertThat(StockAttributes.pickupSla(snapshot.attributes()[0])).isEqualTo(StockAttributes.SLA_2_DAY);
        assertThat(snapshot.priceCents()).containsExactly(-1L);
    }

    @Test
    void parseReadsAvailabilityOnlyFile() throws Exception
    {
        // given
        final String file = "id\tavailability\nA\tin stock\nB\tLIMITED AVAILABILITY\nC\tout_of_stock\nD\ton display to order\n";

        // when
        final PreparedSnapshot snapshot = parse(file, SnapshotFormat.TSV);

        // then
        assertThat(snapshot.onHand()).containsExactly(IN_STOCK_UNITS, LIMITED_UNITS, 0, 0);
        assertThat(snapshot.attributes()).containsExactly(
            0, StockAttributes.LIMITED, 0, StockAttributes.NO_PICKUP);
    }

    @ParameterizedTest(name = "quantity=''{0}'' availability=''{1}'' -> {2} units, limited={3}, noPickup={4}")
    @CsvSource({
        "'', in stock, 5, false, false",
        "'', In_Stock, 5, false, false",
        "'', limited availability, 2, true, false",
        "'', limited_availability, 2, true, false",
        "'', out of stock, 0, false, false",
        "'', on_display_to_order, 0, false, true",
        "9, '', 9, false, false",
        "9, in stock, 9, false, false",
        "0, in stock, 0, false, false",
        "9, limited availability, 9, true, false",
        "9, out of stock, 0, false, false",
        "9, on display to order, 9, false, true",
    })
    void parseTakesUnitsFromQuantityElseAvailability(
        final String quantity, final String availability, final int units, final boolean limited, final boolean noPickup)
        throws Exception
    {
        // given
        final String file = "id,quantity,availability\nA," + quantity + "," + availability + "\n";

        // when
        final PreparedSnapshot snapshot = parse(file, SnapshotFormat.CSV);

        // then
        assertThat(snapshot.onHand()).containsExactly(units);
        assertThat(StockAttributes.limited(snapshot.attributes()[0])).isEqualTo(limited);
        assertThat(StockAttributes.noPickup(snapshot.attributes()[0])).isEqualTo(noPickup);
    }

    @ParameterizedTest(name = "''{0}'' -> method {1}, noPickup={2}")
    @CsvSource({
        "'', 0, false",
        "buy, 1, false",
        "BUY, 1, false",
        "reserve, 2, false",
        "ship to store, 3, false",
        "ship_to_store, 3, false",
        "Ship-To-Store, 3, false",
        "not supported, 0, true",
        "not_supported, 0, true",
    })
    void parseMapsPickupMethod(final String method, final int code, final boolean noPickup) throws Exception
    {
        // when
        final PreparedSnapshot snapshot = parse("id,quantity,pickup_method\nA,1," + method + "\n", SnapshotFormat.CSV);

        // then
        assertThat(StockAttributes.pickupMethod(snapshot.attributes()[0])).isEqualTo(code);
        assertThat(StockAttributes.noPickup(snapshot.attributes()[0])).isEqualTo(noPickup);
    }

    @ParameterizedTest(name = "''{0}'' -> sla {1}")
    @CsvSource({
        "'', " + StockAttributes.SLA_UNKNOWN,
        "same day, " + StockAttributes.SLA_SAME_DAY,
        "SAME_DAY, " + StockAttributes.SLA_SAME_DAY,
        "next day, " + StockAttributes.SLA_NEXT_DAY,
        "next-day, " + StockAttributes.SLA_NEXT_DAY,
        "2-day, " + StockAttributes.SLA_2_DAY,
        "2 day, " + StockAttributes.SLA_2_DAY,
        "3_day, " + StockAttributes.SLA_3_DAY,
        "4-day, " + StockAttributes.SLA_4_DAY,
        "5-day, " + StockAttributes.SLA_5_DAY_PLUS,
        "6-day, " + StockAttributes.SLA_5_DAY_PLUS,
        "7_day, " + StockAttributes.SLA_5_DAY_PLUS,
        "multi-week, " + StockAttributes.SLA_MULTI_WEEK,
        "Multi Week, " + StockAttributes.SLA_MULTI_WEEK,
    })
    void parseMapsPickupSla(final String sla, final int code) throws Exception
    {
        // when
        final PreparedSnapshot snapshot = parse("id,quantity,pickup_sla\nA,1," + sla + "\n", SnapshotFormat.CSV);

        // then
        assertThat(StockAttributes.pickupSla(snapshot.attributes()[0])).isEqualTo(code);
    }

    @ParameterizedTest(name = "''{0}'' -> {1} cents")
    @CsvSource({
        "54.99, 5499",
        "54.99 USD, 5499",
        "54.99 eur, 5499",
        "54, 5400",
        "0.5, 50",
        "0, 0",
        "54.995, 5500",
        "54.994, 5499",
        "0.005, 1",
        "'', -1",
    })
    void parseConvertsPricesToCentsRoundingHalfUp(final String price, final long cents) throws Exception
    {
        // when
        final PreparedSnapshot snapshot = parse(
            "id,quantity,price,sale_price\nA,1," + price + "," + price + "\n", SnapshotFormat.CSV);

        // then
        assertThat(snapshot.priceCents()).containsExactly(cents);
        assertThat(snapshot.saleCents()).containsExactly(cents);
    }

    @ParameterizedTest(name = "{0} -> line {1} {2}")
    @CsvSource(delimiter = '|', value = {
        "S042,B,x,,,,,                        | 3 | quantity      | line 3: quantity must be an integer >= 0, got 'x'",
        "S042,B,-1,,,,,                       | 3 | quantity      | line 3: quantity must be an integer >= 0, got '-1'",
        "S042,B,1.5,,,,,                      | 3 | quantity      | line 3: quantity must be an integer >= 0, got '1.5'",
        "S042,B,2147483648,,,,,               | 3 | quantity      | line 3: quantity must be at most 2147483647, got '2147483648'",
        "S042,B,,,,,,                         | 3 | quantity      | line 3: quantity or availability must be given",
        "S042,B,,maybe,,,,                    | 3 | availability  | line 3: availability must be one of 'in stock', 'limited availability', 'out of stock', 'on display to order', got 'maybe'",
        "S042,B,1,,abc,,,                     | 3 | price         | line 3: price must be a decimal number optionally followed by a currency, like '54.99 USD', got 'abc'",
        "S042,B,1,,$54.99,,,                  | 3 | price         | line 3: price must be a decimal number optionally followed by a currency, like '54.99 USD', got '$54.99'",
        "S042,B,1,,54.99 US,,,                | 3 | price         | line 3: price must be a decimal number optionally followed by a currency, like '54.99 USD', got '54.99 US'",
        "S042,B,1,,,-1,,                      | 3 | sale_price    | line 3: sale_price must be a decimal number optionally followed by a currency, like '54.99 USD', got '-1'",
        "S042,B,1,,,,drone,                   | 3 | pickup_method | line 3: pickup_method must be one of 'buy', 'reserve', 'ship to store', 'not supported', got 'drone'",
        "S042,B,1,,,,,8-day                   | 3 | pickup_sla    | line 3: pickup_sla must be one of 'same day', 'next day', '2-day' to '7-day', 'multi-week', got '8-day'",
        "S042,,1,,,,,                         | 3 | id            | line 3: id must not be empty",
        "S043,B,1,,,,,                        | 3 | store_code    | line 3: store_code must be 'S042', the location of the request, got 'S043'",
        "S042,B,1,,,,,,                       | 3 |               | line 3: expected 8 fields as in the header, got 9 (quote a value holding the separator)",
        "S042,B,1                             | 3 |               | line 3: expected 8 fields as in the header, got 3 (quote a value holding the separator)",
        "S042,A,1,,,,,                        | 3 | id            | line 3: id 'A' is listed twice, first on line 2",
    })
    void parseRejectsMalformedRowNamingLineAndField(
        final String row, final int line, final String field, final String message)
    {
        // given
        final String file = FULL_HEADER + "S042,A,1,in stock,1.00,,buy,same day\n" + row + "\nS042,C,1,,,,,\n";

        // when
        final SnapshotFormatException error = parseError(file, SnapshotFormat.CSV);

        // then
        assertThat(error.line()).isEqualTo(line);
        assertThat(error.field()).isEqualTo(field);
        assertThat(error).hasMessage(message);
        assertThat(skus.size()).isZero();
    }

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = '|', value = {
        "quantity,availability        | id       | line 1: missing required column id",
        "store_code,id,price          | quantity | line 1: missing required column quantity (or availability)",
        "id,quantity,QUANTITY         | quantity | line 1: column quantity appears twice in the header",
        "''                           |          | line 1: the file is empty: a header row is required",
    })
    void parseRejectsBadHeaderOnLineOne(final String header, final String field, final String message)
    {
        // when
        final SnapshotFormatException error = parseError(header, SnapshotFormat.CSV);

        // then
        assertThat(error.line()).isEqualTo(1);
        assertThat(error.field()).isEqualTo(field);
        assertThat(error).hasMessage(message);
    }

    @Test
    void parseRejectsSkuListedTwice()
    {
        // given
        final String file = "id\tquantity\n100871\t1\n100872\t2\n100871\t3\n";

        // when
        final SnapshotFormatException error = parseError(file, SnapshotFormat.TSV);

        // then
        assertThat(error.line()).isEqualTo(4);
        assertThat(error.field()).isEqualTo("id");
        assertThat(error).hasMessage("line 4: id '100871' is listed twice, first on line 2");
    }

    @Test
    void parseRejectsStoreCodeOfAnotherLocation()
    {
        // given
        final String file = "store_code\tid\tquantity\nS042\tA\t1\nS042\tB\t1\ns042\tC\t1\n";

        // when
        final SnapshotFormatException error = parseError(file, SnapshotFormat.TSV);

        // then
        assertThat(error.line()).isEqualTo(4);
        assertThat(error.field()).isEqualTo("store_code");
    }

    @Test
    void parseInternsNoSkuWhenTheLastRowFails()
    {
        // given
        final String file = "id,quantity\nA,1\nB,2\nC,3\nD,lots\n";

        // when
        final SnapshotFormatException error = parseError(file, SnapshotFormat.CSV);

        // then
        assertThat(error.line()).isEqualTo(5);
        assertThat(skus.size()).isZero();
        assertThat(skus.idOf("A")).isEqualTo(IdDictionary.MISSING);
    }

    @Test
    void parseInternsSkusOnceTheFileIsValid() throws Exception
    {
        // given
        final int known = skus.intern("B");

        // when
        final PreparedSnapshot snapshot = parse("id,quantity\nA,1\nB,2\n", SnapshotFormat.CSV);

        // then
        assertThat(skus.size()).isEqualTo(2);
        assertThat(snapshot.skuIds()).containsExactly(skus.idOf("A"), known);
    }

    @ParameterizedTest
    @EnumSource(SnapshotFormat.class)
    void parseAcceptsHeaderOnlyFileAsNoStock(final SnapshotFormat format) throws Exception
    {
        // given
        final String header = SnapshotFormat.TSV == format ? "id\tquantity\n" : "id,quantity\n";

        // when
        final PreparedSnapshot snapshot = parse(header, format);

        // then
        assertThat(snapshot.rows()).isZero();
        assertThat(snapshot.locationId()).isEqualTo(LOCATION_ID);
    }

    @Test
    void parseRejectsFileWithMoreRowsThanTheLimit() throws Exception
    {
        // given
        final SnapshotParser limited = new SnapshotParser(skus, IN_STOCK_UNITS, LIMITED_UNITS, 2);

        // when
        final PreparedSnapshot atLimit = limited.parse(
            LOCATION, LOCATION_ID, new StringReader("id,quantity\nA,1\nB,1\n"), SnapshotFormat.CSV, TS);
        final SnapshotFormatException error = catchThrowableOfType(
            SnapshotFormatException.class,
            () -> limited.parse(
                LOCATION, LOCATION_ID, new StringReader("id,quantity\nA,1\nB,1\nC,1\n"), SnapshotFormat.CSV, TS));

        // then
        assertThat(atLimit.rows()).isEqualTo(2);
        assertThat(error.line()).isEqualTo(4);
        assertThat(error.field()).isNull();
        assertThat(error).hasMessage("line 4: the file has more than 2 rows, the most a snapshot may hold");
    }

    @Test
    void parseCountsPhysicalLinesAcrossQuotedLineBreaksAndBlankLines()
    {
        // given: row 2 spans lines 2 to 4, line 5 is blank, the bad row is on line 6
        final String file = "id,title,quantity\nA,\"one\ntwo\nthree\",1\n\nB,x,many\n";

        // when
        final SnapshotFormatException error = parseError(file, SnapshotFormat.CSV);

        // then
        assertThat(error.line()).isEqualTo(6);
        assertThat(error.field()).isEqualTo("quantity");
    }

    @Test
    void parseCountsCrLfLinesOnce()
    {
        // given
        final String file = "id\tquantity\r\nA\t1\r\n\r\nB\t-\r\n";

        // when
        final SnapshotFormatException error = parseError(file, SnapshotFormat.TSV);

        // then
        assertThat(error.line()).isEqualTo(4);
    }

    @Test
    void parseSkipsBlankLinesAndTrimsValues() throws Exception
    {
        // given
        final String file = "\uFEFFid , quantity\n\n A , 3 \n\n";

        // when
        final PreparedSnapshot snapshot = parse(file, SnapshotFormat.CSV);

        // then
        assertThat(names(snapshot)).containsExactly("A");
        assertThat(snapshot.onHand()).containsExactly(3);
    }

    @Test
    void parseRejectsUnterminatedQuoteAsMalformedRow()
    {
        // given
        final String file = "id,quantity\nA,1\n\"B,2\n";

        // when
        final SnapshotFormatException error = parseError(file, SnapshotFormat.CSV);

        // then
        assertThat(error.line()).isEqualTo(3);
        assertThat(error.field()).isNull();
        assertThat(error.getMessage()).startsWith("line 3: malformed row: ");
    }

    @Test
    void parseRejectsIdWithLineBreakInsideQuotes()
    {
        // given
        final String file = "id,quantity\n\"A\nB\",1\n";

        // when
        final SnapshotFormatException error = parseError(file, SnapshotFormat.CSV);

        // then
        assertThat(error.line()).isEqualTo(2);
        assertThat(error).hasMessage("line 2: id must not contain tabs or line breaks");
    }

    @Test
    void parseReadsTsvValuesHoldingQuoteMarksAndCommas() throws Exception
    {
        // given
        final String file = "id\ttitle\tquantity\nA\t6\" pot, blue\t2\n";

        // when
        final PreparedSnapshot snapshot = parse(file, SnapshotFormat.TSV);

        // then
        assertThat(names(snapshot)).containsExactly("A");
        assertThat(snapshot.onHand()).containsExactly(2);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "text/csv                               | CSV",
        "text/csv; charset=utf-8                | CSV",
        "TEXT/CSV                               | CSV",
        "text/tab-separated-values              | TSV",
        "text/tab-separated-values;charset=UTF-8| TSV",
        "application/json                       | ",
        "text/plain                             | ",
        "''                                     | ",
    })
    void formatFromContentTypeIgnoresParametersAndCase(final String contentType, final SnapshotFormat expected)
    {
        assertThat(SnapshotFormat.fromContentType(contentType)).isEqualTo(expected);
    }

    @Test
    void formatFromContentTypeIsNullForNoHeader()
    {
        assertThat(SnapshotFormat.fromContentType(null)).isNull();
    }

    @Test
    void constructorRejectsNegativeCountsAndNoRows()
    {
        assertThatIllegalArgumentException().isThrownBy(() -> new SnapshotParser(skus, -1, 0, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new SnapshotParser(skus, 0, -1, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new SnapshotParser(skus, 0, 0, 0));
    }

    private PreparedSnapshot parse(final String file, final SnapshotFormat format)
        throws SnapshotFormatException, IOException
    {
        return target.parse(LOCATION, LOCATION_ID, new StringReader(file), format, TS);
    }

    private SnapshotFormatException parseError(final String file, final SnapshotFormat format)
    {
        final SnapshotFormatException error = catchThrowableOfType(
            SnapshotFormatException.class, () -> parse(file, format));
        assertThat(error).as("expected the file to be refused").isNotNull();
        return error;
    }

    private String[] names(final PreparedSnapshot snapshot)
    {
        final String[] names = new String[snapshot.rows()];
        for (int i = 0; i < names.length; i++)
        {
            names[i] = skus.nameOf(snapshot.skuIds()[i]);
        }
        return names;
    }
}
