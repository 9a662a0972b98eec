package com.endcap.server.openapi;

import com.endcap.bidder.index.Holdout;
import com.endcap.server.app.TestRetailer;

/**
 * The retailer the conformance test loads: {@link TestRetailer}'s locations and campaign, a
 * catalog with more fields, plus campaigns that make the decision response show its optional parts:
 * ship-to availability without units, the loyalty member variant, a control group.
 */
final class RetailerData
{
    static final String LOCATIONS = TestRetailer.LOCATIONS;
    /** A store without name, time zone or region, as NDJSON. */
    static final String MORE_LOCATIONS = """
        {"id": "S044", "type": "store", "lat": 40.70, "lon": -74.01}
        """;
    static final String CATALOG = """
        {"sku": "100871", "title": "Kibble 12 lb", "price": 54.99, "salePrice": 49.99, "currency": "USD", "category": "pet/dog-food", "imageUrl": "/img/100871.svg", "url": "https://shop.example.com/p/100871", "complements": ["pet/treats"]}
        {"sku": "200001", "title": "Chew sticks", "price": 8.99, "currency": "USD", "category": "pet/treats", "url": "https://shop.example.com/p/200001"}

        {"sku": "300001", "gtin": "00012345678905", "title": "Dog bed", "price": 79}
        """;
    static final String CAMPAIGN = TestRetailer.CAMPAIGN;
    /** Ships from the warehouse, hides exact counts; everything else left to defaults. */
    static final String SHIP_CAMPAIGN = """
        {"id": "cmp-ship", "advertiserId": "adv-acme",
         "ads": [{"id": "ad-ship", "slots": ["ship_slot"], "products": {"skus": ["300001"]}, "fulfilment": "ship",
                  "bid": {"model": "cpm", "amount": 5}, "hideUnits": true, "creative": {"template": "banner"}}]}
        """;
    /** A loyalty member variant, pickup at one store. */
    static final String MEMBER_CAMPAIGN = """
        {"id": "cmp-member", "advertiserId": "adv-chewy", "name": "Treats for members", "pacing": "asap",
         "ads": [{"id": "ad-member", "slots": ["member_slot"], "geo": {"stores": ["S042"]},
                  "products": {"category": "pet/treats"}, "fulfilment": "pickup",
                  "bid": {"model": "cpc", "amount": 0.5},
                  "creative": {"headline": "Treat time",
                               "loyalty": {"segment": "loyalty-gold", "discountPercent": 10, "headline": "Members save 10%"}}}]}
        """;
    /** Half of shoppers in its control group. */
    static final String HOLDOUT_CAMPAIGN = """
        {"id": "cmp-holdout", "advertiserId": "adv-blue", "name": "Measured", "pacing": "asap",
         "ads": [{"id": "ad-holdout", "slots": ["holdout_slot"], "geo": {"regions": ["NY"]},
                  "products": {"skus": ["100871"]}, "bid": {"model": "cpc", "amount": 0.3}, "holdoutShare": 0.5}]}
        """;
    /** A decision touching every campaign, one placement nothing fills; {@code %s} the user key, {@code %s} debug. */
    static final String EVERY_PLACEMENT = """
        {"placements": [{"id": "pdp-sidebar", "slot": "product_sidebar", "count": 2},
                        {"id": "ship", "slot": "ship_slot"},
                        {"id": "member", "slot": "member_slot"},
                        {"id": "holdout", "slot": "holdout_slot"},
                        {"id": "nothing", "slot": "no_such_slot"}],
         "user": {"key": "%s", "segments": ["pet-owner", "loyalty-gold"]},
         "context": {"channel": "web", "storeId": "S042", "pageType": "product", "category": "pet/dog-food",
                     "keywords": ["kibble"], "cartSkus": ["100234"], "orderSkus": []},
         "consent": {"personalization": true},
         "debug": %s}
        """;
    /** API.md's decision; {@code %s} debug. */
    static final String DECISION = TestRetailer.DECISION;
    static final String COMMERCE_EVENTS = """
        {"events": [
          {"type": "add_to_cart", "userKey": "u-8812", "sku": "100871", "ts": 1763900000000, "channel": "web"},
          {"type": "purchase", "userKey": "u-8812", "orderId": "o-551", "channel": "store", "locationId": "S042",
           "items": [{"sku": "100871", "quantity": 2, "unitPrice": 49.99}], "ts": 1763900100000}
        ]}""";

    private RetailerData()
    {
    }

    /**
     * @return a user key in {@code cmp-holdout}'s control group (share 0.5), found by the same hash the engine uses.
     */
    static String heldOutUserKey()
    {
        final long salt = Holdout.salt("cmp-holdout");
        for (int i = 0; ; i++)
        {
            final String key = "u-" + i;
            if (Holdout.isHeldOut(key, salt, 0.5))
            {
                return key;
            }
        }
    }

    /**
     * @param source change source.
     * @param seq    sequence number.
     * @param sku    sku.
     * @param at     location.
     * @param onHand units.
     * @param ts     epoch millis.
     * @return one NDJSON change line.
     */
    static String change(final String source, final long seq, final String sku, final String at, final int onHand, final long ts)
    {
        return "{\"source\": \"" + source + "\", \"seq\": " + seq + ", \"sku\": \"" + sku + "\", \"location\": \"" + at +
            "\", \"onHand\": " + onHand + ", \"ts\": " + ts + "}\n";
    }
}
