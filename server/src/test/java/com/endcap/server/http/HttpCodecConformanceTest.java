package com.endcap.server.http;

import com.endcap.server.config.ServerConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.channel.Channel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's pipeline ({@link HttpCodec}, the one-part request shortcut, {@link ResponseHead})
 * against the pipeline it replaced (Netty's {@code HttpServerCodec} and {@code HttpObjectAggregator}
 * in front of the same dispatcher): the same request bytes give the same response bytes and leave
 * the connection open or closed alike. The reference answers through a {@link FullHttpResponse};
 * the server's pipeline is checked with that handler and with the encoded-head one.
 */
class HttpCodecConformanceTest
{
    private static final int MAX_BODY = 1024;
    private static final byte[] BODY = "{\"ok\":true,\"n\":12345}".getBytes(StandardCharsets.US_ASCII);

    private static final RouteHandler FULL = exchange ->
    {
        final FullHttpResponse response = Responses.withBody(
            HttpResponseStatus.OK, exchange.alloc().buffer().writeBytes(BODY), Responses.APPLICATION_JSON);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, Responses.NO_STORE);
        exchange.respond(response);
    };

    private static final RouteHandler ENCODED_HEAD = exchange ->
        exchange.respond(HttpResponseStatus.OK, Responses.APPLICATION_JSON, Responses.NO_STORE, exchange.bodyBuffer(8).writeBytes(BODY));

    private static final RouteHandler ENCODED_HEAD_CREATED = exchange ->
        exchange.respond(HttpResponseStatus.CREATED, Responses.TEXT_PLAIN, null, exchange.bodyBuffer(8).writeBytes(BODY));

    private static final RouteHandler FULL_CREATED = exchange ->
        exchange.respond(Responses.withBody(HttpResponseStatus.CREATED, exchange.alloc().buffer().writeBytes(BODY), Responses.TEXT_PLAIN));

    static Stream<Arguments> requests()
    {
        final String json = "{\"a\":1}";
        return Stream.of(
            Arguments.of("POST with a body", "POST /x HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: " +
                json.length() + "\r\n\r\n" + json),
            Arguments.of("GET without a body", "GET /x HTTP/1.1\r\nHost: h\r\n\r\n"),
            Arguments.of("lower-case names and an Origin", "post /x HTTP/1.1\r\nhost: h\r\nuser-agent: t\r\norigin: https://o.example\r\n" +
                "content-length: 2\r\n\r\n{}"),
            Arguments.of("an allowed Origin", "GET /x HTTP/1.1\r\nHost: h\r\nOrigin: https://shop.example\r\n\r\n"),
            Arguments.of("a very long allowed Origin", "GET /x HTTP/1.1\r\nHost: h\r\nOrigin: https://" + "o".repeat(400) +
                ".example\r\n\r\n"),
            Arguments.of("HEAD", "HEAD /x HTTP/1.1\r\nHost: h\r\n\r\n"),
            Arguments.of("HEAD then GET pipelined", "HEAD /x HTTP/1.1\r\nHost: h\r\n\r\nGET /x HTTP/1.1\r\nHost: h\r\n\r\n"),
            Arguments.of("HEAD on a route without HEAD (405)", "HEAD /only-get HTTP/1.1\r\nHost: h\r\n\r\n"),
            Arguments.of("HTTP/1.0", "GET /x HTTP/1.0\r\nHost: h\r\n\r\n"),
            Arguments.of("HTTP/1.0 keep-alive", "GET /x HTTP/1.0\r\nHost: h\r\nConnection: keep-alive\r\n\r\n"),
            Arguments.of("Connection: close", "GET /x HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"),
            Arguments.of("three pipelined, same URI", "GET /x HTTP/1.1\r\nHost: h\r\n\r\n".repeat(3)),
            Arguments.of("pipelined, different URIs", "GET /x HTTP/1.1\r\nHost: h\r\n\r\nGET /x?q=1 HTTP/1.1\r\nHost: h\r\n\r\n" +
                "GET /nope HTTP/1.1\r\nHost: h\r\n\r\n"),
            Arguments.of("chunked with trailers", "POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n" +
                "3\r\nabc\r\n2\r\nde\r\n0\r\nX-Check: 1\r\n\r\n"),
            Arguments.of("chunked and Content-Length (closed after the answer)", "POST /x HTTP/1.1\r\nHost: h\r\n" +
                "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n3\r\nabc\r\n0\r\n\r\n"),
            Arguments.of("Expect: 100-continue", "POST /x HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n{}"),
            Arguments.of("unknown expectation", "POST /x HTTP/1.1\r\nHost: h\r\nExpect: teapot\r\nContent-Length: 2\r\n\r\n{}"),
            Arguments.of("malformed request line", "GARBAGE\r\n\r\n"),
            Arguments.of("bad Content-Length", "POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: x\r\n\r\n"),
            Arguments.of("percent-encoded path", "GET /%78 HTTP/1.1\r\nHost: h\r\n\r\n"),
            Arguments.of("OPTIONS preflight", "OPTIONS /x HTTP/1.1\r\nHost: h\r\nOrigin: https://shop.example\r\n" +
                "Access-Control-Request-Method: POST\r\n\r\n"),
            Arguments.of("wrong method (405)", "DELETE /x HTTP/1.1\r\nHost: h\r\n\r\n"),
            Arguments.of("128 requests waiting for answers", "GET /hold HTTP/1.1\r\n\r\n" + "GET /x HTTP/1.1\r\n\r\n".repeat(127)),
            Arguments.of("129 requests waiting for answers (closed)", "GET /hold HTTP/1.1\r\n\r\n" +
                "GET /x HTTP/1.1\r\n\r\n".repeat(128)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void theServerPipelineAnswersAsNettysServerCodecAndAggregator(final String name, final String request)
    {
        // given
        final Exchanged expected = exchange(referencePipeline(routes(FULL, FULL_CREATED)), request);

        // when
        final Exchanged full = exchange(serverPipeline(routes(FULL, FULL_CREATED)), request);
        final Exchanged encodedHead = exchange(serverPipeline(routes(ENCODED_HEAD, ENCODED_HEAD_CREATED)), request);

        // then
        assertThat(full).isEqualTo(expected);
        assertThat(encodedHead).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void requestsArriveInPiecesAsWhenSentAtOnce(final String name, final String request)
    {
        // given
        final Exchanged atOnce = exchange(serverPipeline(routes(ENCODED_HEAD, ENCODED_HEAD_CREATED)), request);

        // when
        final EmbeddedChannel channel = serverPipeline(routes(ENCODED_HEAD, ENCODED_HEAD_CREATED));
        final byte[] bytes = request.getBytes(StandardCharsets.ISO_8859_1);
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < bytes.length && channel.isOpen(); i += 5)
        {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, i, Math.min(5, bytes.length - i)));
            out.append(drain(channel));
        }
        channel.runPendingTasks();
        out.append(drain(channel));
        final Exchanged inPieces = new Exchanged(out.toString(), channel.isOpen());
        channel.finishAndReleaseAll();

        // then
        assertThat(inPieces).isEqualTo(atOnce);
    }

    @Test
    void moreThan128RequestsWaitingForAnswersCloseTheConnection()
    {
        // given
        final String held = "GET /hold HTTP/1.1\r\n\r\n";
        final String waiting = "GET /x HTTP/1.1\r\n\r\n";

        // when
        final Exchanged atTheLimit = exchange(serverPipeline(routes(FULL, FULL_CREATED)), held + waiting.repeat(127));
        final Exchanged overTheLimit = exchange(serverPipeline(routes(FULL, FULL_CREATED)), held + waiting.repeat(128));

        // then
        assertThat(atTheLimit).isEqualTo(new Exchanged("", true));
        assertThat(overTheLimit).isEqualTo(new Exchanged("", false));
    }

    private record Exchanged(String response, boolean open)
    {
    }

    private static Router routes(final RouteHandler ok, final RouteHandler created)
    {
        return new Router()
            .add(HttpMethod.GET, "/x", true, ok)
            .add(HttpMethod.POST, "/x", true, ok)
            .add(HttpMethod.HEAD, "/x", true, ok)
            .add(HttpMethod.GET, "/only-get", false, created)
            .add(HttpMethod.GET, "/hold", false, exchange ->
            {
                // Never answers: the requests after it wait.
            });
    }

    private static Exchanged exchange(final EmbeddedChannel channel, final String request)
    {
        channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.ISO_8859_1));
        channel.runPendingTasks();
        final String out = drain(channel);
        final boolean open = channel.isOpen();
        channel.finishAndReleaseAll();
        return new Exchanged(out, open);
    }

    private static String drain(final EmbeddedChannel channel)
    {
        final StringBuilder out = new StringBuilder();
        for (Object o = channel.readOutbound(); null != o; o = channel.readOutbound())
        {
            final ByteBuf buf = (ByteBuf)o;
            out.append(buf.toString(StandardCharsets.ISO_8859_1));
            buf.release();
        }
        return out.toString();
    }

    private static ServerState ready()
    {
        final ServerState state = new ServerState();
        state.ready(true);
        return state;
    }

    private static final Cors CORS = new Cors(List.of("https://shop.example", "https://" + "o".repeat(400) + ".example"));

    private static EmbeddedChannel serverPipeline(final Router router)
    {
        return new EmbeddedChannel(HttpServer.pipeline(
            new ServerConfig.Http(MAX_BODY, 8 * 1024, 4 * 1024, 60, 100, 0, 1000), router, CORS, ready(), HttpStatusListener.NONE));
    }

    private static EmbeddedChannel referencePipeline(final Router router)
    {
        return new EmbeddedChannel(new ChannelInitializer<Channel>()
        {
            protected void initChannel(final Channel ch)
            {
                ch.pipeline().addLast(new HttpServerCodec(4 * 1024, 8 * 1024, 64 * 1024));
                ch.pipeline().addLast(new HttpObjectAggregator(MAX_BODY));
                ch.pipeline().addLast(new HttpDispatcher(router, CORS, ready(), HttpStatusListener.NONE));
            }
        });
    }
}
