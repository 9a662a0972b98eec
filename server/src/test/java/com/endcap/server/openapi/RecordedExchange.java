package com.endcap.server.openapi;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * One request sent to the real server and the response it got, as the conformance check reads
 * them. Immutable.
 *
 * @param method          request method, upper case.
 * @param uri             request URI.
 * @param requestHeaders  the headers sent.
 * @param requestBody     the body sent (empty for none).
 * @param status          response status.
 * @param responseHeaders response headers.
 * @param responseBody    response body bytes.
 */
record RecordedExchange(
    String method, URI uri, HttpHeaders requestHeaders, byte[] requestBody, int status, HttpHeaders responseHeaders,
    byte[] responseBody)
{
    /**
     * @return the request path, without the query, as sent (not decoded).
     */
    String path()
    {
        return uri.getRawPath();
    }

    /**
     * @return the media type of the response ({@code Content-Type} without parameters, lower case), if any.
     */
    Optional<String> responseMediaType()
    {
        return responseHeaders.firstValue("content-type").map(RecordedExchange::mediaType);
    }

    /**
     * @return the media type of the request body, if a {@code Content-Type} was sent.
     */
    Optional<String> requestMediaType()
    {
        return requestHeaders.firstValue("content-type").map(RecordedExchange::mediaType);
    }

    /**
     * @param contentType a {@code Content-Type} value.
     * @return its media type without parameters, lower case.
     */
    static String mediaType(final String contentType)
    {
        final int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /**
     * @return the response body as UTF-8 text.
     */
    String body()
    {
        return new String(responseBody, StandardCharsets.UTF_8);
    }

    /**
     * @return e.g. {@code GET /v1/admin/campaigns → 401}, for messages; long URIs are cut.
     */
    String describe()
    {
        final String target = uri.getRawPath() + (null == uri.getRawQuery() ? "" : "?" + uri.getRawQuery());
        final String shown = target.length() > 96 ? target.substring(0, 96) + "…" : target;
        return method + " " + shown + " → " + status;
    }

    public String toString()
    {
        return describe();
    }
}
