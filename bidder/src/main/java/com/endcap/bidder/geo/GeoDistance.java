package com.endcap.bidder.geo;

/**
 * Great-circle distances in kilometres. {@link #haversineKm} is exact on a sphere;
 * {@link #approxKm} is the equirectangular approximation (one cosine per shopper, then a few
 * multiplications a store), within 0.5% of haversine below a few hundred km — what ranking stores
 * around a shopper needs.
 */
public final class GeoDistance
{
    /** Mean Earth radius. */
    public static final double EARTH_RADIUS_KM = 6371.0088;

    private GeoDistance()
    {
    }

    /**
     * @param lat1 latitude in degrees.
     * @param lon1 longitude in degrees.
     * @param lat2 latitude in degrees.
     * @param lon2 longitude in degrees.
     * @return distance in km.
     */
    public static double haversineKm(final double lat1, final double lon1, final double lat2, final double lon2)
    {
        final double dLat = Math.toRadians(lat2 - lat1);
        final double dLon = Math.toRadians(lon2 - lon1);
        final double a = Math.sin(dLat / 2) * Math.sin(dLat / 2) +
            Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    /**
     * Equirectangular approximation.
     *
     * @param lat1          shopper latitude in degrees.
     * @param lon1          shopper longitude in degrees.
     * @param cosMeanLat    {@code cos} of the latitude in radians (the shopper's is close enough).
     * @param lat2          store latitude in degrees.
     * @param lon2          store longitude in degrees.
     * @return distance in km.
     */
    public static double approxKm(
        final double lat1, final double lon1, final double cosMeanLat, final double lat2, final double lon2)
    {
        final double x = Math.toRadians(lon2 - lon1) * cosMeanLat;
        final double y = Math.toRadians(lat2 - lat1);
        return Math.sqrt(x * x + y * y) * EARTH_RADIUS_KM;
    }
}
