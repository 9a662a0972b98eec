package com.endcap.inventory.feed;

import com.endcap.inventory.apply.ChangeBatch;
import com.endcap.inventory.ids.IdDictionary;
import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The long-lived parser path of {@link NdjsonChangeDecoder#decode} against the per-line blocking
 * decode it replaced ({@code decodeReference}), over random bodies of good and broken lines: the
 * same results, the same errors with the same line numbers and messages, the same batch, and the
 * same ids interned in the same order.
 */
class NdjsonStreamingEquivalenceTest
{
    private static final long NOW = 1_763_900_999_000L;
    private static final String[] BREAKS = {
        "", "}", "{", "\"", ",", ":", "]", "[", "x", "null", "1", "-", "1e3", "\\", "\\u00", "\\ud800",
        "{\"a\":1}", " {\"b\":2}", "\u00e9", "\uFEFF", "\t", "\r", "/*c*/", "0.5", "99999999999999999999",
    };

    @TempDir
    Path dir;

    private final CachedEpochClock clock = new CachedEpochClock();
    private final List<IdDictionary> dictionaries = new ArrayList<>();

    @BeforeEach
    void setUp()
    {
        clock.update(NOW);
    }

    @AfterEach
    void tearDown()
    {
        dictionaries.forEach(IdDictionary::close);
    }

    @Test
    void decodeAgreesWithPerLineReferenceOverRandomGoodAndBadLines()
    {
        // given
        final long seed = System.nanoTime();
        System.out.println("NdjsonStreamingEquivalenceTest seed " + seed);
        final SplittableRandom random = new SplittableRandom(seed);
        final Decoders streaming = decoders("streaming");
        final Decoders reference = decoders("reference");

        // when / then: many bodies through the same decoders, so the long-lived parser is reused
        // across bodies, dropped after bad lines and replaced after BYTES_PER_PARSER bytes
        long bytes = 0;
        for (int b = 0; b < 400; b++)
        {
            final byte[] body = body(random, 1 + random.nextInt(60));
            bytes += body.length;
            final ChangeBatch streamed = new ChangeBatch();
            final ChangeBatch expected = new ChangeBatch();

            final DecodeResult actual = streaming.decoder.decode(body, 0, body.length, streamed);
            final DecodeResult wanted = reference.decoder.decodeReference(body, 0, body.length, expected);

            final String context = "seed " + seed + ", body " + b + ":\n" + new String(body, StandardCharsets.UTF_8);
            assertThat(actual).as(context).isEqualTo(wanted);
            assertSameBatch(streamed, expected, context);
            assertSameIds(streaming, reference, context);
        }
        assertThat(bytes).as("bytes decoded, to pass the parser's replacement at least once")
            .isGreaterThan(NdjsonChangeDecoder.BYTES_PER_PARSER);
    }

    @Test
    void decodeAgreesWithReferenceOnLineStartingWithByteOrderMark()
    {
        // given: the long-lived parser takes a mark only at its very start; the blocking one per line
        final Decoders streaming = decoders("streaming");
        final Decoders reference = decoders("reference");
        final String good = "{\"source\":\"s\",\"seq\":1,\"sku\":\"k\",\"location\":\"l\",\"onHand\":1}";
        final byte[] body = (good + "\n\uFEFF" + good + "\n" + good).getBytes(StandardCharsets.UTF_8);
        final ChangeBatch streamed = new ChangeBatch();
        final ChangeBatch expected = new ChangeBatch();

        // when
        final DecodeResult actual = streaming.decoder.decode(body, 0, body.length, streamed);
        final DecodeResult wanted = reference.decoder.decodeReference(body, 0, body.length, expected);

        // then
        assertThat(actual).isEqualTo(wanted);
        assertSameBatch(streamed, expected, "bom");
    }

    private byte[] body(final SplittableRandom random, final int lines)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < lines; i++)
        {
            String line = goodLine(random);
            final int kind = random.nextInt(10);
            if (kind == 0)
            {
                line = breakLine(random, line);
            }
            else if (kind == 1)
            {
                line = random.nextBoolean() ? "  " : "\t\r";
            }
            else if (kind == 2)
            {
                line = invalidField(random, line);
            }
            out.writeBytes(line.getBytes(StandardCharsets.UTF_8));
            if (i < lines - 1 || random.nextBoolean())
            {
                out.write(random.nextInt(8) == 0 ? '\r' : ' ');
                out.write('\n');
            }
        }
        return out.toByteArray();
    }

    private static String goodLine(final SplittableRandom random)
    {
        final StringBuilder line = new StringBuilder("{");
        final List<String> fields = new ArrayList<>();
        fields.add("\"source\":\"pos-" + id(random, 5) + "\"");
        fields.add("\"seq\":" + random.nextLong(0, Long.MAX_VALUE >> random.nextInt(63)));
        fields.add("\"sku\":\"" + id(random, 50) + "\"");
        fields.add("\"location\":\"" + id(random, 8) + "\"");
        fields.add(random.nextBoolean() ? "\"onHand\":" + random.nextInt(100) : "\"delta\":" + (random.nextInt(21) - 10));
        if (random.nextInt(3) == 0)
        {
            fields.add("\"reserved\":" + random.nextInt(5));
        }
        if (random.nextInt(3) == 0)
        {
            fields.add("\"safetyStock\":" + random.nextInt(5));
        }
        if (random.nextInt(2) == 0)
        {
            fields.add("\"ts\":" + (NOW - random.nextInt(1_000_000) + (random.nextInt(20) == 0 ? 400_000 : 0)));
        }
        if (random.nextInt(4) == 0)
        {
            fields.add("\"extra\":" + (random.nextBoolean() ? "{\"seq\":[1,{\"x\":null}],\"y\":\"z\"}" : "[true,false,1.5]"));
        }
        if (random.nextInt(6) == 0)
        {
            fields.add("\"unknown" + random.nextInt(1_000_000) + "\":1");
        }
        for (int i = fields.size() - 1; i > 0; i--)
        {
            final int j = random.nextInt(i + 1);
            fields.set(i, fields.set(j, fields.get(i)));
        }
        for (int i = 0; i < fields.size(); i++)
        {
            line.append(i == 0 ? "" : random.nextInt(4) == 0 ? ", " : ",").append(fields.get(i));
        }
        return line.append('}').toString();
    }

    private static String id(final SplittableRandom random, final int distinct)
    {
        final int n = random.nextInt(distinct);
        switch (random.nextInt(12))
        {
            case 0:
                return "caf\u00e9-" + n;
            case 1:
                return "\\u0041" + n;
            case 2:
                return "\ud83d\ude00" + n;
            default:
                return "id" + n;
        }
    }

    private static String breakLine(final SplittableRandom random, final String line)
    {
        final String piece = BREAKS[random.nextInt(BREAKS.length)];
        switch (random.nextInt(4))
        {
            case 0:
                return line.substring(0, random.nextInt(line.length()));
            case 1:
            {
                final int at = random.nextInt(line.length() + 1);
                return line.substring(0, at) + piece + line.substring(at);
            }
            case 2:
            {
                final int at = random.nextInt(line.length());
                return line.substring(0, at) + piece + line.substring(at + 1);
            }
            default:
                return random.nextBoolean() ? piece + line : line + piece;
        }
    }

    private static String invalidField(final SplittableRandom random, final String line)
    {
        final String body = line.substring(1, line.length() - 1);
        switch (random.nextInt(9))
        {
            case 0:
                return "{" + body + ",\"seq\":1}";
            case 1:
                return "{\"sku\":" + (random.nextBoolean() ? "7" : "null") + "," + body + "}";
            case 2:
                return "{\"onHand\":-1," + body + "}";
            case 3:
                return "{\"location\":\"\"," + body + "}";
            case 4:
                return "{\"source\":\"a\\tb\"," + body + "}";
            case 5:
                return "{\"sku\":\"" + "x".repeat(IdDictionary.MAX_ID_BYTES + random.nextInt(2)) + "\"," +
                    body.replace("\"sku\"", "\"was\"") + "}";
            case 6:
                return "{" + body.replaceFirst("\"(onHand|delta)\":-?[0-9]+", "\"n\":0") + "}";
            case 7:
                return "{\"delta\":2147483648," + body + "}";
            default:
                return "{" + body.replace("\"ts\":", "\"ts\":1") + "}";
        }
    }

    private static void assertSameBatch(final ChangeBatch actual, final ChangeBatch expected, final String context)
    {
        assertThat(actual.size()).as(context).isEqualTo(expected.size());
        for (int i = 0; i < expected.size(); i++)
        {
            final String at = context + "\nchange " + i;
            assertThat(actual.line(i)).as(at).isEqualTo(expected.line(i));
            assertThat(actual.skuId(i)).as(at).isEqualTo(expected.skuId(i));
            assertThat(actual.locationId(i)).as(at).isEqualTo(expected.locationId(i));
            assertThat(actual.sourceId(i)).as(at).isEqualTo(expected.sourceId(i));
            assertThat(actual.seq(i)).as(at).isEqualTo(expected.seq(i));
            assertThat(actual.timestamp(i)).as(at).isEqualTo(expected.timestamp(i));
            assertThat(actual.isAbsolute(i)).as(at).isEqualTo(expected.isAbsolute(i));
            assertThat(actual.quantity(i)).as(at).isEqualTo(expected.quantity(i));
            assertThat(actual.reserved(i)).as(at).isEqualTo(expected.reserved(i));
            assertThat(actual.safetyStock(i)).as(at).isEqualTo(expected.safetyStock(i));
        }
    }

    private static void assertSameIds(final Decoders actual, final Decoders expected, final String context)
    {
        for (int d = 0; d < 3; d++)
        {
            final IdDictionary a = actual.dictionaries[d];
            final IdDictionary e = expected.dictionaries[d];
            assertThat(a.size()).as(context).isEqualTo(e.size());
            for (int id = 0; id < e.size(); id++)
            {
                assertThat(a.nameOf(id)).as(context).isEqualTo(e.nameOf(id));
            }
        }
    }

    private Decoders decoders(final String name)
    {
        final IdDictionary skus = open(name + "-skus.ids");
        final IdDictionary locations = open(name + "-locations.ids");
        final IdDictionary sources = open(name + "-sources.ids");
        return new Decoders(new NdjsonChangeDecoder(skus, locations, sources, clock),
            new IdDictionary[] { skus, locations, sources });
    }

    private IdDictionary open(final String file)
    {
        final IdDictionary dictionary = IdDictionary.openWritable(dir.resolve(file));
        dictionaries.add(dictionary);
        return dictionary;
    }

    private record Decoders(NdjsonChangeDecoder decoder, IdDictionary[] dictionaries)
    {
    }
}
