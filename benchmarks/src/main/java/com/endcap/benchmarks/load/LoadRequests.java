package com.endcap.benchmarks.load;

import com.endcap.bidder.location.Location;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The request bodies the harness sends, built once before a run from a {@link LoadRetailer}.
 * <p>
 * Decisions ({@code POST /v1/decisions}) rotate over every shopper, slot type, store and region:
 * a uniformly chosen slot type (4 in 5 requests ask for one placement, the rest for two of
 * different types) with a count that suits it; the shopper is one of the retailer's users; 3 in
 * 10 requests add 1 to 3 segments of their own, 1 in 20 deny personalization; the channel is the
 * slot's (in-store screen, email) or web/app 7:3; half name a store (with a position next to it),
 * 3 in 10 give only a position, the rest only a region; page type, category, keywords, cart and
 * order skus as the slot's page would send them.
 * <p>
 * Segments ({@code POST /v1/segments}): one NDJSON line per shopper with the segments
 * {@link LoadRetailer#userSegments} gives. Stateless.
 */
final class LoadRequests
{
    /** Path of the decision endpoint. */
    static final String DECISIONS_PATH = "/v1/decisions";

    private LoadRequests()
    {
    }

    /**
     * @param retailer the retailer.
     * @param count    how many distinct bodies.
     * @param seed     seed of the choices.
     * @return {@code count} JSON bodies, UTF-8.
     */
    static byte[][] decisionBodies(final LoadRetailer retailer, final int count, final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final List<Location> locations = retailer.locations();
        final byte[][] bodies = new byte[count][];
        final StringBuilder json = new StringBuilder(1024);
        for (int i = 0; i < count; i++)
        {
            json.setLength(0);
            final int slot = random.nextInt(LoadRetailer.SLOT_TYPES);
            final String slotName = LoadRetailer.slot(slot);
            json.append("{\"placements\":[");
            placement(json, "p1", slotName, random);
            if (random.nextInt(5) == 0)
            {
                final int second = (slot + 1 + random.nextInt(LoadRetailer.SLOT_TYPES - 1)) % LoadRetailer.SLOT_TYPES;
                json.append(',');
                placement(json, "p2", LoadRetailer.slot(second), random);
            }
            json.append("],\"user\":{\"key\":\"").append(LoadRetailer.userKey(random.nextInt(retailer.users()))).append('"');
            if (random.nextInt(10) < 3)
            {
                json.append(",\"segments\":[");
                for (int s = 1 + random.nextInt(3); s > 0; s--)
                {
                    json.append('"').append(LoadRetailer.segment(random.nextInt(LoadRetailer.SEGMENTS))).append('"')
                        .append(s > 1 ? "," : "");
                }
                json.append(']');
            }
            json.append("},\"context\":{\"channel\":\"").append(channel(slotName, random)).append('"');
            final int where = random.nextInt(10);
            if (where < 5)
            {
                final Location store = locations.get(random.nextInt(retailer.stores()));
                json.append(",\"storeId\":\"").append(store.code()).append("\",\"geo\":{\"lat\":")
                    .append(round(store.lat() + (random.nextDouble() - 0.5) * 0.05)).append(",\"lon\":")
                    .append(round(store.lon() + (random.nextDouble() - 0.5) * 0.05)).append('}');
            }
            else if (where < 8)
            {
                json.append(",\"geo\":{\"lat\":").append(round(LoadRetailer.METRO_LAT + (random.nextDouble() - 0.5) * 0.7))
                    .append(",\"lon\":").append(round(LoadRetailer.METRO_LON + (random.nextDouble() - 0.5) * 0.8)).append('}');
            }
            else
            {
                json.append(",\"region\":\"").append(random.nextBoolean() ? "NY" : "NJ").append('"');
            }
            final int viewed = random.nextInt(retailer.skus());
            json.append(",\"pageType\":\"").append(pageType(slotName)).append("\",\"category\":\"")
                .append(LoadRetailer.category(retailer.leafOf(viewed))).append('"');
            if ("search_results".equals(slotName))
            {
                json.append(",\"keywords\":[\"aisle-").append(retailer.leafOf(viewed) % 10).append("\"]");
            }
            final int cart = "cart_crosssell".equals(slotName) ? 1 + random.nextInt(3) : random.nextInt(3);
            skus(json, "cartSkus", cart, retailer, random);
            if ("order_confirmation".equals(slotName))
            {
                skus(json, "orderSkus", 1 + random.nextInt(2), retailer, random);
            }
            json.append('}');
            if (random.nextInt(20) == 0)
            {
                json.append(",\"consent\":{\"personalization\":false}");
            }
            json.append('}');
            bodies[i] = json.toString().getBytes(StandardCharsets.UTF_8);
        }
        return bodies;
    }

    /**
     * @param retailer the retailer.
     * @param from     first shopper.
     * @param to       shopper after the last.
     * @return NDJSON of those shoppers' segments, 30-day TTL.
     */
    static byte[] segments(final LoadRetailer retailer, final int from, final int to)
    {
        final StringBuilder ndjson = new StringBuilder((to - from) * 96);
        for (int u = from; u < to; u++)
        {
            ndjson.append("{\"userKey\":\"").append(LoadRetailer.userKey(u)).append("\",\"segments\":[");
            final List<String> held = retailer.userSegments(u);
            for (int s = 0; s < held.size(); s++)
            {
                ndjson.append(s > 0 ? ",\"" : "\"").append(held.get(s)).append('"');
            }
            ndjson.append("],\"ttlSeconds\":2592000}\n");
        }
        return ndjson.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param host  the Host header.
     * @param path  the request path.
     * @param type  content type.
     * @param body  the body.
     * @return a complete keep-alive HTTP/1.1 POST.
     */
    static byte[] post(final String host, final String path, final String type, final byte[] body)
    {
        final byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: " + type +
            "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        final byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return request;
    }

    /**
     * @param host   the Host header.
     * @param bodies decision bodies.
     * @return each as a complete HTTP request to {@value #DECISIONS_PATH}.
     */
    static List<byte[]> decisionRequests(final String host, final byte[][] bodies)
    {
        final List<byte[]> requests = new ArrayList<>(bodies.length);
        for (final byte[] body : bodies)
        {
            requests.add(post(host, DECISIONS_PATH, "application/json", body));
        }
        return requests;
    }

    private static void placement(final StringBuilder json, final String id, final String slot, final SplittableRandom random)
    {
        final int count = switch (slot)
        {
            case "home_carousel" -> 4;
            case "search_results" -> 3;
            case "product_sidebar", "email_recs" -> 2;
            case "instore_screen", "order_confirmation" -> 1;
            default -> 1 + random.nextInt(3);
        };
        json.append("{\"id\":\"").append(id).append("\",\"slot\":\"").append(slot).append("\",\"count\":").append(count).append('}');
    }

    private static String channel(final String slot, final SplittableRandom random)
    {
        return switch (slot)
        {
            case "instore_screen" -> "instore_screen";
            case "email_recs" -> "email";
            default -> random.nextInt(10) < 7 ? "web" : "app";
        };
    }

    private static String pageType(final String slot)
    {
        return switch (slot)
        {
            case "search_results" -> "search";
            case "home_carousel" -> "home";
            case "cart_crosssell" -> "cart";
            case "order_confirmation" -> "order_confirmation";
            case "instore_screen" -> "screen";
            case "email_recs" -> "email";
            default -> "product";
        };
    }

    private static void skus(
        final StringBuilder json, final String field, final int count, final LoadRetailer retailer, final SplittableRandom random)
    {
        if (0 == count)
        {
            return;
        }
        json.append(",\"").append(field).append("\":[");
        for (int c = 0; c < count; c++)
        {
            json.append(c > 0 ? ",\"" : "\"").append(LoadRetailer.sku(random.nextInt(retailer.skus()))).append('"');
        }
        json.append(']');
    }

    private static double round(final double degrees)
    {
        return Math.round(degrees * 1e5) / 1e5;
    }
}
