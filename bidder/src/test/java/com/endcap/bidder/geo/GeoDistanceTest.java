package com.endcap.bidder.geo;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class GeoDistanceTest
{
    @Test
    void haversineMatchesAKnownDistance()
    {
        // Empire State Building to Times Square: about 1.1 km.
        assertThat(GeoDistance.haversineKm(40.7484, -73.9857, 40.7580, -73.9855)).isCloseTo(1.07, within(0.02));
    }

    @Test
    void approximationStaysWithinHalfAPercentAtMetroScale()
    {
        final double lat = 40.7411;
        final double lon = -73.9897;
        final double cos = Math.cos(Math.toRadians(lat));
        for (final double[] to : new double[][]{{40.70, -74.01}, {40.85, -73.85}, {41.0, -73.5}, {40.6, -74.3}})
        {
            final double exact = GeoDistance.haversineKm(lat, lon, to[0], to[1]);
            assertThat(GeoDistance.approxKm(lat, lon, cos, to[0], to[1])).isCloseTo(exact, within(exact * 0.005));
        }
    }
}
