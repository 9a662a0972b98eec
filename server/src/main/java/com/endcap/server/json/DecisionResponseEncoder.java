package com.endcap.server.json;

import com.endcap.bidder.campaign.BidModel;
import com.endcap.bidder.campaign.Fulfilment;
import com.endcap.bidder.catalog.Product;
import com.endcap.bidder.decision.AdDecision;
import com.endcap.bidder.decision.DecisionResult;
import com.endcap.bidder.decision.Exclusion;
import com.endcap.server.events.EventTokens;
import com.endcap.server.http.Responses;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a {@link DecisionResult} as the 200 body of {@code POST /v1/decisions}, straight into a
 * Netty buffer with Jackson's streaming generator, signing each ad's event URLs on the way.
 * <p>
 * Numbers are formatted into a scratch array (no {@code Double.toString}), the availability
 * message into a reused builder, tokens into a reused byte array. One instance per thread.
 */
public final class DecisionResponseEncoder
{
    private static final byte[] IMPRESSION_PATH = "/v1/e/imp?t=".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VIEW_PATH = "/v1/e/view?t=".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLICK_PATH = "/v1/e/click?t=".getBytes(StandardCharsets.US_ASCII);

    private final EventTokens tokens;
    private final long tokenTtlSeconds;
    private final byte[] baseUrl;
    private final char[] number = new char[32];
    private final StringBuilder message = new StringBuilder(128);
    private char[] messageChars = new char[128];
    private final byte[] url;
    private final byte[] token = new byte[EventTokens.maxTokenLength()];
    private final char[] requestId = new char[32];
    private final TargetStream stream = new TargetStream();
    private JsonGenerator generator;
    private final java.nio.CharBuffer requestIdView = java.nio.CharBuffer.wrap(requestId).asReadOnlyBuffer();

    /**
     * @param tokens          the signer.
     * @param tokenTtlSeconds how long event URLs stay valid.
     * @param publicBaseUrl   absolute base of event URLs, or empty for relative ones.
     */
    public DecisionResponseEncoder(final EventTokens tokens, final long tokenTtlSeconds, final String publicBaseUrl)
    {
        this.tokens = tokens;
        this.tokenTtlSeconds = tokenTtlSeconds;
        final String base = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
        this.baseUrl = base.getBytes(StandardCharsets.UTF_8);
        this.url = new byte[baseUrl.length + 32 + EventTokens.maxTokenLength()];
        try
        {
            this.generator = newGenerator(stream);
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    /**
     * @param random64a random bits.
     * @param random64b more random bits.
     * @return a new 32-hex-digit request id, held in this encoder until the next call.
     */
    public CharSequence newRequestId(final long random64a, final long random64b)
    {
        hex(random64a, 0);
        hex(random64b, 16);
        return requestIdView;
    }

    private void hex(final long value, final int offset)
    {
        for (int i = 0; i < 16; i++)
        {
            final int nibble = (int)(value >>> (60 - 4 * i)) & 0xF;
            requestId[offset + i] = (char)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
        }
    }

    /**
     * Writes the response body.
     *
     * @param result the decision (its request id from {@link #newRequestId}).
     * @param out    the body buffer.
     * @throws IOException from the generator (not expected for a buffer).
     */
    public void encode(final DecisionResult result, final ByteBuf out) throws IOException
    {
        final long expiry = result.decidedAtMillis() / 1000 + tokenTtlSeconds;
        final String userKey = result.userKey();
        stream.target = out;
        boolean done = false;
        try
        {
            final JsonGenerator g = generator;
            g.writeStartObject();
            g.writeFieldName("requestId");
            g.writeString(requestId, 0, requestId.length);
            g.writeObjectFieldStart("decisions");
            for (int p = 0, n = result.placementCount(); p < n; p++)
            {
                g.writeArrayFieldStart(result.placementId(p));
                for (int k = 0, w = result.winnerCount(p); k < w; k++)
                {
                    writeAd(g, result.winner(p, k), userKey, expiry);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            if (result.heldOutCount() > 0)
            {
                g.writeArrayFieldStart("holdouts");
                for (int i = 0; i < result.heldOutCount(); i++)
                {
                    g.writeString(result.heldOutCampaignId(i));
                }
                g.writeEndArray();
            }
            if (!result.exclusions().isEmpty())
            {
                g.writeObjectFieldStart("debug");
                g.writeArrayFieldStart("excluded");
                for (final Exclusion exclusion : result.exclusions())
                {
                    g.writeStartObject();
                    g.writeStringField("placementId", exclusion.placementId());
                    g.writeStringField("adId", exclusion.adId());
                    g.writeStringField("campaignId", exclusion.campaignId());
                    g.writeStringField("reason", exclusion.reason().wireName());
                    g.writeStringField("detail", exclusion.detail());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndObject();
            g.flush();
            done = true;
        }
        finally
        {
            stream.target = null;
            if (!done)
            {
                // A failure left the generator mid-document: start the next response on a fresh one.
                generator = newGenerator(stream);
            }
        }
    }

    /**
     * One generator per encoder, reused for every response: it writes root values one after
     * another into {@link TargetStream}, whose target is the response's buffer while it encodes.
     */
    private static JsonGenerator newGenerator(final TargetStream stream) throws IOException
    {
        final JsonGenerator generator = Responses.JSON.createGenerator((OutputStream)stream, JsonEncoding.UTF8);
        generator.setRootValueSeparator(null);
        generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        return generator;
    }

    /** An output stream writing into whichever buffer is the current target. */
    private static final class TargetStream extends OutputStream
    {
        ByteBuf target;

        public void write(final int b)
        {
            target.writeByte(b);
        }

        public void write(final byte[] bytes, final int offset, final int length)
        {
            target.writeBytes(bytes, offset, length);
        }
    }

    private void writeAd(final JsonGenerator g, final AdDecision ad, final String userKey, final long expiry) throws IOException
    {
        final Product product = ad.product();
        g.writeStartObject();
        g.writeStringField("adId", ad.ad().adId());
        g.writeStringField("campaignId", ad.ad().campaignId());
        g.writeStringField("advertiserId", ad.ad().advertiserId());
        g.writeStringField("sku", product.sku());

        g.writeObjectFieldStart("product");
        g.writeStringField("title", product.title());
        writeDecimal(g, "price", ad.priceCents(), 2);
        if (ad.saleCents() >= 0)
        {
            writeDecimal(g, "salePrice", ad.saleCents(), 2);
        }
        if (ad.memberVariant())
        {
            writeDecimal(g, "memberPrice", ad.memberPriceCents(), 2);
        }
        g.writeStringField("currency", product.currency());
        if (null != product.imageUrl())
        {
            g.writeStringField("imageUrl", product.imageUrl());
        }
        if (null != product.url())
        {
            g.writeStringField("url", product.url());
        }
        g.writeEndObject();

        g.writeObjectFieldStart("availability");
        g.writeStringField("mode", Fulfilment.SHIP == ad.mode() ? "ship" : "pickup");
        g.writeStringField("locationId", ad.location().code());
        g.writeStringField("locationName", ad.location().name());
        if (Fulfilment.PICKUP == ad.mode())
        {
            final double km = Double.isNaN(ad.distanceKm()) ? 0.0 : ad.distanceKm();
            writeDecimal(g, "distanceKm", Math.round(km * 10), 1);
        }
        else
        {
            g.writeNumberField("shipDays", ad.location().shipDays());
        }
        if (ad.showUnits())
        {
            g.writeNumberField("units", ad.units());
        }
        g.writeStringField("band", ad.band());
        message.setLength(0);
        ad.appendMessage(message);
        if (messageChars.length < message.length())
        {
            messageChars = new char[message.length() * 2];
        }
        message.getChars(0, message.length(), messageChars, 0);
        g.writeFieldName("message");
        g.writeString(messageChars, 0, message.length());
        g.writeEndObject();

        g.writeObjectFieldStart("creative");
        g.writeStringField("template", ad.ad().ad.creative().template());
        final String headline = ad.headline();
        if (null != headline)
        {
            g.writeStringField("headline", headline);
        }
        g.writeStringField("cta", ad.ad().ad.creative().cta());
        if (ad.memberVariant())
        {
            g.writeStringField("variant", "member");
        }
        g.writeEndObject();

        g.writeObjectFieldStart("pricing");
        g.writeStringField("model", BidModel.CPC == ad.ad().bidModel ? "cpc" : "cpm");
        writeDecimal(g, "clearingPrice", Math.round(ad.clearingPrice() * 10_000), 4);
        g.writeEndObject();

        final int tokenLength = tokens.sign(requestIdView, ad.ad().campaignId(), ad.ad().adId(),
            product.sku(), ad.location().code(), userKey, ad.ad().bidModel, ad.clearingPrice(), expiry, token, 0);
        g.writeObjectFieldStart("events");
        writeUrl(g, "impression", IMPRESSION_PATH, tokenLength);
        writeUrl(g, "viewable", VIEW_PATH, tokenLength);
        writeUrl(g, "click", CLICK_PATH, tokenLength);
        g.writeEndObject();

        g.writeEndObject();
    }

    private void writeUrl(final JsonGenerator g, final String name, final byte[] path, final int tokenLength) throws IOException
    {
        int p = 0;
        System.arraycopy(baseUrl, 0, url, p, baseUrl.length);
        p += baseUrl.length;
        System.arraycopy(path, 0, url, p, path.length);
        p += path.length;
        System.arraycopy(token, 0, url, p, tokenLength);
        p += tokenLength;
        g.writeFieldName(name);
        g.writeUTF8String(url, 0, p);
    }

    /**
     * Writes {@code scaled / 10^decimals} as a JSON number, trailing zeros after the point trimmed
     * (at least one decimal kept).
     */
    private void writeDecimal(final JsonGenerator g, final String name, final long scaled, final int decimals) throws IOException
    {
        final int length = formatDecimal(scaled, decimals, number);
        g.writeFieldName(name);
        g.writeNumber(number, 0, length);
    }

    /**
     * @param scaled   the value times {@code 10^decimals}.
     * @param decimals digits after the point, 1..9.
     * @param out      where to write; 32 chars suffice.
     * @return chars written.
     */
    static int formatDecimal(final long scaled, final int decimals, final char[] out)
    {
        long value = scaled;
        int p = 0;
        if (value < 0)
        {
            out[p++] = '-';
            value = -value;
        }
        long divisor = 1;
        for (int i = 0; i < decimals; i++)
        {
            divisor *= 10;
        }
        final long whole = value / divisor;
        long fraction = value % divisor;
        p = appendLong(whole, out, p);
        out[p++] = '.';
        int digits = decimals;
        while (digits > 1 && fraction % 10 == 0)
        {
            fraction /= 10;
            digits--;
        }
        for (int i = digits - 1; i >= 0; i--)
        {
            out[p + i] = (char)('0' + fraction % 10);
            fraction /= 10;
        }
        return p + digits;
    }

    private static int appendLong(final long value, final char[] out, final int offset)
    {
        if (value == 0)
        {
            out[offset] = '0';
            return offset + 1;
        }
        int digits = 0;
        for (long v = value; v > 0; v /= 10)
        {
            digits++;
        }
        long v = value;
        for (int i = offset + digits - 1; i >= offset; i--)
        {
            out[i] = (char)('0' + v % 10);
            v /= 10;
        }
        return offset + digits;
    }
}
