package com.endcap.benchmarks.load;

import java.time.Duration;
import java.util.Locale;

/**
 * Durations as the harness's command line takes them ({@code 500ms}, {@code 30s}, {@code 2m}) and
 * as its output prints them. Stateless.
 */
final class Durations
{
    private Durations()
    {
    }

    /**
     * @param text a number followed by {@code ms}, {@code s} or {@code m}.
     * @return the duration.
     * @throws IllegalArgumentException when the text is not one.
     */
    static Duration parse(final String text)
    {
        final String value = text.trim().toLowerCase(Locale.ROOT);
        try
        {
            if (value.endsWith("ms"))
            {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            if (value.endsWith("s"))
            {
                return Duration.ofMillis(Math.round(Double.parseDouble(value.substring(0, value.length() - 1)) * 1000));
            }
            if (value.endsWith("m"))
            {
                return Duration.ofMillis(Math.round(Double.parseDouble(value.substring(0, value.length() - 1)) * 60_000));
            }
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("not a duration: '" + text + "' (e.g. 500ms, 30s, 2m)", ex);
        }
        throw new IllegalArgumentException("not a duration: '" + text + "' (e.g. 500ms, 30s, 2m)");
    }

    /**
     * @param nanos a duration in nanoseconds.
     * @return it in the largest fitting unit, e.g. {@code 1.25 s}, {@code 830 ms}, {@code 12.4 µs}.
     */
    static String format(final long nanos)
    {
        if (nanos >= 1_000_000_000L)
        {
            return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
        }
        if (nanos >= 1_000_000L)
        {
            return String.format(Locale.ROOT, "%.0f ms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
    }
}
