package com.endcap.inventory.feed;

import com.endcap.inventory.apply.ChangeBatch;
import com.endcap.inventory.ids.IdDictionary;
import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class NdjsonChangeDecoderTest
{
    private static final long NOW = 1_763_900_999_000L;
    private static final String ABSOLUTE_LINE =
        "{\"source\": \"pos-S042\", \"seq\": 1881, \"sku\": \"100871\", \"location\": \"S042\", " +
        "\"onHand\": 7, \"reserved\": 1, \"ts\": 1763900000000}";
    private static final String DELTA_LINE =
        "{\"source\": \"pos-S042\", \"seq\": 1882, \"sku\": \"100871\", \"location\": \"S042\", " +
        "\"delta\": -1, \"ts\": 1763900000500}";

    @TempDir
    Path dir;

    private final CachedEpochClock clock = new CachedEpochClock();
    private final ChangeBatch batch = new ChangeBatch();
    private IdDictionary skus;
    private IdDictionary locations;
    private IdDictionary sources;
    private NdjsonChangeDecoder target;

    @BeforeEach
    void setUp()
    {
        skus = IdDictionary.openWritable(dir.resolve("skus.ids"));
        locations = IdDictionary.openWritable(dir.resolve("locations.ids"));
        sources = IdDictionary.openWritable(dir.resolve("sources.ids"));
        clock.update(NOW);
        target = new NdjsonChangeDecoder(skus, locations, sources, clock);
    }

    @AfterEach
    void tearDown()
    {
        skus.close();
        locations.close();
        sources.close();
    }

    @Test
    void decodeAddsAbsoluteChangeWithInternedIds()
    {
        // when
        final DecodeResult result = decode(ABSOLUTE_LINE + "\n");

        // then
        assertThat(result.decoded()).isEqualTo(1);
        assertThat(result.rejected()).isEmpty();
        assertThat(batch.size()).isEqualTo(1);
        assertThat(batch.line(0)).isEqualTo(1);
        assertThat(skus.nameOf(batch.skuId(0))).isEqualTo("100871");
        assertThat(locations.nameOf(batch.locationId(0))).isEqualTo("S042");
        assertThat(sources.nameOf(batch.sourceId(0))).isEqualTo("pos-S042");
        assertThat(batch.seq(0)).isEqualTo(1881L);
        assertThat(batch.timestamp(0)).isEqualTo(1_763_900_000_000L);
        assertThat(batch.isAbsolute(0)).isTrue();
        assertThat(batch.quantity(0)).isEqualTo(7);
        assertThat(batch.reserved(0)).isEqualTo(1);
        assertThat(batch.safetyStock(0)).isEqualTo(ChangeBatch.ABSENT);
    }

    @Test
    void decodeAddsDeltaChangeWithOptionalFieldsAbsent()
    {
        // when
        final DecodeResult result = decode(DELTA_LINE);

        // then
        assertThat(result.decoded()).isEqualTo(1);
        assertThat(batch.isAbsolute(0)).isFalse();
        assertThat(batch.quantity(0)).isEqualTo(-1);
        assertThat(batch.seq(0)).isEqualTo(1882L);
        assertThat(batch.timestamp(0)).isEqualTo(1_763_900_000_500L);
        assertThat(batch.reserved(0)).isEqualTo(ChangeBatch.ABSENT);
        assertThat(batch.safetyStock(0)).isEqualTo(ChangeBatch.ABSENT);
    }

    @Test
    void decodeReadsSafetyStockAndZeroReserved()
    {
        // when
        decode("{\"source\": \"s\", \"seq\": 0, \"sku\": \"k\", \"location\": \"l\", \"onHand\": 0, " +
            "\"reserved\": 0, \"safetyStock\": 2}");

        // then
        assertThat(batch.size()).isEqualTo(1);
        assertThat(batch.quantity(0)).isZero();
        assertThat(batch.reserved(0)).isZero();
        assertThat(batch.safetyStock(0)).isEqualTo(2);
    }

    @Test
    void decodeTakesTimeFromClockWhenTsAbsent()
    {
        // given
        clock.update(1_700_000_000_123L);

        // when
        decode("{\"source\": \"s\", \"seq\": 1, \"sku\": \"k\", \"location\": \"l\", \"delta\": 3}");

        // then
        assertThat(batch.timestamp(0)).isEqualTo(1_700_000_000_123L);
    }

    @Test
    void decodeSkipsBlankLinesAndCountsThemInLineNumbers()
    {
        // given
        final String body = "\n   \n" + ABSOLUTE_LINE + "\r\n\t\r\n" + DELTA_LINE + "\n\n";

        // when
        final DecodeResult result = decode(body);

        // then
        assertThat(result.decoded()).isEqualTo(2);
        assertThat(result.rejected()).isEmpty();
        assertThat(batch.line(0)).isEqualTo(3);
        assertThat(batch.line(1)).isEqualTo(5);
    }

    @Test
    void decodeReturnsNothingForEmptyBody()
    {
        // when
        final DecodeResult result = decode("");

        // then
        assertThat(result.decoded()).isZero();
        assertThat(result.rejected()).isEmpty();
        assertThat(batch.size()).isZero();
    }

    @Test
    void decodeIgnoresUnknownFieldsIncludingNestedOnes()
    {
        // given: nested values reuse known names and must not be taken for the line's own fields
        final String line = "{\"meta\": {\"onHand\": \"x\", \"deep\": [1, {\"delta\": 5}, [null, true]]}, " +
            "\"source\": \"s\", \"tags\": [\"a\", {\"seq\": -1}], \"seq\": 4, \"sku\": \"k\", \"note\": null, " +
            "\"location\": \"l\", \"price\": 54.99, \"onHand\": 3, \"empty\": {}}";

        // when
        final DecodeResult result = decode(line);

        // then
        assertThat(result.rejected()).isEmpty();
        assertThat(result.decoded()).isEqualTo(1);
        assertThat(batch.isAbsolute(0)).isTrue();
        assertThat(batch.quantity(0)).isEqualTo(3);
        assertThat(batch.seq(0)).isEqualTo(4L);
    }

    @Test
    void decodeRejectsLineWithBothOnHandAndDelta()
    {
        // when
        final DecodeResult result = decode(
            "{\"source\": \"s\", \"seq\": 1, \"sku\": \"k\", \"location\": \"l\", \"onHand\": 3, \"delta\": 1}");

        // then
        assertThat(result.decoded()).isZero();
        assertThat(result.rejected()).containsExactly(new LineError(1, null, "give either onHand or delta, not both"));
        assertThat(batch.size()).isZero();
    }

    @Test
    void decodeRejectsLineWithNeitherOnHandNorDelta()
    {
        // when
        final DecodeResult result = decode("{\"source\": \"s\", \"seq\": 1, \"sku\": \"k\", \"location\": \"l\"}");

        // then
        assertThat(result.rejected()).containsExactly(new LineError(1, null, "one of onHand or delta is required"));
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "`\"seq\": -1, \"onHand\": 1`                  | seq         | seq must be an integer >= 0, got -1",
        "`\"seq\": \"5\", \"onHand\": 1`               | seq         | seq must be an integer >= 0, got a string",
        "`\"seq\": 1.5, \"onHand\": 1`                 | seq         | seq must be an integer >= 0, got 1.5",
        "`\"seq\": 1e3, \"onHand\": 1`                 | seq         | seq must be an integer >= 0, got 1e3",
        "`\"seq\": null, \"onHand\": 1`                | seq         | seq must be an integer >= 0, got null",
        "`\"seq\": 99999999999999999999, \"onHand\": 1`| seq         | seq must be at most 9223372036854775807, got 99999999999999999999",
        "`\"seq\": 1, \"seq\": 2, \"onHand\": 1`       | seq         | seq is given more than once",
        "`\"onHand\": 1`                               | seq         | seq is required",
        "`\"seq\": 1, \"onHand\": -1`                  | onHand      | onHand must be an integer >= 0, got -1",
        "`\"seq\": 1, \"onHand\": 2147483648`          | onHand      | onHand must be at most 2147483647, got 2147483648",
        "`\"seq\": 1, \"onHand\": true`                | onHand      | onHand must be an integer >= 0, got a boolean",
        "`\"seq\": 1, \"onHand\": {\"n\": 1}`          | onHand      | onHand must be an integer >= 0, got an object",
        "`\"seq\": 1, \"delta\": \"-1\"`               | delta       | delta must be an integer, got a string",
        "`\"seq\": 1, \"delta\": -2147483649`          | delta       | delta must be at least -2147483648, got -2147483649",
        "`\"seq\": 1, \"delta\": 2147483648`           | delta       | delta must be at most 2147483647, got 2147483648",
        "`\"seq\": 1, \"onHand\": 1, \"reserved\": -1` | reserved    | reserved must be an integer >= 0, got -1",
        "`\"seq\": 1, \"onHand\": 1, \"safetyStock\": [1]` | safetyStock | safetyStock must be an integer >= 0, got an array",
        "`\"seq\": 1, \"onHand\": 1, \"ts\": -5`       | ts          | ts must be an integer >= 0, got -5",
        "`\"seq\": 1, \"onHand\": 1, \"ts\": \"2025-11-23\"` | ts    | ts must be an integer >= 0, got a string",
        "`\"seq\": 1, \"onHand\": 1, \"ts\": 1763901300000` | ts       | ts is more than 5 minutes in the future",
        "`\"seq\": 1, \"onHand\": 1, \"ts\": 1763900999000000` | ts    | ts is more than 5 minutes in the future",
    })
    void decodeRejectsInvalidNumberField(final String fields, final String field, final String message)
    {
        // given
        final String line = "{\"source\": \"s\", \"sku\": \"k\", \"location\": \"l\", " + fields + "}";

        // when
        final DecodeResult result = decode(line);

        // then
        assertThat(result.decoded()).isZero();
        assertThat(result.rejected()).containsExactly(new LineError(1, field, message));
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "`\"sku\": \"k\", \"location\": \"l\"`                       | source   | source is required",
        "`\"source\": \"s\", \"location\": \"l\"`                    | sku      | sku is required",
        "`\"source\": \"s\", \"sku\": \"k\"`                         | location | location is required",
        "`\"source\": \"\", \"sku\": \"k\", \"location\": \"l\"`     | source   | source must not be empty",
        "`\"source\": \"s\", \"sku\": 100871, \"location\": \"l\"`   | sku      | sku must be a non-empty string, got 100871",
        "`\"source\": \"s\", \"sku\": \"k\", \"location\": null`     | location | location must be a non-empty string, got null",
        "`\"source\": \"s\", \"sku\": \"a\\tb\", \"location\": \"l\"` | sku      | sku must not contain tabs or line breaks",
        "`\"source\": \"s\", \"sku\": \"k\", \"location\": \"x\\ny\"` | location | location must not contain tabs or line breaks",
        "`\"source\": \"s\", \"sku\": \"k\", \"sku\": \"k\", \"location\": \"l\"` | sku | sku is given more than once",
    })
    void decodeRejectsInvalidIdField(final String fields, final String field, final String message)
    {
        // given
        final String line = "{" + fields + ", \"seq\": 1, \"onHand\": 1}";

        // when
        final DecodeResult result = decode(line);

        // then
        assertThat(result.rejected()).containsExactly(new LineError(1, field, message));
        assertThat(batch.size()).isZero();
    }

    @Test
    void decodeRejectsIdLongerThanDictionaryAcceptsInUtf8Bytes()
    {
        // given: 129 two-byte characters are 258 bytes, fewer than 256 chars
        final String source = "\u00e9".repeat(129);
        final String line = "{\"source\": \"" + source + "\", \"seq\": 1, \"sku\": \"k\", \"location\": \"l\", \"onHand\": 1}";

        // when
        final DecodeResult result = decode(line);

        // then
        assertThat(result.rejected()).containsExactly(new LineError(1, "source", "source must be at most 256 bytes in UTF-8"));
        assertThat(skus.size()).isZero();
        assertThat(locations.size()).isZero();
        assertThat(sources.size()).isZero();
    }

    @Test
    void decodeAcceptsIdOfExactlyTheLongestLength()
    {
        // given
        final String sku = "x".repeat(IdDictionary.MAX_ID_BYTES);

        // when
        final DecodeResult result = decode(
            "{\"source\": \"s\", \"seq\": 1, \"sku\": \"" + sku + "\", \"location\": \"l\", \"onHand\": 1}");

        // then
        assertThat(result.decoded()).isEqualTo(1);
        assertThat(skus.nameOf(batch.skuId(0))).isEqualTo(sku);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "[1, 2]",
        "\"just a string\"",
        "42",
        "null",
    })
    void decodeRejectsLineThatIsNotAnObject(final String line)
    {
        // when
        final DecodeResult result = decode(line);

        // then
        assertThat(result.rejected()).containsExactly(new LineError(1, null, "line must be a JSON object"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "{\"source\": \"s\", \"seq\": 1,",
        "{\"source\": \"s\" \"seq\": 1}",
        "{source: \"s\"}",
        "not json",
        "{\"source\": \"s\", \"seq\": 1, \"sku\": \"k\", \"location\": \"l\", \"onHand\": 1} trailing",
    })
    void decodeRejectsInvalidJson(final String line)
    {
        // when
        final DecodeResult result = decode(line);

        // then
        assertThat(result.rejected()).singleElement().satisfies(
            error ->
            {
                assertThat(error.line()).isEqualTo(1);
                assertThat(error.field()).isNull();
                assertThat(error.message()).startsWith("invalid JSON at column ");
            });
    }

    @Test
    void decodeRejectsSecondObjectOnTheSameLine()
    {
        // when
        final DecodeResult result = decode(ABSOLUTE_LINE + " " + DELTA_LINE);

        // then
        assertThat(result.rejected())
            .containsExactly(new LineError(1, null, "line must hold one JSON object, found more after it"));
    }

    @Test
    void decodeKeepsDecodingLinesAfterRejectedOnes()
    {
        // given
        final String body = ABSOLUTE_LINE + "\n" +
            "{\"source\": \"s\", \"seq\": -3, \"sku\": \"k\", \"location\": \"l\", \"onHand\": 1}\n" +
            "{oops\n" +
            DELTA_LINE + "\n";

        // when
        final DecodeResult result = decode(body);

        // then
        assertThat(result.decoded()).isEqualTo(2);
        assertThat(result.rejected()).extracting(LineError::line).containsExactly(2, 3);
        assertThat(batch.size()).isEqualTo(2);
        assertThat(batch.line(0)).isEqualTo(1);
        assertThat(batch.line(1)).isEqualTo(4);
    }

    @Test
    void decodeTakesLastLineWithoutNewline()
    {
        // when
        final DecodeResult result = decode(ABSOLUTE_LINE + "\n" + DELTA_LINE);

        // then
        assertThat(result.decoded()).isEqualTo(2);
        assertThat(batch.line(1)).isEqualTo(2);
        assertThat(batch.isAbsolute(1)).isFalse();
    }

    @Test
    void decodeRejectsTruncatedLastLine()
    {
        // when
        final DecodeResult result = decode(ABSOLUTE_LINE + "\n{\"source\": \"pos-S042\", \"seq\": 18");

        // then
        assertThat(result.decoded()).isEqualTo(1);
        assertThat(result.rejected()).extracting(LineError::line).containsExactly(2);
        assertThat(result.rejected().get(0).message()).startsWith("invalid JSON");
    }

    @Test
    void decodeInternsNoIdOfRejectedLines()
    {
        // given: each line has valid ids but breaks a rule after or between them
        final String body =
            "{\"sku\": \"k1\", \"location\": \"l1\", \"source\": \"s1\", \"seq\": -1, \"onHand\": 1}\n" +
            "{\"sku\": \"k2\", \"location\": \"l2\", \"source\": \"s2\", \"seq\": 1, \"onHand\": 1, \"delta\": 1}\n" +
            "{\"sku\": \"k3\", \"location\": \"l3\", \"source\": \"\", \"seq\": 1, \"onHand\": 1}\n" +
            "{\"sku\": \"k4\", \"location\": \"l4\", \"source\": \"s4\", \"seq\": 1, \"onHand\": 1\n" +
            "{\"sku\": \"k5\", \"location\": \"l5\", \"seq\": 1, \"onHand\": 1}\n";

        // when
        final DecodeResult result = decode(body);

        // then
        assertThat(result.rejected()).extracting(LineError::line).containsExactly(1, 2, 3, 4, 5);
        assertThat(skus.size()).isZero();
        assertThat(locations.size()).isZero();
        assertThat(sources.size()).isZero();
    }

    @Test
    void decodeReadsOnlyTheGivenSliceOfTheArray()
    {
        // given
        final byte[] line = (ABSOLUTE_LINE + "\n").getBytes(StandardCharsets.UTF_8);
        final byte[] buffer = new byte[line.length + 20];
        Arrays.fill(buffer, (byte)'x');
        System.arraycopy(line, 0, buffer, 10, line.length);

        // when
        final DecodeResult result = target.decode(buffer, 10, line.length, batch);

        // then
        assertThat(result.decoded()).isEqualTo(1);
        assertThat(result.rejected()).isEmpty();
    }

    @Test
    void decodeReadsInputStream() throws IOException
    {
        // given
        final byte[] body = (ABSOLUTE_LINE + "\n" + DELTA_LINE + "\n").getBytes(StandardCharsets.UTF_8);

        // when
        final DecodeResult result = target.decode(new ByteArrayInputStream(body), batch);

        // then
        assertThat(result.decoded()).isEqualTo(2);
        assertThat(batch.size()).isEqualTo(2);
    }

    @Test
    void decodeAppendsToBatchAndNumbersLinesPerBody()
    {
        // given
        decode(ABSOLUTE_LINE);

        // when
        final DecodeResult second = decode("\n" + DELTA_LINE);

        // then
        assertThat(second.decoded()).isEqualTo(1);
        assertThat(batch.size()).isEqualTo(2);
        assertThat(batch.line(0)).isEqualTo(1);
        assertThat(batch.line(1)).isEqualTo(2);
        assertThat(batch.skuId(1)).isEqualTo(batch.skuId(0));
    }

    private DecodeResult decode(final String body)
    {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return target.decode(bytes, 0, bytes.length, batch);
    }
}
