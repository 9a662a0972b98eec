package com.endcap.server.admin;

import com.endcap.bidder.campaign.Ad;
import com.endcap.bidder.campaign.BidModel;
import com.endcap.bidder.campaign.Campaign;
import com.endcap.bidder.campaign.Fulfilment;
import com.endcap.bidder.campaign.Pacing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class CampaignCodecTest
{
    /** Marks a field the case leaves out. */
    private static final String ABSENT = "<absent>";
    /** A valid ad. */
    private static final String AD_TEMPLATE = "{\"id\": \"a1\", \"slots\": [\"s\"], \"products\": {\"skus\": [\"1\"]}, " +
        "\"bid\": {\"model\": \"cpc\", \"amount\": 1}}";

    @Test
    void decodesTheApiExampleCampaign() throws Exception
    {
        // when
        final Campaign campaign = CampaignCodec.decode(utf8(AdminFixtures.API_EXAMPLE));

        // then
        assertThat(campaign).isEqualTo(AdminFixtures.apiExample());
    }

    @Test
    void decodesFromAStreamAsFromBytesLeavingTheStreamOpen() throws Exception
    {
        // given
        final AtomicBoolean closed = new AtomicBoolean();
        final ByteArrayInputStream in = new ByteArrayInputStream(utf8(AdminFixtures.API_EXAMPLE))
        {
            @Override
            public void close()
            {
                closed.set(true);
            }
        };

        // when
        final Campaign campaign = CampaignCodec.decode(in);

        // then
        assertThat(campaign).isEqualTo(AdminFixtures.apiExample());
        assertThat(closed).isFalse();
    }

    @Test
    void roundTripsTheApiExample() throws Exception
    {
        // given
        final Campaign original = AdminFixtures.apiExample();

        // when
        final Campaign decoded = CampaignCodec.decode(CampaignCodec.encode(original));

        // then
        assertThat(decoded).isEqualTo(original);
    }

    @Test
    void roundTripsACampaignUsingEveryOptionalField() throws Exception
    {
        // given
        final Campaign original = AdminFixtures.everyField();

        // when
        final byte[] json = CampaignCodec.encode(original);
        final Campaign decoded = CampaignCodec.decode(json);

        // then
        assertThat(decoded).isEqualTo(original);
        assertThat(CampaignCodec.encode(decoded)).isEqualTo(json);
    }

    @Test
    void appliesTheDefaultsToAMinimalCampaign() throws Exception
    {
        // given
        final String json = """
            {"id": "c1", "advertiserId": "adv",
             "ads": [{"id": "a1", "slots": ["s"], "products": {"category": "pet"}, "bid": {"model": "cpm", "amount": 2}}]}
            """;

        // when
        final Campaign campaign = CampaignCodec.decode(utf8(json));

        // then
        assertThat(campaign.name()).isEqualTo("c1");
        assertThat(campaign.active()).isTrue();
        assertThat(campaign.budget()).isEqualTo(Campaign.Budget.unlimited());
        assertThat(campaign.flight()).isEqualTo(Campaign.Flight.always());
        assertThat(campaign.pacing()).isEqualTo(Pacing.EVEN);
        assertThat(campaign.priority()).isZero();
        final Ad ad = campaign.ads().get(0);
        assertThat(ad.channels()).isEmpty();
        assertThat(ad.targeting()).isEqualTo(Ad.Targeting.NONE);
        assertThat(ad.geo()).isEqualTo(Ad.GeoScope.ANYWHERE);
        assertThat(ad.fulfilment()).isEqualTo(Fulfilment.ANY);
        assertThat(ad.minUnits()).isEqualTo(1);
        assertThat(ad.bid()).isEqualTo(new Ad.Bid(BidModel.CPM, 2));
        assertThat(ad.frequencyCap()).isNull();
        assertThat(ad.holdoutShare()).isZero();
        assertThat(ad.ctrPrior()).isEqualTo(Ad.DEFAULT_CTR_PRIOR);
        assertThat(ad.hideUnits()).isFalse();
        assertThat(ad.creative()).isEqualTo(Ad.Creative.DEFAULT);
    }

    @Test
    void readsAPartialFlightAndBudgetAgainstTheirDefaults() throws Exception
    {
        // given
        final String json = """
            {"id": "c1", "advertiserId": "adv", "budget": {"daily": 50},
             "flight": {"end": "2030-01-01T00:00:00+01:00", "timezone": "Europe/Paris"}}
            """;

        // when
        final Campaign campaign = CampaignCodec.decode(utf8(json));

        // then
        assertThat(campaign.budget()).isEqualTo(new Campaign.Budget(Double.POSITIVE_INFINITY, 50, "USD"));
        assertThat(campaign.flight().start()).isEqualTo(Campaign.Flight.always().start());
        assertThat(campaign.flight().end()).hasToString("2029-12-31T23:00:00Z");
        assertThat(campaign.flight().zone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(campaign.ads()).isEmpty();
    }

    @Test
    void writesAnUnlimitedBudgetAsAbsentTotalAndDaily()
    {
        // given
        final Campaign campaign = AdminFixtures.simple("c1");

        // when
        final String json = new String(CampaignCodec.encode(campaign), StandardCharsets.UTF_8);

        // then
        assertThat(json).contains("\"budget\":{\"currency\":\"USD\"}");
        assertThat(json).doesNotContain("Infinity");
    }

    @Test
    void writesTheApiShape()
    {
        // when
        final String json = new String(CampaignCodec.encode(AdminFixtures.apiExample()), StandardCharsets.UTF_8);

        // then
        assertThat(json)
            .startsWith("{\"id\":\"cmp-3\",\"advertiserId\":\"adv-purina\",\"name\":\"Dog food fall push\",\"status\":\"active\"")
            .contains("\"flight\":{\"start\":\"2026-11-01T00:00:00Z\",\"end\":\"2026-12-31T23:59:59Z\",\"timezone\":\"UTC\"}")
            .contains("\"pacing\":\"even\",\"priority\":1")
            .contains("\"channels\":[\"web\",\"app\"]")
            .contains("\"geo\":{\"radiusKm\":10.0}")
            .contains("\"products\":{\"skus\":[\"100871\",\"100872\"]}")
            .contains("\"fulfilment\":\"pickup\",\"minUnits\":3")
            .contains("\"bid\":{\"model\":\"cpc\",\"amount\":0.8}")
            .contains("\"frequencyCap\":{\"count\":3,\"windowSeconds\":86400}");
    }

    @Test
    void ignoresUnknownFieldsAtEveryLevel() throws Exception
    {
        // given
        final String json = """
            {"id": "c1", "x": {"id": "nested-not-the-id", "ads": [1, 2]}, "advertiserId": "adv", "y": [{"z": []}],
             "budget": {"total": 10, "extra": {"a": [1]}},
             "flight": {"future": true},
             "ads": [{"id": "a1", "unknown": {"bid": 1}, "slots": ["s"], "products": {"skus": ["1"], "more": [[]]},
                      "bid": {"model": "cpc", "amount": 1, "floor": {"x": 1}},
                      "targeting": {"segments": "a", "dayparts": ["am"]}, "geo": {"radiusKm": 3, "unit": "km"},
                      "frequencyCap": {"count": 1, "windowSeconds": 60, "scope": "user"},
                      "creative": {"loyalty": {"segment": "gold", "tier": {}}, "font": "serif"}}],
             "trailer": null}
            """;

        // when
        final Campaign campaign = CampaignCodec.decode(utf8(json));

        // then
        assertThat(campaign.id()).isEqualTo("c1");
        assertThat(campaign.budget().total()).isEqualTo(10);
        assertThat(campaign.ads()).singleElement().satisfies(ad ->
        {
            assertThat(ad.products().skus()).containsExactly("1");
            assertThat(ad.targeting().segments()).isEqualTo("a");
            assertThat(ad.geo().radiusKm()).isEqualTo(3);
            assertThat(ad.frequencyCap()).isEqualTo(new Ad.FrequencyCap(1, 60));
            assertThat(ad.creative().loyalty().segment()).isEqualTo("gold");
        });
    }

    @Test
    void readsJsonNullAsAbsent() throws Exception
    {
        // given
        final String json = """
            {"id": "c1", "advertiserId": "adv", "name": null, "status": null, "budget": null, "flight": null,
             "ads": [{"id": "a1", "slots": ["s"], "products": {"skus": ["1"], "category": null},
                      "bid": {"model": "cpc", "amount": 1}, "geo": null, "creative": {"headline": null}}]}
            """;

        // when
        final Campaign campaign = CampaignCodec.decode(utf8(json));

        // then
        assertThat(campaign.name()).isEqualTo("c1");
        assertThat(campaign.budget()).isEqualTo(Campaign.Budget.unlimited());
        assertThat(campaign.ads().get(0).geo()).isEqualTo(Ad.GeoScope.ANYWHERE);
        assertThat(campaign.ads().get(0).creative()).isEqualTo(Ad.Creative.DEFAULT);
    }

    @Test
    void readsABlankSegmentExpressionAsUntargeted() throws Exception
    {
        // given
        final String json = campaignJson(Map.of(), Map.of("targeting", "{\"segments\": \"  \"}"));

        // when
        final Campaign campaign = CampaignCodec.decode(utf8(json));

        // then
        assertThat(campaign.ads().get(0).targeting().segments()).isNull();
    }

    @Test
    void roundTripsAnArrayOfCampaigns() throws Exception
    {
        // given
        final List<Campaign> campaigns = List.of(
            AdminFixtures.apiExample(), AdminFixtures.everyField(), AdminFixtures.simple("c9"));
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        // when
        CampaignCodec.encodeArray(campaigns, out, true);
        final List<Campaign> decoded = CampaignCodec.decodeArray(out.toByteArray());

        // then
        assertThat(decoded).isEqualTo(campaigns);
    }

    @Test
    void roundTripsAnEmptyArray() throws Exception
    {
        // given
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        // when
        CampaignCodec.encodeArray(List.of(), out, false);

        // then
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("[]");
        assertThat(CampaignCodec.decodeArray(out.toByteArray())).isEmpty();
    }

    @Test
    void namesTheArrayIndexInFieldPathsOfAnArray()
    {
        // given
        final String json = "[" + campaignJson(Map.of(), Map.of()) + "," +
            campaignJson(Map.of("id", "\"c2\""), Map.of("bid", "{\"model\": \"cpc\", \"amount\": -1}")) + "]";

        // when
        final InvalidInputException ex = catchThrowableOfType(
            InvalidInputException.class, () -> CampaignCodec.decodeArray(utf8(json)));

        // then
        assertThat(ex.field()).isEqualTo("[1].ads[0].bid.amount");
        assertThat(ex.getMessage()).isEqualTo("[1].ads[0].bid.amount must be a number > 0 and < 10000");
    }

    @Test
    void rejectsAnArrayRepeatingACampaignId()
    {
        // given
        final String json = "[" + campaignJson(Map.of(), Map.of()) + "," + campaignJson(Map.of(), Map.of()) + "]";

        // when
        final InvalidInputException ex = catchThrowableOfType(
            InvalidInputException.class, () -> CampaignCodec.decodeArray(utf8(json)));

        // then
        assertThat(ex.field()).isEqualTo("[1].id");
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {
        "",
        "   ",
        "[]",
        "\"campaign\"",
        "{\"id\": \"c1\", \"advertiserId\": \"adv\"",
        "{\"id\": \"c1\", \"advertiserId\": \"adv\"} {}",
        "{\"id\": \"c1\", \"id\": \"c2\", \"advertiserId\": \"adv\"}",
        "{\"id\": 'c1', \"advertiserId\": \"adv\"}",
    })
    void rejectsABodyThatIsNotOneJsonObjectWithoutNamingAField(final String body)
    {
        // when
        final InvalidInputException ex = catchThrowableOfType(
            InvalidInputException.class, () -> CampaignCodec.decode(utf8(body)));

        // then
        assertThat(ex).isNotNull();
        assertThat(ex.field()).isNull();
        assertThat(ex.getMessage()).isNotBlank();
    }

    @ParameterizedTest(name = "{0} <- {1}")
    @MethodSource("invalidCampaigns")
    void rejectsAnInvalidCampaignNamingTheField(final String field, final String json)
    {
        // when
        final InvalidInputException ex = catchThrowableOfType(
            InvalidInputException.class, () -> CampaignCodec.decode(utf8(json)));

        // then
        assertThat(ex).as("no InvalidInputException for %s", json).isNotNull();
        assertThat(ex.field()).isEqualTo(field);
        assertThat(ex.getMessage()).startsWith(field + " ");
    }

    @Test
    void rejectsMoreThanOneHundredAds()
    {
        // given
        final String ad = "{\"id\": \"a%d\", \"slots\": [\"s\"], \"products\": {\"skus\": [\"1\"]}, " +
            "\"bid\": {\"model\": \"cpc\", \"amount\": 1}}";
        final String ads = IntStream.range(0, CampaignCodec.MAX_ADS + 1)
            .mapToObj(i -> String.format(ad, i))
            .collect(Collectors.joining(",", "[", "]"));
        final String json = campaignJson(Map.of("ads", ads), null);

        // when
        final InvalidInputException ex = catchThrowableOfType(
            InvalidInputException.class, () -> CampaignCodec.decode(utf8(json)));

        // then
        assertThat(ex.field()).isEqualTo("ads");
        assertThat(ex.getMessage()).isEqualTo("ads must hold at most 100 ads");
    }

    @Test
    void acceptsOneHundredAdsAndOneThousandSkus() throws Exception
    {
        // given
        final String skus = IntStream.range(0, CampaignCodec.MAX_SKUS)
            .mapToObj(i -> "\"sku-" + i + "\"")
            .collect(Collectors.joining(",", "[", "]"));
        final String ad = "{\"id\": \"a%d\", \"slots\": [\"s\"], \"products\": {\"skus\": " + skus + "}, " +
            "\"bid\": {\"model\": \"cpc\", \"amount\": 1}}";
        final String ads = IntStream.range(0, CampaignCodec.MAX_ADS)
            .mapToObj(i -> String.format(ad, i))
            .collect(Collectors.joining(",", "[", "]"));

        // when
        final Campaign campaign = CampaignCodec.decode(utf8(campaignJson(Map.of("ads", ads), null)));

        // then
        assertThat(campaign.ads()).hasSize(CampaignCodec.MAX_ADS);
        assertThat(campaign.ads().get(99).products().skus()).hasSize(CampaignCodec.MAX_SKUS);
    }

    @Test
    void rejectsMoreThanOneThousandSkusInAnAd()
    {
        // given
        final String skus = IntStream.range(0, CampaignCodec.MAX_SKUS + 1)
            .mapToObj(i -> "\"sku-" + i + "\"")
            .collect(Collectors.joining(",", "[", "]"));
        final String json = campaignJson(Map.of(), Map.of("products", "{\"skus\": " + skus + "}"));

        // when
        final InvalidInputException ex = catchThrowableOfType(
            InvalidInputException.class, () -> CampaignCodec.decode(utf8(json)));

        // then
        assertThat(ex.field()).isEqualTo("ads[0].products.skus");
    }

    static Stream<Arguments> invalidCampaigns()
    {
        return Stream.of(
            top("id", ABSENT, "id"),
            top("id", "\"\"", "id"),
            top("id", "\"" + "x".repeat(129) + "\"", "id"),
            top("id", "\"tab\\there\"", "id"),
            top("id", "42", "id"),
            top("advertiserId", ABSENT, "advertiserId"),
            top("advertiserId", "[\"adv\"]", "advertiserId"),
            top("name", "5", "name"),
            top("status", "\"running\"", "status"),
            top("status", "true", "status"),
            top("budget", "\"lots\"", "budget"),
            top("budget", "{\"total\": 0}", "budget.total"),
            top("budget", "{\"total\": \"100\"}", "budget.total"),
            top("budget", "{\"total\": 1e400}", "budget.total"),
            top("budget", "{\"daily\": -5}", "budget.daily"),
            top("budget", "{\"currency\": \"usd\"}", "budget.currency"),
            top("flight", "[]", "flight"),
            top("flight", "{\"start\": \"yesterday\"}", "flight.start"),
            top("flight", "{\"end\": \"2026-12-01\"}", "flight.end"),
            top("flight", "{\"start\": \"2026-12-01T00:00:00Z\", \"end\": \"2026-11-01T00:00:00Z\"}", "flight.end"),
            top("flight", "{\"start\": \"2026-12-01T00:00:00Z\", \"end\": \"2026-12-01T00:00:00Z\"}", "flight.end"),
            top("flight", "{\"timezone\": \"Mars/Olympus_Mons\"}", "flight.timezone"),
            top("flight", "{\"timezone\": 5}", "flight.timezone"),
            top("pacing", "\"fast\"", "pacing"),
            top("priority", "1.5", "priority"),
            top("priority", "3000000000", "priority"),
            top("priority", "123456789012345678901234567890", "priority"),
            top("ads", "{}", "ads"),
            top("ads", "[1]", "ads[0]"),
            top("ads", "[" + AD_TEMPLATE + ", " + AD_TEMPLATE + "]", "ads[1].id"),
            ad("id", ABSENT, "ads[0].id"),
            ad("id", "\"" + "x".repeat(129) + "\"", "ads[0].id"),
            ad("slots", ABSENT, "ads[0].slots"),
            ad("slots", "[]", "ads[0].slots"),
            ad("slots", "\"product_sidebar\"", "ads[0].slots"),
            ad("slots", "[\"\"]", "ads[0].slots[0]"),
            ad("slots", "[\"s\", 3]", "ads[0].slots[1]"),
            ad("channels", "[\"tv\"]", "ads[0].channels[0]"),
            ad("channels", "[\"web\", \"WEB\"]", "ads[0].channels[1]"),
            ad("channels", "\"web\"", "ads[0].channels"),
            ad("targeting", "[]", "ads[0].targeting"),
            ad("targeting", "{\"segments\": \"pet-owner AND\"}", "ads[0].targeting.segments"),
            ad("targeting", "{\"segments\": \"(a OR b\"}", "ads[0].targeting.segments"),
            ad("targeting", "{\"segments\": \"a b\"}", "ads[0].targeting.segments"),
            ad("targeting", "{\"segments\": \"pet owner!\"}", "ads[0].targeting.segments"),
            ad("targeting", "{\"segments\": 7}", "ads[0].targeting.segments"),
            ad("targeting", "{\"pageTypes\": \"product\"}", "ads[0].targeting.pageTypes"),
            ad("targeting", "{\"categories\": [null]}", "ads[0].targeting.categories[0]"),
            ad("targeting", "{\"keywords\": [\"ok\", {}]}", "ads[0].targeting.keywords[1]"),
            ad("geo", "{}", "ads[0].geo"),
            ad("geo", "10", "ads[0].geo"),
            ad("geo", "{\"radiusKm\": 0}", "ads[0].geo.radiusKm"),
            ad("geo", "{\"radiusKm\": 501}", "ads[0].geo.radiusKm"),
            ad("geo", "{\"radiusKm\": \"10\"}", "ads[0].geo.radiusKm"),
            ad("geo", "{\"radiusKm\": 10, \"stores\": [\"S1\"]}", "ads[0].geo"),
            ad("geo", "{\"stores\": []}", "ads[0].geo.stores"),
            ad("geo", "{\"regions\": []}", "ads[0].geo.regions"),
            ad("products", ABSENT, "ads[0].products"),
            ad("products", "[\"1\"]", "ads[0].products"),
            ad("products", "{}", "ads[0].products"),
            ad("products", "{\"skus\": [\"1\"], \"category\": \"pet\"}", "ads[0].products"),
            ad("products", "{\"skus\": []}", "ads[0].products.skus"),
            ad("products", "{\"skus\": [\"1\", \"1\"]}", "ads[0].products.skus[1]"),
            ad("products", "{\"skus\": [\"a\\tb\"]}", "ads[0].products.skus[0]"),
            ad("products", "{\"skus\": [100871]}", "ads[0].products.skus[0]"),
            ad("products", "{\"category\": \"\"}", "ads[0].products.category"),
            ad("fulfilment", "\"drone\"", "ads[0].fulfilment"),
            ad("minUnits", "0", "ads[0].minUnits"),
            ad("minUnits", "\"3\"", "ads[0].minUnits"),
            ad("minUnits", "2.5", "ads[0].minUnits"),
            ad("bid", ABSENT, "ads[0].bid"),
            ad("bid", "0.8", "ads[0].bid"),
            ad("bid", "{\"model\": \"cpa\", \"amount\": 1}", "ads[0].bid.model"),
            ad("bid", "{\"amount\": 1}", "ads[0].bid.model"),
            ad("bid", "{\"model\": \"cpc\"}", "ads[0].bid.amount"),
            ad("bid", "{\"model\": \"cpc\", \"amount\": 0}", "ads[0].bid.amount"),
            ad("bid", "{\"model\": \"cpc\", \"amount\": 10000}", "ads[0].bid.amount"),
            ad("bid", "{\"model\": \"cpc\", \"amount\": 1e400}", "ads[0].bid.amount"),
            ad("frequencyCap", "{\"count\": 0, \"windowSeconds\": 60}", "ads[0].frequencyCap.count"),
            ad("frequencyCap", "{\"windowSeconds\": 60}", "ads[0].frequencyCap.count"),
            ad("frequencyCap", "{\"count\": 3}", "ads[0].frequencyCap.windowSeconds"),
            ad("frequencyCap", "{\"count\": 3, \"windowSeconds\": 0}", "ads[0].frequencyCap.windowSeconds"),
            ad("frequencyCap", "{\"count\": 3, \"windowSeconds\": 99999999999}", "ads[0].frequencyCap.windowSeconds"),
            ad("holdoutShare", "0.6", "ads[0].holdoutShare"),
            ad("holdoutShare", "-0.1", "ads[0].holdoutShare"),
            ad("ctrPrior", "0", "ads[0].ctrPrior"),
            ad("ctrPrior", "1", "ads[0].ctrPrior"),
            ad("hideUnits", "\"yes\"", "ads[0].hideUnits"),
            ad("creative", "\"card\"", "ads[0].creative"),
            ad("creative", "{\"template\": \"video\"}", "ads[0].creative.template"),
            ad("creative", "{\"cta\": false}", "ads[0].creative.cta"),
            ad("creative", "{\"loyalty\": {\"discountPercent\": 10}}", "ads[0].creative.loyalty.segment"),
            ad("creative", "{\"loyalty\": {\"segment\": \"gold tier\"}}", "ads[0].creative.loyalty.segment"),
            ad("creative", "{\"loyalty\": {\"segment\": \"gold\", \"discountPercent\": 95}}",
                "ads[0].creative.loyalty.discountPercent"));
    }

    private static Arguments top(final String key, final String value, final String field)
    {
        return Arguments.of(field, campaignJson(Map.of(key, value), Map.of()));
    }

    private static Arguments ad(final String key, final String value, final String field)
    {
        return Arguments.of(field, campaignJson(Map.of(), Map.of(key, value)));
    }

    /**
     * A valid campaign with one valid ad, then the overrides applied.
     *
     * @param campaign raw JSON values by campaign key, {@link #ABSENT} to leave a key out.
     * @param ad       the same for the ad; null to take {@code ads} from {@code campaign}.
     */
    private static String campaignJson(final Map<String, String> campaign, final Map<String, String> ad)
    {
        final Map<String, String> adFields = new LinkedHashMap<>();
        adFields.put("id", "\"a1\"");
        adFields.put("slots", "[\"product_sidebar\"]");
        adFields.put("products", "{\"skus\": [\"100871\"]}");
        adFields.put("bid", "{\"model\": \"cpc\", \"amount\": 0.5}");
        final Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", "\"c1\"");
        fields.put("advertiserId", "\"adv\"");
        if (null != ad)
        {
            adFields.putAll(ad);
            fields.put("ads", "[" + object(adFields) + "]");
        }
        fields.putAll(campaign);
        return object(fields);
    }

    private static String object(final Map<String, String> fields)
    {
        final StringJoiner json = new StringJoiner(", ", "{", "}");
        fields.forEach((key, value) ->
        {
            if (!ABSENT.equals(value))
            {
                json.add("\"" + key + "\": " + value);
            }
        });
        return json.toString();
    }

    private static byte[] utf8(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
