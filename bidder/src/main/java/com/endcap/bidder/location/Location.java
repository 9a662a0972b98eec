package com.endcap.bidder.location;

import java.util.List;
import java.util.Objects;

/**
 * A store (pickup, with a position) or a warehouse (ships to regions). Immutable.
 *
 * @param id         dense location id, stable across restarts.
 * @param code       the retailer's location code, e.g. {@code S042} or {@code DC-EAST}.
 * @param kind       store or warehouse.
 * @param name       display name shoppers read, e.g. {@code Main St}.
 * @param lat        latitude in degrees (stores; {@code NaN} for warehouses).
 * @param lon        longitude in degrees (stores; {@code NaN} for warehouses).
 * @param timezone   IANA zone id of a store ("pick up today" is today there); null for warehouses.
 * @param region     the region a store is in (e.g. {@code NY}); may be null.
 * @param regions    regions a warehouse ships to; empty for stores.
 * @param shipDays   days to ship from a warehouse; 0 for stores.
 */
public record Location(
    int id,
    String code,
    LocationKind kind,
    String name,
    double lat,
    double lon,
    String timezone,
    String region,
    List<String> regions,
    int shipDays)
{
    /**
     * Validates and copies.
     */
    public Location
    {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(kind, "kind");
        name = null == name ? code : name;
        regions = null == regions ? List.of() : List.copyOf(regions);
    }

    /**
     * A store.
     *
     * @param id       dense id.
     * @param code     store code.
     * @param name     display name.
     * @param lat      latitude.
     * @param lon      longitude.
     * @param timezone IANA zone.
     * @param region   region, may be null.
     * @return the store.
     */
    public static Location store(
        final int id, final String code, final String name, final double lat, final double lon,
        final String timezone, final String region)
    {
        return new Location(id, code, LocationKind.STORE, name, lat, lon, timezone, region, List.of(), 0);
    }

    /**
     * A warehouse.
     *
     * @param id       dense id.
     * @param code     warehouse code.
     * @param name     display name.
     * @param regions  regions served.
     * @param shipDays days to ship.
     * @return the warehouse.
     */
    public static Location warehouse(
        final int id, final String code, final String name, final List<String> regions, final int shipDays)
    {
        return new Location(id, code, LocationKind.WAREHOUSE, name, Double.NaN, Double.NaN, null, null, regions, shipDays);
    }

    /**
     * @return true for a store.
     */
    public boolean isStore()
    {
        return kind == LocationKind.STORE;
    }
}
