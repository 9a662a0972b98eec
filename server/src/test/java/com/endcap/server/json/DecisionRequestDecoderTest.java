package com.endcap.server.json;

import com.endcap.bidder.campaign.Channel;
import com.endcap.bidder.decision.DecisionRequest;
import com.endcap.server.admin.InvalidInputException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class DecisionRequestDecoderTest
{
    private static final String GOOD = """
        {"placements": [{"id": "pdp-sidebar", "slot": "product_sidebar", "count": 2}, {"id": "pdp-card", "slot": "product_card"}],
         "user": {"key": "u-8812", "segments": ["pet-owner", "loyalty-gold"]},
         "context": {"channel": "app", "storeId": "S042", "geo": {"lat": 40.7411, "lon": -73.9897}, "region": "NY",
                     "pageType": "product", "category": "pet/dog-food", "keywords": ["kibble"], "cartSkus": ["100871", "200001"],
                     "orderSkus": ["300001"], "excludeSkus": ["400001"], "unknown": {"a": [1, {"b": null}]}},
         "consent": {"personalization": false},
         "debug": true}
        """;
    private static final String MINIMAL = "{\"placements\": [{\"id\": \"a\", \"slot\": \"s\"}]}";

    private final DecisionRequestDecoder target = new DecisionRequestDecoder();
    private final DecisionRequest request = new DecisionRequest();

    private static byte[] utf8(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** What decoding {@code body} gives: the request's fields, or the error's field and message. */
    private static String outcome(final Decode decode, final byte[] body, final DecisionRequest into)
    {
        try
        {
            decode.decode(body, into);
            return RequestBodies.describe(into);
        }
        catch (final InvalidInputException ex)
        {
            return "error field=" + ex.field() + " message=" + ex.getMessage();
        }
    }

    private interface Decode
    {
        void decode(byte[] body, DecisionRequest into) throws InvalidInputException;
    }

    private String streaming(final byte[] body)
    {
        return outcome((b, r) -> target.decode(b, 0, b.length, r), body, request);
    }

    private static String blocking(final byte[] body)
    {
        return outcome((b, r) -> new DecisionRequestDecoder().decodeBlocking(b, 0, b.length, r), body, new DecisionRequest());
    }

    @Test
    void decodesEveryField() throws InvalidInputException
    {
        // given
        final ByteBuf body = Unpooled.directBuffer().writeBytes(utf8(GOOD));

        // when
        target.decode(body, request);

        // then
        assertThat(request.placementCount()).isEqualTo(2);
        assertThat(request.placementId(0)).isEqualTo("pdp-sidebar");
        assertThat(request.placementSlot(0)).isEqualTo("product_sidebar");
        assertThat(request.placementCount(0)).isEqualTo(2);
        assertThat(request.placementId(1)).isEqualTo("pdp-card");
        assertThat(request.placementCount(1)).isEqualTo(1);
        assertThat(request.userKey()).isEqualTo("u-8812");
        assertThat(request.segmentCount()).isEqualTo(2);
        assertThat(request.segment(1)).isEqualTo("loyalty-gold");
        assertThat(request.channel()).isEqualTo(Channel.APP);
        assertThat(request.storeId()).isEqualTo("S042");
        assertThat(request.hasGeo()).isTrue();
        assertThat(request.lat()).isEqualTo(40.7411);
        assertThat(request.lon()).isEqualTo(-73.9897);
        assertThat(request.region()).isEqualTo("NY");
        assertThat(request.pageType()).isEqualTo("product");
        assertThat(request.category()).isEqualTo("pet/dog-food");
        assertThat(request.keywordCount()).isEqualTo(1);
        assertThat(request.cartSkuCount()).isEqualTo(2);
        assertThat(request.cartSku(1)).isEqualTo("200001");
        assertThat(request.orderSku(0)).isEqualTo("300001");
        assertThat(request.excludedSku(0)).isEqualTo("400001");
        assertThat(request.personalization()).isFalse();
        assertThat(request.debug()).isTrue();
        assertThat(streaming(utf8(GOOD))).isEqualTo(blocking(utf8(GOOD)));
        body.release();
    }

    @Test
    void decodesRealisticBodiesExactlyAsANewBlockingParserDoes()
    {
        // given: more bytes than one long-lived parser takes, so it is replaced on the way
        final long seed = System.nanoTime();
        System.out.println("DecisionRequestDecoderTest seed " + seed);
        final byte[][] bodies = RequestBodies.realistic(4_000, seed);
        long bytes = 0;
        for (final byte[] body : bodies)
        {
            bytes += body.length;
        }
        assertThat(bytes).isGreaterThan(DecisionRequestDecoder.BYTES_PER_PARSER);

        for (int i = 0; i < bodies.length; i++)
        {
            // when
            final String actual = streaming(bodies[i]);

            // then
            assertThat(actual).as("body %d, seed %d: %s", i, seed, new String(bodies[i], StandardCharsets.UTF_8))
                .isEqualTo(blocking(bodies[i]))
                .doesNotStartWith("error");
        }
    }

    @Test
    void mangledBodiesFailOrPassExactlyAsWithANewBlockingParser()
    {
        // given: realistic bodies cut short, with a byte changed, or with something after them,
        // interleaved with good ones on the same decoder
        final long seed = System.nanoTime();
        System.out.println("DecisionRequestDecoderTest seed " + seed);
        final SplittableRandom random = new SplittableRandom(seed);
        final byte[][] bodies = RequestBodies.realistic(3_000, seed);
        final byte[] junk = utf8(" \t\r\n{}[]\"x1-.e,:\\nultrefas\u00e9");
        int failed = 0;
        for (int i = 0; i < bodies.length; i++)
        {
            final byte[] good = bodies[i];
            final byte[] bad;
            switch (random.nextInt(3))
            {
                case 0 -> bad = java.util.Arrays.copyOf(good, random.nextInt(good.length));
                case 1 ->
                {
                    bad = good.clone();
                    bad[random.nextInt(bad.length)] = junk[random.nextInt(junk.length)];
                }
                default ->
                {
                    bad = java.util.Arrays.copyOf(good, good.length + 1 + random.nextInt(3));
                    for (int j = good.length; j < bad.length; j++)
                    {
                        bad[j] = junk[random.nextInt(junk.length)];
                    }
                }
            }

            // when
            final String actual = streaming(bad);
            final String after = streaming(good);

            // then
            final String expected = blocking(bad);
            failed += expected.startsWith("error") ? 1 : 0;
            assertThat(actual).as("body %d, seed %d: %s", i, seed, new String(bad, StandardCharsets.UTF_8)).isEqualTo(expected);
            assertThat(after).as("the good body after it").isEqualTo(blocking(good));
        }
        assertThat(failed).as("mangled bodies refused").isGreaterThan(bodies.length / 2);
    }

    static List<Object[]> cases()
    {
        final String longKey = "k".repeat(DecisionRequestDecoder.MAX_ID_LENGTH + 1);
        final List<Object[]> cases = new ArrayList<>();
        cases.add(new Object[] {"", null, "the body must be a JSON object"});
        cases.add(new Object[] {"  \n", null, "the body must be a JSON object"});
        cases.add(new Object[] {"[]", null, "the body must be a JSON object"});
        cases.add(new Object[] {"{}", "placements", "placements is required: 1..10"});
        cases.add(new Object[] {MINIMAL + " {\"x\": 1}", null, "the body must hold one JSON object, found more after it"});
        cases.add(new Object[] {MINIMAL + " 1", null, "the body must hold one JSON object, found more after it"});
        cases.add(new Object[] {MINIMAL + "\"", null, null});
        cases.add(new Object[] {MINIMAL + " x", null, null});
        cases.add(new Object[] {MINIMAL.substring(0, MINIMAL.length() - 2), null, null});
        cases.add(new Object[] {"{\"placements\": [{\"id\": \"a\", \"slot\": \"s\"}], \"other\": {\"a\": [1,", null, null});
        cases.add(new Object[] {"{\"placements\": [{\"id\": \"a\", \"slot\": \"s\", \"count\": 0}]}", "placements[0].count",
            "placements[0].count must be 1..20"});
        cases.add(new Object[] {"{\"placements\": [{\"id\": \"a\", \"slot\": \"s\"}, {\"id\": \"a\", \"slot\": \"t\"}]}", "placements[1].id",
            "placements[1].id 'a' is used by placements[0] too"});
        cases.add(new Object[] {"{\"placements\": [{\"id\": \"a\", \"slot\": \"s\"}], \"user\": {\"key\": \"" + longKey + "\"}}", "user.key",
            "user.key is longer than 256 characters"});
        cases.add(new Object[] {"{\"placements\": [{\"id\": \"a\", \"slot\": \"s\"}], \"user\": {\"segments\": [\"a\", 1]}}",
            "user.segments[1]", "user.segments[1] must be a string"});
        cases.add(new Object[] {"{\"placements\": [{\"id\": \"a\", \"slot\": \"s\"}], \"context\": {\"channel\": \"tv\"}}", "context.channel",
            "context.channel must be web, app, instore_screen, email or offsite, got 'tv'"});
        cases.add(new Object[] {"{\"placements\": [{\"id\": \"a\", \"slot\": \"s\"}], \"context\": {\"geo\": {\"lat\": 91, \"lon\": 0}}}",
            "context.geo.lat", "context.geo.lat must be -90.0..90.0"});
        cases.add(new Object[] {"{\"placements\": [{\"id\": \"a\", \"slot\": \"s\"}], \"context\": {\"geo\": {\"lat\": 1.5}}}",
            "context.geo.lon", "context.geo needs both lat and lon"});
        cases.add(new Object[] {"{\"placements\": [{\"id\": \"a\", \"slot\": \"s\", \"count\": 99999999999999999999}]}",
            null, null});
        // Decoded, through the blocking parser: a byte order mark, and UTF-16 (which it detects).
        cases.add(new Object[] {"\uFEFF" + MINIMAL, "", null});
        cases.add(new Object[] {MINIMAL + " \r\n\t ", "", null});
        return cases;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void badBodiesAreReportedAsBeforeAndTheNextBodyStillDecodes(final String body, final String field, final String message)
    {
        // given: the long-lived parser is mid-life
        streaming(utf8(GOOD));

        // when
        final String actual = streaming(utf8(body));

        // then
        assertThat(actual).isEqualTo(blocking(utf8(body)));
        if (null != message)
        {
            assertThat(actual).isEqualTo("error field=" + field + " message=" + message);
        }
        else if ("".equals(field))
        {
            assertThat(actual).isEqualTo(blocking(utf8(MINIMAL)));
        }
        else
        {
            assertThat(actual).startsWith("error field=" + field + " message=");
        }
        assertThat(streaming(utf8(GOOD))).isEqualTo(blocking(utf8(GOOD)));
    }

    @Test
    void decodesUtf16BodiesThroughTheBlockingParser()
    {
        // given
        final byte[] body = GOOD.getBytes(StandardCharsets.UTF_16BE);

        // when
        final String actual = streaming(body);

        // then
        assertThat(actual).isEqualTo(blocking(utf8(GOOD)));
        assertThat(streaming(utf8(MINIMAL))).isEqualTo(blocking(utf8(MINIMAL)));
    }

    @Test
    void repeatedValuesAreTheSameStrings() throws InvalidInputException
    {
        // given
        final byte[] body = utf8(GOOD);
        final DecisionRequest first = new DecisionRequest();
        target.decode(body, 0, body.length, first);

        // when
        target.decode(body, 0, body.length, request);

        // then
        assertThat(request.placementSlot(0)).isSameAs(first.placementSlot(0));
        assertThat(request.userKey()).isSameAs(first.userKey());
        assertThat(request.segment(0)).isSameAs(first.segment(0));
        assertThat(request.storeId()).isSameAs(first.storeId());
        assertThat(request.category()).isSameAs(first.category());
        assertThat(request.cartSku(1)).isSameAs(first.cartSku(1));
    }

    @Test
    void latAndLonAreTheDoublesDoubleParseDoubleReads() throws InvalidInputException
    {
        final long seed = System.nanoTime();
        System.out.println("DecisionRequestDecoderTest seed " + seed);
        final SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 5_000; i++)
        {
            // given
            final String lat = switch (i % 4)
            {
                case 0 -> Double.toString(random.nextDouble(-90, 90));
                case 1 -> String.format(java.util.Locale.ROOT, "%.5f", random.nextDouble(-90, 90));
                case 2 -> String.format(java.util.Locale.ROOT, "%.3e", random.nextDouble(-90, 90));
                default -> Integer.toString(random.nextInt(-90, 91));
            };
            final String lon = String.format(java.util.Locale.ROOT, "%.17f", random.nextDouble(-180, 180));
            final byte[] body = utf8("{\"placements\": [{\"id\": \"a\", \"slot\": \"s\"}], \"context\": {\"geo\": {\"lat\": " + lat +
                ", \"lon\": " + lon + "}}}");

            // when
            target.decode(body, 0, body.length, request);

            // then
            assertThat(request.lat()).as("lat %s, seed %d", lat, seed).isEqualTo(Double.parseDouble(lat));
            assertThat(request.lon()).as("lon %s, seed %d", lon, seed).isEqualTo(Double.parseDouble(lon));
        }
    }

    @Test
    void malformedBodiesSayWhereWithoutJacksonsSourceNotes()
    {
        final String truncated = outcome((body, into) -> target.decode(body, 0, body.length, into),
            utf8("{\"placements\": [{\"id\": \"a\""), request);

        assertThat(truncated).startsWith("error field=null message=malformed JSON at line 1, column ")
            .doesNotContain("Source").doesNotContain("start marker");
    }
}
