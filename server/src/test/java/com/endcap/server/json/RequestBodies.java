package com.endcap.server.json;

import com.endcap.bidder.decision.DecisionRequest;
import com.endcap.server.http.Responses;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;

/**
 * Decision request bodies as a retailer's web front sends them, for decoder tests: two placements;
 * a known shopper (of 10,000) most of the time with page segments; a store and position, a position
 * only or a region; category, page type, sometimes keywords, cart, order and excluded skus; consent
 * and debug now and then; sometimes pretty-printed, sometimes with unknown fields.
 */
final class RequestBodies
{
    private RequestBodies()
    {
    }

    /**
     * @param howMany bodies.
     * @param seed    seed.
     * @return UTF-8 bodies.
     */
    static byte[][] realistic(final int howMany, final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final byte[][] bodies = new byte[howMany][];
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        for (int i = 0; i < howMany; i++)
        {
            bytes.reset();
            try (JsonGenerator g = Responses.JSON.createGenerator(bytes, JsonEncoding.UTF8))
            {
                if (random.nextInt(8) == 0)
                {
                    g.useDefaultPrettyPrinter();
                }
                g.writeStartObject();
                g.writeArrayFieldStart("placements");
                placement(g, "pdp-sidebar", "product_sidebar", 3);
                placement(g, "pdp-card", "product_card", 1 + random.nextInt(4));
                g.writeEndArray();

                g.writeObjectFieldStart("user");
                if (random.nextInt(10) > 0)
                {
                    g.writeStringField("key", "u-" + random.nextInt(10_000));
                }
                g.writeArrayFieldStart("segments");
                for (int s = 1 + random.nextInt(2); s > 0; s--)
                {
                    g.writeString("seg-" + random.nextInt(50));
                }
                g.writeEndArray();
                g.writeEndObject();

                g.writeObjectFieldStart("context");
                g.writeStringField("channel", random.nextInt(5) == 0 ? "app" : "web");
                g.writeStringField("pageType", random.nextInt(4) == 0 ? "search" : "product");
                final int where = random.nextInt(10);
                if (where < 6)
                {
                    g.writeStringField("storeId", "S" + (100 + random.nextInt(100)));
                    geo(g, 40.75 + (random.nextDouble() - 0.5) * 0.7, -73.98 + (random.nextDouble() - 0.5) * 0.8);
                }
                else if (where < 9)
                {
                    geo(g, 40.75 + (random.nextDouble() - 0.5) * 0.7, -73.98 + (random.nextDouble() - 0.5) * 0.8);
                }
                else
                {
                    g.writeStringField("region", random.nextBoolean() ? "NY" : "NJ");
                }
                g.writeStringField("category", "dept-" + random.nextInt(20) + "/aisle-" + random.nextInt(10));
                if (random.nextInt(4) == 0)
                {
                    g.writeArrayFieldStart("keywords");
                    g.writeString(random.nextBoolean() ? "dog food" : "organic coffee beans");
                    g.writeEndArray();
                }
                skus(g, random, "cartSkus", random.nextInt(4));
                if (random.nextInt(10) == 0)
                {
                    skus(g, random, "orderSkus", 1 + random.nextInt(2));
                    skus(g, random, "excludeSkus", 1);
                }
                if (random.nextInt(10) == 0)
                {
                    g.writeObjectFieldStart("unknown");
                    g.writeArrayFieldStart("nested");
                    g.writeNumber(1.5);
                    g.writeString("x");
                    g.writeEndArray();
                    g.writeEndObject();
                }
                g.writeEndObject();

                if (random.nextInt(3) > 0)
                {
                    g.writeObjectFieldStart("consent");
                    g.writeBooleanField("personalization", random.nextInt(10) > 0);
                    g.writeEndObject();
                }
                if (random.nextInt(20) == 0)
                {
                    g.writeBooleanField("debug", true);
                }
                g.writeEndObject();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
            bodies[i] = bytes.toByteArray();
        }
        return bodies;
    }

    private static void placement(final JsonGenerator g, final String id, final String slot, final int count) throws IOException
    {
        g.writeStartObject();
        g.writeStringField("id", id);
        g.writeStringField("slot", slot);
        g.writeNumberField("count", count);
        g.writeEndObject();
    }

    private static void geo(final JsonGenerator g, final double lat, final double lon) throws IOException
    {
        g.writeObjectFieldStart("geo");
        g.writeNumberField("lat", Math.round(lat * 1e5) / 1e5);
        g.writeNumberField("lon", Math.round(lon * 1e5) / 1e5);
        g.writeEndObject();
    }

    private static void skus(final JsonGenerator g, final SplittableRandom random, final String name, final int count)
        throws IOException
    {
        g.writeArrayFieldStart(name);
        for (int c = count; c > 0; c--)
        {
            g.writeString(Integer.toString(100_000 + random.nextInt(2_000)));
        }
        g.writeEndArray();
    }

    /**
     * @param request a decoded request.
     * @return every field it holds, for comparing two decodes.
     */
    static String describe(final DecisionRequest request)
    {
        final StringBuilder out = new StringBuilder(256);
        for (int i = 0; i < request.placementCount(); i++)
        {
            out.append("placement ").append(request.placementId(i)).append('/').append(request.placementSlot(i))
                .append('x').append(request.placementCount(i)).append('\n');
        }
        for (int i = 0; i < request.segmentCount(); i++)
        {
            out.append("segment ").append(request.segment(i)).append('\n');
        }
        for (int i = 0; i < request.keywordCount(); i++)
        {
            out.append("keyword ").append(request.keyword(i)).append('\n');
        }
        for (int i = 0; i < request.cartSkuCount(); i++)
        {
            out.append("cart ").append(request.cartSku(i)).append('\n');
        }
        for (int i = 0; i < request.orderSkuCount(); i++)
        {
            out.append("order ").append(request.orderSku(i)).append('\n');
        }
        for (int i = 0; i < request.excludedSkuCount(); i++)
        {
            out.append("excluded ").append(request.excludedSku(i)).append('\n');
        }
        out.append("user ").append(request.userKey()).append('\n')
            .append("channel ").append(request.channel()).append('\n')
            .append("store ").append(request.storeId()).append('\n')
            .append("geo ").append(request.hasGeo());
        if (request.hasGeo())
        {
            out.append(' ').append(Double.doubleToRawLongBits(request.lat())).append(' ')
                .append(Double.doubleToRawLongBits(request.lon()));
        }
        out.append('\n')
            .append("region ").append(request.region()).append('\n')
            .append("pageType ").append(request.pageType()).append('\n')
            .append("category ").append(request.category()).append('\n')
            .append("personalization ").append(request.personalization()).append('\n')
            .append("debug ").append(request.debug()).append('\n');
        return out.toString();
    }
}
