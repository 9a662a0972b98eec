package com.endcap.server.app;

/**
 * A small retailer for server tests, in the API's own shapes: two stores and a warehouse, two
 * products, the campaign of API.md, and a decision request for it.
 */
public final class TestRetailer
{
    /** Test data. */
    public static final String LOCATIONS = """
        [{"id": "S042", "type": "store", "name": "Main St", "lat": 40.7411, "lon": -73.9897, "timezone": "America/New_York", "region": "NY"},
         {"id": "S043", "type": "store", "name": "Oak Ave", "lat": 40.7590, "lon": -73.9845, "timezone": "America/New_York", "region": "NY"},
         {"id": "DC-EAST", "type": "warehouse", "name": "East DC", "regions": ["NY", "NJ"], "shipDays": 2}]
        """;
    /** Test data. */
    public static final String CATALOG = """
        {"sku": "100871", "title": "Kibble 12 lb", "price": 54.99, "salePrice": 49.99, "currency": "USD", "category": "pet/dog-food", "imageUrl": "/img/100871.svg", "url": "https://shop.example.com/p/100871", "complements": ["pet/treats"]}
        {"sku": "200001", "title": "Chew sticks", "price": 8.99, "currency": "USD", "category": "pet/treats", "url": "https://shop.example.com/p/200001"}
        """;
    /** Test data. */
    public static final String CAMPAIGN = """
        {"id": "cmp-3", "advertiserId": "adv-purina", "name": "Dog food fall push", "status": "active",
         "budget": {"total": 5000.0, "daily": 200.0, "currency": "USD"},
         "flight": {"start": "2020-01-01T00:00:00Z", "end": "2100-01-01T00:00:00Z"},
         "pacing": "asap", "priority": 1,
         "ads": [{
           "id": "ad-17", "slots": ["product_sidebar"], "channels": ["web", "app"],
           "targeting": {"segments": "pet-owner AND NOT lapsed", "pageTypes": ["product"], "categories": ["pet/"], "keywords": []},
           "geo": {"radiusKm": 10},
           "products": {"skus": ["100871", "100872"]},
           "fulfilment": "pickup", "minUnits": 3,
           "bid": {"model": "cpc", "amount": 0.80},
           "frequencyCap": {"count": 3, "windowSeconds": 86400},
           "creative": {"template": "product_card", "headline": "Fresh stock near you", "cta": "Add to cart"}
         }]}
        """;
    /** Test data. */
    public static final String DECISION = """
        {"placements": [{"id": "pdp-sidebar", "slot": "product_sidebar", "count": 2}],
         "user": {"key": "u-8812", "segments": ["pet-owner", "loyalty-gold"]},
         "context": {"channel": "web", "storeId": "S042", "pageType": "product", "category": "pet/dog-food"},
         "debug": %s}
        """;

    private TestRetailer()
    {
    }
}
