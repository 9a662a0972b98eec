package com.endcap.server.openapi;

import com.endcap.server.app.ServerFixture;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Sends requests to a {@link ServerFixture}'s server over loopback and keeps every exchange for the
 * conformance check. Every request carries a publisher {@code Origin}, so each response also shows
 * whether its path answers CORS. Test thread only.
 */
final class RecordingClient
{
    /** The publisher origin every request comes from. */
    static final String ORIGIN = "https://shop.example.com";

    /** Attempts at a request marked {@link Call#mayBeCutOff()}. */
    static final int ATTEMPTS = 5;

    private final ServerFixture fixture;
    private final HttpClient client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
    private final List<RecordedExchange> exchanges = new ArrayList<>();

    /**
     * @param fixture the running server.
     */
    RecordingClient(final ServerFixture fixture)
    {
        this.fixture = fixture;
    }

    /**
     * A request with its fluent options, sent by {@link #send()}.
     */
    final class Call
    {
        private final HttpRequest.Builder builder;
        private final String method;
        private byte[] body = new byte[0];
        private boolean hasBody;
        private boolean cutOff;

        private Call(final String method, final String pathAndQuery)
        {
            this.method = method;
            this.builder = HttpRequest.newBuilder(fixture.uri(pathAndQuery)).timeout(Duration.ofSeconds(10))
                .header("Origin", ORIGIN);
        }

        /**
         * @param name  header.
         * @param value value.
         * @return this.
         */
        Call header(final String name, final String value)
        {
            builder.header(name, value);
            return this;
        }

        /**
         * @return this, with the admin bearer token.
         */
        Call admin()
        {
            return header("Authorization", "Bearer " + ServerFixture.ADMIN_TOKEN);
        }

        /**
         * @param contentType the body's type.
         * @param text        the body.
         * @return this.
         */
        Call body(final String contentType, final String text)
        {
            builder.header("Content-Type", contentType);
            return body(text.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * @param bytes the body, without a content type.
         * @return this.
         */
        Call body(final byte[] bytes)
        {
            this.body = bytes.clone();
            this.hasBody = true;
            return this;
        }

        /**
         * Marks a request the server answers early and then closes the connection on (a 413 or a
         * 431) while the client may still be sending: closing a socket with unread input resets
         * it, and a reset can discard the answer before the client reads it. Such a request is
         * sent again, up to {@value #ATTEMPTS} times in all, when the connection fails; the
         * server never acts on it, so sending it again changes nothing.
         *
         * @return this.
         */
        Call mayBeCutOff()
        {
            this.cutOff = true;
            return this;
        }

        /**
         * Sends, records and returns the exchange.
         *
         * @return the exchange.
         */
        RecordedExchange send()
        {
            final HttpRequest.BodyPublisher publisher = hasBody || "POST".equals(method) || "PUT".equals(method) ||
                "PATCH".equals(method) ? HttpRequest.BodyPublishers.ofByteArray(body) : HttpRequest.BodyPublishers.noBody();
            final HttpRequest request = builder.method(method, publisher).build();
            HttpResponse<byte[]> response = null;
            for (int attempt = 1; null == response; attempt++)
            {
                try
                {
                    response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                }
                catch (final IOException ex)
                {
                    if (!cutOff || attempt == ATTEMPTS)
                    {
                        throw new IllegalStateException(method + " " + request.uri() + " failed (attempt " + attempt + ")", ex);
                    }
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", ex);
                }
            }
            final RecordedExchange exchange = new RecordedExchange(method, request.uri(), request.headers(), body,
                response.statusCode(), response.headers(), response.body());
            exchanges.add(exchange);
            return exchange;
        }
    }

    /**
     * @param method       the method.
     * @param pathAndQuery e.g. {@code /v1/e/imp?t=…}.
     * @return a call to configure and send.
     */
    Call call(final String method, final String pathAndQuery)
    {
        return new Call(method, pathAndQuery);
    }

    /**
     * @param pathAndQuery path.
     * @return the recorded GET.
     */
    RecordedExchange get(final String pathAndQuery)
    {
        return call("GET", pathAndQuery).send();
    }

    /**
     * @param pathAndQuery path.
     * @return the recorded GET with the admin token.
     */
    RecordedExchange adminGet(final String pathAndQuery)
    {
        return call("GET", pathAndQuery).admin().send();
    }

    /**
     * @param path        path.
     * @param contentType body type.
     * @param body        body.
     * @return the recorded POST.
     */
    RecordedExchange post(final String path, final String contentType, final String body)
    {
        return call("POST", path).body(contentType, body).send();
    }

    /**
     * @param path        path.
     * @param contentType body type.
     * @param body        body.
     * @return the recorded PUT with the admin token.
     */
    RecordedExchange adminPut(final String path, final String contentType, final String body)
    {
        return call("PUT", path).admin().body(contentType, body).send();
    }

    /**
     * @return every exchange so far, in order.
     */
    List<RecordedExchange> exchanges()
    {
        return Collections.unmodifiableList(exchanges);
    }
}
