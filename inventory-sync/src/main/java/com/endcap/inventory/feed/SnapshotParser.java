package com.endcap.inventory.feed;

import com.endcap.bidder.stock.StockAttributes;
import com.endcap.inventory.apply.PreparedSnapshot;
import com.endcap.inventory.ids.IdDictionary;
import org.agrona.collections.Object2IntHashMap;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a full local-inventory snapshot of one location ({@code PUT /v1/inventory/snapshot/{location}})
 * into a {@link PreparedSnapshot}, all or nothing.
 * <p>
 * The file is CSV or TSV ({@link SnapshotFormat}) with a header row naming the columns
 * {@code store_code id quantity availability price sale_price pickup_method pickup_sla} in any
 * order and letter case; other columns are ignored, a known column may appear once. {@code id}
 * and at least one of {@code quantity} and {@code availability} are required. Every row has as
 * many fields as the header; values are trimmed; blank lines are skipped. Per row:
 * <ul>
 *     <li>{@code store_code}, when the column is present: equal to the request's location code;</li>
 *     <li>{@code id}: the sku, non-empty and acceptable to {@link IdDictionary#intern}; once per file;</li>
 *     <li>{@code quantity}: units on hand, an integer 0 to {@link Integer#MAX_VALUE}, or empty;</li>
 *     <li>{@code availability}: {@code in stock}, {@code limited availability}, {@code out of stock}
 *     or {@code on display to order}, or empty. Without a quantity it decides the units: the
 *     configured {@code inStockUnits}, the configured {@code limitedUnits}, 0, 0. With one, the
 *     quantity is the units, except {@code out of stock} which forces 0. {@code limited availability}
 *     sets {@link StockAttributes#LIMITED}, {@code on display to order} sets
 *     {@link StockAttributes#NO_PICKUP}. A row with neither quantity nor availability is an error;</li>
 *     <li>{@code price}, {@code sale_price}: a decimal number, optionally followed by a space and a
 *     3-letter currency code ({@code 54.99}, {@code 54.99 USD}), in cents rounded half up; -1 when
 *     empty. The currency is not checked against anything;</li>
 *     <li>{@code pickup_method}: {@code buy}, {@code reserve}, {@code ship to store} or
 *     {@code not supported} (which also sets {@link StockAttributes#NO_PICKUP}), or empty;</li>
 *     <li>{@code pickup_sla}: {@code same day}, {@code next day}, {@code 2-day} ... {@code 7-day}
 *     ({@code 5-day} to {@code 7-day} are {@link StockAttributes#SLA_5_DAY_PLUS}) or
 *     {@code multi-week}, or empty.</li>
 * </ul>
 * Enumerated values are case-insensitive and accept {@code _}, {@code -} or a space between words.
 * <p>
 * The first broken rule throws {@link SnapshotFormatException} naming the 1-based physical line
 * (the header is line 1; a row spanning lines by quoting is reported at its first line). Skus
 * are interned only after the whole file is valid, so a refused file adds no id.
 * <p>
 * Threads: immutable once built; {@link #parse} may be called from any thread.
 */
public final class SnapshotParser
{
    private static final int STORE_CODE = 0;
    private static final int ID = 1;
    private static final int QUANTITY = 2;
    private static final int AVAILABILITY = 3;
    private static final int PRICE = 4;
    private static final int SALE_PRICE = 5;
    private static final int PICKUP_METHOD = 6;
    private static final int PICKUP_SLA = 7;
    private static final String[] COLUMN_NAMES =
    {
        "store_code", "id", "quantity", "availability", "price", "sale_price", "pickup_method", "pickup_sla"
    };

    private static final int AVAILABILITY_NONE = 0;
    private static final int AVAILABILITY_IN_STOCK = 1;
    private static final int AVAILABILITY_LIMITED = 2;
    private static final int AVAILABILITY_OUT_OF_STOCK = 3;
    private static final int AVAILABILITY_ON_DISPLAY = 4;

    private static final int MAX_ECHO_CHARS = 40;
    private static final Pattern PRICE_PATTERN = Pattern.compile("(\\d{1,15}(?:\\.\\d+)?)(?: +[A-Za-z]{3})?");

    private static final CSVFormat CSV_FORMAT = CSVFormat.RFC4180.builder()
        .setIgnoreEmptyLines(false)
        .get();
    private static final CSVFormat TSV_FORMAT = CSVFormat.RFC4180.builder()
        .setDelimiter('\t')
        .setIgnoreEmptyLines(false)
        .get();

    private final IdDictionary skus;
    private final int inStockUnits;
    private final int limitedUnits;
    private final int maxRows;

    /**
     * @param skus         dictionary the {@code id} column is interned into.
     * @param inStockUnits units given to an {@code in stock} row without a quantity, >= 0.
     * @param limitedUnits units given to a {@code limited availability} row without a quantity, >= 0.
     * @param maxRows      most rows a file may hold, >= 1; a longer file is refused.
     * @throws IllegalArgumentException when a count is out of range.
     */
    public SnapshotParser(final IdDictionary skus, final int inStockUnits, final int limitedUnits, final int maxRows)
    {
        this.skus = Objects.requireNonNull(skus, "skus");
        if (inStockUnits < 0)
        {
            throw new IllegalArgumentException("inStockUnits must be >= 0, got " + inStockUnits);
        }
        if (limitedUnits < 0)
        {
            throw new IllegalArgumentException("limitedUnits must be >= 0, got " + limitedUnits);
        }
        if (maxRows < 1)
        {
            throw new IllegalArgumentException("maxRows must be >= 1, got " + maxRows);
        }
        this.inStockUnits = inStockUnits;
        this.limitedUnits = limitedUnits;
        this.maxRows = maxRows;
    }

    /**
     * Reads {@code in} to its end, closes it, and returns the snapshot, or throws without interning
     * anything.
     *
     * @param locationCode the location's external code from the request; {@code store_code} must equal it.
     * @param locationId   the location's dense id.
     * @param in           the file's text.
     * @param format       CSV or TSV.
     * @param tsMillis     epoch millis the snapshot was taken.
     * @return every row, in file order, skus interned.
     * @throws SnapshotFormatException when the file breaks a rule; nothing was interned.
     * @throws IOException             when reading {@code in} fails.
     */
    public PreparedSnapshot parse(
        final String locationCode,
        final int locationId,
        final Reader in,
        final SnapshotFormat format,
        final long tsMillis)
        throws SnapshotFormatException, IOException
    {
        Objects.requireNonNull(locationCode, "locationCode");
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(format, "format");

        final Rows rows = new Rows();
        try (CSVParser parser = (SnapshotFormat.TSV == format ? TSV_FORMAT : CSV_FORMAT).parse(in))
        {
            final Iterator<CSVRecord> records = parser.iterator();
            if (!hasNext(records, 1))
            {
                throw new SnapshotFormatException(1, null, "the file is empty: a header row is required");
            }
            final CSVRecord header = records.next();
            final int[] columns = readHeader(header);
            final Object2IntHashMap<String> firstLineBySku = new Object2IntHashMap<>(Rows.INITIAL_CAPACITY, 0.65f, -1);

            while (true)
            {
                // The parser has consumed every line before this record's first.
                final int line = (int)Math.min(Integer.MAX_VALUE, parser.getCurrentLineNumber() + 1);
                if (!hasNext(records, line))
                {
                    break;
                }
                final CSVRecord record = records.next();
                if (record.size() == 1 && record.get(0).isBlank())
                {
                    continue;
                }
                if (rows.size == maxRows)
                {
                    throw new SnapshotFormatException(
                        line, null, "the file has more than " + maxRows + " rows, the most a snapshot may hold");
                }
                if (record.size() != header.size())
                {
                    throw new SnapshotFormatException(line, null, "expected " + header.size() +
                        " fields as in the header, got " + record.size() + " (quote a value holding the separator)");
                }
                readRow(record, line, columns, locationCode, firstLineBySku, rows);
            }
        }

        final int[] skuIds = new int[rows.size];
        for (int i = 0; i < rows.size; i++)
        {
            skuIds[i] = skus.intern(rows.ids[i]);
        }

        return new PreparedSnapshot(
            locationId,
            tsMillis,
            skuIds,
            Arrays.copyOf(rows.units, rows.size),
            Arrays.copyOf(rows.attributes, rows.size),
            Arrays.copyOf(rows.priceCents, rows.size),
            Arrays.copyOf(rows.saleCents, rows.size));
    }

    private void readRow(
        final CSVRecord record,
        final int line,
        final int[] columns,
        final String locationCode,
        final Object2IntHashMap<String> firstLineBySku,
        final Rows rows) throws SnapshotFormatException
    {
        if (columns[STORE_CODE] >= 0)
        {
            final String storeCode = value(record, columns[STORE_CODE]);
            if (!storeCode.equals(locationCode))
            {
                throw new SnapshotFormatException(line, COLUMN_NAMES[STORE_CODE], "store_code must be '" +
                    echo(locationCode) + "', the location of the request, got '" + echo(storeCode) + "'");
            }
        }

        final String id = value(record, columns[ID]);
        final String idProblem = IdDictionary.problemWith(id);
        if (null != idProblem)
        {
            throw new SnapshotFormatException(line, COLUMN_NAMES[ID], "id " + idProblem);
        }
        final int firstLine = firstLineBySku.putIfAbsent(id, line);
        if (firstLineBySku.missingValue() != firstLine)
        {
            throw new SnapshotFormatException(
                line, COLUMN_NAMES[ID], "id '" + echo(id) + "' is listed twice, first on line " + firstLine);
        }

        final String quantityText = value(record, columns[QUANTITY]);
        final int quantity = quantityText.isEmpty() ? -1 : parseQuantity(quantityText, line);
        final int availability = parseAvailability(value(record, columns[AVAILABILITY]), line);
        if (quantity < 0 && AVAILABILITY_NONE == availability)
        {
            final int field = columns[QUANTITY] >= 0 ? QUANTITY : AVAILABILITY;
            throw new SnapshotFormatException(line, COLUMN_NAMES[field], "quantity or availability must be given");
        }

        final int units;
        if (AVAILABILITY_OUT_OF_STOCK == availability)
        {
            units = 0;
        }
        else if (quantity >= 0)
        {
            units = quantity;
        }
        else if (AVAILABILITY_IN_STOCK == availability)
        {
            units = inStockUnits;
        }
        else if (AVAILABILITY_LIMITED == availability)
        {
            units = limitedUnits;
        }
        else
        {
            units = 0;
        }

        final long priceCents = parsePrice(value(record, columns[PRICE]), line, PRICE);
        final long saleCents = parsePrice(value(record, columns[SALE_PRICE]), line, SALE_PRICE);

        final String methodText = value(record, columns[PICKUP_METHOD]);
        final boolean pickupNotSupported = "not supported".equals(normalize(methodText));
        final int pickupMethod = pickupNotSupported ?
            StockAttributes.METHOD_UNKNOWN : parsePickupMethod(methodText, line);
        final int pickupSla = parsePickupSla(value(record, columns[PICKUP_SLA]), line);

        final int attributes = StockAttributes.pack(
            AVAILABILITY_LIMITED == availability,
            AVAILABILITY_ON_DISPLAY == availability || pickupNotSupported,
            pickupSla,
            pickupMethod);

        rows.add(id, units, attributes, priceCents, saleCents);
    }

    private static int[] readHeader(final CSVRecord header) throws SnapshotFormatException
    {
        final int[] columns = new int[COLUMN_NAMES.length];
        Arrays.fill(columns, -1);
        for (int i = 0; i < header.size(); i++)
        {
            // Spreadsheet exports often start the file with a UTF-8 byte order mark.
            final String cell = header.get(i);
            final String raw = 0 == i && cell.startsWith("\uFEFF") ? cell.substring(1) : cell;
            final String name = raw.strip().toLowerCase(Locale.ROOT);
            for (int column = 0; column < COLUMN_NAMES.length; column++)
            {
                if (COLUMN_NAMES[column].equals(name))
                {
                    if (columns[column] >= 0)
                    {
                        throw new SnapshotFormatException(1, name, "column " + name + " appears twice in the header");
                    }
                    columns[column] = i;
                }
            }
        }

        if (columns[ID] < 0)
        {
            throw new SnapshotFormatException(1, COLUMN_NAMES[ID], "missing required column id");
        }
        if (columns[QUANTITY] < 0 && columns[AVAILABILITY] < 0)
        {
            throw new SnapshotFormatException(
                1, COLUMN_NAMES[QUANTITY], "missing required column quantity (or availability)");
        }
        return columns;
    }

    private static boolean hasNext(final Iterator<CSVRecord> records, final int line)
        throws SnapshotFormatException, IOException
    {
        try
        {
            return records.hasNext();
        }
        catch (final UncheckedIOException ex)
        {
            final IOException cause = ex.getCause();
            if (cause instanceof CSVException)
            {
                throw new SnapshotFormatException(line, null, "malformed row: " + cause.getMessage());
            }
            throw cause;
        }
    }

    private static int parseQuantity(final String text, final int line) throws SnapshotFormatException
    {
        final String field = COLUMN_NAMES[QUANTITY];
        if (!isDigits(text))
        {
            throw new SnapshotFormatException(
                line, field, "quantity must be an integer >= 0, got '" + echo(text) + "'");
        }
        final String digits = stripLeadingZeros(text);
        if (digits.length() > 10 || Long.parseLong(digits) > Integer.MAX_VALUE)
        {
            throw new SnapshotFormatException(
                line, field, "quantity must be at most " + Integer.MAX_VALUE + ", got '" + echo(text) + "'");
        }
        return Integer.parseInt(digits);
    }

    private static int parseAvailability(final String text, final int line) throws SnapshotFormatException
    {
        switch (normalize(text))
        {
            case "":
                return AVAILABILITY_NONE;
            case "in stock":
                return AVAILABILITY_IN_STOCK;
            case "limited availability":
                return AVAILABILITY_LIMITED;
            case "out of stock":
                return AVAILABILITY_OUT_OF_STOCK;
            case "on display to order":
                return AVAILABILITY_ON_DISPLAY;
            default:
                throw new SnapshotFormatException(line, COLUMN_NAMES[AVAILABILITY],
                    "availability must be one of 'in stock', 'limited availability', 'out of stock', " +
                    "'on display to order', got '" + echo(text) + "'");
        }
    }

    private static long parsePrice(final String text, final int line, final int column) throws SnapshotFormatException
    {
        if (text.isEmpty())
        {
            return -1;
        }
        final Matcher matcher = PRICE_PATTERN.matcher(text);
        if (!matcher.matches())
        {
            throw new SnapshotFormatException(line, COLUMN_NAMES[column], COLUMN_NAMES[column] +
                " must be a decimal number optionally followed by a currency, like '54.99 USD', got '" +
                echo(text) + "'");
        }
        // At most 15 integer digits: the cents always fit a long.
        return new BigDecimal(matcher.group(1)).setScale(2, RoundingMode.HALF_UP).unscaledValue().longValueExact();
    }

    private static int parsePickupMethod(final String text, final int line) throws SnapshotFormatException
    {
        switch (normalize(text))
        {
            case "":
                return StockAttributes.METHOD_UNKNOWN;
            case "buy":
                return StockAttributes.METHOD_BUY;
            case "reserve":
                return StockAttributes.METHOD_RESERVE;
            case "ship to store":
                return StockAttributes.METHOD_SHIP_TO_STORE;
            default:
                throw new SnapshotFormatException(line, COLUMN_NAMES[PICKUP_METHOD],
                    "pickup_method must be one of 'buy', 'reserve', 'ship to store', 'not supported', got '" +
                    echo(text) + "'");
        }
    }

    private static int parsePickupSla(final String text, final int line) throws SnapshotFormatException
    {
        switch (normalize(text))
        {
            case "":
                return StockAttributes.SLA_UNKNOWN;
            case "same day":
                return StockAttributes.SLA_SAME_DAY;
            case "next day":
                return StockAttributes.SLA_NEXT_DAY;
            case "2 day":
                return StockAttributes.SLA_2_DAY;
            case "3 day":
                return StockAttributes.SLA_3_DAY;
            case "4 day":
                return StockAttributes.SLA_4_DAY;
            case "5 day":
            case "6 day":
            case "7 day":
                return StockAttributes.SLA_5_DAY_PLUS;
            case "multi week":
                return StockAttributes.SLA_MULTI_WEEK;
            default:
                throw new SnapshotFormatException(line, COLUMN_NAMES[PICKUP_SLA],
                    "pickup_sla must be one of 'same day', 'next day', '2-day' to '7-day', 'multi-week', got '" +
                    echo(text) + "'");
        }
    }

    private static String value(final CSVRecord record, final int index)
    {
        return index < 0 ? "" : record.get(index).strip();
    }

    /**
     * Lower case, with each run of spaces, underscores and hyphens made one space: "Ship_To-Store"
     * becomes "ship to store".
     */
    private static String normalize(final String text)
    {
        final StringBuilder normalized = new StringBuilder(text.length());
        boolean separator = false;
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == ' ' || c == '_' || c == '-' || c == '\t')
            {
                separator = true;
            }
            else
            {
                if (separator && normalized.length() > 0)
                {
                    normalized.append(' ');
                }
                separator = false;
                normalized.append(Character.toLowerCase(c));
            }
        }
        return normalized.toString();
    }

    private static boolean isDigits(final String text)
    {
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c < '0' || c > '9')
            {
                return false;
            }
        }
        return !text.isEmpty();
    }

    private static String stripLeadingZeros(final String digits)
    {
        int start = 0;
        while (start < digits.length() - 1 && digits.charAt(start) == '0')
        {
            start++;
        }
        return digits.substring(start);
    }

    private static String echo(final String text)
    {
        return text.length() <= MAX_ECHO_CHARS ? text : text.substring(0, MAX_ECHO_CHARS) + "...";
    }

    /**
     * Validated rows, sku still external, kept until the whole file has passed.
     */
    private static final class Rows
    {
        static final int INITIAL_CAPACITY = 64;

        String[] ids = new String[INITIAL_CAPACITY];
        int[] units = new int[INITIAL_CAPACITY];
        int[] attributes = new int[INITIAL_CAPACITY];
        long[] priceCents = new long[INITIAL_CAPACITY];
        long[] saleCents = new long[INITIAL_CAPACITY];
        int size;

        void add(final String id, final int unitCount, final int attributeBits, final long price, final long sale)
        {
            if (size == ids.length)
            {
                final int capacity = size * 2;
                ids = Arrays.copyOf(ids, capacity);
                units = Arrays.copyOf(units, capacity);
                attributes = Arrays.copyOf(attributes, capacity);
                priceCents = Arrays.copyOf(priceCents, capacity);
                saleCents = Arrays.copyOf(saleCents, capacity);
            }
            ids[size] = id;
            units[size] = unitCount;
            attributes[size] = attributeBits;
            priceCents[size] = price;
            saleCents[size] = sale;
            size++;
        }
    }
}
