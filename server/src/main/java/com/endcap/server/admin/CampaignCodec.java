package com.endcap.server.admin;

import com.endcap.bidder.campaign.Ad;
import com.endcap.bidder.campaign.BidModel;
import com.endcap.bidder.campaign.Campaign;
import com.endcap.bidder.campaign.Channel;
import com.endcap.bidder.campaign.Fulfilment;
import com.endcap.bidder.campaign.Pacing;
import com.endcap.bidder.segment.SegmentDictionary;
import com.endcap.bidder.segment.TargetingExpression;
import com.endcap.inventory.ids.IdDictionary;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import static com.endcap.server.admin.JsonFields.JSON;
import static com.endcap.server.admin.JsonFields.bool;
import static com.endcap.server.admin.JsonFields.element;
import static com.endcap.server.admin.JsonFields.id;
import static com.endcap.server.admin.JsonFields.integer;
import static com.endcap.server.admin.JsonFields.invalid;
import static com.endcap.server.admin.JsonFields.isNull;
import static com.endcap.server.admin.JsonFields.malformed;
import static com.endcap.server.admin.JsonFields.nextField;
import static com.endcap.server.admin.JsonFields.nonBlank;
import static com.endcap.server.admin.JsonFields.number;
import static com.endcap.server.admin.JsonFields.object;
import static com.endcap.server.admin.JsonFields.path;
import static com.endcap.server.admin.JsonFields.string;
import static com.endcap.server.admin.JsonFields.strings;

/**
 * Reads and writes campaigns in the admin shape of {@code API.md}
 * ({@code GET|PUT /v1/admin/campaigns/{id}}), and arrays of them (the repository's file).
 * <p>
 * Beyond {@code API.md}, every field but {@code id}, {@code advertiserId} and, per ad, {@code id},
 * {@code slots}, {@code products} and {@code bid} is optional: {@code flight.timezone} (IANA zone,
 * default UTC; start and end are ISO-8601 instants, default {@link Campaign.Flight#always()}),
 * {@code budget.total} / {@code budget.daily} (absent: no limit), {@code status} ({@code active}
 * or {@code paused}), {@code pacing} ({@code even} or {@code asap}), {@code priority}, and per ad
 * {@code channels}, {@code targeting}, {@code geo}, {@code fulfilment}, {@code minUnits} (default
 * 1), {@code frequencyCap}, {@code holdoutShare} (0..0.5), {@code ctrPrior} (default
 * {@link Ad#DEFAULT_CTR_PRIOR}), {@code hideUnits} and {@code creative} (with an optional
 * {@code loyalty} variant). JSON {@code null} reads as absent; unknown fields are ignored.
 * <p>
 * Limits: at most {@value #MAX_ADS} ads a campaign, {@value #MAX_SKUS} skus an ad, ids 1 to
 * {@value #MAX_ID_LENGTH} characters, ad ids unique within the campaign. A segment
 * expression must compile ({@link TargetingExpression}).
 * <p>
 * Decoding either returns a valid {@link Campaign} or throws {@link InvalidInputException} naming
 * the field path ({@code ads[0].bid.amount}); never an unchecked exception for bad input.
 * Encoding then decoding gives an equal campaign. Stateless and thread-safe.
 */
public final class CampaignCodec
{
    /** Longest campaign, advertiser or ad id, in characters. */
    public static final int MAX_ID_LENGTH = JsonFields.MAX_ID_LENGTH;
    /** Most ads in one campaign. */
    public static final int MAX_ADS = 100;
    /** Most skus in one ad's product set. */
    public static final int MAX_SKUS = 1000;
    /** Most entries in any other list (slots, page types, categories, keywords, stores, regions). */
    public static final int MAX_LIST = 1000;
    /** Longest frequency cap window: a leap year. */
    public static final long MAX_CAP_WINDOW_SECONDS = 366L * 24 * 3600;
    /** Largest geo radius in km, as {@link Ad.GeoScope} allows. */
    public static final double MAX_RADIUS_KM = 500;

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private CampaignCodec()
    {
    }

    /**
     * Decodes one campaign object.
     *
     * @param json the UTF-8 body.
     * @return the campaign.
     * @throws InvalidInputException on malformed JSON or an invalid campaign, naming the field.
     */
    public static Campaign decode(final byte[] json) throws InvalidInputException
    {
        try
        {
            return decode(new ByteArrayInputStream(json));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Decodes one campaign object; nothing but whitespace may follow it.
     *
     * @param in the UTF-8 body; not closed.
     * @return the campaign.
     * @throws InvalidInputException on malformed JSON or an invalid campaign, naming the field.
     * @throws IOException           when reading {@code in} fails.
     */
    public static Campaign decode(final InputStream in) throws InvalidInputException, IOException
    {
        try (JsonParser parser = JSON.createParser(in))
        {
            if (parser.nextToken() != JsonToken.START_OBJECT)
            {
                throw new InvalidInputException(null, "the body must be a JSON object (one campaign)");
            }
            final Campaign campaign = decodeCampaign(parser, "");
            if (null != parser.nextToken())
            {
                throw new InvalidInputException(null, "unexpected content after the campaign object");
            }
            return campaign;
        }
        catch (final JsonProcessingException ex)
        {
            throw malformed(ex);
        }
    }

    /**
     * Decodes a JSON array of campaigns; field paths start with the index ({@code [2].ads[0].id}).
     *
     * @param json the UTF-8 body.
     * @return the campaigns, in order.
     * @throws InvalidInputException on malformed JSON, an invalid campaign or a repeated campaign id.
     */
    public static List<Campaign> decodeArray(final byte[] json) throws InvalidInputException
    {
        try
        {
            return decodeArray(new ByteArrayInputStream(json));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Decodes a JSON array of campaigns; field paths start with the index ({@code [2].ads[0].id}).
     *
     * @param in the UTF-8 body; not closed.
     * @return the campaigns, in order.
     * @throws InvalidInputException on malformed JSON, an invalid campaign or a repeated campaign id.
     * @throws IOException           when reading {@code in} fails.
     */
    public static List<Campaign> decodeArray(final InputStream in) throws InvalidInputException, IOException
    {
        try (JsonParser parser = JSON.createParser(in))
        {
            if (parser.nextToken() != JsonToken.START_ARRAY)
            {
                throw new InvalidInputException(null, "the body must be a JSON array of campaigns");
            }
            final List<Campaign> campaigns = new ArrayList<>();
            final Map<String, Integer> indexById = new HashMap<>();
            while (parser.nextToken() != JsonToken.END_ARRAY)
            {
                final String at = element("", campaigns.size());
                object(parser, at);
                final Campaign campaign = decodeCampaign(parser, at);
                final Integer previous = indexById.putIfAbsent(campaign.id(), campaigns.size());
                if (null != previous)
                {
                    throw invalid(path(at, "id"), "repeats the id of campaign [" + previous + "]: " + campaign.id());
                }
                campaigns.add(campaign);
            }
            if (null != parser.nextToken())
            {
                throw new InvalidInputException(null, "unexpected content after the array of campaigns");
            }
            return campaigns;
        }
        catch (final JsonProcessingException ex)
        {
            throw malformed(ex);
        }
    }

    /**
     * Encodes one campaign as a JSON object.
     *
     * @param campaign to write.
     * @return UTF-8 JSON.
     */
    public static byte[] encode(final Campaign campaign)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator generator = JSON.createGenerator(out))
        {
            encode(campaign, generator);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    /**
     * Encodes campaigns as a JSON array.
     *
     * @param campaigns to write, in order.
     * @param out       destination; flushed, not closed.
     * @param pretty    true to indent (for files people read).
     * @throws IOException on write failure.
     */
    public static void encodeArray(final Iterable<Campaign> campaigns, final OutputStream out, final boolean pretty)
        throws IOException
    {
        try (JsonGenerator generator = JSON.createGenerator(out))
        {
            if (pretty)
            {
                generator.useDefaultPrettyPrinter();
            }
            encodeArray(campaigns, generator);
        }
        out.flush();
    }

    /**
     * Encodes campaigns as a JSON array.
     *
     * @param campaigns to write, in order.
     * @param generator destination.
     * @throws IOException on write failure.
     */
    public static void encodeArray(final Iterable<Campaign> campaigns, final JsonGenerator generator) throws IOException
    {
        generator.writeStartArray();
        for (final Campaign campaign : campaigns)
        {
            encode(campaign, generator);
        }
        generator.writeEndArray();
    }

    /**
     * Encodes one campaign as a JSON object. An unlimited budget total or daily is left out; an ad's
     * geo scope is written as the one rule the ad index applies (radius, else stores, else
     * regions).
     *
     * @param campaign  to write.
     * @param generator destination.
     * @throws IOException on write failure.
     */
    public static void encode(final Campaign campaign, final JsonGenerator generator) throws IOException
    {
        generator.writeStartObject();
        generator.writeStringField("id", campaign.id());
        generator.writeStringField("advertiserId", campaign.advertiserId());
        generator.writeStringField("name", campaign.name());
        generator.writeStringField("status", campaign.active() ? "active" : "paused");

        final Campaign.Budget budget = campaign.budget();
        generator.writeObjectFieldStart("budget");
        if (Double.isFinite(budget.total()))
        {
            generator.writeNumberField("total", budget.total());
        }
        if (Double.isFinite(budget.daily()))
        {
            generator.writeNumberField("daily", budget.daily());
        }
        generator.writeStringField("currency", budget.currency());
        generator.writeEndObject();

        final Campaign.Flight flight = campaign.flight();
        generator.writeObjectFieldStart("flight");
        generator.writeStringField("start", flight.start().toString());
        generator.writeStringField("end", flight.end().toString());
        generator.writeStringField("timezone", flight.zone().getId());
        generator.writeEndObject();

        generator.writeStringField("pacing", lower(campaign.pacing()));
        generator.writeNumberField("priority", campaign.priority());
        generator.writeArrayFieldStart("ads");
        for (final Ad ad : campaign.ads())
        {
            encodeAd(ad, generator);
        }
        generator.writeEndArray();
        generator.writeEndObject();
    }

    private static void encodeAd(final Ad ad, final JsonGenerator generator) throws IOException
    {
        generator.writeStartObject();
        generator.writeStringField("id", ad.id());
        writeStrings(generator, "slots", ad.slots());
        generator.writeArrayFieldStart("channels");
        for (final Channel channel : Channel.values())
        {
            if (ad.channels().contains(channel))
            {
                generator.writeString(channel.wireName());
            }
        }
        generator.writeEndArray();

        final Ad.Targeting targeting = ad.targeting();
        generator.writeObjectFieldStart("targeting");
        if (null != targeting.segments())
        {
            generator.writeStringField("segments", targeting.segments());
        }
        writeStrings(generator, "pageTypes", targeting.pageTypes());
        writeStrings(generator, "categories", targeting.categories());
        writeStrings(generator, "keywords", targeting.keywords());
        generator.writeEndObject();

        final Ad.GeoScope geo = ad.geo();
        if (geo.radiusKm() > 0)
        {
            generator.writeObjectFieldStart("geo");
            generator.writeNumberField("radiusKm", geo.radiusKm());
            generator.writeEndObject();
        }
        else if (!geo.stores().isEmpty())
        {
            generator.writeObjectFieldStart("geo");
            writeStrings(generator, "stores", geo.stores());
            generator.writeEndObject();
        }
        else if (!geo.regions().isEmpty())
        {
            generator.writeObjectFieldStart("geo");
            writeStrings(generator, "regions", geo.regions());
            generator.writeEndObject();
        }

        generator.writeObjectFieldStart("products");
        if (null != ad.products().category())
        {
            generator.writeStringField("category", ad.products().category());
        }
        else
        {
            writeStrings(generator, "skus", ad.products().skus());
        }
        generator.writeEndObject();

        generator.writeStringField("fulfilment", lower(ad.fulfilment()));
        generator.writeNumberField("minUnits", ad.minUnits());
        generator.writeObjectFieldStart("bid");
        generator.writeStringField("model", lower(ad.bid().model()));
        generator.writeNumberField("amount", ad.bid().amount());
        generator.writeEndObject();
        if (null != ad.frequencyCap())
        {
            generator.writeObjectFieldStart("frequencyCap");
            generator.writeNumberField("count", ad.frequencyCap().count());
            generator.writeNumberField("windowSeconds", ad.frequencyCap().windowSeconds());
            generator.writeEndObject();
        }
        generator.writeNumberField("holdoutShare", ad.holdoutShare());
        generator.writeNumberField("ctrPrior", ad.ctrPrior());
        generator.writeBooleanField("hideUnits", ad.hideUnits());

        final Ad.Creative creative = ad.creative();
        generator.writeObjectFieldStart("creative");
        generator.writeStringField("template", creative.template());
        if (null != creative.headline())
        {
            generator.writeStringField("headline", creative.headline());
        }
        generator.writeStringField("cta", creative.cta());
        if (null != creative.loyalty())
        {
            final Ad.LoyaltyVariant loyalty = creative.loyalty();
            generator.writeObjectFieldStart("loyalty");
            generator.writeStringField("segment", loyalty.segment());
            generator.writeNumberField("discountPercent", loyalty.discountPercent());
            if (null != loyalty.headline())
            {
                generator.writeStringField("headline", loyalty.headline());
            }
            generator.writeEndObject();
        }
        generator.writeEndObject();
        generator.writeEndObject();
    }

    private static Campaign decodeCampaign(final JsonParser parser, final String at)
        throws IOException, InvalidInputException
    {
        String id = null;
        String advertiserId = null;
        String name = null;
        boolean active = true;
        Campaign.Budget budget = Campaign.Budget.unlimited();
        Campaign.Flight flight = Campaign.Flight.always();
        Pacing pacing = Pacing.EVEN;
        int priority = 0;
        final List<Ad> ads = new ArrayList<>();

        for (String field = nextField(parser); null != field; field = nextField(parser))
        {
            final String fieldPath = path(at, field);
            if (isNull(parser))
            {
                continue;
            }
            switch (field)
            {
                case "id" -> id = id(parser, fieldPath);
                case "advertiserId" -> advertiserId = id(parser, fieldPath);
                case "name" -> name = string(parser, fieldPath);
                case "status" -> active = status(parser, fieldPath);
                case "budget" -> budget = decodeBudget(parser, fieldPath);
                case "flight" -> flight = decodeFlight(parser, fieldPath);
                case "pacing" -> pacing = pacing(parser, fieldPath);
                case "priority" -> priority = int32(parser, fieldPath);
                case "ads" -> decodeAds(parser, fieldPath, ads);
                default -> parser.skipChildren();
            }
        }

        if (null == id)
        {
            throw invalid(path(at, "id"), "is required");
        }
        if (null == advertiserId)
        {
            throw invalid(path(at, "advertiserId"), "is required");
        }
        final String campaignId = id;
        final String advertiser = advertiserId;
        final String campaignName = name;
        final boolean isActive = active;
        final Campaign.Budget campaignBudget = budget;
        final Campaign.Flight campaignFlight = flight;
        final Pacing campaignPacing = pacing;
        final int campaignPriority = priority;
        return build(at, () -> new Campaign(
            campaignId, advertiser, campaignName, isActive, campaignBudget, campaignFlight, campaignPacing,
            campaignPriority, ads));
    }

    private static boolean status(final JsonParser parser, final String field) throws IOException, InvalidInputException
    {
        final String value = string(parser, field);
        return switch (value)
        {
            case "active" -> true;
            case "paused" -> false;
            default -> throw invalid(field, "must be active or paused");
        };
    }

    private static Pacing pacing(final JsonParser parser, final String field) throws IOException, InvalidInputException
    {
        final String value = string(parser, field);
        return switch (value)
        {
            case "even" -> Pacing.EVEN;
            case "asap" -> Pacing.ASAP;
            default -> throw invalid(field, "must be even or asap");
        };
    }

    private static Campaign.Budget decodeBudget(final JsonParser parser, final String at)
        throws IOException, InvalidInputException
    {
        object(parser, at);
        double total = Double.POSITIVE_INFINITY;
        double daily = Double.POSITIVE_INFINITY;
        String currency = "USD";
        for (String field = nextField(parser); null != field; field = nextField(parser))
        {
            final String fieldPath = path(at, field);
            if (isNull(parser))
            {
                continue;
            }
            switch (field)
            {
                case "total" -> total = positive(parser, fieldPath, "must be a number > 0 (leave it out for no limit)");
                case "daily" -> daily = positive(parser, fieldPath, "must be a number > 0 (leave it out for no limit)");
                case "currency" -> currency = currency(parser, fieldPath);
                default -> parser.skipChildren();
            }
        }
        final double budgetTotal = total;
        final double budgetDaily = daily;
        final String budgetCurrency = currency;
        return build(at, () -> new Campaign.Budget(budgetTotal, budgetDaily, budgetCurrency));
    }

    private static Campaign.Flight decodeFlight(final JsonParser parser, final String at)
        throws IOException, InvalidInputException
    {
        object(parser, at);
        final Campaign.Flight always = Campaign.Flight.always();
        Instant start = always.start();
        Instant end = always.end();
        ZoneId zone = always.zone();
        for (String field = nextField(parser); null != field; field = nextField(parser))
        {
            final String fieldPath = path(at, field);
            if (isNull(parser))
            {
                continue;
            }
            switch (field)
            {
                case "start" -> start = instant(parser, fieldPath);
                case "end" -> end = instant(parser, fieldPath);
                case "timezone" -> zone = zone(parser, fieldPath);
                default -> parser.skipChildren();
            }
        }
        if (!end.isAfter(start))
        {
            throw invalid(path(at, "end"), "must be after " + path(at, "start"));
        }
        final Instant flightStart = start;
        final Instant flightEnd = end;
        final ZoneId flightZone = zone;
        return build(at, () -> new Campaign.Flight(flightStart, flightEnd, flightZone));
    }

    private static Instant instant(final JsonParser parser, final String field) throws IOException, InvalidInputException
    {
        final String value = string(parser, field);
        try
        {
            return Instant.parse(value);
        }
        catch (final DateTimeParseException ex)
        {
            throw invalid(field, "must be an ISO-8601 instant, e.g. 2026-11-01T00:00:00Z");
        }
    }

    private static ZoneId zone(final JsonParser parser, final String field) throws IOException, InvalidInputException
    {
        final String value = string(parser, field);
        try
        {
            return ZoneId.of(value);
        }
        catch (final DateTimeException ex)
        {
            throw invalid(field, "must be an IANA time zone, e.g. America/New_York");
        }
    }

    private static void decodeAds(final JsonParser parser, final String at, final List<Ad> ads)
        throws IOException, InvalidInputException
    {
        if (parser.currentToken() != JsonToken.START_ARRAY)
        {
            throw invalid(at, "must be an array of ads");
        }
        ads.clear();
        final Map<String, Integer> indexById = new HashMap<>();
        while (parser.nextToken() != JsonToken.END_ARRAY)
        {
            if (ads.size() == MAX_ADS)
            {
                throw invalid(at, "must hold at most " + MAX_ADS + " ads");
            }
            final String adPath = element(at, ads.size());
            object(parser, adPath);
            final Ad ad = decodeAd(parser, adPath);
            final Integer previous = indexById.putIfAbsent(ad.id(), ads.size());
            if (null != previous)
            {
                throw invalid(path(adPath, "id"), "repeats the id of " + element(at, previous) + ": " + ad.id());
            }
            ads.add(ad);
        }
    }

    private static Ad decodeAd(final JsonParser parser, final String at) throws IOException, InvalidInputException
    {
        String id = null;
        List<String> slots = null;
        Set<Channel> channels = Set.of();
        Ad.Targeting targeting = Ad.Targeting.NONE;
        Ad.GeoScope geo = Ad.GeoScope.ANYWHERE;
        Ad.ProductSet products = null;
        Fulfilment fulfilment = Fulfilment.ANY;
        int minUnits = 1;
        Ad.Bid bid = null;
        Ad.FrequencyCap frequencyCap = null;
        double holdoutShare = 0;
        double ctrPrior = Ad.DEFAULT_CTR_PRIOR;
        boolean hideUnits = false;
        Ad.Creative creative = Ad.Creative.DEFAULT;

        for (String field = nextField(parser); null != field; field = nextField(parser))
        {
            final String fieldPath = path(at, field);
            if (isNull(parser))
            {
                continue;
            }
            switch (field)
            {
                case "id" -> id = id(parser, fieldPath);
                case "slots" -> slots = strings(parser, fieldPath, MAX_LIST, "slot types");
                case "channels" -> channels = channels(parser, fieldPath);
                case "targeting" -> targeting = decodeTargeting(parser, fieldPath);
                case "geo" -> geo = decodeGeo(parser, fieldPath);
                case "products" -> products = decodeProducts(parser, fieldPath);
                case "fulfilment" -> fulfilment = fulfilment(parser, fieldPath);
                case "minUnits" ->
                {
                    minUnits = int32(parser, fieldPath);
                    if (minUnits < 1)
                    {
                        throw invalid(fieldPath, "must be an integer >= 1");
                    }
                }
                case "bid" -> bid = decodeBid(parser, fieldPath);
                case "frequencyCap" -> frequencyCap = decodeFrequencyCap(parser, fieldPath);
                case "holdoutShare" ->
                {
                    holdoutShare = number(parser, fieldPath);
                    if (!(holdoutShare >= 0 && holdoutShare <= 0.5))
                    {
                        throw invalid(fieldPath, "must be a number 0..0.5");
                    }
                }
                case "ctrPrior" ->
                {
                    ctrPrior = number(parser, fieldPath);
                    if (!(ctrPrior > 0 && ctrPrior < 1))
                    {
                        throw invalid(fieldPath, "must be a number > 0 and < 1");
                    }
                }
                case "hideUnits" -> hideUnits = bool(parser, fieldPath);
                case "creative" -> creative = decodeCreative(parser, fieldPath);
                default -> parser.skipChildren();
            }
        }

        if (null == id)
        {
            throw invalid(path(at, "id"), "is required");
        }
        if (null == slots || slots.isEmpty())
        {
            throw invalid(path(at, "slots"), "must name at least one slot type");
        }
        if (null == products)
        {
            throw invalid(path(at, "products"), "is required: {\"skus\": [...]} or {\"category\": \"...\"}");
        }
        if (null == bid)
        {
            throw invalid(path(at, "bid"), "is required: {\"model\": \"cpm\" or \"cpc\", \"amount\": ...}");
        }
        final String adId = id;
        final List<String> adSlots = slots;
        final Set<Channel> adChannels = channels;
        final Ad.Targeting adTargeting = targeting;
        final Ad.GeoScope adGeo = geo;
        final Ad.ProductSet adProducts = products;
        final Fulfilment adFulfilment = fulfilment;
        final int adMinUnits = minUnits;
        final Ad.Bid adBid = bid;
        final Ad.FrequencyCap adCap = frequencyCap;
        final double adHoldout = holdoutShare;
        final Ad.Creative adCreative = creative;
        final double adCtrPrior = ctrPrior;
        final boolean adHideUnits = hideUnits;
        return build(at, () -> new Ad(
            adId, adSlots, adChannels, adTargeting, adGeo, adProducts, adFulfilment, adMinUnits, adBid, adCap,
            adHoldout, adCreative, adCtrPrior, adHideUnits));
    }

    private static Set<Channel> channels(final JsonParser parser, final String field)
        throws IOException, InvalidInputException
    {
        if (parser.currentToken() != JsonToken.START_ARRAY)
        {
            throw invalid(field, "must be an array of channels");
        }
        final Set<Channel> channels = EnumSet.noneOf(Channel.class);
        int index = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY)
        {
            final String at = element(field, index++);
            final Channel channel = Channel.fromWireName(string(parser, at));
            if (null == channel)
            {
                throw invalid(at, "must be one of web, app, instore_screen, email, offsite");
            }
            channels.add(channel);
        }
        return channels;
    }

    private static Ad.Targeting decodeTargeting(final JsonParser parser, final String at)
        throws IOException, InvalidInputException
    {
        object(parser, at);
        String segments = null;
        List<String> pageTypes = List.of();
        List<String> categories = List.of();
        List<String> keywords = List.of();
        for (String field = nextField(parser); null != field; field = nextField(parser))
        {
            final String fieldPath = path(at, field);
            if (isNull(parser))
            {
                continue;
            }
            switch (field)
            {
                case "segments" -> segments = segments(parser, fieldPath);
                case "pageTypes" -> pageTypes = strings(parser, fieldPath, MAX_LIST, "page types");
                case "categories" -> categories = strings(parser, fieldPath, MAX_LIST, "categories");
                case "keywords" -> keywords = strings(parser, fieldPath, MAX_LIST, "keywords");
                default -> parser.skipChildren();
            }
        }
        final String expression = segments;
        final List<String> targetPageTypes = pageTypes;
        final List<String> targetCategories = categories;
        final List<String> targetKeywords = keywords;
        return build(at, () -> new Ad.Targeting(expression, targetPageTypes, targetCategories, targetKeywords));
    }

    private static String segments(final JsonParser parser, final String field) throws IOException, InvalidInputException
    {
        final String text = string(parser, field);
        if (text.isBlank())
        {
            return null;
        }
        try
        {
            TargetingExpression.compile(text, new SegmentDictionary());
        }
        catch (final IllegalArgumentException | IllegalStateException ex)
        {
            throw new InvalidInputException(field, field + " is not a valid segment expression: " + ex.getMessage(), ex);
        }
        return text;
    }

    private static Ad.GeoScope decodeGeo(final JsonParser parser, final String at)
        throws IOException, InvalidInputException
    {
        object(parser, at);
        double radiusKm = 0;
        List<String> stores = List.of();
        List<String> regions = List.of();
        int rules = 0;
        for (String field = nextField(parser); null != field; field = nextField(parser))
        {
            final String fieldPath = path(at, field);
            if (isNull(parser))
            {
                continue;
            }
            switch (field)
            {
                case "radiusKm" ->
                {
                    rules++;
                    radiusKm = number(parser, fieldPath);
                    if (!(radiusKm > 0 && radiusKm <= MAX_RADIUS_KM))
                    {
                        throw invalid(fieldPath, "must be a number > 0 and <= " + (int)MAX_RADIUS_KM);
                    }
                }
                case "stores" ->
                {
                    rules++;
                    stores = strings(parser, fieldPath, MAX_LIST, "stores");
                    if (stores.isEmpty())
                    {
                        throw invalid(fieldPath, "must list at least one store (leave geo out for anywhere)");
                    }
                }
                case "regions" ->
                {
                    rules++;
                    regions = strings(parser, fieldPath, MAX_LIST, "regions");
                    if (regions.isEmpty())
                    {
                        throw invalid(fieldPath, "must list at least one region (leave geo out for anywhere)");
                    }
                }
                default -> parser.skipChildren();
            }
        }
        if (1 != rules)
        {
            throw invalid(at, "must have exactly one of radiusKm, stores or regions");
        }
        final double scopeRadius = radiusKm;
        final List<String> scopeStores = stores;
        final List<String> scopeRegions = regions;
        return build(at, () -> new Ad.GeoScope(scopeRadius, scopeStores, scopeRegions));
    }

    private static Ad.ProductSet decodeProducts(final JsonParser parser, final String at)
        throws IOException, InvalidInputException
    {
        object(parser, at);
        List<String> skus = null;
        String category = null;
        for (String field = nextField(parser); null != field; field = nextField(parser))
        {
            final String fieldPath = path(at, field);
            if (isNull(parser))
            {
                continue;
            }
            switch (field)
            {
                case "skus" -> skus = skus(parser, fieldPath);
                case "category" -> category = nonBlank(parser, fieldPath);
                default -> parser.skipChildren();
            }
        }
        if ((null == skus) == (null == category))
        {
            throw invalid(at, "must have exactly one of skus or category");
        }
        final List<String> setSkus = skus;
        final String setCategory = category;
        return build(at, () -> new Ad.ProductSet(setSkus, setCategory));
    }

    private static List<String> skus(final JsonParser parser, final String field) throws IOException, InvalidInputException
    {
        final List<String> skus = strings(parser, field, MAX_SKUS, "skus");
        if (skus.isEmpty())
        {
            throw invalid(field, "must list at least one sku");
        }
        final Set<String> seen = new HashSet<>();
        for (int i = 0; i < skus.size(); i++)
        {
            final String sku = skus.get(i);
            final String problem = IdDictionary.problemWith(sku);
            if (null != problem)
            {
                throw invalid(element(field, i), problem);
            }
            if (!seen.add(sku))
            {
                throw invalid(element(field, i), "repeats sku " + sku);
            }
        }
        return skus;
    }

    private static Fulfilment fulfilment(final JsonParser parser, final String field)
        throws IOException, InvalidInputException
    {
        final String value = string(parser, field);
        return switch (value)
        {
            case "pickup" -> Fulfilment.PICKUP;
            case "ship" -> Fulfilment.SHIP;
            case "any" -> Fulfilment.ANY;
            default -> throw invalid(field, "must be pickup, ship or any");
        };
    }

    private static Ad.Bid decodeBid(final JsonParser parser, final String at) throws IOException, InvalidInputException
    {
        object(parser, at);
        BidModel model = null;
        double amount = Double.NaN;
        for (String field = nextField(parser); null != field; field = nextField(parser))
        {
            final String fieldPath = path(at, field);
            if (isNull(parser))
            {
                continue;
            }
            switch (field)
            {
                case "model" ->
                {
                    final String value = string(parser, fieldPath);
                    model = switch (value)
                    {
                        case "cpm" -> BidModel.CPM;
                        case "cpc" -> BidModel.CPC;
                        default -> throw invalid(fieldPath, "must be cpm or cpc");
                    };
                }
                case "amount" ->
                {
                    amount = number(parser, fieldPath);
                    if (!(amount > 0 && amount < 10_000))
                    {
                        throw invalid(fieldPath, "must be a number > 0 and < 10000");
                    }
                }
                default -> parser.skipChildren();
            }
        }
        if (null == model)
        {
            throw invalid(path(at, "model"), "is required: cpm or cpc");
        }
        if (Double.isNaN(amount))
        {
            throw invalid(path(at, "amount"), "is required");
        }
        final BidModel bidModel = model;
        final double bidAmount = amount;
        return build(at, () -> new Ad.Bid(bidModel, bidAmount));
    }

    private static Ad.FrequencyCap decodeFrequencyCap(final JsonParser parser, final String at)
        throws IOException, InvalidInputException
    {
        object(parser, at);
        int count = 0;
        long windowSeconds = 0;
        for (String field = nextField(parser); null != field; field = nextField(parser))
        {
            final String fieldPath = path(at, field);
            if (isNull(parser))
            {
                continue;
            }
            switch (field)
            {
                case "count" ->
                {
                    count = int32(parser, fieldPath);
                    if (count < 1)
                    {
                        throw invalid(fieldPath, "must be an integer >= 1");
                    }
                }
                case "windowSeconds" ->
                {
                    windowSeconds = integer(parser, fieldPath);
                    if (windowSeconds < 1 || windowSeconds > MAX_CAP_WINDOW_SECONDS)
                    {
                        throw invalid(fieldPath, "must be an integer 1.." + MAX_CAP_WINDOW_SECONDS);
                    }
                }
                default -> parser.skipChildren();
            }
        }
        if (0 == count)
        {
            throw invalid(path(at, "count"), "is required");
        }
        if (0 == windowSeconds)
        {
            throw invalid(path(at, "windowSeconds"), "is required");
        }
        final int capCount = count;
        final long capWindow = windowSeconds;
        return build(at, () -> new Ad.FrequencyCap(capCount, capWindow));
    }

    private static Ad.Creative decodeCreative(final JsonParser parser, final String at)
        throws IOException, InvalidInputException
    {
        object(parser, at);
        String template = null;
        String headline = null;
        String cta = null;
        Ad.LoyaltyVariant loyalty = null;
        for (String field = nextField(parser); null != field; field = nextField(parser))
        {
            final String fieldPath = path(at, field);
            if (isNull(parser))
            {
                continue;
            }
            switch (field)
            {
                case "template" ->
                {
                    template = string(parser, fieldPath);
                    if (!"product_card".equals(template) && !"banner".equals(template))
                    {
                        throw invalid(fieldPath, "must be product_card or banner");
                    }
                }
                case "headline" -> headline = string(parser, fieldPath);
                case "cta" -> cta = string(parser, fieldPath);
                case "loyalty" -> loyalty = decodeLoyalty(parser, fieldPath);
                default -> parser.skipChildren();
            }
        }
        final String creativeTemplate = template;
        final String creativeHeadline = headline;
        final String creativeCta = cta;
        final Ad.LoyaltyVariant creativeLoyalty = loyalty;
        return build(at, () -> new Ad.Creative(creativeTemplate, creativeHeadline, creativeCta, creativeLoyalty));
    }

    private static Ad.LoyaltyVariant decodeLoyalty(final JsonParser parser, final String at)
        throws IOException, InvalidInputException
    {
        object(parser, at);
        String segment = null;
        double discountPercent = 0;
        String headline = null;
        for (String field = nextField(parser); null != field; field = nextField(parser))
        {
            final String fieldPath = path(at, field);
            if (isNull(parser))
            {
                continue;
            }
            switch (field)
            {
                case "segment" ->
                {
                    segment = string(parser, fieldPath);
                    if (!SegmentDictionary.isValidName(segment))
                    {
                        throw invalid(fieldPath, "must be a segment name: 1 to " + SegmentDictionary.MAX_NAME_LENGTH +
                            " characters of A-Z a-z 0-9 _ . : -");
                    }
                }
                case "discountPercent" ->
                {
                    discountPercent = number(parser, fieldPath);
                    if (!(discountPercent >= 0 && discountPercent <= 90))
                    {
                        throw invalid(fieldPath, "must be a number 0..90");
                    }
                }
                case "headline" -> headline = string(parser, fieldPath);
                default -> parser.skipChildren();
            }
        }
        if (null == segment)
        {
            throw invalid(path(at, "segment"), "is required");
        }
        final String loyaltySegment = segment;
        final double loyaltyDiscount = discountPercent;
        final String loyaltyHeadline = headline;
        return build(at, () -> new Ad.LoyaltyVariant(loyaltySegment, loyaltyDiscount, loyaltyHeadline));
    }

    private static String currency(final JsonParser parser, final String field) throws IOException, InvalidInputException
    {
        final String value = string(parser, field);
        if (!CURRENCY.matcher(value).matches())
        {
            throw invalid(field, "must be a three-letter ISO 4217 code, e.g. USD");
        }
        return value;
    }

    private static double positive(final JsonParser parser, final String field, final String problem)
        throws IOException, InvalidInputException
    {
        final double value = number(parser, field);
        if (!(value > 0))
        {
            throw invalid(field, problem);
        }
        return value;
    }

    private static int int32(final JsonParser parser, final String field) throws IOException, InvalidInputException
    {
        final long value = integer(parser, field);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)
        {
            throw invalid(field, "must be an integer " + Integer.MIN_VALUE + ".." + Integer.MAX_VALUE);
        }
        return (int)value;
    }

    private static String lower(final Enum<?> value)
    {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static void writeStrings(final JsonGenerator generator, final String name, final List<String> values)
        throws IOException
    {
        generator.writeArrayFieldStart(name);
        for (final String value : values)
        {
            generator.writeString(value);
        }
        generator.writeEndArray();
    }

    /**
     * The records validate too; the checks above come first so their messages name the exact
     * field, and this turns whatever a record still rejects into invalid input at its object.
     */
    private static <T> T build(final String at, final Supplier<T> factory) throws InvalidInputException
    {
        try
        {
            return factory.get();
        }
        catch (final IllegalArgumentException | NullPointerException ex)
        {
            final String field = at.isEmpty() ? null : at;
            throw new InvalidInputException(field, (null == field ? "campaign" : field) + ": " + ex.getMessage(), ex);
        }
    }
}
