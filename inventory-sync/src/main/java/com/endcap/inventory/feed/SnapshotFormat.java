package com.endcap.inventory.feed;

import java.util.Locale;

/**
 * The text formats a local-inventory snapshot may come in, each with a header row.
 */
public enum SnapshotFormat
{
    /** Comma-separated ({@code text/csv}, RFC 4180): fields holding commas, quotes or line breaks are quoted. */
    CSV,

    /** Tab-separated ({@code text/tab-separated-values}): a field starting with a double quote is quoted as in CSV. */
    TSV;

    /**
     * Picks the format from a request's {@code Content-Type}, ignoring parameters such as
     * {@code charset} and letter case.
     *
     * @param contentType header value, may be null.
     * @return {@link #CSV} for {@code text/csv}, {@link #TSV} for {@code text/tab-separated-values},
     * null for anything else.
     */
    public static SnapshotFormat fromContentType(final String contentType)
    {
        if (null == contentType)
        {
            return null;
        }

        final int semicolon = contentType.indexOf(';');
        final String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
            .strip()
            .toLowerCase(Locale.ROOT);
        switch (mediaType)
        {
            case "text/csv":
                return CSV;
            case "text/tab-separated-values":
                return TSV;
            default:
                return null;
        }
    }
}
