package com.endcap.server.app;

import com.endcap.server.http.Responses;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * HTTP/1.1 behaviour over raw sockets: keep-alive, pipelining answered in order (also when an
 * earlier request is answered later from another thread), header limits, connection limits, and
 * a graceful shutdown that lets a request in flight finish.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TransportIntegrationTest
{
    @TempDir
    Path dir;

    private ServerFixture fixture;
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch slowStarted = new CountDownLatch(1);

    @AfterEach
    void stop()
    {
        release.countDown();
        if (null != fixture)
        {
            fixture.close();
        }
    }

    private void start(final String overrides) throws Exception
    {
        fixture = new ServerFixture(dir.resolve("data"), overrides, router -> router
            .add(HttpMethod.GET, "/test/slow", false, exchange ->
            {
                slowStarted.countDown();
                CompletableFuture.runAsync(() ->
                {
                    try
                    {
                        release.await();
                    }
                    catch (final InterruptedException ex)
                    {
                        Thread.currentThread().interrupt();
                    }
                    exchange.respond(Responses.text(exchange.alloc(), "slow", Responses.TEXT_PLAIN));
                });
            })
            .add(HttpMethod.GET, "/test/slow-encoded", false, exchange ->
            {
                slowStarted.countDown();
                CompletableFuture.runAsync(() ->
                {
                    try
                    {
                        release.await();
                    }
                    catch (final InterruptedException ex)
                    {
                        Thread.currentThread().interrupt();
                    }
                    exchange.respond(HttpResponseStatus.OK, Responses.TEXT_PLAIN, Responses.NO_STORE,
                        exchange.bodyBuffer(4).writeBytes("slow".getBytes(StandardCharsets.US_ASCII)));
                });
            })
            .add(HttpMethod.GET, "/test/throws-after-answering", false, exchange ->
            {
                exchange.respond(Responses.text(exchange.alloc(), "answered", Responses.TEXT_PLAIN));
                throw new IllegalStateException("after answering");
            })
            .add(HttpMethod.GET, "/test/full", false, exchange -> exchange.offload(
                work -> { throw new java.util.concurrent.RejectedExecutionException("full"); },
                () -> exchange.respond(Responses.text(exchange.alloc(), "ran", Responses.TEXT_PLAIN)))));
    }

    private Socket connect() throws java.io.IOException
    {
        final Socket socket = new Socket("127.0.0.1", fixture.server().port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static String readResponses(final InputStream in, final int count) throws Exception
    {
        final ByteArrayOutputStream seen = new ByteArrayOutputStream();
        int complete = 0;
        final byte[] buffer = new byte[8192];
        while (complete < count)
        {
            final int n = in.read(buffer);
            if (n < 0)
            {
                break;
            }
            seen.write(buffer, 0, n);
            complete = countComplete(seen.toString(StandardCharsets.UTF_8));
        }
        return seen.toString(StandardCharsets.UTF_8);
    }

    private static int countComplete(final String text)
    {
        int complete = 0;
        int at = 0;
        while (true)
        {
            final int headerEnd = text.indexOf("\r\n\r\n", at);
            if (headerEnd < 0)
            {
                return complete;
            }
            final String head = text.substring(at, headerEnd).toLowerCase();
            final int lengthAt = head.indexOf("content-length:");
            final int length = lengthAt < 0 ? 0 :
                Integer.parseInt(head.substring(lengthAt + 15, head.indexOf('\r', lengthAt) < 0 ? head.length() : head.indexOf('\r', lengthAt)).trim());
            if (text.length() < headerEnd + 4 + length)
            {
                return complete;
            }
            complete++;
            at = headerEnd + 4 + length;
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderOnOneConnection() throws Exception
    {
        // given
        start(null);
        try (Socket socket = connect())
        {
            final OutputStream out = socket.getOutputStream();

            // when: three requests in one write, the first answered later from another thread
            out.write(("GET /test/slow HTTP/1.1\r\nHost: x\r\n\r\n" +
                "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n" +
                "GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(slowStarted.await(10, TimeUnit.SECONDS)).isTrue();
            release.countDown();
            final String responses = readResponses(socket.getInputStream(), 3);

            // then
            final int slow = responses.indexOf("slow");
            final int live = responses.indexOf("\"status\":\"live\"");
            final int missing = responses.indexOf("404 Not Found");
            assertThat(slow).isPositive();
            assertThat(live).isGreaterThan(slow);
            assertThat(missing).isGreaterThan(live);
            assertThat(socket.isClosed()).isFalse();
        }
    }

    @Test
    void anEncodedHeadAnswerFromAnotherThreadKeepsItsPlaceInThePipeline() throws Exception
    {
        // given
        start(null);
        try (Socket socket = connect())
        {
            final OutputStream out = socket.getOutputStream();

            // when
            out.write(("GET /test/slow-encoded HTTP/1.1\r\nHost: x\r\n\r\n" +
                "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(slowStarted.await(10, TimeUnit.SECONDS)).isTrue();
            release.countDown();
            final String responses = readResponses(socket.getInputStream(), 2);

            // then
            assertThat(responses).startsWith("HTTP/1.1 200 OK\r\ncontent-type: text/plain; charset=utf-8\r\n" +
                "content-length: 4\r\ncache-control: no-store\r\n\r\nslowHTTP/1.1 200 OK\r\n");
            assertThat(responses).contains("\"status\":\"live\"");
            assertThat(socket.isClosed()).isFalse();
        }
    }

    @Test
    void keepAliveServesManyRequestsAndCloseIsHonoured() throws Exception
    {
        // given
        start(null);
        try (Socket socket = connect())
        {
            final OutputStream out = socket.getOutputStream();
            final InputStream in = socket.getInputStream();

            // when / then: ten in a row on one connection
            for (int i = 0; i < 10; i++)
            {
                out.write("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(readResponses(in, 1)).startsWith("HTTP/1.1 200 OK");
            }
            out.write("GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readResponses(in, 1)).contains("connection: close");
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void aFullWorkQueueShedsLoadWith503AndRetryAfter() throws Exception
    {
        // given
        start(null);

        // when
        final HttpResponse<String> response = fixture.get("/test/full");

        // then
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("retry-after")).hasValue("1");
        assertThat(response.body()).contains("\"code\":\"shedding_load\"");
    }

    @Test
    void aMalformedPathIs400AndLeavesNothingInFlight() throws Exception
    {
        // given
        start(null);
        try (Socket socket = connect())
        {
            // when
            socket.getOutputStream().write("GET /%zz HTTP/1.1\r\nHost: x\r\n\r\nGET /health/live HTTP/1.1\r\nHost: x\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
            final String responses = readResponses(socket.getInputStream(), 2);

            // then
            assertThat(responses).startsWith("HTTP/1.1 400").contains("\"code\":\"bad_request\"").contains("\"status\":\"live\"");
            assertThat(fixture.server().state().inFlight()).isZero();
        }
    }

    @Test
    void aHandlerThatThrowsAfterAnsweringKeepsItsAnswerAndTheConnection() throws Exception
    {
        // given
        start(null);
        try (Socket socket = connect())
        {
            // when
            socket.getOutputStream().write(("GET /test/throws-after-answering HTTP/1.1\r\nHost: x\r\n\r\n" +
                "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            final String responses = readResponses(socket.getInputStream(), 2);

            // then
            assertThat(responses).startsWith("HTTP/1.1 200").contains("answered").contains("\"status\":\"live\"");
        }
    }

    @Test
    void anOversizedBodyBehindASlowRequestIsAnsweredInOrder() throws Exception
    {
        // given
        start("http.max-body = 2k");
        try (Socket socket = connect())
        {
            // when: a slow request, then a pipelined request with a body over the limit
            socket.getOutputStream().write(("GET /test/slow HTTP/1.1\r\nHost: x\r\n\r\n" +
                "POST /v1/decisions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n" +
                "x".repeat(5000)).getBytes(StandardCharsets.US_ASCII));
            assertThat(slowStarted.await(10, TimeUnit.SECONDS)).isTrue();
            release.countDown();
            final String responses = readResponses(socket.getInputStream(), 2);

            // then: the slow answer first, then the 413, then the connection closes
            assertThat(responses).startsWith("HTTP/1.1 200").contains("slow");
            assertThat(responses.indexOf("HTTP/1.1 413")).isGreaterThan(responses.indexOf("slow"));
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void expectContinueGetsTheBodyItSendsOr413BeforeSendingIt() throws Exception
    {
        // given
        start("http.max-body = 2k");
        try (Socket socket = connect())
        {
            // when: a body over the limit is announced
            socket.getOutputStream().write(("POST /v1/decisions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" +
                "Content-Length: 5000\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));

            // then: refused in the API's shape before any of it is sent
            assertThat(readResponses(socket.getInputStream(), 1)).startsWith("HTTP/1.1 413").contains("\"code\":\"body_too_large\"");
        }
        try (Socket socket = connect())
        {
            // when: a body within the limit
            final String body = "{\"placements\": [{\"id\": \"p\", \"slot\": \"s\"}]}";
            socket.getOutputStream().write(("POST /v1/decisions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" +
                "Content-Length: " + body.length() + "\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            final String cont = readResponses(socket.getInputStream(), 1);
            socket.getOutputStream().write(body.getBytes(StandardCharsets.US_ASCII));

            // then
            assertThat(cont).startsWith("HTTP/1.1 100 Continue");
            assertThat(readResponses(socket.getInputStream(), 1)).startsWith("HTTP/1.1 200").contains("\"decisions\"");
        }
    }

    @Test
    void oversizedHeadersAre431() throws Exception
    {
        // given
        start("http.max-header = 2k");
        try (Socket socket = connect())
        {
            // when
            socket.getOutputStream().write(("GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(4000) + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));

            // then
            final String response = readResponses(socket.getInputStream(), 1);
            assertThat(response).startsWith("HTTP/1.1 431").contains("\"code\":\"headers_too_large\"");
        }
    }

    @Test
    void connectionsBeyondTheLimitAreRefusedWith503() throws Exception
    {
        // given
        start("http.max-connections = 1");
        try (Socket first = connect())
        {
            // when: the first connection is being served, a second one arrives
            first.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            final String served = readResponses(first.getInputStream(), 1);
            try (Socket second = connect())
            {
                final String refused = readResponses(second.getInputStream(), 1);

                // then
                assertThat(served).startsWith("HTTP/1.1 200");
                assertThat(refused).startsWith("HTTP/1.1 503").contains("too_many_connections");
                assertThat(second.getInputStream().read()).isEqualTo(-1);
            }
        }
    }

    @Test
    void gracefulShutdownFinishesTheRequestInFlightAndTurnsReadinessOff() throws Exception
    {
        // given: a request in flight
        start(null);
        final CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() ->
        {
            try
            {
                return fixture.get("/test/slow");
            }
            catch (final Exception ex)
            {
                throw new IllegalStateException(ex);
            }
        });
        assertThat(slowStarted.await(10, TimeUnit.SECONDS)).isTrue();

        // when: shutdown starts while it is in flight
        final AtomicReference<Throwable> closeFailure = new AtomicReference<>();
        final Thread closer = new Thread(() ->
        {
            try
            {
                fixture.close();
            }
            catch (final Throwable ex)
            {
                closeFailure.set(ex);
            }
        });
        closer.start();
        await().atMost(10, TimeUnit.SECONDS).until(() -> fixture.server().state().isDraining());
        assertThat(fixture.server().state().isReady()).isFalse();
        assertThat(fixture.server().state().inFlight()).isEqualTo(1);
        release.countDown();

        // then: it completes normally, and the store closed cleanly afterwards
        final HttpResponse<String> response = inFlight.get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(HttpResponseStatus.OK.code());
        assertThat(response.body()).isEqualTo("slow");
        closer.join(TimeUnit.SECONDS.toMillis(20));
        assertThat(closer.isAlive()).isFalse();
        assertThat(closeFailure.get()).isNull();
        assertThat(dir.resolve("data").resolve("clean-shutdown")).exists();
        fixture = null;
    }
}
